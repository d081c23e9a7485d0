// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DocumentChecker.h"

#include "core/keras/LoadSimulation.h"
#include "ui/scopes/ScopeStore.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

namespace kcs::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kcs::ui::DocumentChecker", text);
}

keras::Problem problemAt(const json::Document& doc, json::NodeId node, keras::Severity severity,
                         const QString& code, const QString& message)
{
    keras::Problem problem;
    problem.severity = severity;
    problem.code = code;
    problem.message = message;
    problem.fatal = severity == keras::Severity::Error;
    if (node != json::kNoNode) {
        const SourceLocation where = doc.location(node);
        problem.pointer = where.pointer;
        problem.offset = where.offset;
        problem.length = where.length;
        problem.line = where.line;
        problem.column = where.column;
    }
    return problem;
}

void addDuplicateKeys(const json::Document& doc, CheckResult& result)
{
    for (const json::DuplicateKey& duplicate : doc.duplicateKeys()) {
        const QString key = doc.key(duplicate.member);
        result.problems.push_back(problemAt(
            doc, duplicate.member, keras::Severity::Warning, QStringLiteral("duplicate-key"),
            tr("Duplicate key '%1': Python keeps this one and ignores the earlier one").arg(key)));
    }
}

Resolution statusOf(const keras::Resolution& resolution)
{
    switch (resolution.source()) {
    case keras::ResolutionSource::Builtin: return Resolution::BuiltIn;
    case keras::ResolutionSource::Scope:
    case keras::ResolutionSource::GlobalRegistry:
    case keras::ResolutionSource::CustomObjects: return Resolution::Custom;
    case keras::ResolutionSource::Special:
        return resolution.identifier() == QLatin1String("__lambda__") ? Resolution::Unsafe : Resolution::Internal;
    case keras::ResolutionSource::Unresolved: return Resolution::Unknown;
    }
    return Resolution::Unknown;
}

/// Runs the load simulation and turns its findings into problems and per-envelope statuses.
void addLoadSimulation(const json::Document& doc, const DocumentChecker::Input& input, CheckResult& result)
{
    const json::NodeId model = doc.find(input.modelPointer);
    if (model == json::kNoNode)
        return;
    keras::LoadOptions options;
    options.target = input.target == TargetKeras::TfKeras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    options.fileKind = formats::kindFromName(input.kind).value_or(formats::FileKind::KerasJson);
    options.customObjects = input.scopes;
    options.includeLiveRegistry = false;
    options.cancel = input.cancel.get();
    const keras::LoadReport report = keras::simulateLoad(doc, model, options);
    if (report.cancelled)
        return; // nobody will look at it (DocumentChecker drops results of older generations)
    result.loads = report.loads;
    for (const keras::Resolution& resolution : report.resolutions) {
        if (resolution.inTrainingConfig)
            continue; // an .h5's own training_config document: not part of this text
        const json::NodeId node = resolution.node;
        // The first record of a node is its own lookup (a Lambda layer's class comes before the
        // function it carries).
        if (!result.lookups.contains(doc.span(node).begin))
            result.lookups.insert(doc.span(node).begin, resolution);
        if (doc.kind(node) == json::Kind::Object)
            result.resolutions.insert(doc.span(node).begin, statusOf(resolution));
    }
    for (const keras::Problem& problem : report.problems) {
        const json::NodeId node = doc.find(problem.pointer);
        // A loader error at an envelope marks it red in the tree.
        if (problem.fatal && node != json::kNoNode && envelopeInfo(doc, node).isEnvelope)
            result.resolutions.insert(doc.span(node).begin, Resolution::Error);
        result.problems.push_back(problem);
    }
}

} // namespace

DocumentChecker::DocumentChecker(ConfigDocument* document, QObject* parent)
    : QObject(parent), m_document(document)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(400);
    connect(&m_debounce, &QTimer::timeout, this, &DocumentChecker::start);
    connect(&m_watcher, &QFutureWatcher<CheckResult>::finished, this, &DocumentChecker::onFinished);
    connect(m_document, &ConfigDocument::contentChanged, this, &DocumentChecker::schedule);
    connect(m_document, &ConfigDocument::targetChanged, this, &DocumentChecker::schedule);
}

DocumentChecker::~DocumentChecker()
{
    stopRunning();
    m_watcher.waitForFinished();
}

void DocumentChecker::schedule()
{
    ++m_generation; // whatever is running now describes an older text
    stopRunning();
    m_debounce.start();
}

void DocumentChecker::stopRunning()
{
    if (m_cancelRunning)
        m_cancelRunning->store(true, std::memory_order_relaxed);
}

void DocumentChecker::setScopeStore(const scopes::ScopeStore* store)
{
    if (m_scopes)
        disconnect(m_scopes, nullptr, this, nullptr);
    m_scopes = store;
    if (m_scopes)
        connect(m_scopes, &scopes::ScopeStore::changed, this, &DocumentChecker::checkNow);
    checkNow();
}

void DocumentChecker::checkNow()
{
    ++m_generation;
    stopRunning();
    m_debounce.stop();
    start();
}

void DocumentChecker::cancel()
{
    ++m_generation;
    stopRunning();
    m_debounce.stop();
    m_pending = false;
    Q_EMIT cancelled();
}

void DocumentChecker::start()
{
    if (m_watcher.isRunning()) {
        m_pending = true; // one run at a time; the newest text runs next
        return;
    }
    if (!m_document->hasFile())
        return;
    Input input;
    input.text = m_document->json().text(); // implicitly shared: a cheap snapshot
    input.target = m_document->target();
    input.kind = m_document->kind();
    input.modelPointer = m_document->modelPointer();
    if (m_scopes)
        input.scopes = m_scopes->scopeSet();
    m_cancelRunning = std::make_shared<std::atomic<bool>>(false);
    input.cancel = m_cancelRunning;
    const quint64 generation = m_generation;
    Q_EMIT started();
    m_watcher.setFuture(QtConcurrent::run([input, generation] {
        CheckResult result = check(input);
        result.generation = generation;
        return result;
    }));
}

void DocumentChecker::onFinished()
{
    CheckResult result = m_watcher.result();
    if (m_pending) {
        m_pending = false;
        start();
    }
    if (result.generation != m_generation)
        return;
    m_last = std::move(result);
    Q_EMIT finished(m_last);
}

CheckResult DocumentChecker::check(const Input& input)
{
    CheckResult result;
    auto parsed = json::Document::parse(input.text);
    if (!parsed) {
        keras::Problem problem;
        problem.code = QStringLiteral("syntax");
        problem.message = parsed.error().message;
        problem.offset = parsed.error().where.offset;
        problem.line = parsed.error().where.line;
        problem.column = parsed.error().where.column;
        problem.fatal = true;
        result.problems.push_back(problem);
        result.loads = false;
        return result;
    }
    addDuplicateKeys(*parsed, result);
    addLoadSimulation(*parsed, input, result);
    return result;
}

} // namespace kcs::ui
