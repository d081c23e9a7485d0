// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/keras: the loops that fill a ModelGraph.

#include "core/keras/ModelGraph.h"

#include <QByteArrayView>
#include <QHash>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <string_view>
#include <vector>

namespace kcs::keras {

/// The texts of plain layer names (see isPlainText), written one after another into shared
/// blocks, each followed by a 0 unit as QString keeps its text: a name is a QString over its
/// part of a block, holding a reference to the whole block, so a big model's names cost one
/// allocation per few hundred layers instead of one each. A QString that ends up the only
/// holder of its block may grow in place over the dead names after it; any other change of it
/// copies it first, as for every shared QString.
class NameBlocks {
public:
    QString add(QLatin1StringView text)
    {
        const qsizetype n = text.size();
        if (m_used + n + 1 > m_capacity) {
            constexpr qsizetype kBlock = 4096;
            auto [header, data] = QTypedArrayData<char16_t>::allocate(std::max(kBlock, n + 1));
            Q_CHECK_PTR(header);
            m_block = QString::DataPointer(header, data, 0); // the previous block lives on in its names
            m_capacity = header->constAllocatedCapacity();
            m_used = 0;
        }
        char16_t* at = m_block.data() + m_used;
        for (qsizetype i = 0; i < n; ++i)
            at[i] = uchar(text.data()[i]);
        at[n] = 0;
        m_used += n + 1;
        m_block.d_ptr()->ref();
        return QString(QString::DataPointer(m_block.d_ptr(), at, n));
    }

private:
    QString::DataPointer m_block; ///< the block being filled, or null
    qsizetype m_used = 0;
    qsizetype m_capacity = 0;
};

/// Fills a ModelGraph from a document: a queue of models to read (nested models are queued,
/// never entered recursively), then per model its layers, calls, references and call order.
///
/// Built for models of 100,000s of layers: each layer's envelope and config are scanned once
/// for all the keys the graph needs, a functional layer's calls are read right after it (while
/// that part of the file is in the cache), a name in a reference is looked up while still in
/// the file's bytes (and shares the layer's QString when found), and repeated texts (class
/// names, argument keywords) are decoded once per build. A reference to a call already read
/// is resolved as soon as it is read; only the others wait for the model's last layer.
class GraphBuilder {
public:
    GraphBuilder(const json::Document& doc, ModelGraph& graph, const std::atomic<bool>* cancel = nullptr)
        : m_doc(doc), m_g(graph), m_cancel(cancel) {}
    void run(json::NodeId modelNode);

private:
    /// How a nested model counts its calls (spec 7.4).
    enum class SubKind : quint8 { None, Functional, SequentialWithInput, Sequential };
    struct Pending {
        json::NodeId node;
        int ownerLayer;
    };
    /// What the builder keeps per layer beside GraphLayer.
    struct LayerInfo {
        SubKind sub = SubKind::None;
        json::NodeId inboundNodes = json::kNoNode;
        QByteArrayView plainName; ///< the name's text in the file when plain (see isPlainText)
    };
    /// A value inside a K3 call's args/kwargs, and where the name of the argument it belongs to
    /// comes from: the key of a kwargs member, else its position in args (0: no name).
    struct ArgValue {
        json::NodeId node;
        json::NodeId keyword;
        int position;
    };

    /// A call input that could not be resolved when it was read: its layer was not read yet
    /// (or the name is unknown), or the call it names was not read yet.
    struct Deferred {
        int call;
        int input;            ///< index into the call's inputs
        json::NodeId name;    ///< the name as written
    };

    int addModel(json::NodeId node, int ownerLayer);
    /// The model's layers and, in a functional model, each one's calls right after it.
    void readLayers(int model);
    int addLayer(int model, json::NodeId entry, json::NodeId className, json::NodeId config, json::NodeId name,
                 json::NodeId inboundNodes);
    void readSequential(int model);
    void readCalls(int model, int layer);
    /// Once a functional model's layers and calls are read: its references, inputs and outputs,
    /// and call order.
    void linkFunctional(int model, int firstCall);

