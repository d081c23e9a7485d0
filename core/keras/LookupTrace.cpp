// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/LookupTrace.h"

#include "core/keras/Catalog.h"

#include <QHash>
#include <QSet>

namespace kcs::keras {
namespace {

bool isMarker(QStringView name)
{
    return name == u"__keras_tensor__" || name == u"__tensor__" || name == u"__numpy__"
        || name == u"__bytes__" || name == u"__ellipsis__" || name == u"__lambda__" || name == u"lambda";
}

bool isCompileMetricString(QStringView name)
{
    // compile() understands these itself; they are in no deserializer table.
    return name == u"accuracy" || name == u"acc" || name == u"crossentropy" || name == u"ce";
}

/// Builds the trace step by step; the first answer ends the lookup.
class Tracer {
public:
    Tracer() = default;

    LookupTrace take() { return std::move(m_trace); }
    bool answered() const { return m_trace.source != ResolutionSource::Unresolved; }

    void hidden(ResolutionSource source, const QString& place, const QString& note)
    {
        m_trace.steps.push_back({source, place, {}, LookupStep::State::Hidden, {}, note});
    }

    /// One dict of custom objects; the first listing of a key counts (as in a Python dict
    /// built by merging, where the inner scope's entries were put first).
    void customDict(ResolutionSource source, const QString& place, const QString& sourceName,
                    const std::vector<const ObjectDescriptor*>& entries, const LookupQuery& query)
    {
        const QString& key = query.key;
        if (answered()) {
            m_trace.steps.push_back({source, place, sourceName, LookupStep::State::NotReached, {}, {}});
            return;
        }
        for (const ObjectDescriptor* d : entries) {
            if (d->key == key) {
                answer(source, place, sourceName, d->key,
                       d->aliasOf.isEmpty() ? QString() : QStringLiteral("alias of %1").arg(d->aliasOf));
                return;
            }
        }
        m_trace.steps.push_back({source, place, sourceName, LookupStep::State::NoMatch, {},
                                 QStringLiteral("no %1").arg(query.keyRepr())});
    }

    void builtin(const QString& place, const BuiltinEntry* entry, const QString& asked)
    {
        if (answered()) {
            m_trace.steps.push_back({ResolutionSource::Builtin, place, {}, LookupStep::State::NotReached, {}, {}});
            return;
        }
        if (entry) {
            answer(ResolutionSource::Builtin, place, entry->resolvedIn, entry->resolvedTo, {});
            return;
        }
        m_trace.steps.push_back({ResolutionSource::Builtin, place, {}, LookupStep::State::NoMatch, {},
                                 QStringLiteral("no '%1'").arg(asked)});
    }

