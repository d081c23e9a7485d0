// SPDX-License-Identifier: GPL-3.0-or-later
// What from_config does with a resolved class: built-in layers (dtype, wrapped layers, Lambda
// safety, nested objects; the constructor's key check is in LoadSimulationConstructor.cpp), other
// built-ins, custom classes, and the legacy layer entry of Keras 3's .h5 path (spec 8.1).
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"

#include <QVarLengthArray>

namespace kcs::keras {
namespace {

bool isWrappedLayerKey(std::string_view key)
{
    return key == "layer" || key == "backward_layer" || key == "cell" || key == "cells";
}

/// K3 legacy saving_utils.model_from_config rewrites (spec 8.1) of a layer's inner config.
json::Value legacyConverted(json::Value inner, QStringView className, const QStringList& lambdaDropped)
{
    if (!inner.isObject())
        return inner;
    if (json::Value* bis = inner.find(u"batch_input_shape")) {
        json::Value shape = *bis;
        inner.remove(u"batch_input_shape");
        if (!shape.isNull())
            inner.set(className == u"InputLayer" ? QStringLiteral("batch_shape") : QStringLiteral("input_shape"), shape);
    }
    if (json::Value* axis = inner.find(u"axis")) {
        json::Value a = *axis;
        inner.remove(u"axis");
        // A one-element list becomes its int, a number an int; any other value is dropped.
        if (a.isArray() && a.size() == 1)
            inner.set(QStringLiteral("axis"), json::Value(a.items()[0].toInt()));
        else if (a.isNumber())
            inner.set(QStringLiteral("axis"), json::Value(a.toInt()));
    }
    if (className == u"Lambda") {
        for (const QString& k : lambdaDropped)
            inner.remove(k);
        if (json::Value* fn = inner.find(u"function"); fn && fn->isArray() && fn->size() >= 3) {
            json::Value marker = json::Value::object();
            json::Value cfg = json::Value::object();
            cfg.append(QStringLiteral("code"), fn->items()[0]);
            cfg.append(QStringLiteral("defaults"), fn->items()[1]);
            cfg.append(QStringLiteral("closure"), fn->items()[2]);
            marker.append(QStringLiteral("class_name"), QStringLiteral("__lambda__"));
            marker.append(QStringLiteral("config"), std::move(cfg));
            *fn = std::move(marker);
        }
    }
    return inner;
}

} // namespace

void LoadWalker::fromConfig(json::NodeId env, json::NodeId inner, const Resolved& target, LoadPath path,
                            Expect expect, bool publicEnvelope)
{
    if (target.custom) {
        customFromConfig(env, inner, *target.custom, path);
        return;
    }
    const BuiltinEntry& entry = *target.builtin;
    if (path != LoadPath::Legacy) {
        Frame f;
        f.kind = Frame::Kind::General;
        f.entry = &entry;
        f.node = env;
        f.publicEnvelope = publicEnvelope ? &entry : nullptr;
        pushFrame(std::move(f));
    }
    const QString& pyName = pythonClassName(entry);
    if (pyName == QLatin1String("Sequential")) {
        sequentialFromConfig(env, inner, path);
    } else if (pyName == QLatin1String("Functional") || pyName == QLatin1String("Model")) {
        functionalFromConfig(env, inner, path);
    } else if (entry.category == Category::Layers) {
        builtinLayerFromConfig(env, inner, entry, path);
    } else {
        builtinObjectFromConfig(env, inner, entry);
    }
    (void)expect;
}

void LoadWalker::builtinLayerFromConfig(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry,
                                        LoadPath path, std::shared_ptr<const json::Value> converted)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    const QString& owner = entry.fromConfig.owner;
    const bool quantized = owner == QLatin1StringView("Dense") || owner == QLatin1StringView("EinsumDense")
        || owner == QLatin1StringView("Embedding");
    // K3: Operation.from_config (directly or through Dense & co.) wraps every exception;
    // tf-keras: Layer.from_config does, unless a subclass overrides it.
    const bool wraps = k3 ? (!entry.fromConfig.custom || quantized) : !entry.fromConfig.custom;
    if (wraps) {
        Frame f;
        f.kind = Frame::Kind::LayerFromConfig;
        f.entry = &entry;
        f.node = inner;
        f.value = converted;
        f.k3LayerConfig = k3;
        f.addQuantizationConfig = k3 && quantized;
        pushFrame(std::move(f));
    }
    // One pass over the keys finds the dtype (the last one, as Python's dict keeps it) and the
    // wrapped layers; the dtype policy is built first.
    json::NodeId dtype = json::kNoNode;
    QVarLengthArray<json::NodeId, 4> wrapped;
    for (const KeyedMember& m : keysOf(inner)) {
        if (m.text == "dtype")
            dtype = m.member;
        else if (isWrappedLayerKey(m.text))
            wrapped.push_back(m.member);
    }
    // tf-keras: Bidirectional, RNN and StackedRNNCells deserialize what they wrap through
    // layers.deserialize, which hands an unknown class back as its name, and their __init__
    // refuses the string. Wrapper.from_config (TimeDistributed) takes the legacy path instead,
    // which raises "Unknown layer" at once.
    std::shared_ptr<std::vector<json::NodeId>> handedBack;
    if (!k3 && !wrapped.isEmpty() && (owner == QLatin1StringView("Bidirectional") || owner == QLatin1StringView("RNN")
                                               || owner == QLatin1StringView("StackedRNNCells")))
        handedBack = std::make_shared<std::vector<json::NodeId>>();
    TaskList fns;
    if (isObject(dtype))
        fns.push_back([this, dtype] { nestedGet(dtype, NestedGet::ModuleObjects, Category::DtypePolicies, false); });
    for (const json::NodeId c : wrapped) {
        const auto one = [this, k3, handedBack](json::NodeId n) {
            if (k3)
                generalDeserialize(n, Expect{Category::Layers, true, false});
            else
                keras2LayerEntry(n, false, handedBack.get());
        };
        if (isObject(c))
            fns.push_back([one, c] { one(c); });
        else if (m_doc.kind(c) == json::Kind::Array)
            for (int j = 0; j < m_doc.childCount(c); ++j)
                fns.push_back([one, n = m_doc.child(c, j)] { one(n); });
    }
    if (handedBack)
        fns.push_back([this, inner, &entry, handedBack] { refuseHandedBackLayers(inner, entry, *handedBack); });
    if (pythonClassName(entry) == QLatin1String("Lambda"))
        fns.push_back([this, env, inner, path] { checkLambdaLayer(env, inner, path); });
    // The constructor's check schedules nothing: the nested objects follow it in the same step.
    fns.push_back([this, env, inner, &entry, converted, path] {
        checkConstructor(env, inner, entry, converted);
        scheduleNestedObjects(inner, &entry, path, false);
    });
    schedule(std::move(fns));
}

