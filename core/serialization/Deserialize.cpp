// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Deserialize.h"

#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Builtins.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/Messages.h"
#include "core/serialization/Repr.h"
#include "core/serialization/Sharing.h"
#include "core/serialization/Symbol.h"

namespace kcs::saving {

namespace detail {

bool isTruthy(const PyValue& value)
{
    using T = PyValue::Type;
    switch (value.type()) {
    case T::None: return false;
    case T::Bool: return value.toBool();
    case T::Int: return value.toInt() != 0;
    case T::Float: return value.toDouble() != 0;
    case T::Str: return !value.str().isEmpty();
    case T::Bytes: return !value.bytesValue().isEmpty();
    case T::List:
    case T::Tuple: return !value.items().empty();
    case T::Dict: return !value.dictValue().isEmpty();
    default: return true;
    }
}

std::shared_ptr<const ObjectMap> mergedCustomObjects(const ObjectMap& customObjectsArg)
{
    const ThreadState& state = threadState();
    const quint64 generation = customObjects().generation();
    // The common cases share an existing map instead of copying: no caller dict and no scope
    // (the registry itself), or a nested call inside a from_config whose scope map is the
    // merged map of the enclosing call (merging it again gives the same map).
    if (customObjectsArg.isEmpty()) {
        if (!state.scope || state.scope->isEmpty())
            return customObjects().sharedSnapshot();
        if (state.scope == state.mergedScope && state.registryGeneration == generation)
            return state.scope;
    }
    auto merged = std::make_shared<ObjectMap>(customObjectsArg);
    merged->update(currentScopeObjects());
    merged->update(*customObjects().sharedSnapshot());
    return merged;
}

Error recursionError()
{
    return Error(ErrorCode::RuntimeError, QStringLiteral("maximum recursion depth exceeded"));
}

namespace {
thread_local KerasVersion t_version;
thread_local int t_depth = 0;
} // namespace

DepthGuard::DepthGuard() { ++t_depth; }
DepthGuard::~DepthGuard() { --t_depth; }
bool DepthGuard::exceeded() const { return t_depth > kMaxDepth; }

KerasVersion currentVersion() { return t_version; }

VersionScope::VersionScope(const KerasVersion& version) : m_saved(t_version)
{
    t_version = version;
}

VersionScope::~VersionScope() { t_version = m_saved; }

} // namespace detail

namespace {

using detail::ObjectKind;

QString str(const PyValue& v)
{
    return v.isStr() ? v.str() : repr(v);
}

PyValue envelope(PyValue module, PyValue className, PyValue config, PyValue registeredName)
{
    return PyValue::dict({{QStringLiteral("module"), std::move(module)},
                          {QStringLiteral("class_name"), std::move(className)},
                          {QStringLiteral("config"), std::move(config)},
                          {QStringLiteral("registered_name"), std::move(registeredName)}});
}

/// One deserialize_keras_object call tree. Nested calls re-enter run() with the merged map as
/// their custom objects, as Keras's recursive calls do.
class Deserializer {
public:
    explicit Deserializer(const KerasVersion& version) : m_version(version) {}

    /// deserialize_keras_object(config, custom_objects, safe_mode, module_objects).
    Result<PyValue> run(const PyValue& config, const ObjectMap& customObjects, bool safeModeArg,
                        const ObjectMap* moduleObjects);
    /// The same with custom_objects already merged (what every nested call of Keras passes).
    Result<PyValue> runMerged(const PyValue& config, const std::shared_ptr<const ObjectMap>& merged,
                              bool safeModeArg, const ObjectMap* moduleObjects);

private:
    struct ModuleResult {
        bool done = false;
        PyValue value;
    };
    Result<ModuleResult> moduleMode(const PyValue& config, const ObjectMap& merged,
                                    const ObjectMap& moduleObjects);
    Result<PyValue> marker(const QString& cn, const PyValue& inner, const PyValue& config,
                           bool safe, bool& handled);
    Result<PyValue> envelopeOf(const PyValue& config, const ObjectMap& merged, bool safe);
    Result<PyValue> build(const PyValue& target, const QString& cn, const PyValue& inner,
                          const PyValue& config, const ObjectMap& merged, bool safe);

