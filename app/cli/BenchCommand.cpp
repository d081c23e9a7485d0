// SPDX-License-Identifier: GPL-3.0-or-later
// keras-config-studio bench FILE [--repeat N] [--check [--keras 3|2]] [--cpu-time] [--json]
// Times, in one run on the same bytes: simdjson's DOM parse (the reference floor), our document
// parse, our write, a Python-style re-serialisation, and reports memory. With --check also the
// load simulation (`check`, graph included) and model.summary()'s shape inference.

#include "app/cli/Cli.h"
#include "core/formats/ModelFile.h"
#include "core/json/Document.h"
#include "core/json/PyJson.h"
#include "core/keras/LoadSimulation.h"
#include "core/keras/Summary.h"

#include <simdjson.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <functional>
#include <optional>

namespace kcs::cli {
namespace {

/// Peak resident set size of this process in bytes (VmHWM), or -1.
qint64 peakRss()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

/// Gives freed memory back to the system and resets the peak resident set size to the current
/// one (Linux >= 4.0), so the next peak is the next phase's own.
void resetPeakRss()
{
    malloc_trim(0);
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (clearRefs.open(QIODevice::WriteOnly))
        clearRefs.write("5");
}

/// What a figure measures: elapsed time, or the CPU time of the process (which a machine busy
/// with other work inflates far less). The process, not the thread: a check builds a big model's
/// graph on a second thread, and its time counts.
enum class Clock { Wall, Cpu };

qint64 cpuNanoseconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Best of `repeat` runs, in milliseconds.
/// The best time of `repeat` runs of work; `prepare` runs before each one, outside the timer.
double bestOf(int repeat, Clock clock, const std::function<void()>& work, const std::function<void()>& prepare = {})
{
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        if (prepare)
            prepare();
        QElapsedTimer t;
        t.start();
        const qint64 cpuStart = cpuNanoseconds();
        work();
        const qint64 ns = clock == Clock::Cpu ? cpuNanoseconds() - cpuStart : t.nsecsElapsed();
        best = std::min(best, double(ns) / 1e6);
    }
    return best;
}

struct Figures {
    double simdjsonMs = -1;
    QString simdjsonNote;
    double parseMs = 0;
    double writeMs = 0;
    double dumpsMs = -1;
    qint64 nodes = 0;
    qint64 documentBytes = 0;
    qint64 peakRssGrowth = 0;
};

Figures measure(const QByteArray& bytes, int repeat, Clock clock, std::optional<Error>& error)
{
    Figures f;
    simdjson::dom::parser simd;
    const simdjson::padded_string padded(bytes.constData(), size_t(bytes.size()));
    simdjson::error_code simdError = simdjson::SUCCESS;
    f.simdjsonMs = bestOf(repeat, clock, [&] { simdError = simd.parse(padded).error(); });
    if (simdError != simdjson::SUCCESS) {
        f.simdjsonNote = QString::fromUtf8(simdjson::error_message(simdError));
        f.simdjsonMs = -1;
    }
    // A buffer of exactly the file's size: Document::parse would otherwise squeeze (copy) a
    // read buffer with spare capacity on every run. Freeing the previous run's document is not
    // part of the parse either.
    const QByteArray input(bytes.constData(), bytes.size());
    resetPeakRss();
    const qint64 rssBefore = peakRss();
    std::optional<json::Document> keep;
    f.parseMs = bestOf(
        repeat, clock,
        [&] {
            auto doc = json::Document::parse(input);
            if (!doc)
                error = doc.error();
            else
                keep = std::move(*doc);
        },
        [&] { keep.reset(); });
    if (!keep)
        return f;
    f.peakRssGrowth = peakRss() - rssBefore;
    f.nodes = keep->nodeCount();
    f.documentBytes = keep->memoryUsage();
    QByteArray written;
    f.writeMs = bestOf(repeat, clock, [&] { written = QByteArray(keep->text().constData(), keep->text().size()); });
    if (auto value = keep->toValue(keep->root())) {
        f.dumpsMs = bestOf(repeat, clock, [&] {
            auto v = keep->toValue(keep->root());
            written = json::dumps(*v);
        });
    }
    return f;
}

/// The check figures: the load simulation on an opened file, the whole of `check` from the
/// bytes (open + simulation, no printing), the summary's graph and shapes, and memory.
struct CheckFigures {
    keras::Dialect target = keras::Dialect::Keras3;
    double firstCheckMs = 0;  ///< the process's first check: the catalog is loaded too
    double checkMs = 0;
    double openAndCheckMs = 0;
    double summaryMs = 0;
    qint64 peakRssGrowth = 0;
    bool loads = false;
    qsizetype problems = 0;
    qsizetype resolutions = 0;
};

Result<CheckFigures> measureCheck(const QString& path, const QByteArray& bytes, keras::Dialect target, int repeat,
                                  Clock clock)
{
    CheckFigures f;
    f.target = target;
    resetPeakRss();
    const qint64 rssBefore = peakRss();
    Result<formats::ModelFile> file = formats::ModelFile::openJsonBytes(path, bytes);
    if (!file)
        return std::unexpected(file.error());
    keras::LoadOptions options;
    options.target = target;
    options.fileKind = file->kind();
    options.includeLiveRegistry = false;
    options.trainingConfig = file->trainingDocument();
    options.trainingConfigNode = file->trainingNode();
    keras::LoadReport report;
    const auto check = [&] { report = keras::simulateLoad(file->config(), file->modelNode(), options); };
    // Freeing the previous run's report is not part of a check (as freeing the previous
    // document is not part of a parse).
    const auto freeReport = [&] { report = {}; };
    // The first check of a process also loads the target's built-in catalog.
    f.firstCheckMs = bestOf(1, clock, check);
    f.checkMs = bestOf(repeat, clock, check, freeReport);
    f.peakRssGrowth = peakRss() - rssBefore;
    f.loads = report.loads;
    f.problems = qsizetype(report.problems.size());
    f.resolutions = qsizetype(report.resolutions.size());
    report = {};
    std::optional<Result<formats::ModelFile>> again;
    f.openAndCheckMs = bestOf(
        repeat, clock,
        [&] {
            again = formats::ModelFile::openJsonBytes(path, bytes);
            if (*again)
                report = keras::simulateLoad((*again)->config(), (*again)->modelNode(), options);
        },
        [&] {
            freeReport();
            again.reset();
        });
    freeReport();
    again.reset();
    f.summaryMs = bestOf(repeat, clock, [&] { (void)keras::summarize(file->config()); });
    return f;
}

double ratioOf(double a, double b)
{
    return a >= 0 && b > 0 ? a / b : -1;
}

void printCheck(QTextStream& out, const CheckFigures& c, const Figures& f, qsizetype fileBytes)
{
    const QString check = QStringLiteral("check (%1)").arg(keras::dialectName(c.target));
    out << QString::asprintf("  %-21s%9.2f ms   (%.2fx parse, %.2fx simdjson)\n", qPrintable(check), c.checkMs,
                             ratioOf(c.checkMs, f.parseMs), ratioOf(c.checkMs, f.simdjsonMs))
        << QString::asprintf("  %-21s%9.2f ms   (built-in catalog loaded)\n", "first check", c.firstCheckMs)
        << QString::asprintf("  %-21s%9.2f ms   (%.2fx parse, %.2fx simdjson)\n", "open + check", c.openAndCheckMs,
                             ratioOf(c.openAndCheckMs, f.parseMs), ratioOf(c.openAndCheckMs, f.simdjsonMs))
        << QString::asprintf("  %-21s%9.2f ms   (%.2fx parse)\n", "summary (shapes)", c.summaryMs,
                             ratioOf(c.summaryMs, f.parseMs))
        << QString::asprintf("  %-21s%9.1f MB   (%.2fx the file)\n", "check peak RSS growth", double(c.peakRssGrowth) / 1e6,
                             double(c.peakRssGrowth) / double(std::max<qsizetype>(1, fileBytes)))
        << "  check verdict        " << (c.loads ? "loads" : "would not load") << " (" << c.problems
        << (c.problems == 1 ? " problem, " : " problems, ") << c.resolutions
        << (c.resolutions == 1 ? " resolution)\n" : " resolutions)\n");
}

void addCheckJson(QJsonObject& o, const CheckFigures& c, const Figures& f, qsizetype fileBytes)
{
    o.insert(QStringLiteral("check_target"), keras::dialectName(c.target));
    o.insert(QStringLiteral("first_check_ms"), c.firstCheckMs);
    o.insert(QStringLiteral("check_ms"), c.checkMs);
    o.insert(QStringLiteral("check_to_parse"), ratioOf(c.checkMs, f.parseMs));
    o.insert(QStringLiteral("check_to_simdjson"), ratioOf(c.checkMs, f.simdjsonMs));
    o.insert(QStringLiteral("open_and_check_ms"), c.openAndCheckMs);
    o.insert(QStringLiteral("open_and_check_to_parse"), ratioOf(c.openAndCheckMs, f.parseMs));
    o.insert(QStringLiteral("open_and_check_to_simdjson"), ratioOf(c.openAndCheckMs, f.simdjsonMs));
    o.insert(QStringLiteral("summary_ms"), c.summaryMs);
    o.insert(QStringLiteral("check_peak_rss_growth_bytes"), c.peakRssGrowth);
    o.insert(QStringLiteral("check_peak_rss_growth_to_file"), double(c.peakRssGrowth) / double(std::max<qsizetype>(1, fileBytes)));
    o.insert(QStringLiteral("check_loads"), c.loads);
    o.insert(QStringLiteral("check_problems"), c.problems);
    o.insert(QStringLiteral("check_resolutions"), c.resolutions);
}

} // namespace

