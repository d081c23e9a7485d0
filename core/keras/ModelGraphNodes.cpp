// SPDX-License-Identifier: GPL-3.0-or-later
// Inbound nodes (both dialects), references, input/output layers and the call order.
#include "core/keras/ModelGraphBuilder.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <utility>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

namespace {

/// Document::toInt64, with the usual one-digit node and tensor indexes read straight from the
/// text: a one-byte value that is a digit can only be that integer.
std::optional<qint64> intOf(const json::Document& doc, NodeId node)
{
    const QByteArrayView raw = doc.raw(node);
    if (raw.size() == 1 && raw.front() >= '0' && raw.front() <= '9')
        return raw.front() - '0';
    return doc.toInt64(node);
}

/// The members of a K3 inbound node and of a __keras_tensor__ envelope that the graph reads
/// (see scanFewMembers).
struct NodeMembers {
    static constexpr std::array<std::string_view, 2> kKeys{"args", "kwargs"};
    NodeId args = kNoNode;
    NodeId kwargs = kNoNode;

    NodeId* slotFor(std::string_view key)
    {
        switch (key.size()) {
        case 4: return key == "args" ? &args : nullptr;
        case 6: return key == "kwargs" ? &kwargs : nullptr;
        default: return nullptr;
        }
    }
};

struct TensorMembers {
    static constexpr std::array<std::string_view, 2> kKeys{"class_name", "config"};
    NodeId className = kNoNode;
    NodeId config = kNoNode;

    NodeId* slotFor(std::string_view key)
    {
        switch (key.size()) {
        case 6: return key == "config" ? &config : nullptr;
        case 10: return key == "class_name" ? &className : nullptr;
        default: return nullptr;
        }
    }
};

/// Document::stringEquals(value, text) for a literal the caller has (raw(value)): an unescaped
/// spelling is compared here, and only a longer one, which may hold escapes, is decoded.
bool literalEquals(const json::Document& doc, NodeId value, QByteArrayView literal, std::string_view text)
{
    const qsizetype quoted = qsizetype(text.size()) + 2;
    if (literal.size() == quoted)
        return literal.front() == '"' && std::memcmp(literal.data() + 1, text.data(), text.size()) == 0;
    return literal.size() > quoted && doc.stringEquals(value, text);
}

QString pyListOfNames(const QStringList& names)
{
    QStringList quoted;
    for (const QString& n : names)
        quoted.append(QLatin1Char('\'') + n + QLatin1Char('\''));
    return QLatin1Char('[') + quoted.join(QLatin1String(", ")) + QLatin1Char(']');
}

} // namespace

void GraphBuilder::readInboundNode(int model, int layer, NodeId nodeData)
{
    // The call is added first so that its inputs can be appended in place; nothing reads the
    // layer's call count before the inputs are resolved, which a call already counted allows.
    const int call = addCall(layer, nodeData);
    const Kind kind = m_doc.kind(nodeData);
    if (kind == Kind::Object) {
        m_g.m_models[size_t(model)].keras3Nodes = true;
        readKeras3Node(model, call, nodeData);
    } else if (kind == Kind::Array) {
        readKeras2Node(model, call, nodeData);
    } else {
        callProblem(GraphProblemCode::MalformedNode,
                    QStringLiteral("An inbound node must be a list (Keras 2) or an {\"args\", \"kwargs\"} "
                               "dict (Keras 3)."), nodeData);
    }
}

