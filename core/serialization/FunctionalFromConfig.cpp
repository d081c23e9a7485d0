// SPDX-License-Identifier: GPL-3.0-or-later
// Functional.from_config (spec 7.7): create every layer, then replay the layer calls of
// `inbound_nodes` until all are resolvable, as Keras does -- without computing anything.
#include "core/serialization/BuiltinFromConfig.h"

#include "core/serialization/Builtins.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/ModelObject.h"
#include "core/serialization/PyRepr.h"
#include "core/serialization/Repr.h"

#include <QHash>

namespace kcs::saving::builtin {

namespace {

/// A created layer and how many of its calls (nodes) exist so far.
struct Created {
    PyValue layer;
    int nodes = 0;
    bool called = false;
};

/// Outcome of one node: done, not yet possible (Keras's IndexError), or an error.
enum class NodeState { Done, NotReady };

/// Rebuilds one functional config: creates the layers, replays their calls, checks the model's
/// inputs and outputs. Holds the layers it created until run() hands them to the model.
class GraphBuilder {
public:
    GraphBuilder(const SymbolRef& cls, const PyValue& config, const KerasVersion& version)
        : m_cls(cls), m_config(config), m_version(version) {}

    Result<PyValue> run();

private:
    Result<void> createLayers();
    Result<NodeState> processNode(const QString& layerName, const PyValue& node);
    Result<NodeState> legacyNode(const PyValue& node);
    Result<NodeState> checkTensors(const PyValue& value);
    Result<void> processAll();
    Result<void> mapTensors(const PyValue& structure);
    QString layerRepr(const QString& name) const;