    // ModelGraphNodes.cpp
    void readInboundNode(int model, int layer, json::NodeId nodeData);
    void readKeras3Node(int model, int call, json::NodeId nodeData);
    void readKeras2Node(int model, int call, json::NodeId nodeData);
    void collectListTensors(int model, int call, json::NodeId root, const QString& argument);
    /// Appends ref to call's inputs, its layer looked up by the name node (whose text,
    /// quotes included, is literal) and its call resolved when that call was read already.
    void addInput(int model, int call, TensorRef&& ref, json::NodeId name, QByteArrayView literal, bool keras2);
    /// [name, node_index, tensor_index, ...] into ref, but for the layer's name: returns the
    /// node of the name, and its text (quotes included) into literal, or kNoNode when leaf is
    /// no such list.
    json::NodeId readLeaf(json::NodeId leaf, TensorRef& ref, QByteArrayView& literal) const;
    /// readLeaf's indexes, for a list of at least 3 items whose first item is the string
    /// nameLiteral.
    bool readIndexes(json::NodeId leaf, QByteArrayView nameLiteral, TensorRef& ref) const;
    int lookupLayer(int model, json::NodeId nameNode, QString& writtenName) const;
    int lookupLayer(int model, json::NodeId nameNode, QByteArrayView literal, QString& writtenName) const;
    /// The layer a plain name names when it is one of the model's two layers read last (a
    /// chain's calls name the layer before), or -1 when the table must be asked.
    int recentLayer(int model, QByteArrayView text) const;
    QString argumentName(const ArgValue& value);
    void resolve(TensorRef& ref, bool keras2Rule, bool ioRule, GraphProblemCode unknownCode);
    void readIo(int model, json::NodeId value, std::vector<TensorRef>& into);
    void orderCalls(int model, int firstCall);
    void reportUnresolved(int model, int firstCall, const std::vector<int>& waiting);
    int implicitCall(int layer);
    /// A new call of layer read from node, appended to the layer's calls.
    int addCall(int layer, json::NodeId node);

    /// How the layer with this class name and config value counts its calls; layers and io are
    /// the config's "layers" member and whether it has input_layers/output_layers.
    SubKind subKindOf(const QString& className, json::NodeId config, json::NodeId layers, bool io) const;
    /// The decoded text of a string value or of a member's key, decoded once per distinct
    /// spelling: class names and keywords repeat across thousands of layers.
    QString internedString(json::NodeId value);
    QString internedKey(json::NodeId member);
    void problem(GraphProblemCode code, QString message, json::NodeId node);
    /// A problem of an inbound node, reported after those of the model's layer list.
    void callProblem(GraphProblemCode code, QString message, json::NodeId node);

