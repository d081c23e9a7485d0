// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DocumentChecker.h"

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
    m_watcher.waitForFinished();
}

void DocumentChecker::schedule()
{
    ++m_generation; // whatever is running now describes an older text
    m_debounce.start();
}

void DocumentChecker::cancel()
{
    ++m_generation;
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
    const QByteArray text = m_document->json().text(); // implicitly shared: a cheap snapshot
    const TargetKeras target = m_document->target();
    const quint64 generation = m_generation;
    Q_EMIT started();
    m_watcher.setFuture(QtConcurrent::run([text, target, generation] {
        CheckResult result = check(text, target);
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

CheckResult DocumentChecker::check(const QByteArray& text, TargetKeras target)
{
    Q_UNUSED(target);
    CheckResult result;
    auto parsed = json::Document::parse(text);
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
    return result;
}

} // namespace kcs::ui