/// K3: every __keras_tensor__ envelope anywhere inside args and kwargs, in argument order.
/// An explicit stack, because args may nest (a list of tensors, a dict of tensors, ...).
void GraphBuilder::readKeras3Node(int model, int call, NodeId nodeData)
{
    std::vector<ArgValue>& stack = m_argStack;
    stack.clear();
    const auto pushChildren = [&](NodeId container, NodeId keyword, int position, bool nameByKey) {
        for (int i = m_doc.childCount(container) - 1; i >= 0; --i) {
            const NodeId c = m_doc.child(container, i);
            stack.push_back(ArgValue{c, nameByKey ? c : keyword, position});
        }
    };
    const auto [args, kwargs] = scanFewMembers<NodeMembers>(m_doc, nodeData);
    if (kwargs != kNoNode && m_doc.childCount(kwargs) > 0 && m_doc.kind(kwargs) == Kind::Object)
        pushChildren(kwargs, kNoNode, 0, true);
    if (args != kNoNode && m_doc.kind(args) == Kind::Array) {
        for (int i = m_doc.childCount(args) - 1; i >= 0; --i)
            stack.push_back(ArgValue{m_doc.child(args, i), kNoNode, i});
    }
    while (!stack.empty()) {
        const ArgValue value = stack.back();
        stack.pop_back();
        const Kind kind = m_doc.kind(value.node);
        if (kind == Kind::Array) {
            pushChildren(value.node, value.keyword, value.position, false);
            continue;
        }
        if (kind != Kind::Object)
            continue;
        const auto [className, config] = scanFewMembers<TensorMembers>(m_doc, value.node);
        if (className == kNoNode || !literalEquals(m_doc, className, m_doc.raw(className), "__keras_tensor__")) {
            pushChildren(value.node, value.keyword, value.position, false);
            continue;
        }
        // Its config has a few members, keras_history last: Document::member finds it first.
        const NodeId history = config == kNoNode ? kNoNode : m_doc.member(config, "keras_history");
        TensorRef ref;
        ref.node = value.node;
        QByteArrayView literal;
        const NodeId name = history == kNoNode ? kNoNode : readLeaf(history, ref, literal);
        if (name == kNoNode) {
            callProblem(GraphProblemCode::MalformedNode,
                        QStringLiteral("A __keras_tensor__ needs keras_history [layer_name, node_index, tensor_index]."),
                        value.node);
            continue;
        }
        ref.argument = argumentName(value);
        addInput(model, call, std::move(ref), name, literal, false);
    }
}

/// The keyword a K3 argument value was passed as ("args[i]" past the first positional one),
/// made only for the values that are tensors.
QString GraphBuilder::argumentName(const ArgValue& value)
{
    if (value.keyword != kNoNode)
        return internedKey(value.keyword);
    return value.position == 0 ? QString() : QStringLiteral("args[%1]").arg(value.position);
}

/// K2: [[name, node_index, tensor_index, {kwargs}], ...]; tensors in kwargs are 3-item lists.
void GraphBuilder::readKeras2Node(int model, int call, NodeId nodeData)
{
    // tf.keras writes a call on a single tensor (TFOpLambda, ...) as one bare reference
    // ["name", 0, 0, {kwargs}] instead of a list of references; its loader accepts both.
    // An empty node is a call without inputs.
    const NodeId head = m_doc.child(nodeData, 0);
    const bool single = head != kNoNode && m_doc.kind(head) == Kind::String;
    const int n = single ? 1 : m_doc.childCount(nodeData);
    for (int i = 0; i < n; ++i) {
        const NodeId item = single ? nodeData : i == 0 ? head : m_doc.child(nodeData, i);
        const int size = m_doc.kind(item) == Kind::Array ? m_doc.childCount(item) : -1;
        if (size != 3 && size != 4) {
            callProblem(GraphProblemCode::BadReferenceLength,
                        QStringLiteral("Cannot deserialize the model (invalid config data?)"), item);
            continue;
        }
        const NodeId first = m_doc.child(item, 0);
        const QByteArrayView literal = m_doc.raw(first);
        const bool isString = isStringLiteral(literal);
        const bool constant = isString && literalEquals(m_doc, first, literal, "_CONSTANT_VALUE");
        if (!constant) {
            TensorRef ref;
            ref.node = item;
            if (isString && readIndexes(item, literal, ref))
                addInput(model, call, std::move(ref), first, literal, true);
            else
                callProblem(GraphProblemCode::MalformedNode,
                            QStringLiteral("A reference must be [layer_name, node_index, tensor_index, kwargs]."), item);
        }
        if (size == 4) {
            const NodeId kwargs = m_doc.child(item, 3);
            for (int k = 0; k < m_doc.childCount(kwargs) && m_doc.kind(kwargs) == Kind::Object; ++k) {
                const NodeId value = m_doc.child(kwargs, k);
                collectListTensors(model, call, value, internedKey(value));
            }
        }
    }
}

