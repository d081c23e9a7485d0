// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Builtins.h"

#include "core/json/Document.h"
#include "core/serialization/BuiltinFromConfig.h"

#include <QFile>
#include <QSet>

#include <mutex>
#include <unordered_map>

namespace kcs::saving {

struct Builtins::Impl {
    std::unordered_map<const keras::BuiltinEntry*, SymbolRef> symbols;
    std::array<ObjectMap, keras::kCategoryCount> moduleObjects;
    ObjectMap legacyLayers;
    QSet<QString> modules;
};

namespace {

SymbolRef makeSymbol(const keras::Catalog& catalog, const keras::BuiltinEntry& e)
{
    auto s = std::make_shared<Symbol>();
    const bool isClass = e.kind == keras::EntryKind::Class;
    s->kind = isClass ? Symbol::Kind::Class : Symbol::Kind::Function;
    // Entry keys are Python names made unique with a prefix ("legacy.Adam").
    s->name = isClass ? e.key.section(u'.', -1) : e.name();
    s->module = e.pythonModule;
    s->exportPath = e.canonicalPath;
    s->category = keras::categoryName(e.category);
    s->origin = SymbolOrigin::BuiltIn;
    for (const keras::Param& p : e.params) {
        ParamSpec spec{p.name, p.required, {}};
        s->params.push_back(std::move(spec));
    }
    s->reportsCompileConfig = e.category == keras::Category::Models;
    if (isClass) {
        s->fromConfig = builtin::fromConfigFor(catalog, e);
        s->getConfig = [](const Instance& self) -> Result<PyValue> {
            if (auto* held = dynamic_cast<const ConfigObject*>(&self))
                return held->config();
            return PyValue::dict();
        };
    }
    return s;
}

/// Keras 3's legacy H5 layer table is not exposed name by name by the Catalog; its names are
/// read from the same compiled-in resource.
QStringList legacyLookupNames(keras::Dialect dialect)
{
    QFile file(QStringLiteral(":/kcs/catalog/%1.json").arg(keras::dialectName(dialect)));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::Document::parse(file.readAll());
    if (!doc)
        return {};
    const json::NodeId table = doc->find(u"/categories/layers/legacy_lookup");
    QStringList names;
    for (int i = 0; table != json::kNoNode && i < doc->childCount(table); ++i)
        names.append(doc->key(doc->child(table, i)));
    return names;
}

void addModuleAndParents(QSet<QString>& modules, const QString& module)
{
    QString m = module;
    while (!m.isEmpty()) {
        modules.insert(m);
        const qsizetype dot = m.lastIndexOf(u'.');
        m = dot < 0 ? QString() : m.left(dot);
    }
}

} // namespace

const Builtins& Builtins::forDialect(keras::Dialect dialect)
{
    static std::once_flag once3, once2;
    static std::unique_ptr<Builtins> k3, k2;
    if (dialect == keras::Dialect::Keras3) {
        std::call_once(once3, [] { k3 = std::make_unique<Builtins>(keras::Catalog::forDialect(keras::Dialect::Keras3)); });
        return *k3;
    }
    std::call_once(once2, [] { k2 = std::make_unique<Builtins>(keras::Catalog::forDialect(keras::Dialect::Keras2)); });
    return *k2;
}

Builtins::Builtins(const keras::Catalog& catalog) : m_catalog(catalog), d(std::make_unique<Impl>())
{
    for (keras::Category category : keras::allCategories()) {
        if (!catalog.hasCategory(category))
            continue;
        for (const keras::BuiltinEntry* e : catalog.entries(category)) {
            d->symbols.emplace(e, makeSymbol(catalog, *e));
            addModuleAndParents(d->modules, e->pythonModule);
            for (const QString& path : e->exportPaths)
                addModuleAndParents(d->modules, path.left(path.lastIndexOf(u'.')));
        }
        ObjectMap& table = d->moduleObjects[std::size_t(category)];
        for (const QString& name : catalog.lookupNames(category))
            table.insert(name, PyValue(symbol(catalog.lookup(category, name))));
    }
    if (catalog.dialect() == keras::Dialect::Keras3) {
        for (const QString& name : legacyLookupNames(catalog.dialect()))
            d->legacyLayers.insert(name, PyValue(symbol(catalog.legacyLookup(name))));
    } else {
        d->legacyLayers = d->moduleObjects[std::size_t(keras::Category::Layers)];
    }
}

Builtins::~Builtins() = default;

keras::Dialect Builtins::dialect() const { return m_catalog.dialect(); }

SymbolRef Builtins::symbol(const keras::BuiltinEntry* entry) const
{
    if (!entry)
        return {};
    auto it = d->symbols.find(entry);
    return it == d->symbols.end() ? SymbolRef() : it->second;
}

const ObjectMap& Builtins::moduleObjects(keras::Category category) const
{
    return d->moduleObjects[std::size_t(category)];
}

const ObjectMap& Builtins::legacyLayerObjects() const { return d->legacyLayers; }

SymbolRef Builtins::publicExport(QStringView module, QStringView name) const
{
    const keras::ExportMatch match = m_catalog.resolveExport(module, name);
    if (!match || match.viaAlias)
        return {};
    return symbol(match.entry);
}

bool Builtins::isImportableModule(QStringView module) const
{
    return d->modules.contains(module.toString());
}

SymbolRef Builtins::moduleAttribute(QStringView module, QStringView name) const
{
    if (const keras::ExportMatch match = m_catalog.resolveExport(module, name))
        return symbol(match.entry);
    return symbol(m_catalog.findByPythonModule(module, name));
}

} // namespace kcs::saving
