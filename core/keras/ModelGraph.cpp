// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ModelGraph.h"

#include "core/keras/ModelGraphBuilder.h"

#include <QStringList>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

namespace {

NodeId memberOf(const json::Document& doc, NodeId object, std::string_view key)
{
    if (object == kNoNode || doc.kind(object) != Kind::Object)
        return kNoNode;
    return doc.member(object, key);
}

QString stringMember(const json::Document& doc, NodeId object, std::string_view key)
{
    const NodeId v = memberOf(doc, object, key);
    return v != kNoNode && doc.kind(v) == Kind::String ? doc.string(v) : QString();
}

/// Keys whose presence in a layer's config gives a Sequential its input shape (K1-K3).
bool declaresInput(const json::Document& doc, NodeId entry)
{
    if (stringMember(doc, entry, "class_name") == u"InputLayer")
        return true;
    const NodeId config = memberOf(doc, entry, "config");
    for (std::string_view key : {"batch_input_shape", "batch_shape", "input_shape"}) {
        const NodeId v = memberOf(doc, config, key);
        if (v != kNoNode && doc.kind(v) == Kind::Array)
            return true;
    }
    return false;
}

} // namespace

bool isModelClassName(QStringView className)
{
    return className == u"Sequential" || className == u"Model" || className == u"Functional";
}

QString graphProblemCodeName(GraphProblemCode code)
{
    switch (code) {
    case GraphProblemCode::NotAModel: return QStringLiteral("graph-not-a-model");
    case GraphProblemCode::MalformedLayer: return QStringLiteral("graph-malformed-layer");
    case GraphProblemCode::MalformedNode: return QStringLiteral("graph-malformed-node");
    case GraphProblemCode::UnknownLayer: return QStringLiteral("graph-unknown-layer");
    case GraphProblemCode::MissingNode: return QStringLiteral("graph-missing-node");
    case GraphProblemCode::BadReferenceLength: return QStringLiteral("graph-bad-reference-length");
    case GraphProblemCode::DanglingReference: return QStringLiteral("graph-dangling-reference");
    case GraphProblemCode::UnknownIoLayer: return QStringLiteral("graph-unknown-io-layer");
    case GraphProblemCode::CycleOrDisconnected: return QStringLiteral("graph-cycle-or-disconnected");
    case GraphProblemCode::DuplicateLayerName: return QStringLiteral("graph-duplicate-layer-name");
    }
    return QStringLiteral("graph-unknown");
}

bool GraphLayer::isInputLayer() const
{
    return className == u"InputLayer";
}

// --- ModelGraph ------------------------------------------------------------------------------

ModelGraph ModelGraph::build(const json::Document& doc, NodeId node)
{
    ModelGraph graph;
    if (node == kNoNode)
        node = doc.root();
    GraphBuilder(doc, graph).run(locateModel(doc, node));
    return graph;
}

NodeId ModelGraph::locateModel(const json::Document& doc, NodeId node)
{
    // File wrappers nest at most a few levels (tfjs modelTopology -> model_config -> model);
    // the bound keeps a hostile chain of wrappers from looping long.
    for (int hops = 0; hops < 8 && node != kNoNode; ++hops) {
        if (doc.kind(node) == Kind::Array)
            return node;
        if (doc.kind(node) != Kind::Object)
            return kNoNode;
        if (memberOf(doc, node, "class_name") != kNoNode)
            return node;
        NodeId next = memberOf(doc, node, "modelTopology");
        if (next == kNoNode)
            next = memberOf(doc, node, "model_config");
        node = next;
    }
    return kNoNode;
}

int ModelGraph::findLayer(int model, QStringView name) const
{
    if (model < 0 || size_t(model) >= m_names.size())
        return -1;
    return m_names[size_t(model)].value(name.toString(), -1);
}

std::vector<int> ModelGraph::sharedLayers() const
{
    std::vector<int> shared;
    for (size_t i = 0; i < m_layers.size(); ++i) {
        if (m_layers[i].calls.size() > 1)
            shared.push_back(int(i));
    }
    return shared;
}

QString ModelGraph::connectedTo(int layer) const
{
    QStringList parts;
    for (int c : m_layers[size_t(layer)].calls) {
        for (const TensorRef& ref : m_calls[size_t(c)].inputs)
            parts.append(QStringLiteral("%1[%2][%3]").arg(ref.layerName).arg(ref.nodeIndex).arg(ref.tensor));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QLatin1String(", "));
}