void LoadWalker::refuseHandedBackLayers(json::NodeId inner, const BuiltinEntry& entry,
                                        const std::vector<json::NodeId>& handedBack)
{
    if (handedBack.empty())
        return;
    // __init__ checks what it was given in its own order: Bidirectional its layer before its
    // backward_layer; the cells in order. The first string it meets is the error.
    const auto keyOfEntry = [this, inner](json::NodeId n) {
        json::NodeId m = n;
        while (m_doc.parent(m) != inner && m_doc.parent(m) != json::kNoNode)
            m = m_doc.parent(m);
        return keyOf(m);
    };
    json::NodeId first = handedBack.front();
    if (entry.fromConfig.owner == u"Bidirectional") {
        for (json::NodeId n : handedBack) {
            if (keyOfEntry(n) == "layer")
                first = n;
        }
    }
    const QString name = text(envelope(first).className);
    const std::string_view key = keyOfEntry(first);
    QString message;
    if (entry.fromConfig.owner == u"Bidirectional")
        message = key == "layer" ? QStringLiteral("Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` "
                                                  "instance. Received: %1").arg(name)
                                 : QStringLiteral("`backward_layer` need to be a `tf.keras.layers.Layer` instance. "
                                                  "Received: %1").arg(name);
    else if (entry.fromConfig.owner == u"RNN" && key == "cell" && m_doc.parent(first) == inner)
        message = QStringLiteral("Argument `cell` should have a `call` method. The RNN was passed: cell=%1").arg(name);
    else // StackedRNNCells, or an RNN given a list of cells (made into a StackedRNNCells)
        message = QStringLiteral("All cells must have a `call` method. Received cell without a `call` method: %1").arg(name);
    Problem& p = raise(first, problem::kUnknownClass, ErrorCode::ValueError, [message](bool) { return message; });
    p.fixIts = classCandidates(first, name, Category::Layers);
}

