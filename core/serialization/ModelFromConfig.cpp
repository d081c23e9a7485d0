// SPDX-License-Identifier: GPL-3.0-or-later
// from_config of Sequential, Functional and Model (spec 7.2, 7.3, 7.7).
#include "core/serialization/BuiltinFromConfig.h"

#include "core/serialization/Builtins.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/JsonBridge.h"
#include "core/serialization/ModelObject.h"
#include "core/serialization/PyRepr.h"
#include "core/serialization/Repr.h"
#include "core/registry/Registry.h"

#include <QHash>

namespace kcs::saving::builtin {

namespace {

Error keyError(const QString& key)
{
    return Error(ErrorCode::NotFound, serialization::pyReprString(key));
}

/// A layer entry: entries without `module` take the legacy converter (Keras 3) or the legacy
/// deserializer (tf.keras); others the general deserializer.
Result<PyValue> deserializeLayer(const PyValue& entry, const KerasVersion& version)
{
    const bool legacy = !entry.isDict() || !entry.get(u"module");
    if (version.isKeras3()) {
        if (legacy)
            return saving::modelFromConfig(entry, {}, version);
        DeserializeOptions options;
        options.version = version;
        return deserializeKerasObject(entry, options);
    }
    const ObjectMap& layers = Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
    if (legacy) {
        LegacyDeserializeOptions options;
        options.moduleObjects = &layers;
        options.printableModuleName = QStringLiteral("layer");
        options.version = version;
        return legacyDeserializeKerasObject(entry, options);
    }
    DeserializeOptions options;
    options.moduleObjects = &layers;
    options.version = version;
    return deserializeKerasObject(entry, options);
}

} // namespace

Result<PyValue> sequentialFromConfig(const SymbolRef& cls, const PyValue& config)
{
    const KerasVersion version = detail::currentVersion();
    PyValue layerConfigs;
    if (config.isDict() && config.get(u"name")) {
        const PyValue* layers = config.get(u"layers");
        if (!layers)
            return std::unexpected(keyError(QStringLiteral("layers")));
        layerConfigs = *layers;
    } else if (version.isKeras3()) {
        return fail(ErrorCode::ValueError,
                    QStringLiteral("A Sequential model configuration must be a dictionary containing "
                                   "the 'name' and 'layers' keys. Received: config=%1")
                        .arg(repr(config)));
    } else {
        layerConfigs = config; // tf.keras: a bare list of layer configs (pre-2017 files)
    }
    std::vector<PyValue> layers;
    const std::vector<PyValue> entries = layerConfigs.isDict()
        ? std::vector<PyValue>() : layerConfigs.items();
    for (const PyValue& entry : entries) {
        auto layer = deserializeLayer(entry, version);
        if (!layer)
            return layer;
        layers.push_back(std::move(*layer));
    }
    return PyValue(std::make_shared<ModelObject>(cls, config, std::move(layers)));
}

Result<PyValue> modelFromConfig(const keras::Catalog& catalog, const keras::BuiltinEntry& entry,
                                const SymbolRef& cls, const PyValue& config)
{
    const bool functionalConfig = config.isDict() && config.get(u"name") && config.get(u"layers")
        && config.get(u"input_layers") && config.get(u"output_layers");
    if (functionalConfig)
        return functionalFromConfig(cls, config);
    if (!config.isDict())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("%1() argument after ** must be a mapping, not %2")
                        .arg(cls->name, pythonTypeName(config)));
    // Not a functional config: the constructor gets the whole config.
    auto json = toJson(config);
    if (json) {
        if (auto err = catalog.constructorError(entry, *json, &serialization::pyRepr)) {
            if (err->code != ErrorCode::TypeError)
                return std::unexpected(*err);
            return fail(ErrorCode::TypeError,
                        QStringLiteral(
                            "Unable to revive model from config. When overriding the `get_config()` "
                            "method, make sure that the returned config contains all items used as "
                            "arguments in the  constructor to %1, which is the default behavior. You "
                            "can override this default behavior by defining a `from_config(cls, "
                            "config)` class method to specify how to create an instance of %2 from "
                            "its config.\n\nReceived config=%3\n\nError encountered during "
                            "deserialization: %4")
                            .arg(symbolRepr(cls), cls->name, repr(config), err->message));
        }
    }
    return PyValue(std::make_shared<ModelObject>(cls, config, std::vector<PyValue>{}));
}

} // namespace kcs::saving::builtin