// --- GraphBuilder: models and layers ----------------------------------------------------------

void GraphBuilder::problem(GraphProblemCode code, QString message, NodeId node)
{
    m_g.m_problems.push_back(GraphProblem{code, std::move(message), node});
}

void GraphBuilder::run(NodeId modelNode)
{
    if (modelNode == kNoNode) {
        problem(GraphProblemCode::NotAModel, QStringLiteral("The file holds no Keras model config."), m_doc.root());
        return;
    }
    if (addModel(modelNode, -1) < 0)
        return; // addModel said why
    while (!m_queue.empty()) {
        const Pending next = m_queue.front();
        m_queue.pop_front();
        const int model = addModel(next.node, next.ownerLayer);
        if (model >= 0)
            m_g.m_layers[size_t(next.ownerLayer)].submodel = model;
    }
}

int GraphBuilder::addModel(NodeId node, int ownerLayer)
{
    GraphModel m;
    m.ownerLayer = ownerLayer;
    if (m_doc.kind(node) == Kind::Array) {
        m.kind = GraphModel::Kind::Sequential;
        m.layersNode = node;
        m.className = QStringLiteral("Sequential");
    } else {
        m.envelope = node;
        m.className = stringMember(m_doc, node, "class_name");
        m.config = memberOf(m_doc, node, "config");
        if (m.config != kNoNode && m_doc.kind(m.config) == Kind::Array) {
            m.kind = GraphModel::Kind::Sequential;
            m.layersNode = m.config;
        } else {
            m.layersNode = memberOf(m_doc, m.config, "layers");
            const bool io = memberOf(m_doc, m.config, "input_layers") != kNoNode
                || memberOf(m_doc, m.config, "output_layers") != kNoNode;
            m.kind = io || (m.className != u"Sequential" && isModelClassName(m.className))
                ? GraphModel::Kind::Functional : GraphModel::Kind::Sequential;
        }
        m.name = stringMember(m_doc, m.config, "name");
    }
    if (m.layersNode == kNoNode || m_doc.kind(m.layersNode) != Kind::Array) {
        problem(GraphProblemCode::NotAModel,
                QStringLiteral("A model config needs a 'layers' list (class '%1').").arg(m.className), node);
        return -1;
    }
    const int index = int(m_g.m_models.size());
    m_g.m_models.push_back(std::move(m));
    m_g.m_names.emplace_back();
    readLayers(index);
    if (m_g.m_models[size_t(index)].isSequential())
        readSequential(index);
    else
        readFunctional(index);
    return index;
}

void GraphBuilder::readLayers(int model)
{
    const NodeId list = m_g.m_models[size_t(model)].layersNode;
    const int n = m_doc.childCount(list);
    m_g.m_models[size_t(model)].layers.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        const NodeId entry = m_doc.child(list, i);
        if (m_doc.kind(entry) != Kind::Object || memberOf(m_doc, entry, "class_name") == kNoNode) {
            problem(GraphProblemCode::MalformedLayer,
                    QStringLiteral("The provided configuration is not a valid Keras configuration. "
                                   "Expected a dictionary containing a 'config' key."), entry);
            continue;
        }
        addLayer(model, entry);
    }
}

int GraphBuilder::addLayer(int model, NodeId entry)
{
    GraphLayer layer;
    layer.envelope = entry;
    layer.model = model;
    layer.className = stringMember(m_doc, entry, "class_name");
    layer.config = memberOf(m_doc, entry, "config");
    // Functional entries carry the name beside the envelope; Sequential ones only inside config.
    layer.name = stringMember(m_doc, entry, "name");
    if (layer.name.isEmpty())
        layer.name = stringMember(m_doc, layer.config, "name");
    const NodeId inner = memberOf(m_doc, layer.config, "layer");
    if (inner != kNoNode && m_doc.kind(inner) == Kind::Object && memberOf(m_doc, inner, "class_name") != kNoNode)
        layer.wrapped = inner;

    const int index = int(m_g.m_layers.size());
    const SubKind sub = subKindOf(layer.className, layer.config);
    QHash<QString, int>& names = m_g.m_names[size_t(model)];
    if (names.contains(layer.name))
        problem(GraphProblemCode::DuplicateLayerName,
                QStringLiteral("All layer names should be unique. The name '%1' is used more than once.").arg(layer.name),
                entry);
    names.insert(layer.name, index); // the last one wins, as Keras's created_layers dict does
    m_g.m_layers.push_back(std::move(layer));
    m_subKinds.push_back(sub);
    m_g.m_models[size_t(model)].layers.push_back(index);
    if (sub != SubKind::None)
        m_queue.push_back(Pending{entry, index});
    return index;
}