void LoadWalker::builtinObjectFromConfig(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry)
{
    // Initializers, regularizers, constraints, optimizers, losses, metrics, schedules, policies:
    // from_config is cls(**config) (optimizers first turn a learning-rate dict into a schedule).
    TaskList fns;
    const json::NodeId lr = entry.category == Category::Optimizers ? member(inner, "learning_rate") : json::kNoNode;
    if (isObject(lr))
        fns.push_back([this, lr] { generalDeserialize(lr, Expect{Category::LearningRateSchedules, false, false}); });
    fns.push_back([this, env, inner, &entry] { checkConstructor(env, inner, entry, {}); });
    schedule(std::move(fns));
}

void LoadWalker::customFromConfig(json::NodeId env, json::NodeId inner, const CustomObjectEntry& entry,
                                  LoadPath path)
{
    // We have no code for it: its own from_config may do anything. Declared parameters let us
    // point at keys it will not take; nested objects are resolved for the table, as warnings.
    const ObjectDescriptor& d = entry.descriptor;
    if (d.params && !d.acceptsExtraKwargs && isObject(inner)) {
        const QStringList base = d.category.value_or(Category::Layers) == Category::Layers
            ? m_catalog.baseLayer().acceptedKeys : QStringList();
        for (int i = 0; i < m_doc.childCount(inner); ++i) {
            const json::NodeId c = m_doc.child(inner, i);
            const QString k = m_doc.key(c);
            if (d.params->contains(k) || base.contains(k))
                continue;
            Problem& p = warn(c, problem::kUnrecognizedKwargs,
                              QStringLiteral("%1.__init__() got an unexpected keyword argument '%2' "
                                             "(by the parameters declared for '%3')").arg(d.shortName(), k, d.key));
            p.fixIts.push_back({QStringLiteral("Remove '%1'").arg(k), {{FixEdit::Op::Remove, pointerOf(c), {}, {}}}});
        }
    }
    (void)env;
    pushShadow();
    scheduleOne([this, inner, path] { scheduleNestedObjects(inner, nullptr, path, true); });
}

void LoadWalker::scheduleNestedObjects(json::NodeId inner, const BuiltinEntry* entry, LoadPath path, bool nonFatal)
{
    if (!isObject(inner))
        return;
    const auto getTask = [this, nonFatal, path](json::NodeId c, Category cat) -> TaskFn {
        if (cat == Category::Activations)
            return [this, c, nonFatal, path] {
                nestedGet(c, path == LoadPath::Legacy ? NestedGet::LegacyActivation : NestedGet::Activation,
                          Category::Activations, nonFatal);
            };
        return [this, c, cat, nonFatal] { nestedGet(c, NestedGet::ModuleObjects, cat, nonFatal); };
    };
    const std::vector<KeyedMember>& keys = keysOf(inner);
    TaskList fns;
    // A built-in layer whose keys are those its class last accepted has its nested objects
    // under the same keys as the layer before it: their places are kept, not found again.
    AcceptedKeys* plan = nullptr;
    if (entry && !nonFatal && m_keysMatchedNode == inner && m_keysMatchedEntry == entry) {
        plan = &m_lastAccepted[entry];
        if (plan->nestedKnown) {
            // Objects seen before (the usual case) are answered here, in order, until one has to
            // be walked: it and those after it become steps.
            bool walking = false;
            for (AcceptedKeys::NestedPlace& place : plan->nested) {
                const json::NodeId c = keys[size_t(place.index)].member;
                if (m_doc.kind(c) == json::Kind::Null) // get(None) is None for every family
                    continue;
                if (!walking) {
                    const NestedGet how = place.category != Category::Activations ? NestedGet::ModuleObjects
                        : path == LoadPath::Legacy ? NestedGet::LegacyActivation
                                                   : NestedGet::Activation;
                    const MemoKey key = memoKey(c, how, place.category, false);
                    if (!key.bytes.empty() && !(place.lastResolutions && key == place.last)) {
                        const auto it = m_memo.find(key);
                        place.last = key;
                        place.lastResolutions = it != m_memo.end() ? &it->second : nullptr;
                    }
                    if (!key.bytes.empty() && place.lastResolutions) {
                        replay(c, *place.lastResolutions);
                        continue;
                    }
                    walking = true;
                }
                fns.push_back(getTask(c, place.category));
            }
            schedule(std::move(fns));
            return;
        }
    }
    for (size_t i = 0; i < keys.size(); ++i) {
        const json::NodeId c = keys[i].member;
        const std::string_view key = keys[i].text;
        if (entry && (key == "dtype" || isWrappedLayerKey(key)))
            continue; // done before the constructor ran
        const std::optional<Category> cat = nestedObjectCategory(key);
        if (cat && plan)
            plan->nested.push_back({int(i), *cat, {}, nullptr});
        if (m_doc.kind(c) == json::Kind::Null)
            continue; // get(None) is None for every family: nothing to look up
        if (!cat) {
            if (nonFatal && isObject(c) && member(c, "class_name") != json::kNoNode)
                fns.push_back([this, c] { generalDeserialize(c, Expect{Category::Layers, false, true}); });
            continue;
        }
        fns.push_back(getTask(c, *cat));
    }
    if (plan)
        plan->nestedKnown = true;
    schedule(std::move(fns));
}

