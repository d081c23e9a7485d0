// SPDX-License-Identifier: GPL-3.0-or-later
// Resolving classes and functions the way each deserializer path does: Keras's general path
// (spec 5.3/5.4), the get() helpers' module-objects path (5.2) and the legacy path (8).
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"

#include <QSet>

namespace kcs::keras {
namespace {

/// Python modules that exist in the target (every catalog entry's module, its parent packages
/// and the public export modules): what importlib.import_module would find.
const QSet<QString>& importableModules(const Catalog& catalog)
{
    static const auto build = [](const Catalog& c) {
        QSet<QString> set;
        const auto addWithParents = [&set](QString m) {
            while (!m.isEmpty() && !set.contains(m)) {
                set.insert(m);
                const qsizetype dot = m.lastIndexOf(QLatin1Char('.'));
                m = dot < 0 ? QString() : m.left(dot);
            }
        };
        for (Category cat : allCategories()) {
            if (!c.hasCategory(cat))
                continue;
            for (const BuiltinEntry* e : c.entries(cat)) {
                addWithParents(e->pythonModule);
                addWithParents(e->module);
            }
        }
        return set;
    };
    // One set per dialect, each built on first use (loading a catalog is not free).
    if (catalog.dialect() == Dialect::Keras3) {
        static const QSet<QString> k3 = build(Catalog::forDialect(Dialect::Keras3));
        return k3;
    }
    static const QSet<QString> k2 = build(Catalog::forDialect(Dialect::Keras2));
    return k2;
}

QString kindWord(bool isFunction)
{
    return isFunction ? QStringLiteral("function") : QStringLiteral("class");
}

bool isMarker(QStringView cn)
{
    if (!cn.startsWith(u"__"))
        return false; // most names: no string compared
    return cn == QStringView(u"__keras_tensor__") || cn == QStringView(u"__tensor__") || cn == QStringView(u"__numpy__")
        || cn == QStringView(u"__bytes__") || cn == QStringView(u"__ellipsis__");
}

} // namespace

void LoadWalker::generalDeserialize(json::NodeId node, Expect expect)
{
    switch (m_doc.kind(node)) {
    case json::Kind::String: {
        // A string that is a custom object's key comes back as that object (5.1.4).
        if (const CustomObjectEntry* e = m_custom.find(text(node)))
            recordCustom(node, text(node), expect.category, *e);
        return;
    }
    case json::Kind::Array: {
        TaskList fns;
        for (int i = 0; i < m_doc.childCount(node); ++i) {
            const json::NodeId c = m_doc.child(node, i);
            fns.push_back([this, c, expect] { generalDeserialize(c, Expect{expect.category, false, expect.nonFatal}); });
        }
        schedule(std::move(fns));
        return;
    }
    case json::Kind::Object:
        break;
    default:
        return;
    }
    if (envelope(node).className == json::kNoNode || envelope(node).config == json::kNoNode) {
        // A plain dict: every value is deserialized, keys kept (5.1.9).
        TaskList fns;
        for (int i = 0; i < m_doc.childCount(node); ++i) {
            const json::NodeId c = m_doc.child(node, i);
            fns.push_back([this, c, expect] { generalDeserialize(c, Expect{expect.category, false, expect.nonFatal}); });
        }
        schedule(std::move(fns));
        return;
    }
    generalEnvelope(node, expect);
}

void LoadWalker::generalEnvelope(json::NodeId env, Expect expect)
{
    const Envelope e = envelope(env);
    const json::NodeId cnNode = e.className;
    const QString cn = isString(cnNode) ? text(cnNode) : serialization::pyRepr(m_doc, cnNode);
    json::NodeId inner = e.config;
    if (isMarker(cn)) {
        record(env, cn, expect.category, false, ResolutionSource::Special, {}, cn);
        return;
    }
    if (cn == QStringView(u"__slice__")) {
        TaskList fns;
        for (const char* part : {"start", "stop", "step"}) {
            const json::NodeId c = member(inner, part);
            if (c != json::kNoNode)
                fns.push_back([this, c, expect] { generalDeserialize(c, Expect{expect.category, false, expect.nonFatal}); });
        }
        schedule(std::move(fns));
        return;
    }
    if (cn == QStringView(u"__lambda__")) {
        const json::NodeId value = member(inner, "value");
        const json::NodeId code = m_doc.kind(value) == json::Kind::Array && m_doc.childCount(value) > 0
            ? m_doc.child(value, 0) : json::kNoNode;
        const bool refused = m_options.safeMode;
        recordLambda(env, {}, QStringLiteral("__lambda__"), code, refused);
        if (refused && !expect.nonFatal)
            raise(env, problem::kLambdaSafeMode, ErrorCode::ValueError,
                  [this](bool) { return loadmsg::lambdaMarker(m_options.target); });
        return;
    }
    if (cn == QStringView(u"__typespec__")) {
        if (m_doc.kind(inner) != json::Kind::Array && !expect.nonFatal && m_options.target == Dialect::Keras3)
            raise(env, problem::kTypespecConfigNotList, ErrorCode::TypeError, [this, inner, env](bool full) {
                return loadmsg::expectedTypespecList(serialization::pyReprType(valueType(inner)), repr(env, full));
            });
        return;
    }
    const QString module = text(e.module);
    const json::NodeId regNode = e.registeredName;
    // config.get("registered_name", class_name): an explicit null stays None and finds nothing.
    const QString reg = regNode == json::kNoNode ? cn : (isString(regNode) ? text(regNode) : QString());
    if (cn == QStringView(u"function")) {
        if (!isString(inner)) {
            if (!expect.nonFatal && m_options.target == Dialect::Keras3)
                raise(env, problem::kFunctionConfigNotString, ErrorCode::TypeError, [this, inner, env](bool full) {
                    return loadmsg::expectedFunctionString(serialization::pyReprType(valueType(inner)), repr(env, full));
                });
            return;
        }
        resolveGeneral(env, text(inner), reg, module, true, expect);
        return;
    }
    if (m_doc.kind(inner) != json::Kind::Object && m_doc.kind(inner) != json::Kind::Null) {
        if (!expect.nonFatal && m_options.target == Dialect::Keras3) {
            raise(env, problem::kConfigNotDict, ErrorCode::TypeError, [this, inner, env, cn](bool full) {
                return loadmsg::expectedConfigDict(cn, serialization::pyReprType(valueType(inner)), repr(env, full));
            });
            return;
        }
    }
    if (m_sharingScope && e.sharedObjectId != json::kNoNode && seenSharedId(env))
        return; // a later copy: Keras returns the object built for the first one
    const Resolved target = resolveGeneral(env, cn, reg, module, false, expect);
    if (!target.ok()) {
        unresolvedFallbackScan(inner);
        return;
    }
    const json::NodeId compile = e.compileConfig;
    TaskList fns;
    fns.push_back([this, env, inner, target, expect] { fromConfig(env, inner, target, LoadPath::General, expect); });
    if (m_options.compile && isObject(compile) && m_doc.childCount(compile) > 0)
        fns.push_back([this, compile] { compileConfig(compile); });
    schedule(std::move(fns));
}

LoadWalker::Resolved LoadWalker::resolveGeneral(json::NodeId env, const QString& name, const QString& reg,
                                                const QString& module, bool isFunction, Expect expect)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    // 1. The registry: functions by name, classes by registered name (5.4.1).
    const QString key = isFunction ? name : reg;
    if (!key.isEmpty()) {
        if (const CustomObjectEntry* e = m_custom.find(key)) {
            recordCustom(env, key, expect.category, *e);
            return {nullptr, e};
        }
    }
    if (!module.isEmpty()) {
        const bool kerasModule = module == QStringView(u"keras") || module.startsWith(QStringView(u"keras."))
            || (!k3 && (module == QStringView(u"tf_keras") || module.startsWith(QStringView(u"tf_keras."))));
        if (kerasModule) {
            const KerasExport& found = kerasExport(module, name);
            if (found.nonModeling) {
                const QString api = module + QLatin1Char('.') + name;
                if (!expect.nonFatal)
                    raise(env, problem::kNonModelingApi, ErrorCode::ValueError, [api](bool) { return loadmsg::nonModelingApi(api); });
                recordUnresolved(env, name, expect.category, isFunction);
                return {};
            }
            const ExportMatch match = found.match;
            if (match && !match.viaAlias) {
                if (k3 && !checkRegisteredName(env, name, module, expect))
                    return {};
                recordBuiltin(env, name, *match.entry);
                return {match.entry, nullptr};
            }
        }
        if (isFunction && module == u"builtins") {
            for (const QString& m : m_catalog.builtinFunctionModules()) {
                const ExportMatch match = m_catalog.resolveExport(QStringLiteral("keras.") + m, name);
                if (match && !match.viaAlias) {
                    if (k3 && !checkRegisteredName(env, name, QStringLiteral("keras.") + m, expect))
                        return {};
                    recordBuiltin(env, name, *match.entry);
                    return {match.entry, nullptr};
                }
            }
            if (!name.contains(QLatin1Char('>'))) {
                if (const CustomObjectEntry* e = m_custom.findBySuffix(name)) {
                    recordCustom(env, name, expect.category, *e);
                    return {nullptr, e};
                }
            }
        }
        if (auto r = resolveByImport(env, name, reg, module, isFunction, expect))
            return *r;
    }
    recordUnresolved(env, isFunction ? name : (reg.isEmpty() ? name : reg), expect.category, isFunction);
    if (expect.nonFatal) {
        warn(env, isFunction ? problem::kUnknownFunction : problem::kUnknownClass,
             QStringLiteral("Unknown %1 '%2' (inside an object whose code is not available)").arg(kindWord(isFunction), name));
        return {};
    }
    Problem& p = raise(env, isFunction ? problem::kUnknownFunction : problem::kUnknownClass, ErrorCode::TypeError,
                       [this, env, name, isFunction](bool full) {
                           return loadmsg::couldNotLocate(m_options.target, kindWord(isFunction), name, repr(env, full));
                       });
    p.fixIts = classCandidates(env, name, expect.category);
    return {};
}