    const json::Document& m_doc;
    ModelGraph& m_g;
    const std::atomic<bool>* m_cancel = nullptr;
    bool m_cancelled = false; ///< m_cancel was seen set: stop everywhere
    std::deque<Pending> m_queue;
    std::vector<LayerInfo> m_layerInfo; ///< per layer
    std::vector<ArgValue> m_argStack;   ///< readKeras3Node's walk, kept to reuse its memory
    std::vector<json::Document::MemberKey> m_keys; ///< the keys of the object being read
    NameBlocks m_nameTexts;                        ///< the texts of the layers' plain names
    // The functional model being read:
    bool m_duplicateNames = false;            ///< two of its layers share a name
    std::vector<json::NodeId> m_inputNames;   ///< the name node of every call input, in order
    std::vector<Deferred> m_deferred;         ///< the call inputs left to resolve, in order
    std::vector<GraphProblem> m_callProblems; ///< its inbound nodes' problems, in file order
    QHash<QByteArrayView, QString> m_interned; ///< JSON string literal (quotes included) -> text
    QByteArrayView m_lastLiteral;              ///< internedString's last value, and its text
    QString m_lastText;
};

/// True for the class names that hold a whole model config.
bool isModelClassName(QStringView className);

/// The 8 bytes at p, in memory order.
inline quint64 load8(const char* p)
{
    quint64 w;
    std::memcpy(&w, p, 8);
    return w;
}

/// The 4 bytes at p, in memory order.
inline quint32 load4(const char* p)
{
    quint32 w;
    std::memcpy(&w, p, 4);
    return w;
}

/// True when none of the 8 bytes of w is non-ASCII or a backslash.
inline bool plainWord(quint64 w)
{
    constexpr quint64 kOnes = 0x0101010101010101ull;
    constexpr quint64 kHighs = 0x8080808080808080ull;
    const quint64 backslashes = w ^ (kOnes * '\\');
    // A zero byte of backslashes is a backslash of w (the classic "has a zero byte" test).
    return ((w | ((backslashes - kOnes) & ~backslashes)) & kHighs) == 0;
}

/// True for the text of a JSON string literal (between its quotes) that reads the same as
/// Latin-1 and as JSON: ASCII without escapes. Empty text is not plain, so that the document's
/// own decoder says what an empty string is (null or not), as it did before this shortcut.
/// Eight bytes a step: it is asked for every layer name and every reference.
inline bool isPlainText(QByteArrayView text)
{
    const char* p = text.data();
    const qsizetype n = text.size();
    if (n < 8) {
        if (n >= 4) // two loads of 4, overlapping when n < 8
            return plainWord(load4(p) | quint64(load4(p + n - 4)) << 32);
        return n > 0
            && std::all_of(p, p + n, [](char c) { return uchar(c) < 0x80 && c != '\\'; });
    }
    for (qsizetype i = 0; i + 8 < n; i += 8) {
        if (!plainWord(load8(p + i)))
            return false;
    }
    return plainWord(load8(p + n - 8)); // the last 8 bytes, overlapping the words before
}

/// The n bytes at a and b are the same (names are short: no call of memcmp).
inline bool sameBytes(const char* a, const char* b, size_t n)
{
    if (n < 8) {
        if (n >= 4)
            return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
        for (size_t i = 0; i < n; ++i) {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
        if (load8(a + i) != load8(b + i))
            return false;
    }
    return load8(a + n - 8) == load8(b + n - 8);
}

/// The member of object named key, or kNoNode (also when object is kNoNode or no object).
inline json::NodeId memberOf(const json::Document& doc, json::NodeId object, std::string_view key)
{
    if (object == json::kNoNode || doc.kind(object) != json::Kind::Object)
        return json::kNoNode;
    return doc.member(object, key);
}

/// True for the text of a string value: only a string's text starts with a quote. Lets a
/// caller that needs a value's text anyway skip asking for its kind.
inline bool isStringLiteral(QByteArrayView raw)
{
    return !raw.isEmpty() && raw.front() == '"';
}

/// The text of a plain name (see isPlainText) between the quotes of its literal, or an empty
/// view when the name needs the document's decoder.
inline QByteArrayView plainText(QByteArrayView literal)
{
    const QByteArrayView text = literal.sliced(1, literal.size() - 2);
    return isPlainText(text) ? text : QByteArrayView();
}

/// The members of object that Members looks for, in one pass over its keys (keys is scratch
/// space): Members has a slotFor(key) that names the field a key fills (nullptr for the keys it
/// does not want; most members are passed over on their length alone) and a kKeys list. The
/// last member of a duplicated key wins, as Document::member finds it. Nothing is found in
/// kNoNode or in a value that is no object.
template <typename Members>
Members scanMembers(const json::Document& doc, json::NodeId object, std::vector<json::Document::MemberKey>& keys)
{
    Members found;
    if (object == json::kNoNode)
        return found;
    doc.memberKeys(object, keys);
    for (const json::Document::MemberKey& k : keys) {
        if (!k.escaped) [[likely]] {
            if (json::NodeId* slot = found.slotFor(k.text))
                *slot = k.member;
            continue;
        }
        // The keys looked for have no escapes, so an escaped key can only equal one decoded.
        for (std::string_view key : Members::kKeys) {
            if (doc.keyEquals(k.member, key))
                *found.slotFor(key) = k.member;
        }
    }
    return found;
}

/// A seeded hash of n bytes, eight at a time (a multiply and a shift each): names are hashed
/// for every layer and every reference.
inline size_t hashBytes(const char* p, size_t n, size_t seed)
{
    constexpr quint64 kMul = 0x9e3779b97f4a7c15ull;
    const auto load = [](const char* at, size_t bytes) {
        quint64 w = 0;
        std::memcpy(&w, at, bytes);
        return w;
    };
    const auto mix = [](quint64 h, quint64 w) {
        h = (h ^ w) * kMul;
        return h ^ (h >> 32);
    };
    quint64 h = mix(quint64(seed), n);
    for (; n > 8; n -= 8, p += 8)
        h = mix(h, load(p, 8));
    // The last 1-8 bytes without a loop: two loads of 4 (overlapping below 8), or below 4 the
    // first, middle and last bytes, which are all of them.
    if (n >= 4)
        h = mix(h, load(p, 4) | (load(p + n - 4, 4) << 32));
    else if (n > 0)
        h = mix(h, quint64(uchar(p[0])) | quint64(uchar(p[n / 2])) << 8 | quint64(uchar(p[n - 1])) << 16);
    return size_t(h * kMul);
}

/// scanMembers for an object (it must be one) of a few members (a K3 inbound node, a tensor
/// envelope): each member's key is asked for on its own, which costs less than collecting them
/// all when there are only two or three.
template <typename Members>
Members scanFewMembers(const json::Document& doc, json::NodeId object)
{
    Members found;
    const int n = doc.childCount(object);
    for (int i = 0; i < n; ++i) {
        const json::NodeId member = doc.child(object, i);
        const QByteArrayView quoted = doc.rawKey(member);
        const std::string_view text(quoted.data() + 1, size_t(quoted.size()) - 2);
        if (json::NodeId* slot = found.slotFor(text)) {
            *slot = member;
            continue;
        }
        // The keys looked for have no escapes, so an escaped key can only equal one decoded.
        if (text.find('\\') == std::string_view::npos)
            continue;
        for (std::string_view key : Members::kKeys) {
            if (doc.keyEquals(member, key))
                *found.slotFor(key) = member;
        }
    }
    return found;
}

template <typename IsName>
int ModelGraph::LayerNames::findIf(size_t hash, IsName isName) const
{
    if (m_slots.empty())
        return -1;
    const size_t mask = m_slots.size() - 1;
    const quint32 tag = quint32(hash);
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.layer < 0)
            return -1;
        if (slot.hash == tag && isName(slot.layer))
            return slot.layer;
    }
}

inline size_t ModelGraph::LayerNames::hashOf(QLatin1StringView name) const
{
    return hashBytes(name.data(), size_t(name.size()), m_seed);
}

inline size_t ModelGraph::LayerNames::hashOf(QStringView name) const
{
    // A name of Latin-1 units hashes as its bytes, as the same name read from the file does;
    // any other name equals no such name, and hashes its UTF-16 bytes.
    if (std::all_of(name.begin(), name.end(), [](QChar c) { return c.unicode() < 0x100; })) {
        const QByteArray bytes = name.toLatin1();
        return hashBytes(bytes.constData(), size_t(bytes.size()), m_seed);
    }
    return hashBytes(reinterpret_cast<const char*>(name.utf16()), size_t(name.size()) * 2, m_seed);
}

} // namespace kcs::keras