void LoadWalker::checkLambdaLayer(json::NodeId env, json::NodeId inner, LoadPath path)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    const QString layerName = stringAt(inner, "name");
    const json::NodeId fn = member(inner, "function");
    QString type;
    json::NodeId code = json::kNoNode;
    if (isObject(fn) && stringAt(fn, "class_name") == u"__lambda__") {
        type = QStringLiteral("__lambda__");
        const json::NodeId cfg = member(fn, "config");
        code = member(cfg, "code");
        if (code == json::kNoNode) {
            const json::NodeId value = member(cfg, "value");
            if (m_doc.kind(value) == json::Kind::Array && m_doc.childCount(value) > 0)
                code = m_doc.child(value, 0);
        }
    } else if (stringAt(inner, "function_type") == u"lambda") {
        type = QStringLiteral("lambda");
        if (m_doc.kind(fn) == json::Kind::Array && m_doc.childCount(fn) > 0)
            code = m_doc.child(fn, 0);
    } else if (m_doc.kind(fn) == json::Kind::Array && m_doc.childCount(fn) >= 3 && k3 && path == LoadPath::Legacy) {
        type = QStringLiteral("lambda"); // the K3 .h5 converter turns any list into a lambda marker
        code = m_doc.child(fn, 0);
    }
    if (type.isEmpty())
        return; // a named function: resolved like any other function
    // K3 refuses in safe mode on every path; tf-keras only inside serialization_lib's safe-mode
    // scope (model_from_json, functional .h5 layers), not on the legacy path (spec 6).
    const bool refused = m_options.safeMode && (k3 || path != LoadPath::Legacy);
    recordLambda(env, layerName, type, code, refused);
    if (!refused)
        return;
    Problem& p = raise(fn != json::kNoNode ? fn : env, problem::kLambdaSafeMode, ErrorCode::ValueError,
                       [this](bool) { return loadmsg::lambdaLayer(m_options.target); });
    (void)p;
}

void LoadWalker::recordLambda(json::NodeId node, const QString& layerName, const QString& type,
                              json::NodeId code, bool refused)
{
    LambdaInfo info;
    info.pointer = pointerOf(node);
    info.layerName = layerName;
    info.functionType = type;
    info.base64Length = isString(code) ? text(code).size() : 0;
    info.refusedInSafeMode = refused;
    m_report.lambdas.push_back(std::move(info));
    record(node, type == u"__lambda__" ? QStringLiteral("__lambda__") : QStringLiteral("lambda"),
           Category::Layers, true, ResolutionSource::Special, {}, QStringLiteral("Python bytecode (never run)"));
}

void LoadWalker::unresolvedFallbackScan(json::NodeId inner)
{
    // The class is unknown, but its config may name more objects: list them too (as warnings,
    // since Keras stops before it gets there and we do not know what that class does).
    pushShadow();
    scheduleOne([this, inner] { scheduleNestedObjects(inner, nullptr, LoadPath::General, true); });
}

