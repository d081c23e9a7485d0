// SPDX-License-Identifier: GPL-3.0-or-later
// The get()/deserialize() helpers of the object families (activations, initializers,
// regularizers, constraints, dtype policies, losses, metrics, optimizers): Keras 3's
// module-objects mode (spec 5.2) and the legacy path (spec 8) that tf-keras and Keras 3's .h5
// loader use for entries without `module`.
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"

namespace kcs::keras {

QString LoadWalker::printableName(Category category) const
{
    // printable_module_name of the tf-keras / legacy deserializers.
    switch (category) {
    case Category::Layers: return QStringLiteral("layer");
    case Category::Activations: return QStringLiteral("activation function");
    case Category::Initializers: return QStringLiteral("initializer");
    case Category::Regularizers: return QStringLiteral("regularizer");
    case Category::Constraints: return QStringLiteral("constraint");
    case Category::Losses: return QStringLiteral("loss function");
    case Category::Metrics: return QStringLiteral("metric function");
    case Category::Optimizers: return QStringLiteral("optimizer");
    case Category::LearningRateSchedules: return QStringLiteral("decay");
    case Category::DtypePolicies: return QStringLiteral("dtype policy");
    default: break;
    }
    return QStringLiteral("object");
}

LoadWalker::Resolved LoadWalker::lookupModuleObject(json::NodeId node, const QString& name, Category category)
{
    if (const CustomObjectEntry* e = m_custom.find(name)) {
        recordCustom(node, name, category, *e);
        return {nullptr, e};
    }
    const BuiltinEntry* b = category == Category::Layers ? m_catalog.legacyLookup(name)
                                                         : m_catalog.lookup(category, name);
    if (b) {
        recordBuiltin(node, name, *b);
        return {b, nullptr};
    }
    return {};
}

void LoadWalker::moduleObjectsGet(json::NodeId node, Category category, bool nonFatal)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    switch (m_doc.kind(node)) {
    case json::Kind::Null:
        return;
    case json::Kind::Object:
        if (!k3 && envelope(node).module == json::kNoNode)
            legacyDeserialize(node, category, nonFatal);
        else
            moduleObjectsDict(node, category, nonFatal);
        return;
    case json::Kind::String:
        break;
    default: {
        // Numbers, lists, booleans: no get() helper takes them.
        if (nonFatal)
            return;
        const QString word = identifierKindWord(category);
        raise(node, problem::kUnknownIdentifier, ErrorCode::ValueError,
              [this, node, word](bool full) { return loadmsg::couldNotInterpret(word, repr(node, full)); });
        return;
    }
    }
    const QString name = text(node);
    if (category == Category::DtypePolicies) {
        record(node, name, category, false, ResolutionSource::Builtin, QStringLiteral("dtype"), name);
        return; // DTypePolicy(name)
    }
    if (lookupModuleObject(node, name, category).ok())
        return;
    recordUnresolved(node, name, category, false);
    if (nonFatal) {
        warn(node, problem::kUnknownIdentifier, QStringLiteral("Unknown %1 '%2'").arg(identifierKindWord(category), name));
        return;
    }
    Problem& p = k3 ? raise(node, problem::kUnknownIdentifier, ErrorCode::ValueError,
                            [category, name](bool) { return loadmsg::couldNotInterpret(identifierKindWord(category), name); })
                    : raise(node, problem::kUnknownIdentifier, ErrorCode::ValueError,
                            [this, category, name](bool) { return loadmsg::unknownLegacy(printableName(category), name); });
    p.fixIts = classCandidates(node, name, category);
}

