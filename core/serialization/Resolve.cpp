// SPDX-License-Identifier: GPL-3.0-or-later
// Spec 5.4: resolving the class or function an envelope names.
#include "core/registry/Registry.h"
#include "core/serialization/Builtins.h"
#include "core/serialization/DeserializeImpl.h"
#include "core/serialization/Messages.h"
#include "core/serialization/Repr.h"

namespace kcs::saving::detail {

namespace {

QString kindWord(ObjectKind kind)
{
    return kind == ObjectKind::Function ? QStringLiteral("function") : QStringLiteral("class");
}

/// Keras >= 3.15: a built-in reached through its public path must not carry a foreign
/// registered_name (a value that is neither the name nor the class_name).
Result<void> checkNoRegisteredName(const PyValue& fullConfig, const QString& name,
                                   const QString& resolvedName, const KerasVersion& version)
{
    if (!version.isKeras3() || version.minor < 15)
        return {};
    const PyValue explicitName = fullConfig.value(u"registered_name");
    if (!isTruthy(explicitName))
        return {};
    if (explicitName == PyValue(name) || explicitName == fullConfig.value(u"class_name"))
        return {};
    return fail(ErrorCode::ValueError,
                messages::registeredNameOnBuiltin(repr(explicitName), resolvedName, repr(fullConfig)));
}

/// Keras 3 >= 3.9 imports only these packages; earlier versions tried any module.
bool isAllowedPackage(const QString& module)
{
    const QString package = module.section(u'.', 0, 0);
    return package == u"keras" || package == u"keras_hub" || package == u"keras_cv"
        || package == u"keras_nlp";
}

/// "import the module, take the attribute" as far as the catalog can tell what Keras has.
Result<PyValue> importFallback(const QString& name, const QString& module, ObjectKind kind,
                               const PyValue& fullConfig, const Builtins& builtins,
                               const KerasVersion& version, bool& found)
{
    found = false;
    const bool restricted = !version.isKeras3() || version.minor >= 9;
    if (version.isKeras3() && restricted && !isAllowedPackage(module))
        return PyValue();
    if (module == u"builtins")
        return PyValue(); // importable, but it holds no Keras object
    if (!builtins.isImportableModule(module))
        return fail(ErrorCode::TypeError,
                    messages::parentModuleNotImportable(kindWord(kind), name, module, repr(fullConfig)));
    const SymbolRef attribute = builtins.moduleAttribute(module, name);
    const bool saveable = attribute && attribute->isClass();
    if (version.isKeras3() && version.minor >= 11) {
        if (!saveable)
            return fail(ErrorCode::ValueError, messages::notKerasSaveable(module, name));
    } else if (!attribute) {
        return PyValue();
    }
    found = true;
    return PyValue(attribute);
}

} // namespace

Result<PyValue> resolveClassOrFunction(const QString& name, const PyValue& registeredName,
                                       const PyValue& moduleValue, ObjectKind kind,
                                       const PyValue& fullConfig, const ObjectMap& merged,
                                       const KerasVersion& version)
{
    const PyValue key = kind == ObjectKind::Function ? PyValue(name) : registeredName;
    if (key.isStr()) {
        const PyValue hit = registeredObjectFor(key.str(), merged);
        if (!hit.isNone())
            return hit;
    }
    const QString module = moduleValue.toStr();
    if (!module.isEmpty()) {
        const Builtins& builtins = Builtins::forDialect(version.dialect());
        const keras::Catalog& catalog = builtins.catalog();
        if (module == u"keras" || module.startsWith(u"keras.")) {
            const QString api = module + u'.' + name;
            if (version.isKeras3() && version.minor >= 15 && catalog.isNonModelingApi(api))
                return fail(ErrorCode::ValueError, messages::nonModelingApi(api));
            if (const SymbolRef sym = builtins.publicExport(module, name)) {
                if (auto ok = checkNoRegisteredName(fullConfig, name, api, version); !ok)
                    return std::unexpected(ok.error());
                return PyValue(sym);
            }
        }
        if (kind == ObjectKind::Function && module == u"builtins") {
            for (const QString& m : catalog.builtinFunctionModules()) {
                const QString moduleName = QStringLiteral("keras.") + m;
                if (const SymbolRef sym = builtins.publicExport(moduleName, name)) {
                    if (auto ok = checkNoRegisteredName(fullConfig, name, moduleName + u'.' + name,
                                                        version); !ok)
                        return std::unexpected(ok.error());
                    return PyValue(sym);
                }
            }
            // Keras <= 3.6 saved registered functions by bare name; match "package>name".
            if (!name.contains(u'>')) {
                const QString suffix = u'>' + name;
                for (const auto& [customName, object] : merged.entries()) {
                    if (customName.endsWith(suffix))
                        return object;
                }
            }
        }
        bool found = false;
        auto imported = importFallback(name, module, kind, fullConfig, builtins, version, found);
        if (!imported || found)
            return imported;
    }
    return fail(ErrorCode::TypeError,
                messages::couldNotLocate(version, kindWord(kind), name, repr(fullConfig)));
}

} // namespace kcs::saving::detail