void LoadWalker::legacyLayerEntry(json::NodeId entry)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    Q_ASSERT(k3);
    if (m_doc.kind(entry) == json::Kind::Array) {
        raise(entry, problem::kListConfig, ErrorCode::TypeError,
              [this, entry](bool full) { return loadmsg::modelFromConfigList(repr(entry, full)); });
        return;
    }
    const Envelope e = envelope(entry);
    const json::NodeId inner = e.config;
    if (!isObject(entry) || inner == json::kNoNode) {
        raise(entry, problem::kInvalidEntry, ErrorCode::ValueError,
              [this, entry](bool full) { return loadmsg::invalidLayerEntry(repr(entry, full)); });
        return;
    }
    if (m_doc.kind(inner) == json::Kind::Array) {
        // config["config"].pop("batch_input_shape", None) on a Keras 1 list-form Sequential.
        raise(inner, problem::kListConfig, ErrorCode::TypeError,
              [](bool) { return QStringLiteral("pop expected at most 1 argument, got 2"); });
        return;
    }
    if (!isObject(inner)) {
        const QString type = serialization::pyReprType(valueType(inner)).section(QLatin1Char('\''), 1, 1);
        raise(inner, problem::kConfigNotDict, ErrorCode::AttributeError,
              [type](bool) { return QStringLiteral("'%1' object has no attribute 'pop'").arg(type); });
        return;
    }
    const QString cn = text(e.className);
    const Resolved r = lookupModuleObject(entry, cn, Category::Layers);
    if (!r.ok()) {
        recordUnresolved(entry, cn, Category::Layers, false);
        Problem& p = raise(entry, problem::kUnknownClass, ErrorCode::ValueError,
                           [cn](bool) { return loadmsg::unknownLegacy(QStringLiteral("layer"), cn); });
        p.fixIts = classCandidates(entry, cn, Category::Layers);
        unresolvedFallbackScan(inner);
        return;
    }
    if (r.custom) {
        customFromConfig(entry, inner, *r.custom, LoadPath::Legacy);
        return;
    }
    const QString pyName = pythonClassName(*r.builtin);
    if (pyName == u"Sequential" || pyName == u"Functional" || pyName == u"Model") {
        fromConfig(entry, inner, r, LoadPath::Legacy, Expect{Category::Layers, true, false});
        return;
    }
    Result<json::Value> value = m_doc.toValue(inner);
    std::shared_ptr<const json::Value> converted;
    if (value)
        converted = std::make_shared<const json::Value>(
            legacyConverted(std::move(*value), cn, m_catalog.legacyH5LambdaDroppedKeys()));
    builtinLayerFromConfig(entry, inner, *r.builtin, LoadPath::Legacy, converted);
}

void LoadWalker::keras2LayerEntry(json::NodeId entry, bool legacy, std::vector<json::NodeId>* unknownOut)
{
    // tf-keras layers.deserialize: "if not config" first, then legacy or module-objects mode.
    if (m_doc.kind(entry) == json::Kind::Null || (m_doc.kind(entry) == json::Kind::Object && m_doc.childCount(entry) == 0)
        || (m_doc.kind(entry) == json::Kind::Array && m_doc.childCount(entry) == 0)) {
        raise(entry, problem::kEmptyConfig, ErrorCode::ValueError,
              [this, entry](bool full) { return loadmsg::emptyConfig(repr(entry, full)); });
        return;
    }
    if (legacy) {
        legacyDeserialize(entry, Category::Layers, false);
        return;
    }
    const Envelope env = envelope(entry);
    if (!isObject(entry) || env.className == json::kNoNode) {
        raise(entry, problem::kInvalidEntry, ErrorCode::ValueError,
              [this, entry](bool full) { return loadmsg::unknownConfigAsDict(repr(entry, full)); });
        return;
    }
    const QString cn = text(env.className);
    const json::NodeId inner = env.config;
    const QString reg = text(env.registeredName);
    if (m_custom.find(cn) || (!reg.isEmpty() && m_custom.find(reg))) {
        generalEnvelope(entry, Expect{Category::Layers, true, false});
        return;
    }
    if (const json::NodeId mod = env.module; mod != json::kNoNode && m_doc.isNull(mod)) {
        recordUnresolved(entry, cn, Category::Layers, false);
        raise(entry, problem::kUnregisteredModuleNull, ErrorCode::TypeError,
              [cn](bool) { return loadmsg::moduleNullUnregistered(cn); });
        return;
    }
    const BuiltinEntry* e = m_catalog.lookup(Category::Layers, cn);
    if (!e) {
        recordUnresolved(entry, cn, Category::Layers, false);
        if (unknownOut) {
            unknownOut->push_back(entry); // the name comes back as a string; calling it fails later
        } else {
            Problem& p = raise(entry, problem::kUnknownClass, ErrorCode::ValueError,
                               [cn](bool) { return loadmsg::unknownLegacy(QStringLiteral("layer"), cn); });
            p.fixIts = classCandidates(entry, cn, Category::Layers);
        }
        unresolvedFallbackScan(inner);
        return;
    }
    recordBuiltin(entry, cn, *e);
    fromConfig(entry, inner, Resolved{e, nullptr}, LoadPath::ModuleObjects, Expect{Category::Layers, true, false}, true);
}

} // namespace kcs::keras
