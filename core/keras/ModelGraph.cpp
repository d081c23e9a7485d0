// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ModelGraph.h"

#include "core/keras/ModelGraphBuilder.h"

#include <QStringList>
#include <QVarLengthArray>

#include <algorithm>
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

/// stringOf, with a plain string (see isPlainText) made straight from its bytes: the layer names
/// of a big model are thousands of short ASCII strings.
QString textOf(const json::Document& doc, NodeId value)
{
    if (value == kNoNode || doc.kind(value) != Kind::String)
        return {};
    const QByteArrayView literal = doc.raw(value);
    const QByteArrayView text = literal.sliced(1, literal.size() - 2);
    return isPlainText(text) ? QString::fromLatin1(text) : doc.string(value);
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

size_t nameHash(QStringView name)
{
    return qHash(name, QHashSeed::globalSeed());
}

/// The hash of the same name as a QString: Latin-1 widens to UTF-16 unit by unit.
size_t nameHash(QLatin1StringView name)
{
    QVarLengthArray<char16_t, 64> wide(name.size());
    std::transform(name.data(), name.data() + name.size(), wide.begin(), [](char c) { return char16_t(uchar(c)); });
    return nameHash(QStringView(wide.constData(), wide.size()));
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

template <typename Name>
int ModelGraph::LayerNames::findHashed(size_t hash, Name name, const std::vector<GraphLayer>& layers) const
{
    if (m_slots.empty())
        return -1;
    const size_t mask = m_slots.size() - 1;
    const quint32 tag = quint32(hash);
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.layer < 0)
            return -1;
        if (slot.hash == tag && layers[size_t(slot.layer)].name == name)
            return slot.layer;
    }
}

int ModelGraph::LayerNames::find(QStringView name, const std::vector<GraphLayer>& layers) const
{
    return findHashed(nameHash(name), name, layers);
}

int ModelGraph::LayerNames::find(QLatin1StringView name, const std::vector<GraphLayer>& layers) const
{
    return findHashed(nameHash(name), name, layers);
}

int ModelGraph::LayerNames::insert(int layer, const std::vector<GraphLayer>& layers)
{
    if (size_t(m_count + 1) * 2 > m_slots.size())
        reserve(m_count + 1);
    const QString& name = layers[size_t(layer)].name;
    const size_t mask = m_slots.size() - 1;
    const quint32 tag = quint32(nameHash(name));
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

constexpr std::array<std::string_view, 4> kEnvelopeKeys{"class_name", "config", "name", "inbound_nodes"};
constexpr std::array<std::string_view, 5> kConfigKeys{"name", "layer", "layers", "input_layers", "output_layers"};

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
    if (value == kNoNode || m_doc.kind(value) != Kind::String)
        return {};
    // Layers of one class often come in runs (a chain of Dense, Conv-BN-ReLU blocks).
    const QByteArrayView literal = m_doc.raw(value);
    if (literal == m_lastLiteral)
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
    const int firstCall = int(m_g.m_calls.size());
    readLayers(index);
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
    if (functional)
        reserveMore(m_g.m_calls, size_t(n)); // most layers are called once
    m_duplicateNames = false;
    m_inputNames.clear();
    m_callProblems.clear();
    for (int i = 0; i < n; ++i) {
        const NodeId entry = m_doc.child(list, i);
        const auto [className, config, name, inboundNodes] = membersOf(m_doc, entry, kEnvelopeKeys);
        if (className == kNoNode) { // also when the entry is not an object
            problem(GraphProblemCode::MalformedLayer,
                    QStringLiteral("The provided configuration is not a valid Keras configuration. "
                                   "Expected a dictionary containing a 'config' key."), entry);
            continue;
        }
        const int layer = addLayer(model, entry, className, config, name, inboundNodes);
        // A functional layer's calls are read while its part of the file is still in the cache:
        // in a second pass over a big model, every layer would be fetched from memory again.
        if (functional)
            readCalls(model, layer);
    }
}

int GraphBuilder::addLayer(int model, NodeId entry, NodeId className, NodeId config, NodeId name, NodeId inboundNodes)
{
    const auto [configName, inner, layers, inputLayers, outputLayers] = membersOf(m_doc, config, kConfigKeys);
    GraphLayer layer;
    layer.envelope = entry;
    layer.model = model;
    layer.className = internedString(className);
    layer.config = config;
    // Functional entries carry the name beside the envelope; Sequential ones only inside config.
    layer.name = textOf(m_doc, name);
    if (layer.name.isEmpty())
        layer.name = textOf(m_doc, configName);
    if (inner != kNoNode && m_doc.kind(inner) == Kind::Object && memberOf(m_doc, inner, "class_name") != kNoNode)
        layer.wrapped = inner;

    const int index = int(m_g.m_layers.size());
    const SubKind sub = subKindOf(layer.className, config, layers, inputLayers != kNoNode || outputLayers != kNoNode);
    m_g.m_layers.push_back(std::move(layer));
    m_layerInfo.push_back(LayerInfo{sub, inboundNodes});
    m_g.m_models[size_t(model)].layers.push_back(index);
    // The last one of a name wins, as Keras's created_layers dict does.
    if (m_g.m_names[size_t(model)].insert(index, m_g.m_layers) >= 0) {
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

GraphBuilder::SubKind GraphBuilder::subKindOf(const QString& className, NodeId config, NodeId layersMember, bool io) const
{
    const bool isList = config != kNoNode && m_doc.kind(config) == Kind::Array;
    const NodeId layers = isList ? config : layersMember;
    if (layers == kNoNode || m_doc.kind(layers) != Kind::Array)
        return SubKind::None;
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
    if (n == 0 && m_g.m_layers[size_t(layer)].isInputLayer()) {
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
    // The calls' inputs were looked up among the layers read before them. A name read before
    // its layer, or given to two layers (the last one counts), is looked up again now that the
    // model's layers are all known.
    const int endCall = int(m_g.m_calls.size());
    size_t input = 0;
    for (int c = firstCall; c < endCall; ++c) {
        for (TensorRef& ref : m_g.m_calls[size_t(c)].inputs) {
            const NodeId name = m_inputNames[input++];
            if (ref.layer < 0 || m_duplicateNames)
                ref.layer = lookupLayer(model, name, ref.layerName);
        }
    }
    // Calls are resolved once every call of the model is known (a reference may name a later
    // call of a layer, e.g. in shared-layer graphs such as A(B(A(x)))).
    for (int c = firstCall; c < endCall; ++c) {
        const bool keras2 = m_doc.kind(m_g.m_calls[size_t(c)].node) == Kind::Array;
        for (TensorRef& ref : m_g.m_calls[size_t(c)].inputs)
            resolve(ref, keras2, false, keras2 ? GraphProblemCode::MissingNode : GraphProblemCode::UnknownLayer);
    }
    const NodeId config = m_g.m_models[size_t(model)].config;
    readIo(model, memberOf(m_doc, config, "input_layers"), m_g.m_models[size_t(model)].inputs);
    readIo(model, memberOf(m_doc, config, "output_layers"), m_g.m_models[size_t(model)].outputs);
    orderCalls(model, firstCall);
}

} // namespace kcs::keras