/// Tensors nested in a K2 kwargs value: every [str, int, int] list, in order (explicit stack).
void GraphBuilder::collectListTensors(int model, int call, NodeId root, const QString& argument)
{
    std::vector<NodeId> stack{root};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        if (m_doc.kind(node) != Kind::Array && m_doc.kind(node) != Kind::Object)
            continue;
        TensorRef ref;
        QByteArrayView literal;
        const NodeId name =
            m_doc.kind(node) == Kind::Array && m_doc.childCount(node) == 3 ? readLeaf(node, ref, literal) : kNoNode;
        if (name != kNoNode) {
            ref.argument = argument;
            ref.node = node;
            addInput(model, call, std::move(ref), name, literal, true);
            continue;
        }
        for (int i = m_doc.childCount(node) - 1; i >= 0; --i)
            stack.push_back(m_doc.child(node, i));
    }
}

NodeId GraphBuilder::readLeaf(NodeId leaf, TensorRef& ref, QByteArrayView& literal) const
{
    if (m_doc.kind(leaf) != Kind::Array || m_doc.childCount(leaf) < 3)
        return kNoNode;
    const NodeId name = m_doc.child(leaf, 0);
    literal = m_doc.raw(name);
    if (!isStringLiteral(literal))
        return kNoNode;
    return readIndexes(leaf, literal, ref) ? name : kNoNode;
}

bool GraphBuilder::readIndexes(NodeId leaf, QByteArrayView nameLiteral, TensorRef& ref) const
{
    // The usual spelling, one-digit indexes after the name with json.dumps's separators
    // (`"name", 0, 0]` or `"name", 0, 0, {...}]`), is read from the text between the end of the
    // name and the end of the list: those bytes can only be the list's next two items.
    const QByteArrayView list = m_doc.raw(leaf);
    const char* tail = nameLiteral.data() + nameLiteral.size();
    const qsizetype rest = list.data() + list.size() - tail;
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (rest >= 7 && tail[0] == ',' && tail[1] == ' ' && digit(tail[2]) && tail[3] == ',' && tail[4] == ' '
        && digit(tail[5]) && (tail[6] == ']' || tail[6] == ',')) {
        ref.nodeIndex = tail[2] - '0';
        ref.tensor = tail[5] - '0';
        return true;
    }
    const std::optional<qint64> nodeIndex = intOf(m_doc, m_doc.child(leaf, 1));
    const std::optional<qint64> tensor = intOf(m_doc, m_doc.child(leaf, 2));
    if (!nodeIndex || !tensor)
        return false;
    ref.nodeIndex = *nodeIndex;
    ref.tensor = int(*tensor);
    return true;
}

void GraphBuilder::addInput(int model, int call, TensorRef&& ref, NodeId name, QByteArrayView literal, bool keras2)
{
    ref.layer = lookupLayer(model, name, literal, ref.layerName);
    InlineVector<TensorRef, 1>& inputs = m_g.m_calls[size_t(call)].inputs;
    const int input = int(inputs.size());
    TensorRef& added = inputs.emplace_back(std::move(ref));
    m_inputNames.push_back(name);
    // A call of a layer read already stays where it is: resolve() would name the same one once
    // the model is read, as it prefers the call its dialect's rule names (spec 7.4).
    if (added.layer >= 0) {
        const SubKind sub = m_layerInfo[size_t(added.layer)].sub;
        const bool shifted = keras2 && (sub == SubKind::Functional || sub == SubKind::SequentialWithInput);
        const qint64 index = added.nodeIndex - (shifted ? 1 : 0);
        if (index >= 0 && index < qint64(m_g.m_layers[size_t(added.layer)].calls.size())) {
            added.call = int(index);
            return;
        }
    }
    m_deferred.push_back(Deferred{call, input, name});
}

int GraphBuilder::lookupLayer(int model, NodeId nameNode, QString& writtenName) const
{
    return lookupLayer(model, nameNode, m_doc.raw(nameNode), writtenName);
}

/// The layer of model that a string node names (-1 when none), and into writtenName the name
/// as written. A plain name (the usual case) is looked up in the file's bytes, and a found one
/// shares the layer's QString instead of being decoded again.
int GraphBuilder::lookupLayer(int model, NodeId nameNode, QByteArrayView literal, QString& writtenName) const
{
    const ModelGraph::LayerNames& names = m_g.m_names[size_t(model)];
    const QByteArrayView text = plainText(literal);
    if (!text.isEmpty()) {
        if (const int recent = recentLayer(model, text); recent >= 0) {
            writtenName = m_g.m_layers[size_t(recent)].name;
            return recent;
        }
        const QLatin1StringView name(text);
        // A layer named in plain text is compared in the file's bytes.
        const int layer = names.findIf(names.hashOf(name), [&](int candidate) {
            const QByteArrayView known = m_layerInfo[size_t(candidate)].plainName;
            if (known.isEmpty())
                return m_g.m_layers[size_t(candidate)].name == name;
            return known.size() == text.size() && sameBytes(known.data(), text.data(), size_t(text.size()));
        });
        writtenName = layer >= 0 ? m_g.m_layers[size_t(layer)].name : QString(name);
        return layer;
    }
    writtenName = m_doc.string(nameNode);
    return names.find(QStringView(writtenName), m_g.m_layers);
}