std::optional<LoadWalker::Resolved> LoadWalker::resolveByImport(json::NodeId env, const QString& name,
                                                                const QString& reg, const QString& module,
                                                                bool isFunction, Expect expect)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    const QString package = module.section(QLatin1Char('.'), 0, 0);
    QString importModule = module;
    if (k3) {
        // K3 >= 3.9 imports only these packages (5.4.4); anything else is "Could not locate".
        if (package != u"keras" && package != u"keras_hub" && package != u"keras_cv" && package != u"keras_nlp")
            return std::nullopt;
        if (package != u"keras") {
            recordUnresolved(env, name, expect.category, isFunction);
            warn(env, problem::kUnverifiableModule,
                 QStringLiteral("'%1.%2' comes from %3, which Keras imports at load time; whether it "
                                "exists depends on the installed %3 version").arg(module, name, package));
            return Resolved{};
        }
    } else if (module.startsWith(u"keras")) {
        importModule = QStringLiteral("tf_") + module; // tf-keras's own rename before importing
    }
    if (importableModules(m_catalog).contains(importModule)) {
        const BuiltinEntry* e = m_catalog.findByPythonModule(importModule, name);
        if (!e && !k3 && !reg.isEmpty())
            e = m_catalog.findByPythonModule(importModule, reg);
        if (!e) {
            // The alias paths of Keras 3 (keras.layers.Convolution2D) import fine for classes.
            const ExportMatch alias = m_catalog.resolveExport(module, name);
            if (alias && alias.viaAlias && alias.entry->kind == EntryKind::Class)
                e = alias.entry;
        }
        if (e && (!k3 || e->kind == EntryKind::Class)) {
            recordBuiltin(env, name, *e);
            return Resolved{e, nullptr};
        }
        if (!k3)
            return std::nullopt; // tf-keras falls through to "Could not locate"
        recordUnresolved(env, name, expect.category, isFunction);
        if (!expect.nonFatal)
            raise(env, problem::kNotKerasSaveable, ErrorCode::ValueError,
                  [module, name](bool) { return loadmsg::notKerasSaveable(module, name); });
        return Resolved{};
    }
    recordUnresolved(env, name, expect.category, isFunction);
    if (expect.nonFatal) {
        warn(env, problem::kModuleNotImportable, QStringLiteral("Module %1 is not part of Keras").arg(module));
        return Resolved{};
    }
    Problem& p = raise(env, problem::kModuleNotImportable, ErrorCode::TypeError,
                       [this, env, name, importModule, isFunction](bool full) {
                           return loadmsg::parentModuleNotImportable(kindWord(isFunction), name, importModule, repr(env, full));
                       });
    p.fixIts = classCandidates(env, name, expect.category);
    return Resolved{};
}

