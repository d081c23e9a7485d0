// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Value.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace kcs::json {

namespace detail {
struct EditEngine;
}

using NodeId = quint32;
inline constexpr NodeId kNoNode = 0xffffffffu;

enum class Kind : quint8 { Null, Bool, Number, String, Array, Object };

/// A byte range [begin, end) of the document text.
struct Span {
    qint64 begin = 0;
    qint64 end = 0;
    qint64 length() const { return end - begin; }
    friend bool operator==(const Span&, const Span&) = default;
};

/// Line and column of an offset: both count from 1, the column in Unicode code points.
struct TextPosition {
    int line = 1;
    int column = 1;
    friend bool operator==(const TextPosition&, const TextPosition&) = default;
};

/// A key that occurs more than once in one object. Every occurrence stays in the document; lookups
/// use the last one, as Python does.
struct DuplicateKey {
    NodeId object = kNoNode;
    NodeId member = kNoNode;  ///< the later occurrence
    NodeId earlier = kNoNode; ///< the occurrence it overrides
};

/// How the text is laid out, so new content matches it. Detected when parsing.
struct Layout {
    bool multiLine = false;
    QByteArray indentUnit;            ///< e.g. "  " or "\t"; empty for single-line documents
    QByteArray itemSeparator = ", ";  ///< single-line documents: ", " (Python) or "," (JavaScript)
    QByteArray keySeparator = ": ";
    QByteArray newline = "\n";
};

/// One reversible change of the text. Every mutator returns one; apply() redoes it and revert()
/// undoes it, restoring the text byte for byte. Nodes are named by JSON Pointer, so an Edit
/// stays valid while the edits after it are undone first (node ids may not survive that).
struct Edit {
    enum class Type { ReplaceValue, RenameKey, SpliceChildren, ReplaceAll, Compound };
    Type type = Type::ReplaceValue;
    QString target;           ///< pointer: the value (ReplaceValue), or the container (RenameKey, SpliceChildren)
    qint64 offset = 0;        ///< where the text changed
    QByteArray removedText;   ///< bytes that were at offset before
    QByteArray insertedText;  ///< bytes that are at offset after
    int index = 0;            ///< SpliceChildren: first child replaced; RenameKey: the member
    int removedCount = 0;     ///< SpliceChildren: children removed
    int insertedCount = 0;    ///< SpliceChildren: children inserted
    QString description;      ///< short English verb phrase ("Rename Key")
    std::vector<Edit> parts;  ///< Compound: the edits, applied in order and reverted in reverse
};

/// Receives every structural change, before and after, in about-to/done pairs; the tree model
/// turns them into beginInsertRows/endInsertRows and friends. Called synchronously from the
/// mutating call, on the mutating thread.
class DocumentListener {
public:
    virtual ~DocumentListener() = default;
    virtual void childrenAboutToBeInserted(NodeId /*parent*/, int /*first*/, int /*last*/) {}
    virtual void childrenInserted(NodeId /*parent*/, int /*first*/, int /*last*/) {}
    virtual void childrenAboutToBeRemoved(NodeId /*parent*/, int /*first*/, int /*last*/) {}
    virtual void childrenRemoved(NodeId /*parent*/, int /*first*/, int /*last*/) {}
    /// The node keeps its id; its children (if any) were removed and re-inserted around this.
    virtual void valueChanged(NodeId /*node*/) {}
    virtual void keyChanged(NodeId /*member*/) {}
    /// After every change: bytes [offset, offset + removed) became [offset, offset + inserted).
    virtual void textChanged(qint64 /*offset*/, qint64 /*removed*/, qint64 /*inserted*/) {}
    virtual void documentAboutToBeReset() {}
    virtual void documentReset() {}
};

struct ParseOptions {
    bool allowNonFinite = true; ///< accept Python's NaN, Infinity, -Infinity
};

/// The faithful JSON document: the text is the truth. Parsing indexes the UTF-8 text into nodes
/// (kind, byte spans of value and key, parent, children) without decoding anything; strings and
/// numbers decode on demand. Nothing is ever re-spelled: saving writes text() unchanged, and
/// every edit splices only the bytes of what it changes, in the document's own layout, with new
/// values spelled as Python's json.dumps would spell them.
///
/// Node ids are stable across edits for every node outside the changed range; a replaced value
/// keeps its id (its children get new ones). Ids of removed nodes become invalid (isValid()).
/// No operation recurses on nesting depth.
class Document {
public:
    Document();
    ~Document();
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    /// Parses UTF-8 JSON text (one value, optional surrounding whitespace; a UTF-8 BOM is
    /// accepted and kept). Errors carry offset, line and column and a one-line message.
    static Result<Document> parse(QByteArray text, const ParseOptions& options = {});

    const QByteArray& text() const;
    const Layout& layout() const;
    /// Keys occurring more than once in an object, found on first request; the reference stays
    /// valid until the next edit.
    const std::vector<DuplicateKey>& duplicateKeys() const;