int GraphBuilder::recentLayer(int model, QByteArrayView text) const
{
    const size_t count = m_layerInfo.size();
    const auto isNamed = [&](size_t layer) {
        const QByteArrayView known = m_layerInfo[layer].plainName;
        return known.size() == text.size() && sameBytes(known.data(), text.data(), size_t(text.size()));
    };
    // A model's layers are read one after another, so the last ones read are its own. The last
    // one holds its name in the table; the one before it too, unless the last one has the same
    // name (only a plain name can be told apart here).
    if (count == 0 || m_g.m_layers[count - 1].model != model)
        return -1;
    if (isNamed(count - 1))
        return int(count - 1);
    if (count < 2 || m_g.m_layers[count - 2].model != model || m_layerInfo[count - 1].plainName.isEmpty())
        return -1;
    return isNamed(count - 2) ? int(count - 2) : -1;
}

/// Names a call of the layer ref names. The node index of a nested model follows spec 7.4: K2
/// lists (and K2 input/output layers) count the sub-model's own node 0, K3 keras_history does
/// not, K3 input/output layers do for functional sub-models only. When the rule of the file's
/// dialect names no call but the other one does, the other one is taken (files converted
/// between dialects mix them).
void GraphBuilder::resolve(TensorRef& ref, bool keras2Rule, bool ioRule, GraphProblemCode unknownCode)
{
    if (ref.layer < 0) {
        QString message;
        if (ioRule)
            message = QStringLiteral("Internal error: could not find layer %1.").arg(ref.layerName);
        else if (unknownCode == GraphProblemCode::MissingNode)
            message = QStringLiteral("Invalid Functional model configuration. Missing node: %1").arg(ref.layerName);
        else
            message = QStringLiteral("Unknown layer: %1").arg(ref.layerName);
        problem(unknownCode, message, ref.node);
        return;
    }
    const SubKind sub = m_layerInfo[size_t(ref.layer)].sub;
    const bool shifted = ioRule && !keras2Rule
        ? sub == SubKind::Functional
        : keras2Rule && (sub == SubKind::Functional || sub == SubKind::SequentialWithInput);
    const qint64 count = qint64(m_g.m_layers[size_t(ref.layer)].calls.size());
    qint64 call = ref.nodeIndex - (shifted ? 1 : 0);
    if ((call < 0 || call >= count) && sub != SubKind::None) {
        const qint64 other = shifted ? ref.nodeIndex : ref.nodeIndex - 1;
        if (other >= 0 && other < count)
            call = other;
    }
    if (call < 0 || call >= count) {
        problem(GraphProblemCode::DanglingReference,
                QStringLiteral("Layer '%1' has no call with node index %2 (it is called %3 time(s) in this model).")
                    .arg(ref.layerName).arg(ref.nodeIndex).arg(count),
                ref.node);
        return;
    }
    ref.call = int(call);
}

/// input_layers / output_layers: one flat leaf, or any list/dict structure of leaves.
void GraphBuilder::readIo(int model, NodeId value, std::vector<TensorRef>& into)
{
    if (value == kNoNode)
        return;
    const bool keras2 = !m_g.m_models[size_t(model)].keras3Nodes;
    std::vector<NodeId> stack{value};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        TensorRef ref;
        ref.node = node;
        const bool leafShape = m_doc.kind(node) == Kind::Array && m_doc.childCount(node) == 3
            && m_doc.kind(m_doc.child(node, 0)) == Kind::String;
        if (leafShape) {
            QByteArrayView literal;
            if (const NodeId name = readLeaf(node, ref, literal); name != kNoNode) {
                ref.layer = lookupLayer(model, name, literal, ref.layerName);
                resolve(ref, keras2, true, GraphProblemCode::UnknownIoLayer);
                into.push_back(std::move(ref));
            } else {
                problem(GraphProblemCode::MalformedNode,
                        QStringLiteral("An input/output entry must be [layer_name, node_index, tensor_index]."), node);
            }
            continue;
        }
        if (m_doc.kind(node) != Kind::Array && m_doc.kind(node) != Kind::Object) {
            problem(GraphProblemCode::MalformedNode,
                    QStringLiteral("An input/output entry must be [layer_name, node_index, tensor_index]."), node);
            continue;
        }
        for (int i = m_doc.childCount(node) - 1; i >= 0; --i)
            stack.push_back(m_doc.child(node, i));
    }
}

