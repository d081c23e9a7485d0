// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/FileKind.h"
#include "core/formats/ModelFile.h"
#include "core/json/Document.h"
#include "core/util/Result.h"

namespace kcs::formats {

/// Where the model is inside a parsed JSON file, and what surrounds it.
struct JsonModelShape {
    FileKind kind = FileKind::KerasJson; ///< KerasJson or Tfjs
    JsonWrapping wrapping = JsonWrapping::None;
    json::NodeId model = json::kNoNode;
    json::NodeId training = json::kNoNode;
    FileMetadata metadata;
};

/// Finds the model in a JSON document: a model envelope (Keras 1/2/3), a bare layer list, an
/// h5-style {"model_config": ...} wrapper, or a tfjs model.json. Anything else is a NotAModel
/// error that says what the JSON looks like instead (a tfjs graph model, a weights manifest,
/// a metadata.json, ...). A root that is a JSON string is the caller's business.
Result<JsonModelShape> classifyJson(const json::Document& doc);

/// True when node is shaped like a Keras model or object config (class_name + config, or a
/// Keras-1 style wrapper without class_name).
bool looksLikeModel(const json::Document& doc, json::NodeId node);

/// The dialect of a config: from the Keras version when the file names one ("1.2.2",
/// "2.15.0", "3.10.0", "tfjs-layers 3.13.0"), else from markers in the config itself
/// (Keras 1 parameter names such as W_regularizer or output_dim; Keras 3's batch_shape and
/// {"args", "kwargs"} inbound nodes). Keras 2 when nothing tells them apart.
FileDialect detectDialect(const json::Document& doc, json::NodeId model, const QString& kerasVersion);

/// A top-level string member of an object, or an empty string.
QString stringMember(const json::Document& doc, json::NodeId object, std::string_view key);

} // namespace kcs::formats
