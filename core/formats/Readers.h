// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/formats: one reader and one writer per file kind; ModelFile dispatches.

#include "core/formats/ModelFileData.h"
#include "core/util/Result.h"

#include <memory>

namespace kcs::formats {

using DataPtr = std::unique_ptr<ModelFileData>;

/// Plain JSON and tfjs model.json (bytes already read).
Result<DataPtr> readJsonFile(const QString& path, QByteArray bytes, const OpenOptions& options);
Result<DataPtr> readKerasZip(const QString& path, const OpenOptions& options);
Result<DataPtr> readLegacyH5(const QString& path, const OpenOptions& options);

Result<std::vector<WeightInfo>> listTfjsWeights(const ModelFileData& data);
Result<std::vector<WeightInfo>> listZipWeights(const ModelFileData& data);
Result<std::vector<WeightInfo>> listH5Weights(const QString& path);
Result<QByteArray> readTfjsWeight(const ModelFileData& data, const WeightInfo& weight, qint64 maxSize);
Result<QByteArray> readZipWeight(const ModelFileData& data, const WeightInfo& weight, qint64 maxSize);
Result<QByteArray> readH5Weight(const QString& path, const WeightInfo& weight, qint64 maxSize);

Result<void> saveJsonFile(const ModelFileData& data, const QString& target);
Result<void> saveKerasZip(const ModelFileData& data, const QString& target);
Result<void> saveLegacyH5(const ModelFileData& data, const QString& target);

/// Parses JSON text that came out of a container (an attribute, a zip entry). `what` names it
/// in messages ("the model_config attribute"): not UTF-8, not JSON (with line and column).
Result<json::Document> parseEmbeddedJson(const QByteArray& text, const QString& what);

} // namespace kcs::formats