    // --- structure -------------------------------------------------------------------------
    NodeId root() const;
    bool isValid(NodeId id) const;
    Kind kind(NodeId id) const;
    NodeId parent(NodeId id) const;           ///< kNoNode for the root
    int childCount(NodeId id) const;          ///< members or elements; 0 for scalars
    NodeId child(NodeId id, int index) const; ///< kNoNode when out of range
    int indexInParent(NodeId id) const;       ///< -1 for the root
    int depth(NodeId id) const;               ///< 0 for the root
    bool isMember(NodeId id) const;           ///< an object member (has a key)
    qsizetype nodeCount() const;              ///< live nodes
    qsizetype memoryUsage() const;            ///< bytes held: text, node index, children lists

    // --- keys (object members) ----------------------------------------------------------------
    QByteArrayView rawKey(NodeId member) const;  ///< with quotes, exactly as in the text
    QString key(NodeId member) const;            ///< decoded
    bool keyEquals(NodeId member, std::string_view utf8) const; ///< fast, no allocation when unescaped
    /// The member of object named key (the last one when duplicated), or kNoNode.
    NodeId member(NodeId object, std::string_view utf8Key) const;
    NodeId member(NodeId object, QStringView key) const;
    /// One member of an object with its key as it is written between the quotes; `escaped`
    /// when that text holds an escape (then key() gives the real key).
    struct MemberKey {
        NodeId member = kNoNode;
        std::string_view text;
        bool escaped = false;
    };
    /// The members of object with their keys, in order, into out (cleared first; empty for a
    /// non-object): one call for callers that read every key of an object, such as the load
    /// simulation on every config it walks. The views are valid until the next edit.
    void memberKeys(NodeId object, std::vector<MemberKey>& out) const;
    /// For a reader that goes through a long list of big values in order (a model's layer list),
    /// called as it starts on element `index` of `container`: asks the processor to start
    /// fetching what the next elements will touch (element index + 1's text, node records and
    /// child lists; element index + 2's node records), so that they arrive while this one is
    /// read. Only a hint: nothing changes, and any arguments are safe.
    void prefetchAfter(NodeId container, int index) const;

    // --- values -------------------------------------------------------------------------------
    QByteArrayView raw(NodeId id) const;   ///< the value's exact text
    Span span(NodeId id) const;            ///< the value's bytes
    Span keySpan(NodeId member) const;     ///< the key's bytes with quotes; empty span if none
    Span memberSpan(NodeId id) const;      ///< key (if any) through value
    bool isNull(NodeId id) const { return kind(id) == Kind::Null; }
    bool boolValue(NodeId id) const;
    QString string(NodeId id) const;           ///< decoded string value; empty for other kinds
    bool stringEquals(NodeId id, std::string_view utf8) const;
    bool isIntegerSpelling(NodeId id) const;   ///< a number without '.', 'e' or 'E' (Python int)
    std::optional<qint64> toInt64(NodeId id) const; ///< integer spellings that fit in 64 bits
    double toDouble(NodeId id) const;          ///< any number (NaN/Infinity included)
    Result<Value> toValue(NodeId id) const;    ///< materialises a subtree (depth ≤ Value::kMaxDepth)

    // --- locations ----------------------------------------------------------------------------
    QString pointer(NodeId id) const;                 ///< RFC 6901
    NodeId find(QStringView pointer) const;           ///< kNoNode when it names nothing
    TextPosition position(qint64 offset) const;
    SourceLocation location(NodeId id) const;         ///< offset/length of memberSpan, line/column, pointer
    /// The innermost node whose member span contains offset (a key belongs to its member).
    NodeId nodeAt(qint64 offset) const;

    // --- edits ----------------------------------------------------------------------------------
    /// Replaces a value (the node keeps its id). The new value is written as Python would, in
    /// the document's layout at the node's depth.
    Result<Edit> replaceValue(NodeId node, const Value& value);
    /// Replaces a value by JSON text given by the user, spelled as given (validated first).
    Result<Edit> replaceValueText(NodeId node, QByteArrayView jsonText);
    Result<Edit> renameKey(NodeId member, QStringView newKey);
    Result<Edit> insertMember(NodeId object, int index, QStringView key, const Value& value);
    Result<Edit> insertElement(NodeId array, int index, const Value& value);
    Result<Edit> removeChild(NodeId container, int index);
    Result<Edit> moveElement(NodeId array, int from, int to);
    /// Replaces the whole text (e.g. from the text editor). Node ids are all renewed.
    Result<Edit> replaceText(QByteArray newText);

    Result<void> apply(const Edit& edit);  ///< redo
    Result<void> revert(const Edit& edit); ///< undo

    void addListener(DocumentListener* listener);
    void removeListener(DocumentListener* listener);

private:
    friend struct detail::EditEngine;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// RFC 6901: escapes one reference token ('~' -> "~0", '/' -> "~1").
QString escapePointerToken(QStringView token);
QString unescapePointerToken(QStringView token);

/// Line and column of an offset in a UTF-8 text (for errors outside a Document).
TextPosition positionInText(QByteArrayView text, qint64 offset);

} // namespace kcs::json
