// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Catalog.h"

#include "core/keras/CatalogImpl.h"

#include <QFile>
#include <QtGlobal>

#include <mutex>

namespace kcs::keras {

namespace {

struct CategoryNames {
    Category category;
    const char* key;
    const char* kindWord;
};

// The kind words of the first seven are Keras's own ("Could not interpret {kind} identifier").
constexpr CategoryNames kNames[kCategoryCount] = {
    {Category::Layers, "layers", "layer"},
    {Category::Activations, "activations", "activation function"},
    {Category::Initializers, "initializers", "initializer"},
    {Category::Regularizers, "regularizers", "regularizer"},
    {Category::Constraints, "constraints", "constraint"},
    {Category::Losses, "losses", "loss"},
    {Category::Metrics, "metrics", "metric"},
    {Category::Optimizers, "optimizers", "optimizer"},
    {Category::LearningRateSchedules, "learning_rate_schedules", "learning rate schedule"},
    {Category::Models, "models", "model"},
    {Category::DtypePolicies, "dtype_policies", "dtype policy"},
    {Category::Ops, "ops", "operation"},
};

/// A QString viewing name's characters without copying them. Qt 6.4's QHash has no lookup by
/// QStringView, and the load simulation looks names up hundreds of thousands of times: a copy
/// each time would be most of the cost. Valid only while name's characters are.
QString borrowed(QStringView name)
{
    return QString::fromRawData(name.data(), name.size());
}

/// module + "." + name in a per-thread buffer that keeps its capacity (no allocation per lookup).
const QString& dottedPath(QStringView module, QStringView name)
{
    thread_local QString path;
    path.resize(0);
    path.append(module).append(QLatin1Char('.')).append(name);
    return path;
}

const BuiltinEntry* find(const QHash<QString, const BuiltinEntry*>& table, QStringView name)
{
    return table.value(borrowed(name), nullptr);
}

/// Keras lower-cases optimizer names when the lower-case form is in the table.
const BuiltinEntry* findOptimizer(const QHash<QString, const BuiltinEntry*>& table, QStringView name)
{
    if (const BuiltinEntry* e = find(table, name.toString().toLower()))
        return e;
    return find(table, name);
}

} // namespace

const std::array<Category, kCategoryCount>& allCategories()
{
    static const std::array<Category, kCategoryCount> all = [] {
        std::array<Category, kCategoryCount> a{};
        for (int i = 0; i < kCategoryCount; ++i)
            a[std::size_t(i)] = kNames[i].category;
        return a;
    }();
    return all;
}

QString categoryName(Category category)
{
    return QString::fromLatin1(kNames[int(category)].key);
}

std::optional<Category> categoryFromName(QStringView name)
{
    for (const auto& n : kNames) {
        if (name == QLatin1String(n.key))
            return n.category;
    }
    return std::nullopt;
}

QString identifierKindWord(Category category)
{
    return QString::fromLatin1(kNames[int(category)].kindWord);
}

QString kwargsPolicyName(KwargsPolicy policy)
{
    switch (policy) {
    case KwargsPolicy::None: return QString();
    case KwargsPolicy::Base: return QStringLiteral("base");
    case KwargsPolicy::Validated: return QStringLiteral("validated");
    case KwargsPolicy::Closed: return QStringLiteral("closed");
    case KwargsPolicy::Open: return QStringLiteral("open");
    case KwargsPolicy::Unknown: return QStringLiteral("unknown");
    }
    return {};
}

QString BuiltinEntry::name() const
{
    if (!className.isEmpty())
        return className;
    if (!functionName.isEmpty())
        return functionName;
    return key;
}

const Param* BuiltinEntry::param(QStringView paramName) const
{
    for (const auto* list : {&params, &inheritedParams}) {
        for (const Param& p : *list) {
            if (p.name == paramName)
                return &p;
        }
    }
    return nullptr;
}

Catalog::Catalog() : d(std::make_unique<Impl>()) {}
Catalog::~Catalog() = default;

Result<std::unique_ptr<Catalog>> Catalog::fromJson(const QByteArray& text)
{
    std::unique_ptr<Catalog> catalog(new Catalog);
    if (auto r = loadCatalog(text, *catalog->d); !r)
        return std::unexpected(r.error());
    computeAcceptedKeys(*catalog->d);
    return catalog;
}

const Catalog& Catalog::forDialect(Dialect dialect)
{
    static std::once_flag flags[2];
    static std::unique_ptr<Catalog> catalogs[2];
    const int i = dialect == Dialect::Keras2 ? 0 : 1;
    std::call_once(flags[i], [&] {
        const QString path = QStringLiteral(":/kcs/catalog/%1.json").arg(dialectName(dialect));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("Keras catalog resource %s is missing", qPrintable(path));
        auto loaded = fromJson(file.readAll());
        if (!loaded)
            qFatal("Keras catalog resource %s is broken: %s", qPrintable(path), qPrintable(loaded.error().message));
        catalogs[i] = std::move(*loaded);
    });
    return *catalogs[i];
}

Dialect Catalog::dialect() const { return d->dialect; }
QString Catalog::version() const { return d->version; }

const BuiltinEntry* Catalog::lookup(Category category, QStringView name) const
{
    const CategoryTable& t = d->table(category);
    if (category == Category::Optimizers)
        return findOptimizer(t.lookup, name);
    return find(t.lookup, name);
}

const BuiltinEntry* Catalog::legacyLookup(QStringView name) const
{
    return find(d->legacyLookup, name);
}

const BuiltinEntry* Catalog::legacyOptimizerLookup(QStringView name) const
{
    return findOptimizer(d->legacyOptimizers, name);
}

const BuiltinEntry* Catalog::lookupOptimizer(QStringView name, const json::Value& innerConfig) const
{
    if (d->dialect == Dialect::Keras3 || !innerConfig.isObject() || innerConfig.size() == 0)
        return lookup(Category::Optimizers, name);
    const json::Value* flag = innerConfig.find(u"is_legacy_optimizer");
    bool legacy = true;
    if (flag) {
        // Python truthiness of whatever the file holds.
        legacy = !(flag->isNull() || (flag->isBool() && !flag->toBool()) || (flag->isInt() && flag->toInt() == 0)
                   || (flag->isFloat() && flag->toDouble() == 0.0) || (flag->isString() && flag->string().isEmpty())
                   || ((flag->isArray() || flag->isObject()) && flag->size() == 0));
    }
    return legacy ? legacyOptimizerLookup(name) : lookup(Category::Optimizers, name);
}

ExportMatch Catalog::resolveExport(QStringView module, QStringView name) const
{
    const QString& path = dottedPath(module, name);
    if (const BuiltinEntry* e = d->exports.value(path, nullptr))
        return {e, false};
    if (const BuiltinEntry* e = d->exportAliases.value(path, nullptr))
        return {e, true};
    return {};
}

const BuiltinEntry* Catalog::findByPythonModule(QStringView module, QStringView name) const
{
    return d->byPythonModule.value(dottedPath(module, name), nullptr);
}

ClassResolution Catalog::resolveClass(Category category, QStringView module, QStringView className) const
{
    using Route = ClassResolution::Route;
    const bool exportResolved = d->dialect == Dialect::Keras3
        && (category == Category::Layers || category == Category::Models || category == Category::Ops);
    if (!exportResolved) {
        const BuiltinEntry* e = category == Category::Layers ? legacyLookup(className) : lookup(category, className);
        return {e, e ? Route::ModuleObjects : Route::None};
    }
    if (module.isEmpty()) {
        if (category == Category::Ops)
            return {};
        const BuiltinEntry* e = legacyLookup(className);
        return {e, e ? Route::Legacy : Route::None};
    }
    if (const ExportMatch m = resolveExport(module, className))
        return {m.entry, m.viaAlias ? Route::ExportAlias : Route::Export};
    if (category == Category::Layers && module == u"keras.layers") {
        if (const BuiltinEntry* e = lookup(Category::Layers, className))
            return {e, Route::ModuleObjects};
    }
    if (const BuiltinEntry* e = findByPythonModule(module, className))
        return {e, Route::PythonModule};
    return {};
}

const BuiltinEntry* Catalog::entry(Category category, QStringView key) const
{
    return find(d->table(category).byKey, key);
}

std::vector<const BuiltinEntry*> Catalog::entries(Category category) const
{
    return d->table(category).entries;
}

QStringList Catalog::lookupNames(Category category) const
{
    return d->table(category).lookupNames;
}

bool Catalog::isIncidentalModuleObject(Category category, QStringView name) const
{
    return d->table(category).incidental.contains(borrowed(name));
}

bool Catalog::hasCategory(Category category) const { return d->table(category).present; }
const QStringList& Catalog::nonModelingApis() const { return d->nonModelingApis; }
bool Catalog::isNonModelingApi(QStringView apiPath) const { return d->nonModelingSet.contains(borrowed(apiPath)); }
const QStringList& Catalog::builtinFunctionModules() const { return d->builtinModules; }
const QStringList& Catalog::specialClassNames() const { return d->specialClassNames; }
bool Catalog::isSpecialClassName(QStringView name) const { return d->specialSet.contains(borrowed(name)); }
const QStringList& Catalog::legacyH5LambdaDroppedKeys() const { return d->lambdaDroppedKeys; }
const BaseLayerInfo& Catalog::baseLayer() const { return d->base; }

} // namespace kcs::keras
