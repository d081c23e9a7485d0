// SPDX-License-Identifier: GPL-3.0-or-later
// Inbound nodes (both dialects), references, input/output layers and the call order.
#include "core/keras/ModelGraphBuilder.h"

#include <QStringList>

#include <algorithm>
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
    CallNode call;
    call.layer = layer;
    call.index = int(m_g.m_layers[size_t(layer)].calls.size());
    call.node = nodeData;
    if (m_doc.kind(nodeData) == Kind::Object) {
        m_g.m_models[size_t(model)].keras3Nodes = true;
        readKeras3Node(model, call, nodeData);
    } else if (m_doc.kind(nodeData) == Kind::Array) {
        readKeras2Node(model, call, nodeData);
    } else {
        callProblem(GraphProblemCode::MalformedNode,
                    QStringLiteral("An inbound node must be a list (Keras 2) or an {\"args\", \"kwargs\"} "
                               "dict (Keras 3)."), nodeData);
    }
    const int id = int(m_g.m_calls.size());
    m_g.m_calls.push_back(std::move(call));
    m_g.m_layers[size_t(layer)].calls.push_back(id);
}

/// K3: every __keras_tensor__ envelope anywhere inside args and kwargs, in argument order.
/// An explicit stack, because args may nest (a list of tensors, a dict of tensors, ...).
void GraphBuilder::readKeras3Node(int model, CallNode& call, NodeId nodeData)
{
    std::vector<ArgValue>& stack = m_argStack;
    stack.clear();
    const auto pushChildren = [&](NodeId container, NodeId keyword, int position, bool nameByKey) {
        for (int i = m_doc.childCount(container) - 1; i >= 0; --i) {
            const NodeId c = m_doc.child(container, i);
            stack.push_back(ArgValue{c, nameByKey ? c : keyword, position});
        }
    };
    const auto [args, kwargs] = membersOf(m_doc, nodeData, std::array<std::string_view, 2>{"args", "kwargs"});
    if (kwargs != kNoNode && m_doc.kind(kwargs) == Kind::Object)
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
        const auto [className, config] = membersOf(m_doc, value.node, std::array<std::string_view, 2>{"class_name", "config"});
        if (className == kNoNode || !m_doc.stringEquals(className, "__keras_tensor__")) {
            pushChildren(value.node, value.keyword, value.position, false);
            continue;
        }
        const NodeId history = memberOf(m_doc, config, "keras_history");
        TensorRef ref;
        ref.node = value.node;
        const NodeId name = history == kNoNode ? kNoNode : readLeaf(history, ref);
        if (name == kNoNode) {
            callProblem(GraphProblemCode::MalformedNode,
                        QStringLiteral("A __keras_tensor__ needs keras_history [layer_name, node_index, tensor_index]."),
                        value.node);
            continue;
        }
        ref.argument = argumentName(value);
        addInput(model, call, std::move(ref), name);
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
void GraphBuilder::readKeras2Node(int model, CallNode& call, NodeId nodeData)
{
    // tf.keras writes a call on a single tensor (TFOpLambda, ...) as one bare reference
    // ["name", 0, 0, {kwargs}] instead of a list of references; its loader accepts both.
    const bool single = m_doc.kind(m_doc.child(nodeData, 0)) == Kind::String;
    const int n = single ? 1 : m_doc.childCount(nodeData);
    for (int i = 0; i < n; ++i) {
        const NodeId item = single ? nodeData : m_doc.child(nodeData, i);
        const int size = m_doc.kind(item) == Kind::Array ? m_doc.childCount(item) : -1;
        if (size != 3 && size != 4) {
            callProblem(GraphProblemCode::BadReferenceLength,
                        QStringLiteral("Cannot deserialize the model (invalid config data?)"), item);
            continue;
        }
        const NodeId first = m_doc.child(item, 0);
        const bool constant = m_doc.kind(first) == Kind::String && m_doc.stringEquals(first, "_CONSTANT_VALUE");
        if (!constant) {
            TensorRef ref;
            ref.node = item;
            if (const NodeId name = readLeaf(item, ref); name != kNoNode)
                addInput(model, call, std::move(ref), name);
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
void GraphBuilder::collectListTensors(int model, CallNode& call, NodeId root, const QString& argument)
{
    std::vector<NodeId> stack{root};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        if (m_doc.kind(node) != Kind::Array && m_doc.kind(node) != Kind::Object)
            continue;
        TensorRef ref;
        const NodeId name = m_doc.kind(node) == Kind::Array && m_doc.childCount(node) == 3 ? readLeaf(node, ref) : kNoNode;
        if (name != kNoNode) {
            ref.argument = argument;
            ref.node = node;
            addInput(model, call, std::move(ref), name);
            continue;
        }
        for (int i = m_doc.childCount(node) - 1; i >= 0; --i)
            stack.push_back(m_doc.child(node, i));
    }
}

/// [name, node_index, tensor_index, ...] into ref, but for the layer's name: returns the node of
/// the name (looked up by the caller), or kNoNode when leaf is no such list.
NodeId GraphBuilder::readLeaf(NodeId leaf, TensorRef& ref) const
{
    if (m_doc.kind(leaf) != Kind::Array || m_doc.childCount(leaf) < 3)
        return kNoNode;
    const NodeId name = m_doc.child(leaf, 0);
    if (m_doc.kind(name) != Kind::String)
        return kNoNode;
    const std::optional<qint64> nodeIndex = intOf(m_doc, m_doc.child(leaf, 1));
    const std::optional<qint64> tensor = intOf(m_doc, m_doc.child(leaf, 2));
    if (!nodeIndex || !tensor)
        return kNoNode;
    ref.nodeIndex = *nodeIndex;
    ref.tensor = int(*tensor);
    return name;
}

/// Appends an input to a call being read, its layer looked up among the layers read so far
/// (linkFunctional looks up again what that misses).
void GraphBuilder::addInput(int model, CallNode& call, TensorRef&& ref, NodeId name)
{
    ref.layer = lookupLayer(model, name, ref.layerName);
    call.inputs.push_back(std::move(ref));
    m_inputNames.push_back(name);
}

/// The layer of model that a string node names (-1 when none), and into writtenName the name
/// as written. A plain name (the usual case) is looked up in the file's bytes, and a found one
/// shares the layer's QString instead of being decoded again.
int GraphBuilder::lookupLayer(int model, NodeId nameNode, QString& writtenName) const
{
    const ModelGraph::LayerNames& names = m_g.m_names[size_t(model)];
    const QByteArrayView literal = m_doc.raw(nameNode);
    const QByteArrayView text = literal.sliced(1, literal.size() - 2);
    if (isPlainText(text)) {
        const int layer = names.find(QLatin1StringView(text), m_g.m_layers);
        writtenName = layer >= 0 ? m_g.m_layers[size_t(layer)].name : QString::fromLatin1(text);
        return layer;
    }
    writtenName = m_doc.string(nameNode);
    return names.find(QStringView(writtenName), m_g.m_layers);
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
            if (const NodeId name = readLeaf(node, ref); name != kNoNode) {
                ref.layer = lookupLayer(model, name, ref.layerName);
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