void LoadWalker::moduleObjectsDict(json::NodeId env, Category category, bool nonFatal)
{
    const Envelope e = envelope(env);
    const json::NodeId cnNode = e.className;
    if (cnNode == json::kNoNode) {
        if (!nonFatal)
            raise(env, problem::kInvalidEntry, ErrorCode::ValueError,
                  [this, env](bool full) { return loadmsg::unknownConfigAsDict(repr(env, full)); });
        return;
    }
    const QString cn = isString(cnNode) ? text(cnNode) : QString();
    const json::NodeId inner = e.config;
    const QString reg = text(e.registeredName);
    // 5.2.2: a custom object under any of these names sends the dict down the general path.
    if (m_custom.find(cn) || (!reg.isEmpty() && m_custom.find(reg))
        || (isString(inner) && m_custom.find(text(inner)))) {
        generalEnvelope(env, Expect{category, false, nonFatal});
        return;
    }
    QString key = cn;
    if (cn == u"function") {
        key = text(e.module) == u"builtins" ? (isString(inner) ? text(inner) : QString()) : reg;
    } else if (const json::NodeId mod = e.module; mod != json::kNoNode && m_doc.isNull(mod)) {
        recordUnresolved(env, cn, category, false);
        if (!nonFatal)
            raise(env, problem::kUnregisteredModuleNull, ErrorCode::TypeError,
                  [cn](bool) { return loadmsg::moduleNullUnregistered(cn); });
        return;
    }
    const BuiltinEntry* entry = category == Category::Layers ? m_catalog.lookup(Category::Layers, key)
                                                             : m_catalog.lookup(category, key);
    if (!entry) {
        // Not in module_objects: deserialize hands back the bare name and get() refuses it.
        recordUnresolved(env, key, category, cn == u"function");
        if (nonFatal) {
            warn(env, problem::kUnknownClass, QStringLiteral("Unknown %1 '%2'").arg(identifierKindWord(category), key));
            return;
        }
        const QString word = identifierKindWord(category);
        Problem& p = raise(env, cn == u"function" ? problem::kUnknownFunction : problem::kUnknownClass, ErrorCode::ValueError,
                           [this, env, word](bool full) { return loadmsg::couldNotInterpret(word, repr(env, full)); });
        p.fixIts = classCandidates(env, key, category);
        return;
    }
    recordBuiltin(env, key, *entry);
    if (entry->kind != EntryKind::Class)
        return;
    // deserialize_keras_object(serialize_with_public_class(cls, inner_config)): the printed
    // envelope is the fresh public one around the original inner config.
    fromConfig(env, inner, Resolved{entry, nullptr}, LoadPath::ModuleObjects, Expect{category, false, nonFatal}, true);
}

void LoadWalker::activationGet(json::NodeId node, bool nonFatal, bool legacyPath)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    if (m_doc.kind(node) == json::Kind::Object) {
        // K3 activations.get(dict) -> the general path; tf-keras: legacy without `module`.
        if (k3)
            generalDeserialize(node, Expect{Category::Activations, false, nonFatal});
        else if (envelope(node).module == json::kNoNode)
            legacyDeserialize(node, Category::Activations, nonFatal);
        else
            moduleObjectsDict(node, Category::Activations, nonFatal);
        return;
    }
    if (m_doc.kind(node) != json::Kind::String)
        return; // None -> linear
    const QString name = text(node);
    // K3 looks strings up among the built-ins only; the legacy path (and tf-keras) first turn
    // a string naming a registered function into that function.
    if (!k3 || legacyPath) {
        if (const CustomObjectEntry* e = m_custom.find(name)) {
            recordCustom(node, name, Category::Activations, *e);
            return;
        }
    }
    if (const BuiltinEntry* b = m_catalog.lookup(Category::Activations, name)) {
        recordBuiltin(node, name, *b);
        return;
    }
    recordUnresolved(node, name, Category::Activations, true);
    if (nonFatal) {
        warn(node, problem::kUnknownFunction, QStringLiteral("Unknown activation function '%1'").arg(name));
        return;
    }
    Problem& p = k3 ? raise(node, problem::kUnknownFunction, ErrorCode::ValueError,
                            [name](bool) { return loadmsg::couldNotInterpret(QStringLiteral("activation function"), name); })
                    : raise(node, problem::kUnknownFunction, ErrorCode::ValueError,
                            [name](bool) { return loadmsg::unknownLegacy(QStringLiteral("activation function"), name); });
    p.fixIts = classCandidates(node, name, Category::Activations);
}

void LoadWalker::legacyDeserialize(json::NodeId env, Category category, bool nonFatal)
{
    const Envelope e = envelope(env);
    if (e.className == json::kNoNode || e.config == json::kNoNode) {
        if (!nonFatal)
            raise(env, problem::kInvalidEntry, ErrorCode::ValueError,
                  [this, env](bool full) { return loadmsg::improperLegacyFormat(repr(env, full)); });
        return;
    }
    const QString cn = text(e.className);
    const Resolved r = lookupModuleObject(env, cn, category);
    if (!r.ok()) {
        recordUnresolved(env, cn, category, false);
        if (nonFatal) {
            warn(env, problem::kUnknownClass, QStringLiteral("Unknown %1 '%2'").arg(printableName(category), cn));
            return;
        }
        Problem& p = raise(env, problem::kUnknownClass, ErrorCode::ValueError,
                           [this, category, cn](bool) { return loadmsg::unknownLegacy(printableName(category), cn); });
        p.fixIts = classCandidates(env, cn, category);
        unresolvedFallbackScan(e.config);
        return;
    }
    if (r.builtin && r.builtin->kind != EntryKind::Class)
        return;
    fromConfig(env, e.config, r, LoadPath::Legacy, Expect{category, false, nonFatal});
}

} // namespace kcs::keras
