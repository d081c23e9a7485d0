// SPDX-License-Identifier: GPL-3.0-or-later
// Spec section 8: the legacy deserializer (tf.keras; Keras 3's `.h5` path) and Keras 3's legacy
// layer converter (8.1).
#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Builtins.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/Messages.h"
#include "core/serialization/Repr.h"
#include "core/serialization/Sharing.h"

namespace kcs::saving {

namespace {

/// get_registered_object of the legacy code: scope, global, caller dict, module objects.
PyValue registered(const QString& name, const LegacyDeserializeOptions& o, bool withModuleObjects)
{
    return registeredObjectFor(name, o.customObjects, withModuleObjects ? o.moduleObjects : nullptr);
}

Error unknown(const LegacyDeserializeOptions& o, const QString& name)
{
    return Error(ErrorCode::ValueError,
                 messages::unknownObjectLegacy(o.version, o.printableModuleName, name));
}

/// class_and_config_for_serialized_keras_object: the class, and the config with passive
/// objects and function names resolved (on a copy; `name` is never touched).
Result<std::pair<PyValue, PyValue>> classAndConfig(const PyValue& config,
                                                   const LegacyDeserializeOptions& o)
{
    const PyValue cnValue = config.value(u"class_name");
    const QString cn = cnValue.isStr() ? cnValue.str() : repr(cnValue);
    const PyValue cls = registered(cn, o, true);
    if (cls.isNone())
        return std::unexpected(unknown(o, cn));
    const PyValue inner = config.value(u"config");
    if (!inner.isDict())
        return std::pair{cls, inner}; // an ancient Sequential's list goes to the class unchanged
    PyValue out = PyValue::dict(inner.dictValue().items());
    for (auto& [key, item] : out.dictValue().items()) {
        if (key == u"name")
            continue;
        if (item.isDict() && item.dictValue().contains(u"__passive_serialization__")) {
            LegacyDeserializeOptions nested = o;
            nested.printableModuleName = QStringLiteral("config_item");
            auto d = legacyDeserializeKerasObject(item, nested);
            if (!d)
                return std::unexpected(d.error());
            item = *d;
        } else if (item.isStr()) {
            const PyValue fn = registered(item.str(), o, o.version.isKeras3());
            if (fn.isFunction())
                item = fn;
        }
    }
    return std::pair{cls, out};
}

Result<PyValue> fromDict(const PyValue& config, const LegacyDeserializeOptions& o)
{
    if (!config.get(u"class_name") || !config.get(u"config"))
        return fail(ErrorCode::ValueError,
                    QStringLiteral("Improper config format for %1. Expecting python dict contains "
                                   "`class_name` and `config` as keys")
                        .arg(repr(config)));
    auto resolved = classAndConfig(config, o);
    if (!resolved)
        return std::unexpected(resolved.error());
    const auto& [cls, clsConfig] = *resolved;
    const PyValue sharedId = config.value(u"shared_object_id");
    if (auto shared = sharing::legacySharedObject(sharedId))
        return *shared;
    if (!cls.isClass())
        return cls; // a function named by a dict: Keras would call it; it is never run here
    const SymbolRef symbol = cls.symbol();
    if (!symbol->hasFromConfig())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("%1() takes no keyword arguments").arg(symbol->name));
    CustomObjectScope scope(o.version.dialect(), {currentScopeObjects(), o.customObjects});
    detail::VersionScope versionScope(o.version);
    auto made = symbol->fromConfig(symbol, clsConfig);
    if (!made)
        return made;
    sharing::legacyRecord(sharedId, *made);
    return made;
}

Result<PyValue> fromString(const QString& name, const LegacyDeserializeOptions& o)
{
    // Note the order differs from the dict path: caller dict first.
    PyValue obj;
    if (const PyValue* v = o.customObjects.find(name))
        obj = *v;
    else if (const PyValue* s = currentScopeObjects().find(name))
        obj = *s;
    else if (customObjects().contains(name))
        obj = customObjects().value(name);
    else if (o.moduleObjects && o.moduleObjects->find(name))
        obj = *o.moduleObjects->find(name);
    else
        return std::unexpected(unknown(o, name));
    if (!obj.isClass())
        return obj;
    // A class named by a string is instantiated with no arguments.
    const SymbolRef cls = obj.symbol();
    if (cls->origin == SymbolOrigin::Native && cls->hasFromConfig())
        return cls->fromConfig(cls, PyValue::dict());
    return PyValue(std::make_shared<ConfigObject>(cls, PyValue::dict()));
}

} // namespace

