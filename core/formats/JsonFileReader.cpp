// SPDX-License-Identifier: GPL-3.0-or-later
// Plain JSON model files and TensorFlow.js model.json: reading, weight manifest, saving.
#include "core/formats/AtomicFile.h"
#include "core/formats/JsonModel.h"
#include "core/formats/Readers.h"
#include "core/formats/Sniffer.h"
#include "core/json/PyJson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace kcs::formats {

using json::Document;
using json::Kind;
using json::kNoNode;
using json::NodeId;

Result<json::Document> parseEmbeddedJson(const QByteArray& text, const QString& what)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text); // decoding happens on this conversion
    if (decoder.hasError())
        return fail(ErrorCode::Format, QStringLiteral("%1 is not UTF-8 text").arg(what));
    auto doc = Document::parse(text);
    if (!doc) {
        Error e = doc.error();
        e.message = QStringLiteral("%1 is not JSON: %2 (line %3, column %4)")
                        .arg(what, e.message).arg(e.where.line).arg(e.where.column);
        e.code = ErrorCode::Format;
        e.where = {}; // positions inside the embedded text, not in the file; the message has them
        return std::unexpected(e);
    }
    return std::move(*doc);
}

namespace {

void fillFromShape(ModelFileData& data, const JsonModelShape& shape)
{
    data.kind = shape.kind;
    data.wrapping = shape.wrapping;
    data.modelNode = shape.model;
    data.trainingNode = shape.training;
    data.metadata = shape.metadata;
    data.dialect = detectDialect(data.config, shape.model, shape.metadata.kerasVersion);
}

/// A file that is one JSON string whose text is the model JSON (seen in the wild: json.dump of
/// model.to_json()). The model is offered unwrapped.
Result<DataPtr> readJsonString(const QString& path, const Document& outer, QByteArray bytes)
{
    const QByteArray inner = outer.string(outer.root()).toUtf8();
    auto doc = Document::parse(inner);
    if (!doc)
        return fail(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is a JSON string that does not hold JSON"));
    auto shape = classifyJson(*doc);
    if (!shape) {
        return fail(ErrorCode::NotAModel,
                    QStringLiteral("not a Keras model file: it is a JSON string holding JSON that is not a model (%1)")
                        .arg(shape.error().message.section(QStringLiteral("it is "), 1)));
    }
    auto data = std::make_unique<ModelFileData>();
    data->path = path;
    data->config = std::move(*doc);
    fillFromShape(*data, *shape);
    data->kind = FileKind::KerasJson;
    data->wrapping = JsonWrapping::JsonString;
    data->originalFileText = std::move(bytes);
    data->notes << QStringLiteral("The file is a JSON string that contains the model JSON; it is shown unwrapped. "
                                  "Saving writes it back as a JSON string; export the config to get plain JSON.");
    return data;
}

} // namespace

Result<DataPtr> readJsonFile(const QString& path, QByteArray bytes, const OpenOptions& options)
{
    if (bytes.size() > options.maxJsonSize)
        return fail(ErrorCode::Limit, QStringLiteral("the file has %1 bytes, over the limit of %2 bytes for JSON")
                                          .arg(bytes.size()).arg(options.maxJsonSize));
    auto doc = Document::parse(bytes);
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->kind(doc->root()) == Kind::String)
        return readJsonString(path, *doc, std::move(bytes));
    auto shape = classifyJson(*doc);
    if (!shape)
        return std::unexpected(shape.error());
    auto data = std::make_unique<ModelFileData>();
    data->path = path;
    data->config = std::move(*doc);
    fillFromShape(*data, *shape);
    return data;
}

