// SPDX-License-Identifier: GPL-3.0-or-later
// `.keras` archives (spec 9.2): reading config.json and metadata.json with limits that stop zip
// bombs, refusing duplicate member names, and listing the weights in model.weights.h5.
#include "core/formats/Hdf5.h"
#include "core/formats/JsonModel.h"
#include "core/formats/KerasZipIo.h"
#include "core/formats/Readers.h"

#include <quazip.h>
#include <quazipfile.h>

#include <QSet>
#include <QTemporaryFile>

namespace kcs::formats {

namespace {

constexpr auto kConfigName = "config.json";
constexpr auto kMetadataName = "metadata.json";
constexpr auto kWeightsH5 = "model.weights.h5";

Result<std::vector<ZipEntryInfo>> readEntries(QuaZip& zip)
{
    const QList<QuaZipFileInfo64> infos = zip.getFileInfoList64();
    if (zip.getZipError() != UNZ_OK)
        return fail(ErrorCode::Format, QStringLiteral("damaged zip archive: its central directory cannot be read (zip error %1)")
                                           .arg(zip.getZipError()));
    std::vector<ZipEntryInfo> out;
    QSet<QString> seen;
    for (const QuaZipFileInfo64& info : infos) {
        // A second member under one name can hide a different config.json (or a pickle) from
        // tools that read the other one; refuse the archive.
        if (seen.contains(info.name))
            return fail(ErrorCode::Format, QStringLiteral("the archive has two members named '%1'; refusing to open it "
                                                          "(a hostile archive can hide content behind a duplicate name)")
                                               .arg(info.name));
        seen.insert(info.name);
        ZipEntryInfo e;
        e.name = info.name;
        e.method = info.method;
        e.compressedSize = qint64(info.compressedSize);
        e.uncompressedSize = qint64(info.uncompressedSize);
        e.crc = info.crc;
        e.modified = info.dateTime;
        e.externalAttributes = info.externalAttr;
        out.push_back(std::move(e));
    }
    return out;
}

const ZipEntryInfo* findEntry(const std::vector<ZipEntryInfo>& entries, const QString& name)
{
    for (const ZipEntryInfo& e : entries) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

QString entryList(const std::vector<ZipEntryInfo>& entries)
{
    QStringList names;
    for (const ZipEntryInfo& e : entries) {
        if (names.size() == 6) {
            names << QStringLiteral("…");
            break;
        }
        names << e.name;
    }
    return names.isEmpty() ? QStringLiteral("nothing") : names.join(QStringLiteral(", "));
}

Error describeNonKerasZip(const std::vector<ZipEntryInfo>& entries)
{
    bool npy = !entries.empty();
    for (const ZipEntryInfo& e : entries)
        npy = npy && e.name.endsWith(QLatin1String(".npy"));
    if (npy)
        return Error(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is a NumPy .npz archive (arrays only, no model config)"));
    if (findEntry(entries, QStringLiteral("saved_model.pb")))
        return Error(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is a zipped TensorFlow SavedModel"));
    return Error(ErrorCode::Format, QStringLiteral("the zip archive has no config.json, so it is not a .keras model "
                                                   "(it contains %1)").arg(entryList(entries)));
}

void readMetadata(QuaZip& zip, ModelFileData& data)
{
    if (!findEntry(data.zipEntries, QString::fromLatin1(kMetadataName)))
        return;
    auto bytes = readZipEntry(zip, QString::fromLatin1(kMetadataName), std::min(data.options.maxEntrySize, data.options.maxJsonSize));
    if (!bytes) {
        data.notes << bytes.error().message;
        return;
    }
    auto doc = parseEmbeddedJson(*bytes, QStringLiteral("metadata.json"));
    if (!doc) {
        data.notes << doc.error().message;
        return;
    }
    data.metadata.kerasVersion = stringMember(*doc, doc->root(), "keras_version");
    data.metadata.dateSaved = stringMember(*doc, doc->root(), "date_saved");
    data.metadata.backend = stringMember(*doc, doc->root(), "backend");
}

} // namespace

Result<DataPtr> readKerasZip(const QString& path, const OpenOptions& options)
{
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip))
        return fail(ErrorCode::Format, QStringLiteral("damaged zip archive: cannot read its central directory "
                                                      "(the file is truncated or corrupt)"));
    auto entries = readEntries(zip);
    if (!entries)
        return std::unexpected(entries.error());
    auto data = std::make_unique<ModelFileData>();
    data->path = path;
    data->kind = FileKind::KerasZip;
    data->options = options;
    data->zipEntries = std::move(*entries);
    if (!findEntry(data->zipEntries, QString::fromLatin1(kConfigName)))
        return std::unexpected(describeNonKerasZip(data->zipEntries));
    auto bytes = readZipEntry(zip, QString::fromLatin1(kConfigName), std::min(options.maxEntrySize, options.maxJsonSize));
    if (!bytes)
        return std::unexpected(bytes.error());
    auto doc = parseEmbeddedJson(*bytes, QStringLiteral("config.json"));
    if (!doc)
        return std::unexpected(doc.error());
    data->config = std::move(*doc);
    data->modelNode = data->config.root();
    if (!looksLikeModel(data->config, data->modelNode))
        return fail(ErrorCode::Format, QStringLiteral("config.json in the archive is not a model config"));
    const json::NodeId compile = data->config.member(data->modelNode, std::string_view("compile_config"));
    if (compile != json::kNoNode && data->config.kind(compile) == json::Kind::Object)
        data->trainingNode = compile;
    readMetadata(zip, *data);
    data->dialect = detectDialect(data->config, data->modelNode, data->metadata.kerasVersion);
    return data;
}

namespace {

/// model.weights.h5 extracted to a temporary file (HDF5 opens files by name), within the limit.
Result<std::unique_ptr<QTemporaryFile>> extractWeights(const ModelFileData& data)
{
    QuaZip zip(data.path);
    if (!zip.open(QuaZip::mdUnzip))
        return fail(ErrorCode::Format, QStringLiteral("damaged zip archive (zip error %1)").arg(zip.getZipError()));
    auto temp = std::make_unique<QTemporaryFile>();
    if (!temp->open())
        return fail(ErrorCode::Io, QStringLiteral("cannot create a temporary file: %1").arg(temp->errorString()));
    if (auto r = copyZipEntry(zip, QString::fromLatin1(kWeightsH5), *temp, data.options.maxEntrySize); !r)
        return std::unexpected(r.error());
    temp->close();
    return temp;
}

struct VisitState {
    std::vector<WeightInfo>* out;
    QString error;
};

herr_t visitLink(hid_t group, const char* name, const H5L_info_t* info, void* opData)
{
    auto* state = static_cast<VisitState*>(opData);
    if (info->type != H5L_TYPE_HARD)
        return 0; // soft and external links could point anywhere, even into other files
    h5::Handle object(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
    if (!object.isValid() || H5Iget_type(object.id()) != H5I_DATASET)
        return 0;
    auto weight = h5::describeDataset(group, name);
    if (!weight) {
        state->error = weight.error().message;
        return -1;
    }
    const QString path = QString::fromUtf8(name);
    QString parent = path.section(QLatin1Char('/'), 0, -2);
    weight->name = path.section(QLatin1Char('/'), -1);
    if (parent == QLatin1String("vars"))
        parent.clear(); // the model's own variables
    else if (parent.endsWith(QLatin1String("/vars")))
        parent.chop(5);
    weight->layerPath = parent;
    state->out->push_back(std::move(*weight));
    return 0;
}

} // namespace

Result<std::vector<WeightInfo>> listZipWeights(const ModelFileData& data)
{
    std::vector<WeightInfo> out;
    if (!findEntry(data.zipEntries, QString::fromLatin1(kWeightsH5)))
        return out; // npz weights or none: nothing HDF5 can list
    auto temp = extractWeights(data);
    if (!temp)
        return std::unexpected(temp.error());
    const auto guard = h5::lock();
    auto file = h5::openFile((*temp)->fileName());
    if (!file)
        return std::unexpected(file.error());
    VisitState state{&out, {}};
    if (H5Lvisit(file->id(), H5_INDEX_NAME, H5_ITER_INC, visitLink, &state) < 0) {
        if (!state.error.isEmpty())
            return fail(ErrorCode::Format, state.error);
        return std::unexpected(h5::error(ErrorCode::Format, QStringLiteral("cannot list the weights in model.weights.h5")));
    }
    return out;
}

Result<QByteArray> readZipWeight(const ModelFileData& data, const WeightInfo& weight, qint64 maxSize)
{
    auto temp = extractWeights(data);
    if (!temp)
        return std::unexpected(temp.error());
    const auto guard = h5::lock();
    auto file = h5::openFile((*temp)->fileName());
    if (!file)
        return std::unexpected(file.error());
    return h5::readDataset(file->id(), weight.location.toUtf8(), maxSize);
}

} // namespace kcs::formats
