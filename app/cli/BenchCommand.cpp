// SPDX-License-Identifier: GPL-3.0-or-later
// keras-config-studio bench FILE [--repeat N] [--json]
// Times, in one run on the same bytes: simdjson's DOM parse (the reference floor), our document
// parse, our write, a Python-style re-serialisation, and reports memory.

#include "app/cli/Cli.h"
#include "core/json/Document.h"
#include "core/json/PyJson.h"

#include <simdjson.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

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

/// Best of `repeat` runs, in milliseconds.
double bestOf(int repeat, const std::function<void()>& work)
{
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        best = std::min(best, double(t.nsecsElapsed()) / 1e6);
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

Figures measure(const QByteArray& bytes, int repeat, std::optional<Error>& error)
{
    Figures f;
    simdjson::dom::parser simd;
    const simdjson::padded_string padded(bytes.constData(), size_t(bytes.size()));
    simdjson::error_code simdError = simdjson::SUCCESS;
    f.simdjsonMs = bestOf(repeat, [&] { simdError = simd.parse(padded).error(); });
    if (simdError != simdjson::SUCCESS) {
        f.simdjsonNote = QString::fromUtf8(simdjson::error_message(simdError));
        f.simdjsonMs = -1;
    }
    const qint64 rssBefore = peakRss();
    std::optional<json::Document> keep;
    f.parseMs = bestOf(repeat, [&] {
        auto doc = json::Document::parse(bytes);
        if (!doc)
            error = doc.error();
        else
            keep = std::move(*doc);
    });
    if (!keep)
        return f;
    f.peakRssGrowth = peakRss() - rssBefore;
    f.nodes = keep->nodeCount();
    f.documentBytes = keep->memoryUsage();
    QByteArray written;
    f.writeMs = bestOf(repeat, [&] { written = QByteArray(keep->text().constData(), keep->text().size()); });
    if (auto value = keep->toValue(keep->root())) {
        f.dumpsMs = bestOf(repeat, [&] {
            auto v = keep->toValue(keep->root());
            written = json::dumps(*v);
        });
    }
    return f;
}

} // namespace

int runBench(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("a JSON file"));
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("runs per figure (best is kept)"), QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("print one JSON object")});
    if (!parser.parse(QStringList{QStringLiteral("bench")} + args) || parser.positionalArguments().size() != 1) {
        err << "usage: keras-config-studio bench FILE [--repeat N] [--json]\n";
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
    std::optional<Error> error;
    const Figures f = measure(bytes, repeat, error);
    if (error) {
        err << path << ':' << error->where.line << ':' << error->where.column << ": error: " << error->message << '\n';
        return Unreadable;
    }
    const double ratio = f.simdjsonMs > 0 ? f.parseMs / f.simdjsonMs : -1;
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o{{QStringLiteral("file"), path}, {QStringLiteral("bytes"), bytes.size()},
                      {QStringLiteral("nodes"), f.nodes}, {QStringLiteral("simdjson_dom_ms"), f.simdjsonMs},
                      {QStringLiteral("parse_ms"), f.parseMs}, {QStringLiteral("parse_to_simdjson"), ratio},
                      {QStringLiteral("write_ms"), f.writeMs}, {QStringLiteral("python_dumps_ms"), f.dumpsMs},
                      {QStringLiteral("document_bytes"), f.documentBytes},
                      {QStringLiteral("document_to_file"), double(f.documentBytes) / double(std::max<qint64>(1, bytes.size()))},
                      {QStringLiteral("peak_rss_growth_bytes"), f.peakRssGrowth}};
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        return Ok;
    }
    out << QFileInfo(path).fileName() << ": " << bytes.size() << " bytes, " << f.nodes << " nodes, best of " << repeat << '\n';
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
    return Ok;
}

} // namespace kcs::cli
