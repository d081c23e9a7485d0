// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kcs::formats {

/// The container a model file comes in. The words of kindName() are used by every command that
/// reports a file (`info --json`, the GUI's status bar).
enum class FileKind {
    KerasJson, ///< plain JSON: to_json() output, config.json, a bare layer list, an h5-style wrapper
    KerasZip,  ///< a `.keras` zip archive
    H5,        ///< a legacy full-model `.h5` / `.hdf5` file
    Tfjs,      ///< a TensorFlow.js layers-model `model.json`
};

/// The Keras version family the config inside the file was written by. Describes the file; the
/// catalog's kcs::keras::Dialect is the *target* a check runs against, and has no Keras 1.
enum class FileDialect { Keras1, Keras2, Keras3 };

/// "keras-json", "keras-zip", "h5", "tfjs".
QString kindName(FileKind kind);
/// "keras1", "keras2", "keras3".
QString dialectName(FileDialect dialect);
std::optional<FileKind> kindFromName(QStringView name);
std::optional<FileDialect> dialectFromName(QStringView name);

/// What the file says about who wrote it. Empty strings where the file does not say.
struct FileMetadata {
    QString kerasVersion; ///< "2.15.0", "3.10.0", "tfjs-layers 3.13.0"
    QString backend;      ///< "tensorflow", "theano", "tensor_flow.js"
    QString dateSaved;    ///< `.keras` metadata.json: "YYYY-MM-DD@HH:MM:SS"
    QString generatedBy;  ///< tfjs: "keras v2.10.0"
    QString convertedBy;  ///< tfjs: "TensorFlow.js Converter v1.2.6"
};

/// One stored weight variable, described without reading its values.
struct WeightInfo {
    QString layerPath;          ///< h5: layer name; .keras: "layers/dense"; tfjs: name up to the last '/'
    QString name;               ///< h5: "dense_1/kernel:0"; .keras: "0"; tfjs: "kernel"
    std::vector<qint64> shape;  ///< empty for a scalar
    QString dtype;              ///< numpy spelling: "float32", "int64", "bool", "bfloat16", ...
    qint64 byteSize = 0;        ///< elements × element size, -1 when unknown
    QString location;           ///< h5: dataset path in the file; tfjs: shard file(s), comma-separated
    qint64 offset = -1;         ///< tfjs: byte offset in the group's concatenated shards
};

/// One member of a `.keras` archive, as its central directory records it.
struct ZipEntryInfo {
    QString name;
    int method = 0;                ///< 0 stored, 8 deflated
    qint64 compressedSize = 0;
    qint64 uncompressedSize = 0;
    quint32 crc = 0;
    QDateTime modified;            ///< DOS time, local
    quint32 externalAttributes = 0; ///< high 16 bits: Unix mode
};

/// Limits that keep hostile files from exhausting memory (zip bombs, giant attributes).
struct OpenOptions {
    /// Largest uncompressed size accepted for any zip entry that is read, declared or real.
    qint64 maxEntrySize = qint64(4) << 30;
    /// Largest JSON text read into memory (a zip's config.json, an h5 model_config, a JSON file).
    qint64 maxJsonSize = qint64(1) << 30;
};

} // namespace kcs::formats