const LoadWalker::KerasExport& LoadWalker::kerasExport(const QString& module, const QString& name) const
{
    // A model names a handful of classes over and over ("keras.layers" "Dense"): the last
    // answers are kept in a small table indexed by the names' lengths and end characters.
    const auto mix = [](const QString& s) {
        return s.isEmpty() ? size_t(0) : size_t(s.size()) * 7 + s.front().unicode() * 3 + s.back().unicode();
    };
    KerasExport& slot = m_kerasExports[(mix(name) * 31 + mix(module)) % m_kerasExports.size()];
    if (slot.valid && slot.name == name && slot.module == module)
        return slot;
    slot.valid = true;
    slot.module = module;
    slot.name = name;
    slot.nonModeling = m_options.target == Dialect::Keras3 && m_catalog.isNonModelingApi(module + QLatin1Char('.') + name);
    slot.match = m_catalog.resolveExport(module, name);
    return slot;
}

bool LoadWalker::checkRegisteredName(json::NodeId env, const QString& name, const QString& module, Expect expect)
{
    // K3 >= 3.15 (_assert_no_registered_name_for_builtin): a non-empty explicit registered_name
    // other than the name or class_name is refused for built-ins.
    const json::NodeId regNode = envelope(env).registeredName;
    if (!isString(regNode))
        return true;
    const QString explicitName = text(regNode);
    if (explicitName.isEmpty() || explicitName == name || explicitName == text(envelope(env).className))
        return true;
    recordUnresolved(env, name, expect.category, false);
    if (expect.nonFatal)
        return false;
    Problem& p = raise(regNode, problem::kRegisteredNameOnBuiltin, ErrorCode::ValueError,
                       [this, env, explicitName, api = module + QLatin1Char('.') + name](bool full) {
                           return loadmsg::registeredNameOnBuiltin(serialization::pyReprString(explicitName), api, repr(env, full));
                       });
    p.fixIts.push_back({QStringLiteral("Remove the registered_name field"),
                        {{FixEdit::Op::Remove, pointerOf(regNode), {}, {}}}});
    p.fixIts.push_back({QStringLiteral("Set registered_name to null"),
                        {{FixEdit::Op::Replace, pointerOf(regNode), json::Value(), {}}}});
    return false;
}

json::Value::Type LoadWalker::valueType(json::NodeId node) const
{
    switch (node == json::kNoNode ? json::Kind::Null : m_doc.kind(node)) {
    case json::Kind::Null: return json::Value::Type::Null;
    case json::Kind::Bool: return json::Value::Type::Bool;
    case json::Kind::Number: return m_doc.isIntegerSpelling(node) ? json::Value::Type::Int : json::Value::Type::Float;
    case json::Kind::String: return json::Value::Type::String;
    case json::Kind::Array: return json::Value::Type::Array;
    case json::Kind::Object: break;
    }
    return json::Value::Type::Object;
}

} // namespace kcs::keras
