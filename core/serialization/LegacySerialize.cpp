// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/Registry.h"
#include "core/serialization/Repr.h"
#include "core/serialization/Serialize.h"
#include "core/serialization/Sharing.h"
#include "core/serialization/Symbol.h"

namespace kcs::saving {

namespace {

Result<PyValue> legacyConfigOf(const PyValue& object);

/// One entry of a get_config result: strings stay, anything else is serialized when it can be
/// (objects and names); numbers, lists and dicts fail to serialize and are kept raw -- lists and
/// dicts are not descended into.
PyValue legacyEntry(const PyValue& item)
{
    if (item.isStr())
        return item;
    auto serialized = legacySerializeKerasObject(item);
    if (!serialized)
        return item;
    if (serialized->isDict() && !item.isDict())
        serialized->dictValue().set(QStringLiteral("__passive_serialization__"), true);
    return *serialized;
}

Result<PyValue> legacyConfigOf(const PyValue& object)
{
    const SymbolRef cls = object.instance()->cls();
    auto config = cls->getConfig(*object.instance());
    if (!config)
        return config;
    if (!config->isDict())
        return *config;
    PyValue out = PyValue::dict();
    for (const auto& [key, item] : config->dictValue().items())
        out.dictValue().items().emplace_back(key, legacyEntry(item));
    return out;
}

} // namespace

Result<PyValue> legacySerializeKerasObject(const PyValue& object)
{
    if (object.isNone())
        return PyValue();
    if (object.isObject()) {
        const SymbolRef cls = object.instance()->cls();
        if (cls && cls->hasGetConfig()) {
            auto config = legacyConfigOf(object);
            if (!config)
                return config;
            return sharing::legacyEnvelope(registeredNameOf(cls), std::move(*config), object);
        }
    }
    if (object.isSymbol())
        return PyValue(registeredNameOf(object.symbol()));
    return fail(ErrorCode::ValueError,
                QStringLiteral("Cannot serialize %1 because it doesn't implement `get_config()`.")
                    .arg(repr(object)));
}

} // namespace kcs::saving