    KerasVersion m_version;
    std::shared_ptr<const ObjectMap> m_merged; ///< of the innermost runMerged (same for a whole tree)
};

Result<PyValue> Deserializer::run(const PyValue& config, const ObjectMap& customObjectsArg,
                                  bool safeModeArg, const ObjectMap* moduleObjects)
{
    return runMerged(config, detail::mergedCustomObjects(customObjectsArg), safeModeArg, moduleObjects);
}

Result<PyValue> Deserializer::runMerged(const PyValue& config,
                                        const std::shared_ptr<const ObjectMap>& mergedPtr,
                                        bool safeModeArg, const ObjectMap* moduleObjects)
{
    detail::DepthGuard guard;
    if (guard.exceeded())
        return std::unexpected(detail::recursionError());
    const std::optional<bool> flag = inSafeMode();
    const bool safe = flag ? *flag : safeModeArg;
    const ObjectMap& merged = *mergedPtr;
    m_merged = mergedPtr;

    if (config.isNone())
        return PyValue();
    if (config.isStr()) {
        if (const PyValue* hit = merged.find(config.str()); hit && !hit->isNone())
            return *hit;
    }
    if (config.isListOrTuple()) {
        std::vector<PyValue> out;
        out.reserve(config.items().size());
        for (const PyValue& item : config.items()) {
            auto d = runMerged(item, mergedPtr, safe, nullptr);
            if (!d)
                return d;
            out.push_back(std::move(*d));
        }
        return PyValue::list(std::move(out));
    }
    if (moduleObjects) {
        auto r = moduleMode(config, merged, *moduleObjects);
        if (!r)
            return std::unexpected(r.error());
        if (r->done)
            return r->value;
    }
    if (config.isPlain())
        return config;
    if (!config.isDict())
        return fail(ErrorCode::TypeError, QStringLiteral("Could not parse config: %1").arg(repr(config)));
    if (!config.get(u"class_name") || !config.get(u"config")) {
        PyValue out = PyValue::dict();
        for (const auto& [key, value] : config.dictValue().items()) {
            auto d = runMerged(value, mergedPtr, safe, nullptr);
            if (!d)
                return d;
            out.dictValue().items().emplace_back(key, std::move(*d));
        }
        return out;
    }
    return envelopeOf(config, merged, safe);
}

Result<Deserializer::ModuleResult> Deserializer::moduleMode(const PyValue& config,
                                                            const ObjectMap& merged,
                                                            const ObjectMap& moduleObjects)
{
    PyValue key = config;
    PyValue inner;
    PyValue fnModule;
    if (config.isDict()) {
        inner = config.value(u"config");
        const PyValue* cn = config.get(u"class_name");
        if (!cn)
            return fail(ErrorCode::ValueError,
                        QStringLiteral("Unknown `config` as a `dict`, config=%1").arg(repr(config)));
        const PyValue reg = config.value(u"registered_name");
        const bool custom = !merged.isEmpty()
            && ((cn->isStr() && merged.contains(cn->str())) || (reg.isStr() && merged.contains(reg.str()))
                || (inner.isStr() && merged.contains(inner.str())));
        if (custom)
            return ModuleResult{}; // continue with the general path on the original dict
        if (cn->isStr() && cn->str() == u"function") {
            const PyValue* module = config.get(u"module");
            if (!module)
                return fail(ErrorCode::NotFound, QStringLiteral("'module'"));
            fnModule = *module;
            const bool builtins = module->isStr() && module->str() == u"builtins";
            key = builtins ? inner : config.value(u"registered_name");
        } else {
            if (const PyValue* module = config.get(u"module"); module && module->isNone())
                return fail(ErrorCode::TypeError,
                            QStringLiteral("Cannot deserialize object of type `%1`. If `%1` is a custom "
                                           "class, please register it using the "
                                           "`@keras.saving.register_keras_serializable()` decorator.")
                                .arg(str(*cn)));
            key = *cn;
        }
    }
    const PyValue* target = key.isStr() ? moduleObjects.find(key.str()) : nullptr;
    if (!target)
        return ModuleResult{true, key}; // not a built-in of this table: handed back as is
    PyValue rebuilt;
    if (target->isFunction()) {
        const SymbolRef fn = target->symbol();
        // serialize_with_public_fn: the original module for function envelopes, else the export.
        PyValue module = fnModule;
        if (!detail::isTruthy(fnModule))
            module = fn->exportPath.isEmpty() ? PyValue(fn->module) : PyValue(fn->exportModule());
        rebuilt = envelope(module, QStringLiteral("function"), key, key);
    } else if (target->isClass()) {
        const SymbolRef cls = target->symbol();
        rebuilt = cls->exportPath.isEmpty()
            ? envelope(cls->module, cls->name, inner, registeredNameOf(cls))
            : envelope(cls->exportModule(), cls->exportName(), inner, PyValue());
    } else {
        return ModuleResult{true, *target};
    }
    auto d = runMerged(rebuilt, m_merged, true, nullptr);
    if (!d)
        return std::unexpected(d.error());
    return ModuleResult{true, *d};
}

Result<PyValue> Deserializer::marker(const QString& cn, const PyValue& inner, const PyValue& config,
                                     bool safe, bool& handled)
{
    handled = true;
    if (cn == u"__keras_tensor__")
        return PyValue::kerasTensor(inner.value(u"shape"), inner.value(u"dtype").toStr(),
                                    inner.value(u"keras_history"));
    if (cn == u"__tensor__")
        return PyValue::tensor(inner.value(u"value"), inner.value(u"dtype").toStr());
    if (cn == u"__numpy__")
        return PyValue::numpyArray(inner.value(u"value"), inner.value(u"dtype").toStr());
    if (cn == u"__bytes__") {
        const PyValue value = inner.value(u"value");
        if (!value.isStr())
            return fail(ErrorCode::AttributeError,
                        QStringLiteral("'%1' object has no attribute 'encode'").arg(pythonTypeName(value)));
        return PyValue::bytes(value.str().toUtf8());
    }
    if (cn == u"__ellipsis__")
        return PyValue::ellipsis();
    if (cn == u"__slice__") {
        PyValue parts[3];
        const char16_t* names[3] = {u"start", u"stop", u"step"};
        for (int i = 0; i < 3; ++i) {
            auto d = runMerged(inner.value(QStringView(names[i])), m_merged, safe, nullptr);
            if (!d)
                return d;
            parts[i] = *d;
        }
        return PyValue::slice(parts[0], parts[1], parts[2]);
    }
    if (cn == u"__lambda__") {
        if (safe)
            return fail(ErrorCode::ValueError, m_version.isKeras3() ? messages::lambdaGenericK3()
                                                                    : messages::lambdaGenericK2());
        return PyValue::lambda(inner); // kept as data: never turned into code
    }
    if (cn == u"__typespec__") {
        if (!inner.isListOrTuple())
            return fail(ErrorCode::TypeError,
                        QStringLiteral("Expected 'config' to be a list or a tuplefor a __typespec__ "
                                       "class name,\ninstead got %1\nFull config: %2")
                            .arg(typeRepr(inner), repr(config)));
        return PyValue::typeSpec(config); // TensorFlow specs are kept, not rebuilt
    }
    handled = false;
    return PyValue();
}

Result<PyValue> Deserializer::envelopeOf(const PyValue& config, const ObjectMap& merged, bool safe)
{
    const PyValue cnValue = config.value(u"class_name");
    const QString cn = str(cnValue);
    PyValue inner = config.value(u"config");
    if (inner.isNone())
        inner = PyValue::dict();
    bool handled = false;
    auto special = marker(cn, inner, config, safe, handled);
    if (handled)
        return special;

    const PyValue module = config.value(u"module");
    const PyValue* regEntry = config.get(u"registered_name");
    const PyValue reg = regEntry ? *regEntry : cnValue;
    if (cn == u"function") {
        if (!inner.isStr())
            return fail(ErrorCode::TypeError,
                        QStringLiteral("Expected 'config' to be a non-null str fora function "
                                       "classname,\ninstead got %1\nFull config: %2")
                            .arg(typeRepr(inner), repr(config)));
        return detail::resolveClassOrFunction(inner.str(), reg, module, ObjectKind::Function, config,
                                              merged, m_version);
    }
    if (!inner.isDict())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("Expected 'config' to be a dict for %1,\ninstead got %2\nFull config: %3")
                        .arg(cn, typeRepr(inner), repr(config)));
    const PyValue* sharedId = config.get(u"shared_object_id");
    if (sharedId) {
        if (auto shared = sharing::sharedObject(*sharedId))
            return *shared;
    }
    auto target = detail::resolveClassOrFunction(cn, reg, module, ObjectKind::Class, config, merged,
                                                 m_version);
    if (!target)
        return target;
    if (target->isFunction())
        return *target;
    auto instance = build(*target, cn, inner, config, merged, safe);
    if (instance && sharedId)
        sharing::recordAfterDeserialization(*instance, *sharedId);
    return instance;
}

Result<PyValue> Deserializer::build(const PyValue& target, const QString& cn, const PyValue& inner,
                                    const PyValue& config, const ObjectMap& merged, bool safe)
{
    if (!target.isClass() || !target.symbol()->hasFromConfig())
        return fail(ErrorCode::TypeError, messages::missingFromConfig(cn, repr(config)));
    const SymbolRef cls = target.symbol();
    (void)merged;
    // The scope map becomes the merged map; nested calls recognise it and skip re-merging.
    const std::shared_ptr<const ObjectMap> mergedPtr = m_merged;
    CustomObjectScope scope(mergedPtr);
    ThreadState& state = threadState();
    const auto savedTag = std::pair(state.mergedScope, state.registryGeneration);
    state.mergedScope = mergedPtr;
    state.registryGeneration = customObjects().generation();
    struct RestoreTag {
        std::pair<std::shared_ptr<const ObjectMap>, quint64> saved;
        ~RestoreTag()
        {
            threadState().mergedScope = saved.first;
            threadState().registryGeneration = saved.second;
        }
    } restoreTag{savedTag};
    SafeModeScope safeScope(safe);
    detail::VersionScope versionScope(m_version);
    auto made = cls->fromConfig(cls, inner);
    if (!made) {
        if (made.error().code != ErrorCode::TypeError)
            return made;
        return fail(ErrorCode::TypeError,
                    messages::couldNotBeDeserializedProperly(symbolRepr(cls), repr(config),
                                                             made.error().message));
    }
    if (made->isObject()) {
        Instance& object = *made->instance();
        const PyValue buildConfig = config.value(u"build_config");
        if (detail::isTruthy(buildConfig) && !object.isBuilt()) {
            if (auto ok = object.buildFromConfig(buildConfig); !ok)
                return std::unexpected(ok.error());
            object.setBuilt(true);
        }
        const PyValue compileConfig = config.value(u"compile_config");
        if (detail::isTruthy(compileConfig)) {
            if (auto ok = object.compileFromConfig(compileConfig); !ok)
                return std::unexpected(ok.error());
        }
    }
    return made;
}

} // namespace

Result<PyValue> deserializeKerasObject(const PyValue& config, const DeserializeOptions& options)
{
    Deserializer deserializer(options.version);
    return deserializer.run(config, options.customObjects, options.safeMode, options.moduleObjects);
}

} // namespace kcs::saving
