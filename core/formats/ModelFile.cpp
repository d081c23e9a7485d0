// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/ModelFile.h"

#include "core/formats/AtomicFile.h"
#include "core/formats/JsonModel.h"
#include "core/formats/ModelFileData.h"
#include "core/formats/Readers.h"
#include "core/formats/Sniffer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace kcs::formats {

QString kindName(FileKind kind)
{
    switch (kind) {
    case FileKind::KerasJson: return QStringLiteral("keras-json");
    case FileKind::KerasZip: return QStringLiteral("keras-zip");
    case FileKind::H5: return QStringLiteral("h5");
    case FileKind::Tfjs: return QStringLiteral("tfjs");
    }
    return {};
}

QString dialectName(FileDialect dialect)
{
    switch (dialect) {
    case FileDialect::Keras1: return QStringLiteral("keras1");
    case FileDialect::Keras2: return QStringLiteral("keras2");
    case FileDialect::Keras3: return QStringLiteral("keras3");
    }
    return {};
}

std::optional<FileKind> kindFromName(QStringView name)
{
    for (FileKind k : {FileKind::KerasJson, FileKind::KerasZip, FileKind::H5, FileKind::Tfjs}) {
        if (name == kindName(k))
            return k;
    }
    return std::nullopt;
}

std::optional<FileDialect> dialectFromName(QStringView name)
{
    for (FileDialect d : {FileDialect::Keras1, FileDialect::Keras2, FileDialect::Keras3}) {
        if (name == dialectName(d))
            return d;
    }
    return std::nullopt;
}

ModelFile::ModelFile(std::unique_ptr<ModelFileData> data) : d(std::move(data)) {}
ModelFile::~ModelFile() = default;
ModelFile::ModelFile(ModelFile&&) noexcept = default;
ModelFile& ModelFile::operator=(ModelFile&&) noexcept = default;

namespace {

QByteArray readSmallFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(65536) : QByteArray();
}

Result<DataPtr> readByContent(const QString& path, const OpenOptions& options);

/// The directory form of a `.keras` save (unzipped, as on Hugging Face): config.json is the
/// file opened and saved; metadata.json beside it gives the Keras version.
Result<DataPtr> readKerasDirectory(const QString& dir, const OpenOptions& options)
{
    auto data = readByContent(QDir(dir).filePath(QStringLiteral("config.json")), options);
    if (!data || (*data)->kind != FileKind::KerasJson || (*data)->wrapping != JsonWrapping::None)
        return data;
    const QByteArray metadataText = QFileInfo(QDir(dir).filePath(QStringLiteral("metadata.json"))).size() < 65536
        ? readSmallFile(QDir(dir).filePath(QStringLiteral("metadata.json"))) : QByteArray();
    auto metadata = json::Document::parse(metadataText);
    ModelFileData& d = **data;
    if (metadata && metadata->kind(metadata->root()) == json::Kind::Object) {
        d.metadata.kerasVersion = stringMember(*metadata, metadata->root(), "keras_version");
        d.metadata.dateSaved = stringMember(*metadata, metadata->root(), "date_saved");
        d.dialect = detectDialect(d.config, d.modelNode, d.metadata.kerasVersion);
    }
    d.notes << QStringLiteral("The directory holds an unzipped .keras model; its config.json is opened and saved.");
    return data;
}

Result<DataPtr> readByContent(const QString& path, const OpenOptions& options)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (QDir(path).exists(QStringLiteral("config.json")))
            return readKerasDirectory(path, options);
        return fail(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is %1").arg(describeDirectory(path)));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray head = file.peek(4096);
    switch (sniffFile(path)) {
    case Sniffed::Zip:
        return readKerasZip(path, options);
    case Sniffed::Hdf5:
        return readLegacyH5(path, options);
    case Sniffed::LfsPointer:
        return fail(ErrorCode::NotAModel, lfsPointerMessage(head));
    case Sniffed::Json:
        if (file.size() > options.maxJsonSize)
            return fail(ErrorCode::Limit, QStringLiteral("the file has %1 bytes, over the limit of %2 bytes for JSON")
                                              .arg(file.size()).arg(options.maxJsonSize));
        return readJsonFile(path, file.readAll(), options);
    case Sniffed::Other:
        break;
    }
    return fail(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is %1").arg(describeContent(head)));
}

} // namespace

