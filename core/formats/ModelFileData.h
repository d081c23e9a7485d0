// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/formats: what the readers fill in and the writers use.

#include "core/formats/FileKind.h"
#include "core/formats/ModelFile.h"
#include "core/json/Document.h"

#include <optional>

namespace kcs::formats {

/// The state behind a ModelFile. Filled by one reader (JSON, zip, h5), used by the writers.
struct ModelFileData {
    QString path;
    FileKind kind = FileKind::KerasJson;
    FileDialect dialect = FileDialect::Keras2;
    FileMetadata metadata;
    JsonWrapping wrapping = JsonWrapping::None;
    QStringList notes;
    OpenOptions options;

    json::Document config;
    json::NodeId modelNode = json::kNoNode;
    /// .h5 training_config attribute; empty when the training config lives in `config`.
    std::optional<json::Document> trainingDocument;
    json::NodeId trainingNode = json::kNoNode;

    QByteArray originalConfigText; ///< config.text() as read, to tell whether it was edited
    QByteArray originalFileText;   ///< JsonString wrapping: the file's bytes

    std::vector<ZipEntryInfo> zipEntries;
    mutable std::optional<std::vector<WeightInfo>> weights; ///< read on first use
};

} // namespace kcs::formats
