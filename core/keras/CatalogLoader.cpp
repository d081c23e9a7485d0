// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the catalog JSON (format: ../shared/catalog/README.md) into Catalog::Impl. The text
// goes through kcs::json::Document so int/float defaults keep their Python type (0 vs 0.0).
#include "core/json/Document.h"
#include "core/keras/CatalogImpl.h"

namespace kcs::keras {

namespace {

using json::Value;

QStringList strings(const Value& array)
{
    QStringList out;
    if (!array.isArray())
        return out;
    out.reserve(qsizetype(array.items().size()));
    for (const Value& v : array.items())
        out.append(v.toString());
    return out;
}

Param parseParam(const Value& v)
{
    Param p;
    p.name = v[u"name"].toString();
    p.required = v[u"required"].toBool();
    if (const Value* def = v.find(u"default")) {
        p.hasDefault = true;
        p.defaultValue = *def;
    }
    p.defaultIsTuple = v[u"default_is_tuple"].toBool();
    p.defaultExpr = v[u"default_expr"].toString();
    const QString kind = v[u"kind"].toString();
    if (kind == u"keyword_only")
        p.kind = Param::Kind::KeywordOnly;
    else if (kind == u"positional_only")
        p.kind = Param::Kind::PositionalOnly;
    p.from = v[u"from"].toString();
    return p;
}

std::vector<Param> parseParams(const Value& array)
{
    std::vector<Param> out;
    if (!array.isArray())
        return out;
    out.reserve(array.items().size());
    for (const Value& v : array.items())
        out.push_back(parseParam(v));
    return out;
}

KwargsPolicy parsePolicy(const QString& word)
{
    if (word == u"base")
        return KwargsPolicy::Base;
    if (word == u"validated")
        return KwargsPolicy::Validated;
    if (word == u"closed")
        return KwargsPolicy::Closed;
    if (word == u"open")
        return KwargsPolicy::Open;
    if (word == u"unknown")
        return KwargsPolicy::Unknown;
    return KwargsPolicy::None;
}

EntryKind parseKind(const QString& word)
{
    if (word == u"function")
        return EntryKind::Function;
    if (word == u"external")
        return EntryKind::External;
    return EntryKind::Class;
}

FromConfigInfo parseFromConfig(const Value& v)
{
    FromConfigInfo f;
    f.owner = v[u"owner"].toString();
    f.custom = v[u"custom"].toBool();
    f.reads = strings(v[u"reads"]);
    const Value* calls = v.find(u"calls_init_with_config");
    f.callsInitWithConfig = calls == nullptr || calls->toBool();
    return f;
}

void parseClassFields(const Value& e, BuiltinEntry& b)
{
    b.bases = strings(e[u"bases"]);
    b.mro = strings(e[u"mro"]);
    b.initFrom = e[u"init_from"].toString();
    b.varargs = e[u"varargs"].toString();
    b.inheritedParams = parseParams(e[u"inherited_params"]);
    b.kwargsConsumed = parseParams(e[u"kwargs_consumed"]);
    b.kwargsPolicy = parsePolicy(e[u"kwargs_policy"].toString());
    b.baseKwargs = e[u"base_kwargs"].toBool();
    b.baseExcluded = strings(e[u"base_excluded"]);
    if (const Value* r = e.find(u"base_restricted_to"); r && r->isArray())
        b.baseRestrictedTo = strings(*r);
    b.required = strings(e[u"required"]);
    b.fromConfig = parseFromConfig(e[u"from_config"]);
    b.getConfigKeys = strings(e[u"get_config_keys"]);
}

BuiltinEntry parseEntry(const QString& key, Category category, const Value& e)
{
    BuiltinEntry b;
    b.key = key;
    b.category = category;
    b.kind = parseKind(e[u"kind"].toString());
    b.module = e[u"module"].toString();
    b.className = e[u"class_name"].toString();
    b.functionName = e[u"function_name"].toString();
    b.registeredName = e[u"registered_name"].toString();
    b.canonicalPath = e[u"canonical_path"].toString();
    b.exportPaths = strings(e[u"export_paths"]);
    b.pythonModule = e[u"python_module"].toString();
    b.pythonObject = e[u"python_object"].toString();
    b.definedIn = e[u"defined_in"].toString();
    b.params = parseParams(e[u"params"]);
    b.kwargs = e[u"kwargs"].toBool();
    if (b.kind == EntryKind::Class)
        parseClassFields(e, b);
    b.aliases = strings(e[u"aliases"]);
    b.notes = strings(e[u"notes"]);
    b.resolvedTo = !b.canonicalPath.isEmpty() ? b.canonicalPath : b.pythonModule + QLatin1Char('.') + b.name();
    b.resolvedIn = !b.module.isEmpty() ? b.module : b.pythonModule;
    // Keys are Python names, made unique with a module prefix on a clash ("legacy.Adam").
    b.pythonNameText = key.section(QLatin1Char('.'), -1);
    return b;
}

void addEntries(Catalog::Impl& impl, Category category, const Value& entries, bool legacyOnly)
{
    if (!entries.isObject())
        return;
    CategoryTable& t = impl.table(category);
    for (const auto& [key, e] : entries.members()) {
        impl.storage.push_back(parseEntry(key, category, e));
        BuiltinEntry& b = impl.storage.back();
        b.legacyOnly = legacyOnly;
        t.entries.push_back(&b);
        t.byKey.insert(key, &b);
        const QString name = b.name();
        if (!b.pythonModule.isEmpty() && !name.isEmpty()) {
            // First entry wins: an ops class re-exported under two keys keeps one identity.
            const QString full = b.pythonModule + QLatin1Char('.') + name;
            if (!impl.byPythonModule.contains(full))
                impl.byPythonModule.insert(full, &b);
        }
    }
}

Result<void> fillNameTable(const CategoryTable& t, const Value& table, const QString& where,
                           QHash<QString, const BuiltinEntry*>& out, QStringList* names)
{
    if (!table.isObject())
        return {};
    for (const auto& [name, keyValue] : table.members()) {
        const BuiltinEntry* e = t.byKey.value(keyValue.toString());
        if (!e)
            return fail(ErrorCode::Format,
                        QStringLiteral("catalog: %1 maps '%2' to unknown entry '%3'").arg(where, name, keyValue.toString()));
        out.insert(name, e);
        if (names)
            names->append(name);
    }
    return {};
}

Result<void> loadCategory(Catalog::Impl& impl, Category category, const Value& block)
{
    CategoryTable& t = impl.table(category);
    t.present = true;
    addEntries(impl, category, block[u"entries"], false);
    addEntries(impl, category, block[u"legacy_only_entries"], true);
    const QString name = categoryName(category);
    if (auto r = fillNameTable(t, block[u"lookup"], name + QStringLiteral(".lookup"), t.lookup, &t.lookupNames); !r)
        return r;
    for (const char16_t* field : {u"incidental_module_objects", u"legacy_incidental_module_objects"}) {
        const Value& inc = block[field];
        if (inc.isObject())
            for (const auto& member : inc.members())
                t.incidental.insert(member.first);
    }
    if (category == Category::Layers) {
        const Value& legacy = block[u"legacy_lookup"];
        const bool hasLegacy = legacy.isObject();
        if (auto r = fillNameTable(t, hasLegacy ? legacy : block[u"lookup"], name + QStringLiteral(".legacy_lookup"),
                                   impl.legacyLookup, nullptr);
            !r)
            return r;
    }
    if (category == Category::Optimizers) {
        const Value& variant = block[u"variants"][u"legacy"][u"lookup"];
        if (auto r = fillNameTable(t, variant, name + QStringLiteral(".variants.legacy"), impl.legacyOptimizers, nullptr);
            !r)
            return r;
    }
    return {};
}

Result<void> fillExports(Catalog::Impl& impl, const Value& table, QHash<QString, const BuiltinEntry*>& out)
{
    if (!table.isObject())
        return {};
    for (const auto& [path, target] : table.members()) {
        const QString t = target.toString();
        const qsizetype slash = t.indexOf(QLatin1Char('/'));
        const auto category = categoryFromName(QStringView(t).left(slash));
        const BuiltinEntry* e = category ? impl.table(*category).byKey.value(t.mid(slash + 1)) : nullptr;
        if (slash < 0 || !e)
            return fail(ErrorCode::Format, QStringLiteral("catalog: export '%1' names unknown entry '%2'").arg(path, t));
        out.insert(path, e);
    }
    return {};
}

void loadResolution(Catalog::Impl& impl, const Value& resolution)
{
    impl.nonModelingApis = strings(resolution[u"non_modeling_apis"]);
    impl.nonModelingSet = QSet<QString>(impl.nonModelingApis.begin(), impl.nonModelingApis.end());
    impl.builtinModules = strings(resolution[u"builtin_modules"]);
    impl.specialClassNames = strings(resolution[u"special_class_names"]);
    impl.specialSet = QSet<QString>(impl.specialClassNames.begin(), impl.specialClassNames.end());
    impl.lambdaDroppedKeys = strings(resolution[u"legacy_h5_lambda_dropped_keys"]);
}

void loadBase(Catalog::Impl& impl, const Value& base)
{
    impl.base.className = base[u"class"].toString();
    impl.base.pythonModule = base[u"python_module"].toString();
    impl.base.params = parseParams(base[u"params"]);
    impl.base.kwargsAccepted = strings(base[u"kwargs_accepted"]);
    impl.base.acceptedKeys = strings(base[u"accepted_keys"]);
    impl.base.getConfigKeys = strings(base[u"get_config_keys"]);
}

} // namespace

Result<void> loadCatalog(const QByteArray& text, Catalog::Impl& impl)
{
    auto doc = json::Document::parse(text);
    if (!doc)
        return fail(ErrorCode::Format, QStringLiteral("catalog: ") + doc.error().message);
    auto rootValue = doc->toValue(doc->root());
    if (!rootValue)
        return std::unexpected(rootValue.error());
    const Value& root = *rootValue;
    if (root[u"format"].toString() != u"keras-builtin-catalog/1")
        return fail(ErrorCode::Format, QStringLiteral("catalog: format is not keras-builtin-catalog/1"));
    const auto dialect = dialectFromName(root[u"flavor"].toString());
    if (!dialect)
        return fail(ErrorCode::Format, QStringLiteral("catalog: flavor must be keras2 or keras3"));
    impl.dialect = *dialect;
    impl.version = root[u"version"].toString();
    const Value& categories = root[u"categories"];
    for (Category c : allCategories()) {
        if (const Value* block = categories.find(categoryName(c)); block && block->isObject())
            if (auto r = loadCategory(impl, c, *block); !r)
                return r;
    }
    if (auto r = fillExports(impl, root[u"exports"], impl.exports); !r)
        return r;
    if (auto r = fillExports(impl, root[u"export_aliases"], impl.exportAliases); !r)
        return r;
    loadResolution(impl, root[u"resolution"]);
    loadBase(impl, categories[u"layers"][u"base"]);
    return {};
}

} // namespace kcs::keras
