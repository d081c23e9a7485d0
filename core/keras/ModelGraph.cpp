// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ModelGraph.h"

#include "core/keras/ModelGraphBuilder.h"

#include <QStringList>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

namespace {

QString stringOf(const json::Document& doc, NodeId value)
{
    return value != kNoNode && doc.kind(value) == Kind::String ? doc.string(value) : QString();
}

QString stringMember(const json::Document& doc, NodeId object, std::string_view key)
{
    return stringOf(doc, memberOf(doc, object, key));
}

/// Room for more items at the end of v, growing geometrically: models are added one by one
/// (a deep nesting adds thousands of one-layer models), so an exact reserve each time would
/// copy everything again for every model.
template <typename T>
void reserveMore(std::vector<T>& v, size_t more)
{
    if (v.capacity() - v.size() < more)
        v.reserve(std::max(v.size() + more, 2 * v.capacity()));
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

ModelGraph ModelGraph::build(const json::Document& doc, NodeId node, const std::atomic<bool>* cancel)
{
    ModelGraph graph;
    if (node == kNoNode)
        node = doc.root();
    GraphBuilder(doc, graph, cancel).run(locateModel(doc, node));
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
    return m_names[size_t(model)].find(name, m_layers);
}

// --- ModelGraph::LayerNames --------------------------------------------------------------------

void ModelGraph::LayerNames::reserve(qsizetype layers)
{
    size_t size = 8;
    while (size < size_t(layers) * 2)
        size *= 2;
    if (size > m_slots.size())
        rehash(size);
}

int ModelGraph::LayerNames::find(QStringView name, const std::vector<GraphLayer>& layers) const
{
    return findIf(hashOf(name), [&](int layer) { return layers[size_t(layer)].name == name; });
}

int ModelGraph::LayerNames::insert(int layer, size_t hash, const std::vector<GraphLayer>& layers)
{
    if (size_t(m_count + 1) * 2 > m_slots.size())
        reserve(m_count + 1);
    const QString& name = layers[size_t(layer)].name;
    const size_t mask = m_slots.size() - 1;
    const quint32 tag = quint32(hash);
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
        Slot& slot = m_slots[i];
        if (slot.layer < 0) {
            slot = Slot{layer, tag};
            ++m_count;
            return -1;
        }
        if (slot.hash == tag && layers[size_t(slot.layer)].name == name)
            return std::exchange(slot.layer, layer);
    }
}

/// Moves every entry to where a probe at the new size starts looking for it. The slots keep
/// the low 32 bits of each hash, which is all a probe uses below 2^32 slots.
void ModelGraph::LayerNames::rehash(size_t size)
{
    std::vector<Slot> old(size);
    old.swap(m_slots);
    const size_t mask = size - 1;
    for (const Slot& s : old) {
        if (s.layer < 0)
            continue;
        size_t i = s.hash & mask;
        while (m_slots[i].layer >= 0)
            i = (i + 1) & mask;
        m_slots[i] = s;
    }
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
    // Written piece by piece into one string: the summary asks this for every layer, and
    // QString::arg() parses its pattern and makes a string per argument.
    QString out;
    for (int c : m_layers[size_t(layer)].calls) {
        for (const TensorRef& ref : m_calls[size_t(c)].inputs) {
            if (!out.isEmpty())
                out += QLatin1String(", ");
            out += ref.layerName;
            out += QLatin1Char('[');
            out += QString::number(ref.nodeIndex);
            out += QLatin1String("][");
            out += QString::number(ref.tensor);
            out += QLatin1Char(']');
        }
    }
    return out.isEmpty() ? QStringLiteral("-") : out;
}

// --- GraphBuilder: models and layers ----------------------------------------------------------

namespace {

/// The members of a layer envelope the graph reads (see scanMembers).
struct EnvelopeMembers {
    static constexpr std::array<std::string_view, 4> kKeys{"class_name", "config", "name", "inbound_nodes"};
    NodeId className = kNoNode;
    NodeId config = kNoNode;
    NodeId name = kNoNode;
    NodeId inboundNodes = kNoNode;