/// Kahn's algorithm over the model's calls. A call waits for the calls its inputs name and for
/// the previous call of its own layer (Keras processes a layer's nodes in order). A reference to
/// a call that does not exist blocks its call for ever, as it does in Keras; what never becomes
/// ready is reported as Keras reports it.
void GraphBuilder::orderCalls(int model, int firstCall)
{
    const int endCall = int(m_g.m_calls.size());
    const int n = endCall - firstCall;
    // Calls visits every edge (from, to) in call order, from = -1 for a dangling reference.
    const auto forEachEdge = [&](const auto& visit) {
        for (int c = firstCall; c < endCall; ++c) {
            const CallNode& call = m_g.m_calls[size_t(c)];
            if (call.index > 0)
                visit(m_g.m_layers[size_t(call.layer)].calls[size_t(call.index - 1)], c);
            for (const TensorRef& ref : call.inputs) {
                if (ref.isResolved())
                    visit(m_g.m_layers[size_t(ref.layer)].calls[size_t(ref.call)], c);
                else if (ref.layer >= 0)
                    visit(-1, c);
            }
        }
    };
    // The successors of each call, side by side in one array (its slice starts at
    // firstNext[call]), each slice in the order the edges were met: that order decides the
    // order of calls that become ready together.
    std::vector<int> waiting(size_t(n), 0);
    std::vector<int> firstNext(size_t(n) + 1, 0);
    forEachEdge([&](int from, int to) {
        ++waiting[size_t(to - firstCall)]; // a dangling node index: never ready
        if (from >= 0)
            ++firstNext[size_t(from - firstCall) + 1];
    });
    for (int i = 0; i < n; ++i)
        firstNext[size_t(i) + 1] += firstNext[size_t(i)];
    std::vector<int> next(size_t(firstNext.back()));
    std::vector<int> fill(firstNext.begin(), firstNext.end() - 1);
    forEachEdge([&](int from, int to) {
        if (from >= 0)
            next[size_t(fill[size_t(from - firstCall)]++)] = to;
    });

    std::vector<int>& order = m_g.m_models[size_t(model)].order;
    order.reserve(size_t(n));
    for (int c = firstCall; c < endCall; ++c) {
        if (waiting[size_t(c - firstCall)] == 0)
            order.push_back(c);
    }
    for (size_t head = 0; head < order.size(); ++head) {
        const size_t from = size_t(order[head] - firstCall);
        for (int e = firstNext[from]; e < firstNext[from + 1]; ++e) {
            const int succ = next[size_t(e)];
            if (--waiting[size_t(succ - firstCall)] == 0)
                order.push_back(succ);
        }
    }
    if (int(order.size()) != n)
        reportUnresolved(model, firstCall, waiting);
}

/// Keras's error for calls that never became ready, naming their layers in config order.
void GraphBuilder::reportUnresolved(int model, int firstCall, const std::vector<int>& waiting)
{
    const int endCall = firstCall + int(waiting.size());
    QStringList pending;
    int lastLayer = -1;
    for (int c = firstCall; c < endCall; ++c) {
        const int layer = m_g.m_calls[size_t(c)].layer;
        if (waiting[size_t(c - firstCall)] > 0 && layer != lastLayer)
            pending.append(m_g.m_layers[size_t(layer)].name);
        if (waiting[size_t(c - firstCall)] > 0)
            lastLayer = layer;
    }
    pending.removeDuplicates();
    problem(GraphProblemCode::CycleOrDisconnected,
            QStringLiteral("Invalid Functional model configuration. The graph of the Functional model either has "
                           "loops or disconnected nodes. The following nodes failed to be resolved: %1")
                .arg(pyListOfNames(pending)),
            m_g.m_models[size_t(model)].layersNode);
}

} // namespace kcs::keras
