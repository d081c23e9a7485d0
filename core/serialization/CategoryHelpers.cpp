// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/CategoryHelpers.h"

#include "core/serialization/Builtins.h"
#include "core/serialization/Repr.h"
#include "core/serialization/Symbol.h"

namespace kcs::saving {

namespace {

bool isLayer(const PyValue& value)
{
    if (!value.isObject())
        return false;
    const SymbolRef cls = value.instance()->cls();
    // Custom classes (descriptor or C++) cannot be inspected further; a built-in must be a layer
    // or a model.
    return !cls || cls->origin != SymbolOrigin::BuiltIn || cls->category == u"layers"
        || cls->category == u"models";
}

} // namespace

Result<PyValue> deserializeLayer(const PyValue& config, const DeserializeOptions& options)
{
    if (!options.version.isKeras3()) {
        const bool empty = config.isNone() || (config.isDict() && config.dictValue().isEmpty())
            || (config.isListOrTuple() && config.items().empty())
            || (config.isStr() && config.str().isEmpty());
        if (empty)
            return fail(ErrorCode::ValueError, QStringLiteral("Cannot deserialize empty config. Received: config=%1")
                                                   .arg(repr(config)));
        const ObjectMap& layers = Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
        if (!config.isDict() || !config.get(u"module")) {
            LegacyDeserializeOptions legacy;
            legacy.moduleObjects = &layers;
            legacy.customObjects = options.customObjects;
            legacy.printableModuleName = QStringLiteral("layer");
            legacy.version = options.version;
            return legacyDeserializeKerasObject(config, legacy);
        }
        DeserializeOptions withTable = options;
        withTable.moduleObjects = &layers;
        return deserializeKerasObject(config, withTable);
    }
    DeserializeOptions general = options;
    general.moduleObjects = nullptr;
    auto object = deserializeKerasObject(config, general);
    if (!object)
        return object;
    if (!isLayer(*object))
        return fail(ErrorCode::ValueError,
                    QStringLiteral("`keras.layers.deserialize` was passed a `config` object that is "
                                   "not a `keras.layers.Layer`. Received: %1")
                        .arg(repr(config)));
    return object;
}

Result<PyValue> deserializeIdentifier(keras::Category category, const PyValue& identifier,
                                      const DeserializeOptions& options)
{
    if (identifier.isNone())
        return PyValue();
    DeserializeOptions withTable = options;
    withTable.moduleObjects = &Builtins::forDialect(options.version.dialect()).moduleObjects(category);
    auto object = deserializeKerasObject(identifier, withTable);
    if (!object)
        return object;
    // A name missing from the table comes back as the bare string: get() then gives up.
    if (object->isStr() || object->isNone())
        return fail(ErrorCode::ValueError, QStringLiteral("Could not interpret %1 identifier: %2")
                                               .arg(keras::identifierKindWord(category), repr(identifier)));
    return object;
}

} // namespace kcs::saving