    NodeId* slotFor(std::string_view key)
    {
        switch (key.size()) {
        case 4: return key == "name" ? &name : nullptr;
        case 6: return key == "config" ? &config : nullptr;
        case 10: return key == "class_name" ? &className : nullptr;
        case 13: return key == "inbound_nodes" ? &inboundNodes : nullptr;
        default: return nullptr;
        }
    }
};

/// The members of a layer's config the graph reads (see scanMembers).
struct ConfigMembers {
    static constexpr std::array<std::string_view, 5> kKeys{"name", "layer", "layers", "input_layers", "output_layers"};
    NodeId name = kNoNode;
    NodeId layer = kNoNode;
    NodeId layers = kNoNode;
    NodeId inputLayers = kNoNode;
    NodeId outputLayers = kNoNode;

    NodeId* slotFor(std::string_view key)
    {
        switch (key.size()) {
        case 4: return key == "name" ? &name : nullptr;
        case 5: return key == "layer" ? &layer : nullptr;
        case 6: return key == "layers" ? &layers : nullptr;
        case 12: return key == "input_layers" ? &inputLayers : nullptr;
        case 13: return key == "output_layers" ? &outputLayers : nullptr;
        default: return nullptr;
        }
    }
};

} // namespace

void GraphBuilder::problem(GraphProblemCode code, QString message, NodeId node)
{
    m_g.m_problems.push_back(GraphProblem{code, std::move(message), node});
}

void GraphBuilder::callProblem(GraphProblemCode code, QString message, NodeId node)
{
    m_callProblems.push_back(GraphProblem{code, std::move(message), node});
}

QString GraphBuilder::internedString(NodeId value)
{
    if (value == kNoNode)
        return {};
    const QByteArrayView literal = m_doc.raw(value);
    if (!isStringLiteral(literal))
        return {};
    // Layers of one class often come in runs (a chain of Dense, Conv-BN-ReLU blocks).
    if (literal.size() == m_lastLiteral.size() && sameBytes(literal.data(), m_lastLiteral.data(), size_t(literal.size())))
        return m_lastText;
    auto it = m_interned.constFind(literal);
    if (it == m_interned.constEnd())
        it = m_interned.insert(literal, m_doc.string(value));
    m_lastLiteral = literal;
    m_lastText = *it;
    return m_lastText;
}

QString GraphBuilder::internedKey(NodeId member)
{
    // A key is a JSON string literal too: the same spelling decodes to the same text.
    const QByteArrayView literal = m_doc.rawKey(member);
    auto it = m_interned.constFind(literal);
    if (it == m_interned.constEnd())
        it = m_interned.insert(literal, m_doc.key(member));
    return *it;
}

void GraphBuilder::run(NodeId modelNode)
{
    if (modelNode == kNoNode) {
        problem(GraphProblemCode::NotAModel, QStringLiteral("The file holds no Keras model config."), m_doc.root());
        return;
    }
    if (addModel(modelNode, -1) < 0)
        return; // addModel said why
    while (!m_queue.empty() && !m_cancelled) {
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
    const int firstCall = int(m_g.m_calls.size());
    readLayers(index);
    if (m_cancelled)
        return -1;
    if (m_g.m_models[size_t(index)].isSequential())
        readSequential(index);
    else
        linkFunctional(index, firstCall);
    return index;
}

void GraphBuilder::readLayers(int model)
{
    const NodeId list = m_g.m_models[size_t(model)].layersNode;
    const int n = m_doc.childCount(list);
    m_g.m_models[size_t(model)].layers.reserve(size_t(n));
    m_g.m_names[size_t(model)].reserve(n);
    reserveMore(m_g.m_layers, size_t(n));
    reserveMore(m_layerInfo, size_t(n));
    const bool functional = !m_g.m_models[size_t(model)].isSequential();
    if (functional) {
        reserveMore(m_g.m_calls, size_t(n)); // most layers are called once
        m_inputNames.reserve(size_t(n));
    }
    m_duplicateNames = false;
    m_inputNames.clear();
    m_deferred.clear();
    m_callProblems.clear();
    for (int i = 0; i < n; ++i) {
        // A relaxed load every 1,024 layers: a 200,000-layer build stops within a millisecond.
        if (m_cancel && (i & 1023) == 1023 && m_cancel->load(std::memory_order_relaxed)) {
            m_cancelled = true;
            return;
        }
        m_doc.prefetchAfter(list, i); // a big model's next layers, while this one is read
        const NodeId entry = m_doc.child(list, i);
        const EnvelopeMembers e = scanMembers<EnvelopeMembers>(m_doc, entry, m_keys);
        if (e.className == kNoNode) { // also when the entry is not an object
            problem(GraphProblemCode::MalformedLayer,
                    QStringLiteral("The provided configuration is not a valid Keras configuration. "
                                   "Expected a dictionary containing a 'config' key."), entry);
            continue;
        }
        const int layer = addLayer(model, entry, e.className, e.config, e.name, e.inboundNodes);
        // A functional layer's calls are read while its part of the file is still in the cache:
        // in a second pass over a big model, every layer would be fetched from memory again.
        if (functional)
            readCalls(model, layer);
    }
}

int GraphBuilder::addLayer(int model, NodeId entry, NodeId className, NodeId config, NodeId name, NodeId inboundNodes)
{
    const ConfigMembers c = scanMembers<ConfigMembers>(m_doc, config, m_keys);
    // An object config has been seen to be one when it has keys; only an empty one is asked.
    const bool configIsList = m_keys.empty() && config != kNoNode && m_doc.kind(config) == Kind::Array;
    const int index = int(m_g.m_layers.size());
    GraphLayer& layer = m_g.m_layers.emplace_back();
    layer.envelope = entry;
    layer.model = model;
    layer.className = internedString(className);
    layer.config = config;
    // Functional entries carry the name beside the envelope; Sequential ones only inside config.
    // A plain name is hashed from the file's bytes, as the references to it will be.
    ModelGraph::LayerNames& names = m_g.m_names[size_t(model)];
    size_t hash = 0;
    QByteArrayView plainName;
    const auto readName = [&](NodeId value) {
        const QByteArrayView literal = value != kNoNode ? m_doc.raw(value) : QByteArrayView();
        if (!isStringLiteral(literal)) {
            layer.name = QString();
            hash = names.hashOf(QStringView());
            return;
        }
        const QByteArrayView text = plainText(literal);
        plainName = text;
        if (!text.isEmpty()) {
            layer.name = m_nameTexts.add(QLatin1StringView(text));
            hash = names.hashOf(QLatin1StringView(text));
        } else {
            layer.name = m_doc.string(value);
            hash = names.hashOf(QStringView(layer.name));
        }
    };
    readName(name);
    if (layer.name.isEmpty())
        readName(c.name);
    if (c.layer != kNoNode && m_doc.kind(c.layer) == Kind::Object && memberOf(m_doc, c.layer, "class_name") != kNoNode)
        layer.wrapped = c.layer;

    const SubKind sub = subKindOf(layer.className, configIsList ? config : kNoNode, c.layers,
                                  c.inputLayers != kNoNode || c.outputLayers != kNoNode);
    m_layerInfo.push_back(LayerInfo{sub, inboundNodes, plainName});
    m_g.m_models[size_t(model)].layers.push_back(index);
    // The last one of a name wins, as Keras's created_layers dict does.
    if (names.insert(index, hash, m_g.m_layers) >= 0) {
        m_duplicateNames = true;
        const QString& duplicate = m_g.m_layers[size_t(index)].name;
        problem(GraphProblemCode::DuplicateLayerName,
                QStringLiteral("All layer names should be unique. The name '%1' is used more than once.").arg(duplicate),
                entry);
    }
    if (sub != SubKind::None)
        m_queue.push_back(Pending{entry, index});
    return index;
}

GraphBuilder::SubKind GraphBuilder::subKindOf(const QString& className, NodeId listConfig, NodeId layersMember,
                                              bool io) const
{
    const NodeId layers = listConfig != kNoNode ? listConfig : layersMember;
    if (layers == kNoNode || m_doc.kind(layers) != Kind::Array)
        return SubKind::None;
    if (io || className == u"Model" || className == u"Functional")
        return SubKind::Functional;
    if (className != u"Sequential")
        return SubKind::None; // a custom layer that happens to have a "layers" key
    const NodeId first = m_doc.child(layers, 0);
    return first != kNoNode && declaresInput(m_doc, first) ? SubKind::SequentialWithInput : SubKind::Sequential;
}

int GraphBuilder::addCall(int layer, NodeId node)
{
    InlineVector<int, 1>& calls = m_g.m_layers[size_t(layer)].calls;
    const int id = int(m_g.m_calls.size());
    CallNode& call = m_g.m_calls.emplace_back();
    call.layer = layer;
    call.index = int(calls.size());
    call.node = node;
    calls.push_back(id);
    return id;
}

int GraphBuilder::implicitCall(int layer)
{
    return addCall(layer, m_g.m_layers[size_t(layer)].envelope);
}

void GraphBuilder::readSequential(int model)
{
    GraphModel& m = m_g.m_models[size_t(model)];
    reserveMore(m_g.m_calls, m.layers.size());
    m.order.reserve(m.layers.size());
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

void GraphBuilder::readCalls(int model, int layer)
{
    const NodeId nodes = m_layerInfo[size_t(layer)].inboundNodes;
    const int n = nodes != kNoNode && m_doc.kind(nodes) == Kind::Array ? m_doc.childCount(nodes) : 0;
    if (n == 0) {
        if (m_g.m_layers[size_t(layer)].isInputLayer())
            implicitCall(layer); // an InputLayer's node 0 is its own creation
        return;
    }
    for (int i = 0; i < n; ++i)
        readInboundNode(model, layer, m_doc.child(nodes, i));
}

void GraphBuilder::linkFunctional(int model, int firstCall)
{
    // The calls' problems come after those of the layer list, as when the calls were read in a
    // pass of their own.
    std::move(m_callProblems.begin(), m_callProblems.end(), std::back_inserter(m_g.m_problems));
    m_callProblems.clear();
    // The calls' inputs were looked up among the layers read before them, and those naming a
    // call already read were resolved then. A name read before its layer is looked up again
    // now that the model's layers are all known, and the calls of the other inputs are named
    // now that every call of the model is known (a reference may name a later call of a layer,
    // e.g. in shared-layer graphs such as A(B(A(x)))).
    if (m_duplicateNames) {
        // A name given to two layers names the last one: every input is looked up again.
        const int endCall = int(m_g.m_calls.size());
        size_t input = 0;
        for (int c = firstCall; c < endCall; ++c) {
            for (TensorRef& ref : m_g.m_calls[size_t(c)].inputs) {
                ref.layer = lookupLayer(model, m_inputNames[input++], ref.layerName);
                ref.call = -1;
            }
        }
        m_deferred.clear();
        for (int c = firstCall; c < endCall; ++c) {
            for (int i = 0; i < int(m_g.m_calls[size_t(c)].inputs.size()); ++i)
                m_deferred.push_back(Deferred{c, i, kNoNode});
        }
    } else {
        for (const Deferred& d : m_deferred) {
            TensorRef& ref = m_g.m_calls[size_t(d.call)].inputs[size_t(d.input)];
            if (ref.layer < 0)
                ref.layer = lookupLayer(model, d.name, ref.layerName);
        }
    }
    for (const Deferred& d : m_deferred) {
        const bool keras2 = m_doc.kind(m_g.m_calls[size_t(d.call)].node) == Kind::Array;
        resolve(m_g.m_calls[size_t(d.call)].inputs[size_t(d.input)], keras2, false,
                keras2 ? GraphProblemCode::MissingNode : GraphProblemCode::UnknownLayer);
    }
    const NodeId config = m_g.m_models[size_t(model)].config;
    readIo(model, memberOf(m_doc, config, "input_layers"), m_g.m_models[size_t(model)].inputs);
    readIo(model, memberOf(m_doc, config, "output_layers"), m_g.m_models[size_t(model)].outputs);
    orderCalls(model, firstCall);
}

} // namespace kcs::keras
