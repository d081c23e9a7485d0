// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/BuiltinFromConfig.h"

#include "core/keras/CatalogErrors.h"
#include "core/registry/CustomObjectScope.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/JsonBridge.h"
#include "core/serialization/Messages.h"
#include "core/serialization/PyRepr.h"
#include "core/serialization/Repr.h"

namespace kcs::saving::builtin {

namespace {

Error keyError(const QString& key)
{
    return Error(ErrorCode::NotFound, serialization::pyReprString(key));
}

Result<void> requireMapping(const SymbolRef& cls, const PyValue& config)
{
    if (config.isDict())
        return {};
    return fail(ErrorCode::TypeError,
                QStringLiteral("%1.%2() argument after ** must be a mapping, not %3")
                    .arg(cls->module, cls->name, pythonTypeName(config)));
}

/// Keras 3's Operation.from_config turns a dict `dtype` into a policy, and a plain float policy
/// back into its name, before calling the constructor (and before printing the config).
PyValue withPolicyName(const PyValue& config)
{
    const PyValue dtype = config.value(u"dtype");
    if (!dtype.isDict())
        return config;
    const QString cn = dtype.value(u"class_name").toStr();
    const PyValue name = dtype.value(u"config").value(u"name");
    if ((cn != u"DTypePolicy" && cn != u"FloatDTypePolicy") || !name.isStr())
        return config;
    PyValue copy = PyValue::dict(config.dictValue().items());
    copy.dictValue().set(QStringLiteral("dtype"), name);
    return copy;
}

/// The constructor check of the catalog: nullopt when the config passes (or cannot be checked
/// because it holds live objects).
std::optional<Error> constructorError(const keras::Catalog& catalog, const keras::BuiltinEntry& e,
                                      const PyValue& config)
{
    auto json = toJson(config);
    if (!json)
        return std::nullopt;
    return catalog.constructorError(e, *json, &serialization::pyRepr);
}

Result<PyValue> genericFromConfig(const keras::Catalog& catalog, const keras::BuiltinEntry& e,
                                  const SymbolRef& cls, const PyValue& config)
{
    if (auto ok = requireMapping(cls, config); !ok)
        return std::unexpected(ok.error());
    // Layers and operations wrap every constructor failure (Keras 3 Operation.from_config,
    // tf.keras Layer.from_config); other categories call the constructor bare.
    const bool operation = e.category == keras::Category::Layers || e.category == keras::Category::Ops;
    const PyValue effective = operation && catalog.dialect() == keras::Dialect::Keras3
        ? withPolicyName(config) : config;
    if (auto err = constructorError(catalog, e, effective)) {
        if (!operation)
            return std::unexpected(*err);
        return fail(ErrorCode::TypeError,
                    keras::deserializingClassMessage(cls->name, repr(effective), err->message));
    }
    return PyValue(std::make_shared<ConfigObject>(cls, config));
}

bool isLambdaMarker(const PyValue& v)
{
    const PyValue* cn = v.get(u"class_name");
    return cn && cn->isStr() && cn->str() == u"__lambda__";
}

/// Keras 3 Lambda.from_config: a lambda in `function` or `output_shape` is refused unless safe
/// mode is explicitly off (an unset flag counts as safe: fails closed). Nothing is executed.
Result<PyValue> lambdaK3(const keras::Catalog& catalog, const keras::BuiltinEntry& e,
                         const SymbolRef& cls, const PyValue& config)
{
    if (auto ok = requireMapping(cls, config); !ok)
        return std::unexpected(ok.error());
    const std::optional<bool> flag = inSafeMode();
    const bool safe = !flag.has_value() || *flag;
    const PyValue* function = config.get(u"function");
    if (!function)
        return std::unexpected(keyError(QStringLiteral("function")));
    const KerasVersion version = detail::currentVersion();
    for (const char16_t* key : {u"function", u"output_shape"}) {
        const PyValue* value = config.get(QStringView(key));
        if (!value)
            continue;
        if (isLambdaMarker(*value)) {
            if (safe)
                return fail(ErrorCode::ValueError, messages::lambdaLayerK3());
            continue; // kept as data
        }
        DeserializeOptions options;
        options.version = version;
        if (auto d = deserializeKerasObject(*value, options); !d)
            return std::unexpected(d.error());
    }
    if (auto err = constructorError(catalog, e, config))
        return std::unexpected(*err);
    return PyValue(std::make_shared<ConfigObject>(cls, config));
}

/// tf.keras Lambda.from_config: `function_type` decides; a lambda is refused only when this
/// thread's safe-mode flag is set and true.
Result<void> checkK2Function(const PyValue& config, const QString& key, const QString& typeKey)
{
    const PyValue* type = config.get(typeKey);
    if (!type)
        return std::unexpected(keyError(typeKey));
    const QString t = type->isStr() ? type->str() : repr(*type);
    if (t == u"lambda") {
        if (inSafeMode().value_or(false))
            return fail(ErrorCode::ValueError, messages::lambdaLayerK2());
        return {};
    }
    if (t == u"function") {
        LegacyDeserializeOptions options;
        options.printableModuleName = QStringLiteral("function in Lambda layer");
        options.version = detail::currentVersion();
        if (auto d = legacyDeserializeKerasObject(config.value(key), options); !d)
            return std::unexpected(d.error());
        return {};
    }
    if (t == u"raw")
        return {};
    return fail(ErrorCode::TypeError,
                QStringLiteral("Unsupported value for `%1` argument. Received: %1=%2. Expected one "
                               "of ['function', 'lambda', 'raw']")
                    .arg(typeKey, t));
}

Result<PyValue> lambdaK2(const SymbolRef& cls, const PyValue& config)
{
    if (auto ok = requireMapping(cls, config); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkK2Function(config, QStringLiteral("function"), QStringLiteral("function_type")); !ok)
        return std::unexpected(ok.error());
    if (config.get(u"output_shape_type")) {
        if (auto ok = checkK2Function(config, QStringLiteral("output_shape"),
                                      QStringLiteral("output_shape_type")); !ok)
            return std::unexpected(ok.error());
    }
    return PyValue(std::make_shared<ConfigObject>(cls, config));
}

} // namespace

Symbol::FromConfig fromConfigFor(const keras::Catalog& catalog, const keras::BuiltinEntry& entry)
{
    const keras::Catalog* c = &catalog;
    const keras::BuiltinEntry* e = &entry;
    const QString name = entry.key.section(u'.', -1);
    if (entry.category == keras::Category::Layers && name == u"Lambda") {
        if (catalog.dialect() == keras::Dialect::Keras3)
            return [c, e](const SymbolRef& cls, const PyValue& config) { return lambdaK3(*c, *e, cls, config); };
        return [](const SymbolRef& cls, const PyValue& config) { return lambdaK2(cls, config); };
    }
    if (name == u"Sequential")
        return [](const SymbolRef& cls, const PyValue& config) { return sequentialFromConfig(cls, config); };
    if (name == u"Functional" || name == u"Model")
        return [c, e](const SymbolRef& cls, const PyValue& config) { return modelFromConfig(*c, *e, cls, config); };
    return [c, e](const SymbolRef& cls, const PyValue& config) { return genericFromConfig(*c, *e, cls, config); };
}

} // namespace kcs::saving::builtin
