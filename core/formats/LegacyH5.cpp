// SPDX-License-Identifier: GPL-3.0-or-later
// Legacy full-model .h5 files (spec 9.4): root attributes model_config, keras_version, backend,
// training_config; weights under model_weights/<layer>/<weight name>.
#include "core/formats/AtomicFile.h"
#include "core/formats/Hdf5.h"
#include "core/formats/JsonModel.h"
#include "core/formats/Readers.h"

namespace kcs::formats {

namespace {

/// What an HDF5 file without a model_config attribute is.
Error describeNonModelH5(hid_t file)
{
    QString what;
    if (h5::hasAttribute(file, "layer_names"))
        what = QStringLiteral("a Keras weights-only HDF5 file (written by save_weights), which has no model config");
    else if (h5::hasLink(file, "model_weights"))
        what = QStringLiteral("an HDF5 file with Keras weights but no model_config attribute");
    else if (h5::hasLink(file, "layers") || h5::hasLink(file, "vars"))
        what = QStringLiteral("a Keras 3 weights file (model.weights.h5); the config is in the .keras archive it came from");
    else
        what = QStringLiteral("an HDF5 file without a model_config attribute");
    return Error(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is %1").arg(what));
}

QString optionalTextAttribute(hid_t object, const char* name)
{
    if (!h5::hasAttribute(object, name))
        return {};
    auto text = h5::readStringAttribute(object, name, 4096);
    return text ? QString::fromUtf8(*text) : QString();
}

void readTrainingConfig(hid_t file, ModelFileData& data)
{
    if (!h5::hasAttribute(file, "training_config"))
        return;
    auto text = h5::readStringAttribute(file, "training_config", data.options.maxJsonSize);
    if (!text) {
        data.notes << QStringLiteral("The training_config attribute was not read: %1").arg(text.error().message);
        return;
    }
    auto doc = parseEmbeddedJson(*text, QStringLiteral("the training_config attribute"));
    if (!doc) {
        data.notes << doc.error().message;
        return;
    }
    data.trainingDocument = std::move(*doc);
    data.trainingNode = data.trainingDocument->root();
}

} // namespace

Result<DataPtr> readLegacyH5(const QString& path, const OpenOptions& options)
{
    const auto guard = h5::lock();
    auto file = h5::openFile(path);
    if (!file)
        return std::unexpected(file.error());
    const hid_t f = file->id();
    if (!h5::hasAttribute(f, "model_config"))
        return std::unexpected(describeNonModelH5(f));
    auto text = h5::readStringAttribute(f, "model_config", options.maxJsonSize);
    if (!text) {
        Error e = text.error();
        e.message = QStringLiteral("the model_config attribute cannot be read: ") + e.message;
        return std::unexpected(e);
    }
    auto doc = parseEmbeddedJson(*text, QStringLiteral("the model_config attribute"));
    if (!doc)
        return std::unexpected(doc.error());
    auto data = std::make_unique<ModelFileData>();
    data->path = path;
    data->kind = FileKind::H5;
    data->options = options;
    data->config = std::move(*doc);
    data->modelNode = data->config.root();
    if (!looksLikeModel(data->config, data->modelNode))
        return fail(ErrorCode::Format, QStringLiteral("the model_config attribute holds JSON that is not a model config"));
    data->metadata.kerasVersion = optionalTextAttribute(f, "keras_version");
    data->metadata.backend = optionalTextAttribute(f, "backend");
    data->dialect = detectDialect(data->config, data->modelNode, data->metadata.kerasVersion);
    readTrainingConfig(f, *data);
    return data;
}

Result<std::vector<WeightInfo>> listH5Weights(const QString& path)
{
    const auto guard = h5::lock();
    auto file = h5::openFile(path);
    if (!file)
        return std::unexpected(file.error());
    std::vector<WeightInfo> out;
    if (!h5::hasLink(file->id(), "model_weights"))
        return out; // saved without weights
    auto weightsGroup = h5::openGroup(file->id(), "model_weights");
    if (!weightsGroup)
        return std::unexpected(weightsGroup.error());
    auto layers = h5::readStringListAttribute(weightsGroup->id(), "layer_names");
    if (!layers)
        return std::unexpected(layers.error());
    for (const QString& layer : *layers) {
        auto group = h5::openGroup(weightsGroup->id(), layer.toUtf8());
        if (!group)
            return std::unexpected(group.error());
        auto names = h5::readStringListAttribute(group->id(), "weight_names");
        if (!names)
            return std::unexpected(names.error());
        for (const QString& name : *names) {
            auto info = h5::describeDataset(group->id(), name.toUtf8());
            if (!info)
                return std::unexpected(info.error());
            info->layerPath = layer;
            info->name = name;
            info->location = QStringLiteral("model_weights/%1/%2").arg(layer, name);
            out.push_back(std::move(*info));
        }
    }
    return out;
}

Result<QByteArray> readH5Weight(const QString& path, const WeightInfo& weight, qint64 maxSize)
{
    const auto guard = h5::lock();
    auto file = h5::openFile(path);
    if (!file)
        return std::unexpected(file.error());
    return h5::readDataset(file->id(), weight.location.toUtf8(), maxSize);
}

Result<void> saveLegacyH5(const ModelFileData& data, const QString& target)
{
    // Work on a byte copy beside the target, so weights and every other object stay exactly as
    // they were and the original is untouched until the final rename.
    SidecarFile copy(target);
    if (auto r = copy.createAsCopyOf(data.path); !r)
        return r;
    if (data.config.text() != data.originalConfigText) {
        const auto guard = h5::lock();
        auto file = h5::openFile(copy.path(), true);
        if (!file)
            return std::unexpected(file.error());
        if (auto r = h5::replaceStringAttribute(file->id(), "model_config", data.config.text()); !r)
            return r;
        if (H5Fflush(file->id(), H5F_SCOPE_GLOBAL) < 0)
            return std::unexpected(h5::error(ErrorCode::Io, QStringLiteral("cannot write %1").arg(copy.path())));
        file->reset();
    }
    return copy.commit();
}

} // namespace kcs::formats
