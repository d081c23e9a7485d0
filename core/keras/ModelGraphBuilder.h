// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/keras: the loops that fill a ModelGraph.

#include "core/keras/ModelGraph.h"

#include <QByteArrayView>
#include <QHash>

#include <algorithm>
#include <array>
#include <deque>
#include <string_view>
#include <vector>

namespace kcs::keras {

/// Fills a ModelGraph from a document: a queue of models to read (nested models are queued,
/// never entered recursively), then per model its layers, calls, references and call order.
///
/// Built for models of 100,000s of layers: each layer's envelope and config are scanned once
/// for all the keys the graph needs, a functional layer's calls are read right after it (while
/// that part of the file is in the cache), a name in a reference is looked up while still in
/// the file's bytes (and shares the layer's QString when found), and repeated texts (class
/// names, argument keywords) are decoded once per build.
class GraphBuilder {
public:
    GraphBuilder(const json::Document& doc, ModelGraph& graph) : m_doc(doc), m_g(graph) {}
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
    };
    /// A value inside a K3 call's args/kwargs, and where the name of the argument it belongs to
    /// comes from: the key of a kwargs member, else its position in args (0: no name).
    struct ArgValue {
        json::NodeId node;
        json::NodeId keyword;
        int position;
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
    void readKeras3Node(int model, CallNode& call, json::NodeId nodeData);
    void readKeras2Node(int model, CallNode& call, json::NodeId nodeData);
    void collectListTensors(int model, CallNode& call, json::NodeId root, const QString& argument);
    void addInput(int model, CallNode& call, TensorRef&& ref, json::NodeId name);
    json::NodeId readLeaf(json::NodeId leaf, TensorRef& ref) const;
    int lookupLayer(int model, json::NodeId nameNode, QString& writtenName) const;
    QString argumentName(const ArgValue& value);
    void resolve(TensorRef& ref, bool keras2Rule, bool ioRule, GraphProblemCode unknownCode);
    void readIo(int model, json::NodeId value, std::vector<TensorRef>& into);
    void orderCalls(int model, int firstCall);
    void reportUnresolved(int model, int firstCall, const std::vector<int>& waiting);
    int implicitCall(int layer);

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
    std::deque<Pending> m_queue;
    std::vector<LayerInfo> m_layerInfo; ///< per layer
    std::vector<ArgValue> m_argStack;   ///< readKeras3Node's walk, kept to reuse its memory
    // The functional model being read:
    bool m_duplicateNames = false;            ///< two of its layers share a name
    std::vector<json::NodeId> m_inputNames;   ///< the name node of every call input, in order
    std::vector<GraphProblem> m_callProblems; ///< its inbound nodes' problems, in file order
    QHash<QByteArrayView, QString> m_interned; ///< JSON string literal (quotes included) -> text
    QByteArrayView m_lastLiteral;              ///< internedString's last value, and its text
    QString m_lastText;
};

/// True for the class names that hold a whole model config.
bool isModelClassName(QStringView className);

/// True for the text of a JSON string literal (between its quotes) that reads the same as
/// Latin-1 and as JSON: ASCII without escapes. Empty text is not plain, so that the document's
/// own decoder says what an empty string is (null or not), as it did before this shortcut.
inline bool isPlainText(QByteArrayView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](char c) { return uchar(c) < 0x80 && c != '\\'; });
}

/// The member of object named key, or kNoNode (also when object is kNoNode or no object).
inline json::NodeId memberOf(const json::Document& doc, json::NodeId object, std::string_view key)
{
    if (object == json::kNoNode || doc.kind(object) != json::Kind::Object)
        return json::kNoNode;
    return doc.member(object, key);
}

/// The members of object named keys[i] (the last one of a duplicated key, as Document::member
/// finds it), kNoNode for those it lacks and for all when it is not an object. One pass over the
/// object instead of one per key: a layer's config has dozens of members and usually none of
/// the keys the graph looks for.
template <size_t N>
std::array<json::NodeId, N> membersOf(const json::Document& doc, json::NodeId object,
                                      const std::array<std::string_view, N>& keys)
{
    std::array<json::NodeId, N> found;
    found.fill(json::kNoNode);
    if (object == json::kNoNode || doc.kind(object) != json::Kind::Object)
        return found;
    // The lengths of the keys looked for, one bit each (63: that long or longer), so that most
    // members are passed over on their length alone.
    quint64 lengths = 0;
    for (std::string_view key : keys)
        lengths |= quint64(1) << std::min<size_t>(key.size(), 63);
    thread_local std::vector<json::Document::MemberKey> members; // keeps its capacity
    doc.memberKeys(object, members);
    for (const json::Document::MemberKey& m : members) {
        const json::NodeId member = m.member;
        const std::string_view spelling = m.text;
        bool matched = false;
        if (lengths & (quint64(1) << std::min<size_t>(spelling.size(), 63))) {
            for (size_t k = 0; k < N; ++k) {
                if (spelling == keys[k]) {
                    found[k] = member;
                    matched = true;
                }
            }
        }
        // The keys looked for have no escapes, so an escaped key can only equal one decoded.
        if (!matched && m.escaped) {
            for (size_t k = 0; k < N; ++k) {
                if (doc.keyEquals(member, keys[k]))
                    found[k] = member;
            }
        }
    }
    return found;
}

} // namespace kcs::keras
