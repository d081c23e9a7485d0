// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/LoadSimulationJson.h"

namespace kcs::keras {
namespace {

using json::Value;

Value stringList(const QStringList& list)
{
    Value v = Value::array();
    for (const QString& s : list)
        v.append(Value(s));
    return v;
}

Value problemToJson(const Problem& p)
{
    Value v = Value::object();
    v.append(QStringLiteral("severity"), severityName(p.severity));
    v.append(QStringLiteral("code"), p.code);
    v.append(QStringLiteral("message"), p.message);
    v.append(QStringLiteral("pointer"), p.pointer);
    v.append(QStringLiteral("line"), p.line);
    v.append(QStringLiteral("column"), p.column);
    v.append(QStringLiteral("document"), p.document.isEmpty() ? Value() : Value(p.document));
    v.append(QStringLiteral("first"), p.firstError);
    Value fixes = Value::array();
    for (const FixIt& f : p.fixIts)
        fixes.append(fixItToJson(f));
    v.append(QStringLiteral("fixits"), std::move(fixes));
    return v;
}

} // namespace

Value resolutionToJson(const Resolution& r, const QString& pointer)
{
    Value v = Value::object();
    v.append(QStringLiteral("pointer"), pointer);
    v.append(QStringLiteral("identifier"), r.identifier());
    v.append(QStringLiteral("category"), categoryName(r.category()));
    v.append(QStringLiteral("kind"), r.isFunction() ? QStringLiteral("function") : QStringLiteral("class"));
    v.append(QStringLiteral("source"), resolutionSourceName(r.source()));
    v.append(QStringLiteral("source_name"), r.sourceName().isEmpty() ? Value() : Value(r.sourceName()));
    v.append(QStringLiteral("resolved_to"), r.resolvedTo().isEmpty() ? Value() : Value(r.resolvedTo()));
    if (r.inTrainingConfig)
        v.append(QStringLiteral("document"), r.document());
    return v;
}

Value fixItToJson(const FixIt& fix)
{
    Value v = Value::object();
    v.append(QStringLiteral("title"), fix.title);
    Value edits = Value::array();
    for (const FixEdit& e : fix.edits) {
        Value ev = Value::object();
        ev.append(QStringLiteral("op"), fixEditOpName(e.op));
        ev.append(QStringLiteral("pointer"), e.pointer);
        if (e.op == FixEdit::Op::Replace)
            ev.append(QStringLiteral("value"), e.value);
        if (e.op == FixEdit::Op::RenameKey)
            ev.append(QStringLiteral("new_key"), e.newKey);
        edits.append(std::move(ev));
    }
    v.append(QStringLiteral("edits"), std::move(edits));
    return v;
}

Value loadReportToJson(const LoadReport& report, ResolutionPointers* pointers)
{
    Value v = Value::object();
    v.append(QStringLiteral("target"), dialectName(report.target));
    v.append(QStringLiteral("loads"), report.loads);
    if (const Problem* first = report.firstErrorProblem()) {
        Value f = Value::object();
        f.append(QStringLiteral("message"), first->message);
        f.append(QStringLiteral("pointer"), first->pointer);
        f.append(QStringLiteral("code"), first->code);
        v.append(QStringLiteral("first_error"), std::move(f));
    } else {
        v.append(QStringLiteral("first_error"), Value());
    }
    Value problems = Value::array();
    for (const Problem& p : report.problems)
        problems.append(problemToJson(p));
    v.append(QStringLiteral("problems"), std::move(problems));
    Value unresolved = Value::array();
    for (const UnresolvedName& u : report.unresolved()) {
        Value uv = Value::object();
        uv.append(QStringLiteral("name"), u.name);
        uv.append(QStringLiteral("category"), categoryName(u.category));
        uv.append(QStringLiteral("count"), u.count);
        unresolved.append(std::move(uv));
    }
    v.append(QStringLiteral("unresolved"), std::move(unresolved));
    Value shared = Value::array();
    for (const SharedLayer& s : report.sharedLayers) {
        Value sv = Value::object();
        sv.append(QStringLiteral("name"), s.name);
        sv.append(QStringLiteral("calls"), s.calls);
        sv.append(QStringLiteral("model"), s.modelPointer);
        sv.append(QStringLiteral("call_pointers"), stringList(s.callPointers));
        shared.append(std::move(sv));
    }
    v.append(QStringLiteral("shared_layers"), std::move(shared));
    Value objects = Value::array();
    for (const SharedObjectGroup& g : report.sharedObjects) {
        Value gv = Value::object();
        gv.append(QStringLiteral("id"), g.id);
        gv.append(QStringLiteral("pointers"), stringList(g.pointers));
        gv.append(QStringLiteral("configs_differ"), g.configsDiffer);
        objects.append(std::move(gv));
    }
    v.append(QStringLiteral("shared_objects"), std::move(objects));
    Value lambdas = Value::array();
    for (const LambdaInfo& l : report.lambdas) {
        Value lv = Value::object();
        lv.append(QStringLiteral("pointer"), l.pointer);
        lv.append(QStringLiteral("layer"), l.layerName.isEmpty() ? Value() : Value(l.layerName));
        lv.append(QStringLiteral("function_type"), l.functionType);
        lv.append(QStringLiteral("base64_length"), qint64(l.base64Length));
        lv.append(QStringLiteral("refused"), l.refusedInSafeMode);
        lambdas.append(std::move(lv));
    }
    v.append(QStringLiteral("lambdas"), std::move(lambdas));
    if (!pointers)
        return v;
    Value resolutions = Value::array();
    for (const Resolution& r : report.resolutions)
        resolutions.append(resolutionToJson(r, (*pointers)(r)));
    v.append(QStringLiteral("resolutions"), std::move(resolutions));
    return v;
}

} // namespace kcs::keras
