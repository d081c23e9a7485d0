// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio check FILE [--keras 3|2] [--scope SCOPEFILE]... [--json]`: would the
// target Keras load this file? Every problem, located; exit 0 loads, 1 would not, 2 unreadable.
#include "app/cli/Cli.h"
#include "core/formats/ModelFile.h"
#include "core/json/PyJson.h"
#include "core/keras/LoadSimulation.h"
#include "core/keras/LoadSimulationJson.h"

#include <QIODevice>

namespace kcs::cli {
namespace {

constexpr char kUsage[] = "usage: keras-config-studio check FILE [--keras 3|2] [--scope SCOPEFILE]... [--json]\n";

struct CheckArgs {
    QString path;
    keras::Dialect target = keras::Dialect::Keras3;
    QStringList scopeFiles;
    bool asJson = false;
};

std::optional<CheckArgs> parseArgs(const QStringList& args)
{
    CheckArgs a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (arg == u"--json") {
            a.asJson = true;
        } else if (arg == u"--keras" && i + 1 < args.size()) {
            const QString v = args[++i];
            if (v != u"3" && v != u"2")
                return std::nullopt;
            a.target = v == u"2" ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
        } else if (arg == u"--scope" && i + 1 < args.size()) {
            a.scopeFiles << args[++i];
        } else if (arg.startsWith(u'-') || !a.path.isEmpty()) {
            return std::nullopt;
        } else {
            a.path = arg;
        }
    }
    if (a.path.isEmpty())
        return std::nullopt;
    return a;
}

QString targetWords(keras::Dialect d)
{
    return d == keras::Dialect::Keras3 ? QStringLiteral("Keras 3") : QStringLiteral("tf.keras 2");
}

void printText(QTextStream& out, const QString& path, const keras::LoadReport& report)
{
    int errors = 0;
    int warnings = 0;
    for (const keras::Problem& p : report.problems) {
        if (p.severity == keras::Severity::Info)
            continue;
        (p.severity == keras::Severity::Error ? errors : warnings) += 1;
        const QString where = p.document.isEmpty() ? path : QStringLiteral("%1[%2]").arg(path, p.document);
        out << where << ':' << p.line << ':' << p.column << ": " << keras::severityName(p.severity)
            << ": " << p.message << '\n';
    }
    out << path << ": " << (report.loads ? "loads with " : "would not load with ") << targetWords(report.target)
        << " (" << errors << (errors == 1 ? " error, " : " errors, ") << warnings
        << (warnings == 1 ? " warning)" : " warnings)") << '\n';
}

json::Value unreadableJson(const CheckArgs& a, const QString& message)
{
    json::Value v = json::Value::object();
    v.append(QStringLiteral("file"), a.path);
    v.append(QStringLiteral("target"), keras::dialectName(a.target));
    v.append(QStringLiteral("loads"), false);
    v.append(QStringLiteral("error"), message);
    return v;
}

/// Bytes gathered before they are written: the resolutions are printed in pieces this big.
constexpr qsizetype kFlushBytes = 1 << 20;

/// Writes UTF-8 text to out. On a stream over a device (stdout) the bytes go straight to it: a
/// QTextStream would decode them to UTF-16 and encode them again, which for a million
/// resolutions costs more than making the text.
void writeUtf8(QTextStream& out, const QByteArray& bytes)
{
    if (QIODevice* device = out.device()) {
        out.flush();
        device->write(bytes);
    } else {
        out << bytes;
    }
}

/// The report as `check --json` prints it, byte for byte what json.dumps(indent=2) writes for
/// the whole object. The resolutions (one per identifier: a million at 200,000 layers) are
/// made one at a time and written a megabyte at a time, never held as one value tree or one text.
void printJson(QTextStream& out, const CheckArgs& a, const formats::ModelFile& file, const keras::LoadReport& report,
               const json::DumpOptions& dump)
{
    json::Value v = json::Value::object();
    v.append(QStringLiteral("file"), a.path);
    v.append(QStringLiteral("kind"), formats::kindName(file.kind()));
    v.append(QStringLiteral("dialect"), formats::dialectName(file.dialect()));
    // (The report object is kept in a variable: a range-for over a temporary's members()
    // would read a destroyed object.)
    json::Value body = keras::loadReportToJson(report, nullptr);
    for (auto& m : body.members())
        v.append(m.first, std::move(m.second));
    v.append(QStringLiteral("resolutions"), json::Value::array());
    QByteArray text = json::dumps(v, dump);
    const QByteArray emptyTail = "[]" + dump.newline + "}";
    Q_ASSERT(text.endsWith(emptyTail));
    if (report.resolutions.empty() || !text.endsWith(emptyTail)) {
        out << text << '\n';
        return;
    }
    text.chop(emptyTail.size());
    out << text << '[';
    json::DumpOptions item = dump;
    item.baseDepth = 2;
    const QByteArray itemIndent = dump.newline + QByteArray(2 * dump.indent, ' ');
    QByteArray buffer;
    keras::ResolutionPointers pointers(file.config(), file.trainingDocument());
    for (size_t i = 0; i < report.resolutions.size(); ++i) {
        if (i > 0)
            buffer += ',';
        buffer += itemIndent;
        json::dump(keras::resolutionToJson(report.resolutions[i], pointers(report.resolutions[i])), buffer, item);
        if (buffer.size() >= kFlushBytes) {
            writeUtf8(out, buffer);
            buffer.resize(0); // keeps the capacity
        }
    }
    writeUtf8(out, buffer);
    out << dump.newline << QByteArray(dump.indent, ' ') << ']' << dump.newline << '}' << '\n';
}

} // namespace

int runCheck(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const std::optional<CheckArgs> a = parseArgs(args);
    if (!a) {
        err << kUsage;
        return Usage;
    }
    json::DumpOptions dump;
    dump.indent = 2;
    keras::LoadOptions options;
    options.target = a->target;
    for (const QString& scopeFile : a->scopeFiles) {
        Result<keras::ScopeSet> set = keras::loadScopeFile(scopeFile);
        if (!set) {
            // A scope file we cannot use makes the verdict meaningless: treat it as unreadable.
            err << set.error().message << '\n';
            return Unreadable;
        }
        options.customObjects.append(*set);
    }
    auto file = formats::ModelFile::open(a->path);
    if (!file) {
        const QString message = formats::formatFileError(a->path, file.error());
        if (a->asJson)
            out << QString::fromUtf8(json::dumps(unreadableJson(*a, file.error().message), dump)) << '\n';
        err << message << '\n';
        return Unreadable;
    }
    options.fileKind = file->kind();
    if (file->kind() != formats::FileKind::KerasZip) {
        options.trainingConfig = file->trainingDocument();
        options.trainingConfigNode = file->trainingNode();
    }
    const keras::LoadReport report = keras::simulateLoad(file->config(), file->modelNode(), options);
    if (a->asJson) {
        printJson(out, *a, *file, report, dump);
    } else {
        printText(out, a->path, report);
    }
    out.flush();
    return report.loads ? Ok : Problems;
}

} // namespace kcs::cli