namespace {

Result<ModelFile> finishOpening(Result<DataPtr> data, const OpenOptions& options)
{
    if (!data)
        return std::unexpected(data.error());
    (*data)->options = options; // path: set by the reader (a directory opens its config.json)
    (*data)->originalConfigText = (*data)->config.text();
    return ModelFile(std::move(*data));
}

} // namespace

Result<ModelFile> ModelFile::open(const QString& path, const OpenOptions& options)
{
    return finishOpening(readByContent(path, options), options);
}

Result<ModelFile> ModelFile::openJsonBytes(const QString& path, QByteArray bytes, const OpenOptions& options)
{
    return finishOpening(readJsonFile(path, std::move(bytes), options), options);
}

QString ModelFile::path() const { return d->path; }
FileKind ModelFile::kind() const { return d->kind; }
FileDialect ModelFile::dialect() const { return d->dialect; }
const FileMetadata& ModelFile::metadata() const { return d->metadata; }
JsonWrapping ModelFile::wrapping() const { return d->wrapping; }
QStringList ModelFile::notes() const { return d->notes; }
json::Document& ModelFile::config() { return d->config; }
const json::Document& ModelFile::config() const { return d->config; }
json::NodeId ModelFile::modelNode() const { return d->modelNode; }
json::NodeId ModelFile::trainingNode() const { return d->trainingNode; }
const std::vector<ZipEntryInfo>& ModelFile::zipEntries() const { return d->zipEntries; }
bool ModelFile::isModified() const { return d->config.text() != d->originalConfigText; }

const json::Document* ModelFile::trainingDocument() const
{
    if (d->trainingNode == json::kNoNode)
        return nullptr;
    return d->trainingDocument ? &*d->trainingDocument : &d->config;
}

QByteArray ModelFile::modelConfigText() const
{
    if (d->modelNode == json::kNoNode || !d->config.isValid(d->modelNode))
        return d->config.text();
    return d->config.raw(d->modelNode).toByteArray();
}

Result<std::vector<WeightInfo>> ModelFile::weights() const
{
    if (d->weights)
        return *d->weights;
    Result<std::vector<WeightInfo>> list;
    switch (d->kind) {
    case FileKind::KerasJson: list = std::vector<WeightInfo>{}; break;
    case FileKind::Tfjs: list = listTfjsWeights(*d); break;
    case FileKind::KerasZip: list = listZipWeights(*d); break;
    case FileKind::H5: list = listH5Weights(d->path); break;
    }
    if (list)
        d->weights = *list;
    return list;
}

Result<QByteArray> ModelFile::weightData(const WeightInfo& weight, qint64 maxSize) const
{
    switch (d->kind) {
    case FileKind::KerasZip: return readZipWeight(*d, weight, maxSize);
    case FileKind::H5: return readH5Weight(d->path, weight, maxSize);
    case FileKind::Tfjs: return readTfjsWeight(*d, weight, maxSize);
    case FileKind::KerasJson: break;
    }
    return fail(ErrorCode::Unsupported, QStringLiteral("a JSON config file holds no weights"));
}

Result<void> ModelFile::save(const QString& target, const SaveOptions& options) const
{
    if (options.exportConfigJson)
        return writeFileAtomically(target, modelConfigText());
    switch (d->kind) {
    case FileKind::KerasJson:
    case FileKind::Tfjs: return saveJsonFile(*d, target);
    case FileKind::KerasZip: return saveKerasZip(*d, target);
    case FileKind::H5: return saveLegacyH5(*d, target);
    }
    return fail(ErrorCode::Unsupported, QStringLiteral("unknown file kind"));
}

QString formatFileError(const QString& path, const Error& error)
{
    if (error.where.line > 0)
        return QStringLiteral("%1:%2:%3: error: %4").arg(path).arg(error.where.line).arg(error.where.column).arg(error.message);
    return QStringLiteral("%1: error: %2").arg(path, error.message);
}

} // namespace kcs::formats