namespace {

/// Bytes per stored element: tfjs narrows to 32 bits, and quantized weights are stored in the
/// quantization dtype.
int tfjsItemSize(const Document& doc, NodeId entry, const QString& dtype)
{
    const QString quantized = stringMember(doc, doc.member(entry, std::string_view("quantization")), "dtype");
    const QString stored = quantized.isEmpty() ? dtype : quantized;
    if (stored == QLatin1String("bool") || stored == QLatin1String("uint8") || stored == QLatin1String("int8"))
        return 1;
    if (stored == QLatin1String("uint16") || stored == QLatin1String("float16"))
        return 2;
    if (stored == QLatin1String("string"))
        return -1;
    return 4;
}

WeightInfo tfjsWeight(const Document& doc, NodeId entry)
{
    WeightInfo info;
    const QString name = stringMember(doc, entry, "name");
    const qsizetype slash = name.lastIndexOf(QLatin1Char('/'));
    info.layerPath = slash < 0 ? QString() : name.left(slash);
    info.name = slash < 0 ? name : name.mid(slash + 1);
    info.dtype = stringMember(doc, entry, "dtype");
    if (info.dtype.isEmpty())
        info.dtype = QStringLiteral("float32"); // tfjs's default when the key is absent
    const NodeId shape = doc.member(entry, std::string_view("shape"));
    qint64 count = 1;
    for (int i = 0; shape != kNoNode && i < doc.childCount(shape); ++i) {
        const qint64 dim = doc.toInt64(doc.child(shape, i)).value_or(-1);
        info.shape.push_back(dim);
        count = (dim < 0 || count < 0 || dim > (qint64(1) << 40)) ? -1 : count * dim;
    }
    const int itemSize = tfjsItemSize(doc, entry, info.dtype);
    info.byteSize = (count < 0 || itemSize < 0) ? -1 : count * itemSize;
    return info;
}

} // namespace

Result<std::vector<WeightInfo>> listTfjsWeights(const ModelFileData& data)
{
    std::vector<WeightInfo> out;
    const Document& doc = data.config;
    const NodeId manifest = doc.member(doc.root(), std::string_view("weightsManifest"));
    if (manifest == kNoNode || doc.kind(manifest) != Kind::Array)
        return out;
    for (int g = 0; g < doc.childCount(manifest); ++g) {
        const NodeId group = doc.child(manifest, g);
        const NodeId paths = doc.member(group, std::string_view("paths"));
        QStringList shards;
        for (int p = 0; paths != kNoNode && p < doc.childCount(paths); ++p)
            shards << doc.string(doc.child(paths, p));
        const NodeId weights = doc.member(group, std::string_view("weights"));
        qint64 offset = 0; // weights follow each other in the group's shards, in manifest order
        for (int w = 0; weights != kNoNode && w < doc.childCount(weights); ++w) {
            WeightInfo info = tfjsWeight(doc, doc.child(weights, w));
            info.location = shards.join(QLatin1Char(','));
            info.offset = offset;
            offset = (offset < 0 || info.byteSize < 0) ? -1 : offset + info.byteSize;
            out.push_back(std::move(info));
        }
    }
    return out;
}

Result<QByteArray> readTfjsWeight(const ModelFileData& data, const WeightInfo& weight, qint64 maxSize)
{
    if (weight.offset < 0 || weight.byteSize < 0)
        return fail(ErrorCode::Unsupported, QStringLiteral("weight '%1/%2' has no fixed size").arg(weight.layerPath, weight.name));
    if (weight.byteSize > maxSize)
        return fail(ErrorCode::Limit, QStringLiteral("weight '%1/%2' is larger than %3 bytes").arg(weight.layerPath, weight.name).arg(maxSize));
    const QDir dir = QFileInfo(data.path).absoluteDir();
    QByteArray out;
    qint64 skip = weight.offset;
    for (const QString& shard : weight.location.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QFile file(dir.filePath(shard));
        if (!file.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io, QStringLiteral("cannot read weight shard %1: %2").arg(shard, file.errorString()));
        if (skip >= file.size()) {
            skip -= file.size();
            continue;
        }
        file.seek(skip);
        skip = 0;
        out += file.read(weight.byteSize - out.size());
        if (out.size() == weight.byteSize)
            return out;
    }
    return fail(ErrorCode::Format, QStringLiteral("the weight shards end before weight '%1/%2'").arg(weight.layerPath, weight.name));
}

Result<void> saveJsonFile(const ModelFileData& data, const QString& target)
{
    if (data.wrapping != JsonWrapping::JsonString)
        return writeFileAtomically(target, data.config.text());
    // Unedited: the original bytes (Python's escaping of the string may differ from ours).
    if (data.config.text() == data.originalConfigText)
        return writeFileAtomically(target, data.originalFileText);
    return writeFileAtomically(target, json::quoteString(QString::fromUtf8(data.config.text())));
}

} // namespace kcs::formats