    SymbolRef m_cls;
    PyValue m_config;
    KerasVersion m_version;
    QHash<QString, Created> m_created;
    std::vector<PyValue> m_layers;
    /// Layers with calls still to replay, in Keras's dict order.
    std::vector<std::pair<QString, std::vector<PyValue>>> m_pending;
};

Result<PyValue> deserializeEntry(const PyValue& entry, const KerasVersion& version)
{
    if (version.isKeras3() && (!entry.isDict() || !entry.get(u"module")))
        return saving::modelFromConfig(entry, {}, version);
    DeserializeOptions options;
    options.version = version;
    if (!version.isKeras3())
        options.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
    if (!version.isKeras3() && (!entry.isDict() || !entry.get(u"module"))) {
        LegacyDeserializeOptions legacy;
        legacy.moduleObjects = options.moduleObjects;
        legacy.printableModuleName = QStringLiteral("layer");
        legacy.version = version;
        return legacyDeserializeKerasObject(entry, legacy);
    }
    return deserializeKerasObject(entry, options);
}

bool isOperation(const PyValue& v)
{
    if (!v.isObject())
        return false;
    const SymbolRef c = v.instance()->cls();
    // Descriptor and native classes are taken to be layers: that is what a config names here.
    return !c || c->origin != SymbolOrigin::BuiltIn || c->category == u"layers"
        || c->category == u"models" || c->category == u"ops";
}

Result<void> GraphBuilder::createLayers()
{
    for (const PyValue& data : m_config.value(u"layers").items()) {
        auto layer = deserializeEntry(data, m_version);
        if (!layer)
            return std::unexpected(layer.error());
        if (!isOperation(*layer))
            return fail(ErrorCode::ValueError,
                        QStringLiteral("Unexpected object from deserialization, expected a layer or "
                                       "operation, got a %1")
                            .arg(typeRepr(*layer)));
        const QString name = data.value(u"name").toStr();
        const QString clsName = layer->instance()->cls() ? layer->instance()->cls()->name : QString();
        // InputLayer and functional models are created with their own first node.
        const int initial = (clsName == u"InputLayer" || clsName == u"Functional") ? 1 : 0;
        m_created.insert(name, Created{*layer, initial, clsName == u"InputLayer"});
        m_layers.push_back(*layer);
        const PyValue* inbound = data.get(u"inbound_nodes");
        if (!inbound)
            return fail(ErrorCode::NotFound, serialization::pyReprString(u"inbound_nodes"));
        if (inbound->items().empty())
            continue;
        auto it = std::find_if(m_pending.begin(), m_pending.end(),
                               [&](const auto& p) { return p.first == name; });
        if (it == m_pending.end())
            m_pending.emplace_back(name, inbound->items());
        else
            it->second.insert(it->second.end(), inbound->items().begin(), inbound->items().end());
    }
    return {};
}

Result<NodeState> GraphBuilder::legacyNode(const PyValue& node)
{
    for (const PyValue& input : node.items()) {
        const auto& ref = input.items();
        if (ref.size() != 3 && ref.size() != 4)
            return fail(ErrorCode::ValueError,
                        QStringLiteral("Cannot deserialize the model (invalid config data?)"));
        const QString name = ref[0].toStr();
        auto it = m_created.constFind(name);
        if (it == m_created.constEnd())
            return fail(ErrorCode::ValueError,
                        QStringLiteral("Invalid Functional model configuration. Missing node: %1").arg(name));
        if (it->nodes <= ref[1].toInt())
            return NodeState::NotReady;
    }
    return NodeState::Done;
}

Result<NodeState> GraphBuilder::checkTensors(const PyValue& root)
{
    // Explicit stack: call arguments can nest as deep as the file does.
    std::vector<PyValue> stack{root};
    while (!stack.empty()) {
        const PyValue v = stack.back();
        stack.pop_back();
        if (v.isListOrTuple()) {
            stack.insert(stack.end(), v.items().rbegin(), v.items().rend());
        } else if (v.isDict()) {
            for (auto it = v.dictValue().items().rbegin(); it != v.dictValue().items().rend(); ++it)
                stack.push_back(it->second);
        } else if (v.type() == PyValue::Type::KerasTensor) {
            const PyValue& history = v.kerasTensorValue().kerasHistory;
            if (history.isNone())
                continue;
            const QString name = history.items().empty() ? QString() : history.items()[0].toStr();
            auto it = m_created.constFind(name);
            if (it == m_created.constEnd())
                return fail(ErrorCode::ValueError, QStringLiteral("Unknown layer: %1").arg(name));
            if (history.items().size() > 1 && it->nodes <= history.items()[1].toInt())
                return NodeState::NotReady;
        }
    }
    return NodeState::Done;
}

Result<NodeState> GraphBuilder::processNode(const QString& layerName, const PyValue& node)
{
    Result<NodeState> state = NodeState::Done;
    if (!detail::isTruthy(node)) {
        state = NodeState::Done;
    } else if (node.isList()) {
        state = legacyNode(node);
    } else {
        DeserializeOptions options;
        options.version = m_version;
        auto args = deserializeKerasObject(node.value(u"args"), options);
        if (!args)
            return std::unexpected(args.error());
        auto kwargs = deserializeKerasObject(node.value(u"kwargs"), options);
        if (!kwargs)
            return std::unexpected(kwargs.error());
        state = checkTensors(*args);
        if (state && *state == NodeState::Done)
            state = checkTensors(*kwargs);
    }
    if (state && *state == NodeState::Done) {
        Created& c = m_created[layerName];
        ++c.nodes;
        c.called = true;
    }
    return state;
}

QString GraphBuilder::layerRepr(const QString& name) const
{
    const Created c = m_created.value(name);
    const SymbolRef cls = c.layer.isObject() ? c.layer.instance()->cls() : SymbolRef();
    const bool built = c.called || (c.layer.isObject() && c.layer.instance()->isBuilt());
    return QStringLiteral("<%1 name=%2, built=%3>")
        .arg(cls ? cls->name : QStringLiteral("Layer"), name,
             built ? QStringLiteral("True") : QStringLiteral("False"));
}

Result<void> GraphBuilder::processAll()
{
    while (!m_pending.empty()) {
        bool progressed = false;
        for (const PyValue& data : m_config.value(u"layers").items()) {
            const QString name = data.value(u"name").toStr();
            auto it = std::find_if(m_pending.begin(), m_pending.end(),
                                   [&](const auto& p) { return p.first == name; });
            if (it == m_pending.end())
                continue;
            std::vector<PyValue>& nodes = it->second;
            size_t done = 0;
            while (done < nodes.size()) {
                auto state = processNode(name, nodes[done]);
                if (!state)
                    return std::unexpected(state.error());
                if (*state == NodeState::NotReady)
                    break;
                ++done;
            }
            if (done > 0)
                progressed = true;
            if (done >= nodes.size())
                m_pending.erase(it);
            else
                nodes.erase(nodes.begin(), nodes.begin() + qsizetype(done));
        }
        if (!progressed) {
            QString pending = QStringLiteral("{");
            for (size_t i = 0; i < m_pending.size(); ++i) {
                if (i)
                    pending += u", ";
                pending += layerRepr(m_pending[i].first) + QStringLiteral(": ")
                    + repr(PyValue::list(m_pending[i].second));
            }
            pending += u'}';
            return fail(ErrorCode::ValueError,
                        QStringLiteral("Invalid Functional model configuration. The graph of the "
                                       "Functional model either has loops or disconnected nodes. "
                                       "The following nodes failed to be resolved: %1")
                            .arg(pending));
        }
    }
    return {};
}

Result<void> GraphBuilder::mapTensors(const PyValue& root)
{
    std::vector<PyValue> stack{root};
    while (!stack.empty()) {
        const PyValue v = stack.back();
        stack.pop_back();
        const auto& items = v.items();
        if (v.isList() && items.size() == 3 && items[0].isStr()) {
            if (!m_created.contains(items[0].str()))
                return fail(ErrorCode::RuntimeError,
                            QStringLiteral("Internal error: could not find layer %1.").arg(items[0].str()));
            continue;
        }
        if (v.isDict()) {
            for (const auto& [key, member] : v.dictValue().items())
                stack.push_back(member);
        } else {
            stack.insert(stack.end(), items.begin(), items.end());
        }
    }
    return {};
}

Result<PyValue> GraphBuilder::run()
{
    if (auto ok = createLayers(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = processAll(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = mapTensors(m_config.value(u"input_layers")); !ok)
        return std::unexpected(ok.error());
    if (auto ok = mapTensors(m_config.value(u"output_layers")); !ok)
        return std::unexpected(ok.error());
    return PyValue(std::make_shared<ModelObject>(m_cls, m_config, std::move(m_layers)));
}

} // namespace

Result<PyValue> functionalFromConfig(const SymbolRef& cls, const PyValue& config)
{
    GraphBuilder builder(cls, config, detail::currentVersion());
    return builder.run();
}

} // namespace kcs::saving::builtin
