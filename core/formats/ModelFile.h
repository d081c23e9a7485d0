// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/FileKind.h"
#include "core/json/Document.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace kcs::formats {

struct ModelFileData;

/// How the model JSON sits inside a plain JSON file.
enum class JsonWrapping {
    None,        ///< the file is the model JSON (or a tfjs model.json)
    ModelConfig, ///< an h5-style {"model_config": {...}} wrapper; modelNode() is inside it
    JsonString,  ///< the file is one JSON string whose text is the model JSON; config() is the
                 ///< unwrapped document and saving wraps it again (unless exporting)
};

struct SaveOptions {
    /// Write only the model config as a JSON file instead of a file of the same kind.
    bool exportConfigJson = false;
};

/// One opened model file of any kind: the config as a faithful JSON document plus everything
/// around it (metadata, training config, zip entries, stored weights). Detection is by content,
/// never by file name. The ModelFile owns its documents; edits made through config() are what
/// save() writes, and everything it was not asked to change is written back unchanged.
class ModelFile {
public:
    explicit ModelFile(std::unique_ptr<ModelFileData> data);
    ~ModelFile();
    ModelFile(ModelFile&&) noexcept;
    ModelFile& operator=(ModelFile&&) noexcept;

    /// Opens and identifies path. Errors: Syntax (malformed JSON, with line/column), NotAModel
    /// (readable, but something else; the message says what it looks like), Format (damaged or
    /// hostile container), Limit (zip bomb, giant attribute), Io.
    static Result<ModelFile> open(const QString& path, const OpenOptions& options = {});
    /// open() for a plain JSON or tfjs model.json whose bytes the caller has read already (the
    /// window reads big files in chunks, with progress and a way to stop). path is where they
    /// came from (saving and tfjs weight shards use it); the same errors as open().
    static Result<ModelFile> openJsonBytes(const QString& path, QByteArray bytes, const OpenOptions& options = {});

    QString path() const;
    FileKind kind() const;
    FileDialect dialect() const;
    const FileMetadata& metadata() const;
    JsonWrapping wrapping() const;
    /// Things the user should be told about the file (e.g. that it was unwrapped).
    QStringList notes() const;

    /// The JSON document holding the model config: the whole file for JSON and tfjs, config.json
    /// for `.keras`, the model_config attribute text for `.h5`.
    json::Document& config();
    const json::Document& config() const;
    /// The model config inside config() (e.g. /modelTopology/model_config for tfjs).
    json::NodeId modelNode() const;
    /// The training/compile config: a node of config() (.keras compile_config, tfjs
    /// training_config) or of a separate document (.h5 training_config attribute).
    /// nullptr / kNoNode when the file has none.
    const json::Document* trainingDocument() const;
    json::NodeId trainingNode() const;

    /// `.keras` members in archive order; empty for other kinds.
    const std::vector<ZipEntryInfo>& zipEntries() const;
    /// The stored weights, read from the file on the first call (shapes and dtypes only).
    Result<std::vector<WeightInfo>> weights() const;
    /// The raw values of one weight in native byte order: h5 datasets, `.keras` model.weights.h5,
    /// tfjs shard files beside model.json (as stored: quantized weights stay quantized).
    Result<QByteArray> weightData(const WeightInfo& weight, qint64 maxSize = qint64(1) << 30) const;

    /// True when config() differs from the text that was read.
    bool isModified() const;
    /// The model config's own JSON text (what a JSON export writes).
    QByteArray modelConfigText() const;

    /// Saves atomically to target (which may be path()): a temporary file beside it is written,
    /// flushed and renamed; on any error target and path() are left as they were.
    /// JSON/tfjs: config().text(). `.keras`: config.json rewritten, every other member copied raw
    /// (order, method, CRC, time, attributes). `.h5`: a byte copy whose model_config attribute is
    /// replaced when edited, keeping its string type (a fixed-length value that outgrows the
    /// 64 KiB object-header limit is written as a variable-length string).
    Result<void> save(const QString& target, const SaveOptions& options = {}) const;

private:
    std::unique_ptr<ModelFileData> d;
};

/// How command-line tools print an open/save error: `FILE:LINE:COLUMN: error: MESSAGE` when the
/// error has a text position (JSON syntax), else `FILE: error: MESSAGE`.
QString formatFileError(const QString& path, const Error& error);

} // namespace kcs::formats