int runBench(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("a JSON file"));
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("runs per figure (best is kept)"), QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("print one JSON object")});
    parser.addOption({QStringLiteral("check"), QStringLiteral("also time the load simulation and the summary")});
    parser.addOption({QStringLiteral("cpu-time"), QStringLiteral("measure CPU time instead of elapsed time")});
    parser.addOption({QStringLiteral("keras"), QStringLiteral("the check's target: 3 (default) or 2"), QStringLiteral("V"), QStringLiteral("3")});
    const QString keras = parser.parse(QStringList{QStringLiteral("bench")} + args) ? parser.value(QStringLiteral("keras")) : QString();
    if (parser.positionalArguments().size() != 1 || (keras != u"3" && keras != u"2")
        || (parser.isSet(QStringLiteral("keras")) && !parser.isSet(QStringLiteral("check")))) {
        err << "usage: keras-config-studio bench FILE [--repeat N] [--check [--keras 3|2]] [--cpu-time] [--json]\n";
        return Usage;
    }
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << path << ": " << file.errorString() << '\n';
        return Unreadable;
    }
    const QByteArray bytes = file.readAll();
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());
    const Clock clock = parser.isSet(QStringLiteral("cpu-time")) ? Clock::Cpu : Clock::Wall;
    // The check runs first, so its memory figure is not hidden by what the parse figures freed.
    std::optional<CheckFigures> check;
    if (parser.isSet(QStringLiteral("check"))) {
        Result<CheckFigures> c = measureCheck(path, bytes, keras == u"2" ? keras::Dialect::Keras2 : keras::Dialect::Keras3, repeat, clock);
        if (!c) {
            err << formats::formatFileError(path, c.error()) << '\n';
            return Unreadable;
        }
        check = *c;
    }
    std::optional<Error> error;
    const Figures f = measure(bytes, repeat, clock, error);
    if (error) {
        err << path << ':' << error->where.line << ':' << error->where.column << ": error: " << error->message << '\n';
        return Unreadable;
    }
    const double ratio = f.simdjsonMs > 0 ? f.parseMs / f.simdjsonMs : -1;
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o{{QStringLiteral("file"), path}, {QStringLiteral("bytes"), bytes.size()},
                      {QStringLiteral("clock"), clock == Clock::Cpu ? QStringLiteral("cpu") : QStringLiteral("wall")},
                      {QStringLiteral("nodes"), f.nodes}, {QStringLiteral("simdjson_dom_ms"), f.simdjsonMs},
                      {QStringLiteral("parse_ms"), f.parseMs}, {QStringLiteral("parse_to_simdjson"), ratio},
                      {QStringLiteral("write_ms"), f.writeMs}, {QStringLiteral("python_dumps_ms"), f.dumpsMs},
                      {QStringLiteral("document_bytes"), f.documentBytes},
                      {QStringLiteral("document_to_file"), double(f.documentBytes) / double(std::max<qint64>(1, bytes.size()))},
                      {QStringLiteral("peak_rss_growth_bytes"), f.peakRssGrowth}};
        if (check)
            addCheckJson(o, *check, f, bytes.size());
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        return Ok;
    }
    out << QFileInfo(path).fileName() << ": " << bytes.size() << " bytes, " << f.nodes << " nodes, best of " << repeat
        << (clock == Clock::Cpu ? ", CPU time\n" : "\n");
    if (f.simdjsonMs >= 0)
        out << QString::asprintf("  simdjson DOM parse   %9.2f ms\n", f.simdjsonMs);
    else
        out << "  simdjson DOM parse   rejects the text (" << f.simdjsonNote << ")\n";
    out << QString::asprintf("  document parse       %9.2f ms", f.parseMs);
    if (ratio > 0)
        out << QString::asprintf("   (%.2fx simdjson)", ratio);
    out << '\n'
        << QString::asprintf("  write (verbatim)     %9.2f ms\n", f.writeMs)
        << QString::asprintf("  json.dumps rewrite   %9.2f ms\n", f.dumpsMs)
        << QString::asprintf("  document memory      %9.1f MB   (%.2fx the file)\n", f.documentBytes / 1e6,
                             double(f.documentBytes) / double(std::max<qint64>(1, bytes.size())))
        << QString::asprintf("  peak RSS growth      %9.1f MB\n", f.peakRssGrowth / 1e6);
    if (check)
        printCheck(out, *check, f, bytes.size());
    return Ok;
}

} // namespace kcs::cli
