// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/json: the storage behind kcs::json::Document.

#include "core/json/Document.h"

#include <QMutex>

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace kcs::json::detail {

inline constexpr quint32 kNone = 0xffffffffu;

enum NodeFlag : quint8 {
    Escaped = 1,       ///< the string value contains a backslash escape
    KeyEscaped = 2,    ///< the key contains a backslash escape
    FloatSpelling = 4, ///< a number spelled with '.', 'e', 'E', or NaN/Infinity
    Dead = 8,          ///< removed by an edit; the id stays allocated but invalid
};

/// One value of the text. Offsets are absolute byte offsets into the current text; every edit
/// shifts the offsets behind it, so they are always exact.
/// 32 bytes: the node index is the largest part of a document's memory, so keys store their
/// length in 16 bits (longer keys are refused by the parser: kMaxKeyBytes).
struct Node {
    quint32 begin = 0;
    quint32 end = 0;
    quint32 keyBegin = kNone; ///< members: the key's opening quote
    quint32 parent = kNone;
    quint32 index = 0;        ///< position in the parent's children
    quint32 childStart = 0;   ///< containers: first entry in Impl::children
    quint32 childCount = 0;
    quint16 keyLength = 0;    ///< members: bytes of the key, quotes included
    Kind kind = Kind::Null;
    quint8 flags = 0;

    quint32 memberBegin() const { return keyBegin != kNone ? keyBegin : begin; }
    quint32 keyEnd() const { return keyBegin + keyLength; }
};
static_assert(sizeof(Node) == 32);

inline constexpr qsizetype kMaxKeyBytes = 0xFFFF;

/// The allocator of the node index: an element made without a value (resize()) is left
/// uninitialised, so that the fast reader sizes the array once and writes every node once
/// (instead of zeroing it first). Every other way of adding a node copies a whole one.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    UninitializedAllocator(const UninitializedAllocator<U>&) noexcept
    {
    }
    template <class U>
    void construct(U*) noexcept
    {
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
static_assert(std::is_trivially_copyable_v<Node> && std::is_trivially_destructible_v<Node>);
using NodeArray = std::vector<Node, UninitializedAllocator<Node>>;
using ChildArray = std::vector<NodeId, UninitializedAllocator<NodeId>>;

/// Lazily built index from offsets to line/column.
struct LineIndex {
    static constexpr quint32 kCheckpoint = 4096;
    bool valid = false;
    std::vector<quint32> lineStarts;
    std::vector<quint32> columnAt; ///< code-point column (0-based) at every kCheckpoint-th byte
};

struct Parsed;

} // namespace kcs::json::detail

namespace kcs::json {

struct Document::Impl {
    using Node = detail::Node;
    using LineIndex = detail::LineIndex;

    QByteArray text;
    detail::NodeArray nodes;
    detail::ChildArray children; ///< each container's children are contiguous here
    quint32 garbageChildren = 0;  ///< entries no container uses any more
    qsizetype liveNodes = 0;
    NodeId rootId = kNoNode;
    Layout layout;
    // Duplicate keys are found on first request (Keras never writes them, so most documents
    // never pay for the search) and forgotten by every edit.
    mutable QMutex duplicatesMutex;
    mutable bool duplicatesKnown = false;
    mutable std::vector<DuplicateKey> duplicates;
    std::vector<DocumentListener*> listeners;
    mutable QMutex lineMutex;
    mutable LineIndex lines;

    const Node& node(NodeId id) const { return nodes[id]; }
    /// The node of id for Document's read accessors; for an id that names none (kNoNode, or
    /// beyond the array), an empty null node, so that they answer "nothing there" instead of
    /// reading past the array (callers pass kNoNode for a member that is absent).
    const Node& at(NodeId id) const { return id < nodes.size() ? nodes[id] : kMissingNode; }
    static constexpr Node kMissingNode{0, 0, detail::kNone, detail::kNone, 0, 0, 0, 0, Kind::Null, 0};
    Node& node(NodeId id) { return nodes[id]; }
    NodeId childAt(const Node& n, quint32 i) const { return children[n.childStart + i]; }

    template <class F>
    void notify(F&& f)
    {
        for (DocumentListener* l : listeners)
            f(l);
    }
};

} // namespace kcs::json

namespace kcs::json::detail {

/// The result of parsing a text: nodes with offsets relative to that text. Used for whole
/// documents and, by the edits, for fragments that are grafted into a document.
struct Parsed {
    NodeArray nodes;
    ChildArray children;
    NodeId root = kNoNode;
    /// The first line feed of the text when the reader found it on its way (-1: there is none),
    /// so that detectLayout() need not search a long single-line text for one; kNewlineUnknown
    /// otherwise.
    qint64 firstNewline = kNewlineUnknown;
    static constexpr qint64 kNewlineUnknown = -2;
};

/// Parses text into nodes (the whole text must be one JSON value with optional whitespace).
/// maskFrom/maskTo: a byte range whose one ',' (if any) is read as whitespace — lets the edit
/// code parse a member-list fragment "[, a, b]" wrapped in brackets without copying it.
Result<Parsed> parseText(QByteArrayView text, const ParseOptions& options, qint64 maskLeadingComma = -1,
                         qint64 maskTrailingComma = -1);

/// Finds the duplicate keys among the members of one object.
void findDuplicates(QByteArrayView text, const NodeArray& nodes, const NodeId* members,
                    quint32 count, NodeId object, std::vector<DuplicateKey>& out);

Layout detectLayout(QByteArrayView text, const Parsed& parsed);

/// Decodes the JSON string literal text[begin, end) (with quotes).
QString decodeString(QByteArrayView literal);
std::string decodeStringUtf8(QByteArrayView literal);

} // namespace kcs::json::detail
