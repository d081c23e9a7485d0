// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio info FILE [--json]`: what a model file is (kind, dialect, versions,
// zip members, stored weights), without loading any weight values.
#include "app/cli/Cli.h"
#include "core/formats/JsonModel.h"
#include "core/formats/ModelFile.h"
#include "core/json/PyJson.h"

namespace kcs::cli {

namespace {

using formats::ModelFile;
using json::Value;

struct WeightSummary {
    bool known = false;
    qint64 count = 0;
    qint64 bytes = 0;
    QString error;
};

WeightSummary summarizeWeights(const ModelFile& file)
{
    WeightSummary s;
    auto weights = file.weights();
    if (!weights) {
        s.error = weights.error().message;
        return s;
    }
    s.known = true;
    s.count = qint64(weights->size());
    for (const formats::WeightInfo& w : *weights)
        s.bytes += std::max<qint64>(0, w.byteSize);
    return s;
}

QString methodName(int method)
{
    return method == 0 ? QStringLiteral("stored") : method == 8 ? QStringLiteral("deflated") : QString::number(method);
}

QString wrappingName(formats::JsonWrapping w)
{
    switch (w) {
    case formats::JsonWrapping::None: return QStringLiteral("none");
    case formats::JsonWrapping::ModelConfig: return QStringLiteral("model_config");
    case formats::JsonWrapping::JsonString: return QStringLiteral("json_string");
    }
    return {};
}

Value textOrNull(const QString& s) { return s.isEmpty() ? Value() : Value(s); }

QString className(const ModelFile& file)
{
    const json::Document& doc = file.config();
    if (doc.kind(file.modelNode()) == json::Kind::Array)
        return QStringLiteral("Sequential");
    return formats::stringMember(doc, file.modelNode(), "class_name");
}

Value infoAsJson(const QString& path, const ModelFile& file, const WeightSummary& weights)
{
    Value v = Value::object();
    const formats::FileMetadata& m = file.metadata();
    v.append(QStringLiteral("file"), path);
    v.append(QStringLiteral("kind"), formats::kindName(file.kind()));
    v.append(QStringLiteral("dialect"), formats::dialectName(file.dialect()));
    v.append(QStringLiteral("keras_version"), textOrNull(m.kerasVersion));
    v.append(QStringLiteral("backend"), textOrNull(m.backend));
    v.append(QStringLiteral("date_saved"), textOrNull(m.dateSaved));
    v.append(QStringLiteral("class_name"), textOrNull(className(file)));
    v.append(QStringLiteral("wrapping"), wrappingName(file.wrapping()));
    v.append(QStringLiteral("training_config"), file.trainingNode() != json::kNoNode);
    if (file.kind() == formats::FileKind::KerasZip) {
        Value entries = Value::array();
        for (const formats::ZipEntryInfo& e : file.zipEntries()) {
            Value entry = Value::object();
            entry.append(QStringLiteral("name"), e.name);
            entry.append(QStringLiteral("method"), methodName(e.method));
            entry.append(QStringLiteral("size"), std::int64_t(e.uncompressedSize));
            entry.append(QStringLiteral("compressed_size"), std::int64_t(e.compressedSize));
            entries.append(std::move(entry));
        }
        v.append(QStringLiteral("entries"), std::move(entries));
    }
    v.append(QStringLiteral("weight_count"), weights.known ? Value(std::int64_t(weights.count)) : Value());
    v.append(QStringLiteral("weight_bytes"), weights.known ? Value(std::int64_t(weights.bytes)) : Value());
    Value notes = Value::array();
    for (const QString& n : file.notes())
        notes.append(n);
    if (!weights.error.isEmpty())
        notes.append(QStringLiteral("weights could not be listed: ") + weights.error);
    v.append(QStringLiteral("notes"), std::move(notes));
    return v;
}

void printField(QTextStream& out, const char* name, const QString& value)
{
    out << "  " << QString::fromLatin1(name).leftJustified(15) << (value.isEmpty() ? QStringLiteral("-") : value) << '\n';
}

void printInfo(QTextStream& out, const QString& path, const ModelFile& file, const WeightSummary& weights)
{
    const formats::FileMetadata& m = file.metadata();
    out << path << '\n';
    printField(out, "kind", formats::kindName(file.kind()));
    printField(out, "dialect", formats::dialectName(file.dialect()));
    printField(out, "keras_version", m.kerasVersion);
    printField(out, "backend", m.backend);
    if (!m.dateSaved.isEmpty())
        printField(out, "date_saved", m.dateSaved);
    printField(out, "class_name", className(file));
    if (file.kind() == formats::FileKind::KerasZip) {
        printField(out, "entries", QString::number(file.zipEntries().size()));
        for (const formats::ZipEntryInfo& e : file.zipEntries())
            out << "    " << e.name << "  " << e.uncompressedSize << " bytes, " << methodName(e.method) << '\n';
    }
    if (weights.known)
        printField(out, "weights", QStringLiteral("%1 (%2 bytes)").arg(weights.count).arg(weights.bytes));
    else
        printField(out, "weights", QStringLiteral("unknown: ") + weights.error);
    for (const QString& n : file.notes())
        out << "  note: " << n << '\n';
}

} // namespace

int runInfo(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString path;
    bool asJson = false;
    for (const QString& a : args) {
        if (a == QLatin1String("--json")) {
            asJson = true;
        } else if (a.startsWith(QLatin1Char('-')) || !path.isEmpty()) {
            err << "usage: keras-config-studio info FILE [--json]\n";
            return Usage;
        } else {
            path = a;
        }
    }
    if (path.isEmpty()) {
        err << "usage: keras-config-studio info FILE [--json]\n";
        return Usage;
    }
    auto file = ModelFile::open(path);
    if (!file) {
        err << formats::formatFileError(path, file.error()) << '\n';
        return Unreadable;
    }
    const WeightSummary weights = summarizeWeights(*file);
    if (asJson) {
        json::DumpOptions options;
        options.indent = 2;
        out << QString::fromUtf8(json::dumps(infoAsJson(path, *file, weights), options)) << '\n';
    } else {
        printInfo(out, path, *file, weights);
    }
    out.flush();
    return Ok;
}

} // namespace kcs::cli
