// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/LoadSimulationWalker.h"

#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Symbol.h"

namespace kcs::keras {
namespace {

/// A descriptor for an object of the live registry (a C++ type or a descriptor Symbol).
std::optional<CustomObjectEntry> fromLive(const QString& key, const saving::PyValue& value,
                                          ResolutionSource source, const QString& sourceName)
{
    if (!value.isSymbol())
        return std::nullopt;
    const saving::SymbolRef& symbol = value.symbol();
    CustomObjectEntry e;
    e.descriptor.key = key;
    e.descriptor.isFunction = symbol->isFunction();
    e.descriptor.category = categoryFromWord(symbol->category);
    if (!symbol->params.empty()) {
        QStringList names;
        for (const saving::ParamSpec& p : symbol->params)
            names << p.name;
        e.descriptor.params = names;
    }
    e.source = source;
    e.sourceName = sourceName;
    return e;
}

std::vector<CustomObjectEntry> fromDescriptors(const std::vector<ObjectDescriptor>& list,
                                               ResolutionSource source, const QString& name)
{
    std::vector<CustomObjectEntry> out;
    out.reserve(list.size());
    for (const ObjectDescriptor& d : list)
        out.push_back({d, source, name});
    return out;
}

} // namespace

CustomObjectTable::CustomObjectTable(Dialect target, const ScopeSet& set, bool includeLiveRegistry)
{
    // 1. The scope map. Keras 3 replaces it on entering a scope, so only the innermost counts;
    //    Keras 2 merges, so an inner scope's entries come first and outer ones stay visible.
    std::vector<CustomObjectEntry> scope;
    if (includeLiveRegistry) {
        for (const auto& [key, value] : saving::currentScopeObjects().entries()) {
            if (auto e = fromLive(key, value, ResolutionSource::Scope, QStringLiteral("(current scope)")))
                scope.push_back(*e);
        }
    }
    if (!set.scopes.empty()) {
        if (target == Dialect::Keras3) {
            const NamedScope& inner = set.scopes.back();
            scope = fromDescriptors(inner.objects, ResolutionSource::Scope, inner.name);
        } else {
            for (auto it = set.scopes.rbegin(); it != set.scopes.rend(); ++it) {
                auto part = fromDescriptors(it->objects, ResolutionSource::Scope, it->name);
                scope.insert(scope.end(), part.begin(), part.end());
            }
        }
    }
    addLayer(std::move(scope));
    // 2. The global registry.
    auto global = fromDescriptors(set.global, ResolutionSource::GlobalRegistry, {});
    if (includeLiveRegistry) {
        const saving::ObjectMap live = saving::customObjects().snapshot();
        for (const auto& [key, value] : live.entries()) {
            if (auto e = fromLive(key, value, ResolutionSource::GlobalRegistry, {}))
                global.push_back(*e);
        }
    }
    addLayer(std::move(global));
    // 3. The custom_objects argument.
    addLayer(fromDescriptors(set.customObjects, ResolutionSource::CustomObjects, {}));
}

void CustomObjectTable::addLayer(std::vector<CustomObjectEntry> entries)
{
    QHash<QString, int> index;
    for (int i = 0; i < int(entries.size()); ++i) {
        // Within one dict the first listing of a key wins here; Keras 2's merge put inner
        // scopes first above, so this is "inner wins".
        if (!index.contains(entries[size_t(i)].descriptor.key))
            index.insert(entries[size_t(i)].descriptor.key, i);
    }
    m_size += entries.size();
    m_layers.push_back(std::move(entries));
    m_index.push_back(std::move(index));
}

const CustomObjectEntry* CustomObjectTable::find(QStringView key) const
{
    if (m_size == 0)
        return nullptr; // the usual case: no custom objects at all, and no string to make
    const QString k = QString::fromRawData(key.data(), key.size()); // a view: no copy per lookup
    for (size_t l = 0; l < m_layers.size(); ++l) {
        auto it = m_index[l].constFind(k);
        if (it != m_index[l].constEnd())
            return &m_layers[l][size_t(*it)];
    }
    return nullptr;
}

const CustomObjectEntry* CustomObjectTable::findBySuffix(QStringView name) const
{
    const QString suffix = QLatin1Char('>') + name.toString();
    for (const auto& layer : m_layers) {
        for (const CustomObjectEntry& e : layer) {
            if (e.descriptor.key.endsWith(suffix))
                return &e;
        }
    }
    return nullptr;
}

std::vector<const CustomObjectEntry*> CustomObjectTable::all() const
{
    std::vector<const CustomObjectEntry*> out;
    for (const auto& layer : m_layers) {
        for (const CustomObjectEntry& e : layer)
            out.push_back(&e);
    }
    return out;
}

std::optional<Category> nestedObjectCategory(std::string_view key)
{
    if (key == "dtype")
        return Category::DtypePolicies;
    if (key.ends_with("_initializer") || key == "initializer")
        return Category::Initializers;
    if (key.ends_with("_regularizer"))
        return Category::Regularizers;
    if (key.ends_with("_constraint"))
        return Category::Constraints;
    if (key == "activation" || key.ends_with("_activation"))
        return Category::Activations;
    return std::nullopt;
}

} // namespace kcs::keras