GraphBuilder::SubKind GraphBuilder::subKindOf(const QString& className, NodeId config) const
{
    const bool isList = config != kNoNode && m_doc.kind(config) == Kind::Array;
    const NodeId layers = isList ? config : memberOf(m_doc, config, "layers");
    if (layers == kNoNode || m_doc.kind(layers) != Kind::Array)
        return SubKind::None;
    const bool io = !isList && (memberOf(m_doc, config, "input_layers") != kNoNode
                                || memberOf(m_doc, config, "output_layers") != kNoNode);
    if (io || className == u"Model" || className == u"Functional")
        return SubKind::Functional;
    if (className != u"Sequential")
        return SubKind::None; // a custom layer that happens to have a "layers" key
    const NodeId first = m_doc.child(layers, 0);
    return first != kNoNode && declaresInput(m_doc, first) ? SubKind::SequentialWithInput : SubKind::Sequential;
}

int GraphBuilder::implicitCall(int layer)
{
    CallNode call;
    call.layer = layer;
    call.index = int(m_g.m_layers[size_t(layer)].calls.size());
    call.node = m_g.m_layers[size_t(layer)].envelope;
    const int id = int(m_g.m_calls.size());
    m_g.m_calls.push_back(std::move(call));
    m_g.m_layers[size_t(layer)].calls.push_back(id);
    return id;
}

void GraphBuilder::readSequential(int model)
{
    GraphModel& m = m_g.m_models[size_t(model)];
    int previous = -1;
    for (int layer : m.layers) {
        const int id = implicitCall(layer);
        CallNode& call = m_g.m_calls[size_t(id)];
        if (previous >= 0 && !m_g.m_layers[size_t(layer)].isInputLayer()) {
            TensorRef ref;
            ref.layer = previous;
            ref.call = 0;
            ref.layerName = m_g.m_layers[size_t(previous)].name;
            call.inputs.push_back(ref);
        }
        m.order.push_back(id);
        previous = layer;
    }
    if (m.layers.empty())
        return;
    const auto refTo = [this](int layer) {
        TensorRef ref;
        ref.layer = layer;
        ref.call = 0;
        ref.layerName = m_g.m_layers[size_t(layer)].name;
        ref.node = m_g.m_layers[size_t(layer)].envelope;
        return ref;
    };
    if (m_g.m_layers[size_t(m.layers.front())].isInputLayer())
        m.inputs.push_back(refTo(m.layers.front()));
    m.outputs.push_back(refTo(m.layers.back()));
}

void GraphBuilder::readFunctional(int model)
{
    const int firstCall = int(m_g.m_calls.size());
    const std::vector<int> layers = m_g.m_models[size_t(model)].layers;
    for (int layer : layers) {
        const NodeId nodes = memberOf(m_doc, m_g.m_layers[size_t(layer)].envelope, "inbound_nodes");
        const int n = nodes != kNoNode && m_doc.kind(nodes) == Kind::Array ? m_doc.childCount(nodes) : 0;
        if (n == 0 && m_g.m_layers[size_t(layer)].isInputLayer()) {
            implicitCall(layer); // an InputLayer's node 0 is its own creation
            continue;
        }
        for (int i = 0; i < n; ++i)
            readInboundNode(layer, m_doc.child(nodes, i));
    }
    // References are resolved once every layer of the model is known (a layer may be named
    // before its entry, e.g. in shared-layer graphs such as A(B(A(x)))).
    const int endCall = int(m_g.m_calls.size());
    for (int c = firstCall; c < endCall; ++c) {
        const bool keras2 = m_doc.kind(m_g.m_calls[size_t(c)].node) == Kind::Array;
        for (TensorRef& ref : m_g.m_calls[size_t(c)].inputs)
            resolve(model, ref, keras2, false,
                    keras2 ? GraphProblemCode::MissingNode : GraphProblemCode::UnknownLayer);
    }
    GraphModel& m = m_g.m_models[size_t(model)];
    readIo(model, memberOf(m_doc, m.config, "input_layers"), m_g.m_models[size_t(model)].inputs);
    readIo(model, memberOf(m_doc, m_g.m_models[size_t(model)].config, "output_layers"),
           m_g.m_models[size_t(model)].outputs);
    orderCalls(model, firstCall);
}

} // namespace kcs::keras