Result<PyValue> legacyDeserializeKerasObject(const PyValue& identifier,
                                             const LegacyDeserializeOptions& options)
{
    detail::DepthGuard guard;
    if (guard.exceeded())
        return std::unexpected(detail::recursionError());
    if (identifier.isNone())
        return PyValue();
    if (identifier.isDict())
        return fromDict(identifier, options);
    if (identifier.isStr())
        return fromString(identifier.str(), options);
    if (identifier.isFunction())
        return identifier;
    return fail(ErrorCode::ValueError, QStringLiteral("Could not interpret serialized %1: %2")
                                           .arg(options.printableModuleName, repr(identifier)));
}

namespace {

/// Spec 8.1 rewrites of a layer's inner config (on a copy).
void convertLegacyLayer(const QString& className, PyDict& inner, const keras::Catalog& catalog)
{
    if (const PyValue* b = inner.find(u"batch_input_shape")) {
        const PyValue shape = *b;
        inner.remove(u"batch_input_shape");
        if (!shape.isNone())
            inner.set(className == u"InputLayer" ? QStringLiteral("batch_shape")
                                                  : QStringLiteral("input_shape"),
                      shape);
    }
    if (const PyValue* a = inner.find(u"axis")) {
        const PyValue axis = *a;
        inner.remove(u"axis"); // re-added last, or dropped when it is neither form (as Keras does)
        if (axis.isList() && axis.items().size() == 1)
            inner.set(QStringLiteral("axis"), PyValue(qint64(axis.items()[0].toDouble())));
        else if (axis.isInt() || axis.isFloat())
            inner.set(QStringLiteral("axis"), PyValue(qint64(axis.toDouble())));
    }
    if (className != u"Lambda")
        return;
    for (const QString& key : catalog.legacyH5LambdaDroppedKeys())
        inner.remove(key);
    const PyValue function = (inner.find(u"function") ? *inner.find(u"function") : PyValue());
    if (function.isList() && function.items().size() >= 3) {
        const auto& f = function.items();
        inner.set(QStringLiteral("function"),
                  PyValue::dict({{QStringLiteral("class_name"), QStringLiteral("__lambda__")},
                                 {QStringLiteral("config"),
                                  PyValue::dict({{QStringLiteral("code"), f[0]},
                                                 {QStringLiteral("defaults"), f[1]},
                                                 {QStringLiteral("closure"), f[2]}})}}));
    }
}

} // namespace

Result<PyValue> modelFromConfig(const PyValue& config, const ObjectMap& customObjectsArg,
                                const KerasVersion& version)
{
    if (config.isListOrTuple())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("`model_from_config` expects a dictionary, not a list. Received: "
                                   "config=%1. Did you meant to use `Sequential.from_config(config)`?")
                        .arg(repr(config)));
    if (!config.isDict() || !config.get(u"config"))
        return fail(ErrorCode::ValueError,
                    QStringLiteral("The provided configuration is not a valid Keras configuration. "
                                   "Expected a dictionary containing a 'config' key. Received: config=%1")
                        .arg(repr(config)));
    const Builtins& builtins = Builtins::forDialect(keras::Dialect::Keras3);
    PyValue converted = PyValue::dict(config.dictValue().items());
    const PyValue inner = config.value(u"config");
    if (inner.isDict()) {
        PyValue innerCopy = PyValue::dict(inner.dictValue().items());
        convertLegacyLayer(config.value(u"class_name").toStr(), innerCopy.dictValue(), builtins.catalog());
        converted.dictValue().set(QStringLiteral("config"), innerCopy);
    }
    LegacyDeserializeOptions options;
    options.moduleObjects = &builtins.legacyLayerObjects();
    options.customObjects = customObjectsArg;
    options.printableModuleName = QStringLiteral("layer");
    options.version = version.isKeras3() ? version : KerasVersion();
    return legacyDeserializeKerasObject(converted, options);
}

} // namespace kcs::saving