    void answer(ResolutionSource source, const QString& place, const QString& sourceName,
                const QString& matched, const QString& note)
    {
        m_trace.steps.push_back({source, place, sourceName, LookupStep::State::Answered, matched, note});
        m_trace.source = source;
        m_trace.sourceName = sourceName;
        m_trace.resolvedTo = matched;
    }

private:
    LookupTrace m_trace;
};

std::vector<const ObjectDescriptor*> pointers(const std::vector<ObjectDescriptor>& list)
{
    std::vector<const ObjectDescriptor*> out;
    for (const ObjectDescriptor& d : list)
        out.push_back(&d);
    return out;
}

/// Step 1 of spec 1.3, the scope map: Keras 3 enters only the innermost scope (each scope
/// replaces the map), Keras 2 merges them all (inner entries win, so they are listed first).
void traceScopes(Tracer& tracer, const ScopeSet& scopes, Dialect target, const LookupQuery& query)
{
    std::vector<const NamedScope*> enabled;
    for (const NamedScope& s : scopes.scopes) {
        if (s.enabled)
            enabled.push_back(&s);
    }
    for (auto it = scopes.scopes.rbegin(); it != scopes.scopes.rend(); ++it) {
        const QString place = QStringLiteral("scope '%1'").arg(it->name);
        if (!it->enabled) {
            tracer.hidden(ResolutionSource::Scope, place, QStringLiteral("disabled"));
            continue;
        }
        if (target == Dialect::Keras3 && &*it != enabled.back()) {
            tracer.hidden(ResolutionSource::Scope, place,
                          QStringLiteral("hidden: in Keras 3 the inner scope '%1' replaces it").arg(enabled.back()->name));
            continue;
        }
        tracer.customDict(ResolutionSource::Scope, place, it->name, pointers(it->objects), query);
    }
}

/// 5.4.3's last resort: a registered function stored under its bare name.
const ObjectDescriptor* findBySuffix(const ScopeSet& scopes, Dialect target, const QString& name, ResolutionSource* source,
                                     QString* sourceName)
{
    const QString suffix = QLatin1Char('>') + name;
    std::vector<std::pair<const NamedScope*, ResolutionSource>> order;
    for (auto it = scopes.scopes.rbegin(); it != scopes.scopes.rend(); ++it) {
        if (it->enabled)
            order.push_back({&*it, ResolutionSource::Scope});
        if (target == Dialect::Keras3 && !order.empty())
            break;
    }
    for (const auto& [scope, src] : order) {
        for (const ObjectDescriptor& d : scope->objects) {
            if (d.key.endsWith(suffix)) {
                *source = src;
                *sourceName = scope->name;
                return &d;
            }
        }
    }
    for (auto [list, src] : {std::pair{&scopes.global, ResolutionSource::GlobalRegistry},
                             std::pair{&scopes.customObjects, ResolutionSource::CustomObjects}}) {
        for (const ObjectDescriptor& d : *list) {
            if (d.key.endsWith(suffix)) {
                *source = src;
                sourceName->clear();
                return &d;
            }
        }
    }
    return nullptr;
}

/// Keras >= 3.15 refuses a built-in reached through a foreign explicit registered_name (5.4.2).
bool refusesRegisteredName(const LookupQuery& q, Dialect target)
{
    return target == Dialect::Keras3 && !q.registeredName.isEmpty() && q.registeredName != q.name
        && q.registeredName != q.className;
}

void traceGeneralBuiltins(Tracer& tracer, const LookupQuery& q, Dialect target, const ScopeSet& scopes)
{
    const Catalog& catalog = Catalog::forDialect(target);
    const bool k3 = target == Dialect::Keras3;
    if (q.module.isEmpty()) {
        tracer.builtin(QStringLiteral("module"), nullptr, QStringLiteral("module (none given)"));
        return;
    }
    const bool kerasModule = q.module == u"keras" || q.module.startsWith(u"keras.")
        || (!k3 && (q.module == u"tf_keras" || q.module.startsWith(u"tf_keras.")));
    if (kerasModule) {
        const QString api = q.module + QLatin1Char('.') + q.name;
        if (k3 && catalog.isNonModelingApi(api))
            return tracer.builtin(api, nullptr, api + QStringLiteral(" (not a modeling function: refused)"));
        const ExportMatch match = catalog.resolveExport(q.module, q.name);
        if (match && !match.viaAlias && refusesRegisteredName(q, target))
            return tracer.builtin(api, nullptr, api + QStringLiteral(" (refused: registered_name '%1' on a built-in)").arg(q.registeredName));
        tracer.builtin(api, match && !match.viaAlias ? match.entry : nullptr, api);
    }
    if (q.isFunction && q.module == u"builtins") {
        for (const QString& m : catalog.builtinFunctionModules()) {
            if (tracer.answered())
                break;
            const ExportMatch match = catalog.resolveExport(QStringLiteral("keras.") + m, q.name);
            if (match && !match.viaAlias && refusesRegisteredName(q, target))
                return tracer.builtin(QStringLiteral("keras.") + m, nullptr,
                                      q.name + QStringLiteral(" (refused: registered_name '%1' on a built-in)").arg(q.registeredName));
            tracer.builtin(QStringLiteral("keras.") + m, match && !match.viaAlias ? match.entry : nullptr, q.name);
        }
        if (!tracer.answered() && !q.name.contains(QLatin1Char('>'))) {
            ResolutionSource source = ResolutionSource::Unresolved;
            QString sourceName;
            if (const ObjectDescriptor* d = findBySuffix(scopes, target, q.name, &source, &sourceName))
                tracer.answer(source, QStringLiteral("custom objects ending in '>%1'").arg(q.name), sourceName, d->key, {});
        }
    }
    if (tracer.answered())
        return;
    // The import fallback (5.4.4): Keras 3 imports keras only; tf-keras its renamed modules.
    const QString package = q.module.section(QLatin1Char('.'), 0, 0);
    if (k3 && package != u"keras")
        return tracer.builtin(QStringLiteral("import %1").arg(q.module), nullptr, q.module + QLatin1Char('.') + q.name);
    const QString importModule = !k3 && q.module.startsWith(u"keras") ? QStringLiteral("tf_") + q.module : q.module;
    const BuiltinEntry* e = catalog.findByPythonModule(importModule, q.name);
    if (!e && !k3 && q.key != q.name && !q.key.isEmpty())
        e = catalog.findByPythonModule(importModule, q.key);
    if (!e) {
        const ExportMatch alias = catalog.resolveExport(q.module, q.name);
        if (alias && alias.viaAlias && alias.entry->kind == EntryKind::Class)
            e = alias.entry;
    }
    if (e && k3 && e->kind != EntryKind::Class)
        e = nullptr;
    tracer.builtin(QStringLiteral("import %1").arg(importModule), e, q.name);
}

void traceModuleObjects(Tracer& tracer, const LookupQuery& q, Dialect target)
{
    if (q.route == LookupRoute::ModuleObjectsDict) {
        const Catalog& catalog = Catalog::forDialect(target);
        const QString place = QStringLiteral("built-in %1 (module_objects)").arg(categoryName(q.category));
        if (q.moduleIsNull)
            tracer.builtin(place, nullptr, q.name + QStringLiteral(" (module is null: custom objects only)"));
        else
            tracer.builtin(place, catalog.lookup(q.category, q.name), q.name);
        return;
    }
    if (q.category == Category::DtypePolicies) {
        tracer.answer(ResolutionSource::Builtin, QStringLiteral("DTypePolicy(name)"), QStringLiteral("dtype"), q.name, {});
        return;
    }
    const Catalog& catalog = Catalog::forDialect(target);
    const BuiltinEntry* e = q.category == Category::Layers ? catalog.legacyLookup(q.name) : catalog.lookup(q.category, q.name);
    const QString place = QStringLiteral("built-in %1 (module_objects)").arg(categoryName(q.category));
    tracer.builtin(place, e, q.name);
}

} // namespace

QString LookupTrace::text() const
{
    QStringList lines;
    int n = 0;
    for (const LookupStep& s : steps) {
        QString line = QStringLiteral("%1. %2").arg(++n).arg(s.place);
        switch (s.state) {
        case LookupStep::State::NoMatch: line += QStringLiteral(": ") + s.note; break;
        case LookupStep::State::Answered:
            line += QStringLiteral(": found %1").arg(s.matched);
            if (!s.note.isEmpty())
                line += QStringLiteral(" (%1)").arg(s.note);
            break;
        case LookupStep::State::Hidden: line += QStringLiteral(": not consulted (%1)").arg(s.note); break;
        case LookupStep::State::NotReached: line += QStringLiteral(": not reached"); break;
        }
        lines << line;
    }
    lines << (source == ResolutionSource::Unresolved
                  ? QStringLiteral("→ not found")
                  : QStringLiteral("→ answered by %1").arg(sourceName.isEmpty() ? resolutionSourceName(source)
                                                                                  : resolutionSourceName(source) + QLatin1Char(' ') + sourceName));
    return lines.join(QLatin1Char('\n'));
}

LookupTrace traceLookup(const LookupQuery& query, Dialect target, const ScopeSet& scopes)
{
    Tracer tracer;
    if (query.route == LookupRoute::Special) {
        tracer.answer(ResolutionSource::Special, QStringLiteral("special marker"), {}, query.name,
                      QStringLiteral("handled before any lookup"));
        return tracer.take();
    }
    if (query.route == LookupRoute::CompileString) {
        tracer.answer(ResolutionSource::Special, QStringLiteral("compile()"), {}, QStringLiteral("compile()"),
                      QStringLiteral("compile() understands it itself"));
        return tracer.take();
    }
    traceScopes(tracer, scopes, target, query);
    tracer.customDict(ResolutionSource::GlobalRegistry, QStringLiteral("global registry (get_custom_objects())"), {},
                      pointers(scopes.global), query);
    tracer.customDict(ResolutionSource::CustomObjects, QStringLiteral("custom_objects argument"), {},
                      pointers(scopes.customObjects), query);
    if (query.route == LookupRoute::General)
        traceGeneralBuiltins(tracer, query, target, scopes);
    else
        traceModuleObjects(tracer, query, target);
    return tracer.take();
}

LookupQuery lookupQueryFor(const json::Document& doc, json::NodeId node, const Resolution& resolution,
                           formats::FileKind kind, Dialect target)
{
    LookupQuery q;
    q.key = q.name = resolution.identifier();
    q.category = resolution.category();
    q.isFunction = resolution.isFunction();
    const bool isString = node != json::kNoNode && doc.kind(node) == json::Kind::String;
    if (isMarker(resolution.identifier())) {
        q.route = LookupRoute::Special;
        return q;
    }
    if (isString && resolution.category() == Category::Metrics && isCompileMetricString(resolution.identifier())) {
        q.route = LookupRoute::CompileString;
        return q;
    }
    if (node == json::kNoNode || doc.kind(node) != json::Kind::Object)
        return q; // a string identifier: the helpers' tables
    const auto text = [&doc](json::NodeId n) {
        return n != json::kNoNode && doc.kind(n) == json::Kind::String ? doc.string(n) : QString();
    };
    const json::NodeId cn = doc.member(node, "class_name");
    const json::NodeId module = doc.member(node, "module");
    const json::NodeId reg = doc.member(node, "registered_name");
    const json::NodeId inner = doc.member(node, "config");
    const QString className = text(cn);
    const bool k3 = target == Dialect::Keras3;
    const bool legacyFile = kind == formats::FileKind::H5 || kind == formats::FileKind::Tfjs;
    // Layers hand their nested initializers, regularizers, constraints, activations and dtype
    // policies to the get() helpers (module-objects mode, spec 5.2).
    const bool viaHelper = resolution.category() == Category::Initializers || resolution.category() == Category::Regularizers
        || resolution.category() == Category::Constraints || resolution.category() == Category::Activations
        || resolution.category() == Category::DtypePolicies;
    const bool general = k3 ? !legacyFile && !viaHelper : kind == formats::FileKind::KerasZip && !viaHelper;
    q.name = q.key = className.isEmpty() ? resolution.identifier() : className;
    if (!general) {
        if ((k3 && legacyFile) || module == json::kNoNode)
            return q; // the legacy path: the name table by class_name
        q.route = LookupRoute::ModuleObjectsDict;
        q.moduleIsNull = module != json::kNoNode && doc.isNull(module);
        const QString registered = text(reg);
        if (className == u"function") {
            q.name = text(module) == u"builtins" ? text(inner) : registered;
            q.key = q.name;
        } else if (!registered.isEmpty()) {
            q.key = registered;
        }
        return q;
    }
    q.route = LookupRoute::General;
    q.module = text(module);
    q.className = className;
    q.registeredName = text(reg);
    q.isFunction = className == u"function";
    q.name = q.isFunction ? text(inner) : className;
    // config.get("registered_name", class_name): an explicit null finds nothing in the registry.
    q.key = q.isFunction ? q.name : (reg == json::kNoNode ? className : text(reg));
    q.keyIsNone = !q.isFunction && reg != json::kNoNode && doc.isNull(reg);
    return q;
}

} // namespace kcs::keras
