// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/ModelFile.h"
#include "core/json/Document.h"
#include "core/util/Result.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace kcs::ui {

/// What the window knows about one opened file: where it came from, what kind of file it is, the
/// Keras dialect of its config, and the config as a faithful JSON document. Produced off the GUI
/// thread by ModelSource::load() and then handed to a ConfigDocument, which owns it.
struct LoadedFile {
    QString path;                ///< empty for the bundled example (never saved over)
    QString displayName;         ///< file name shown in the title
    QString kind;                ///< "keras-json", "keras-zip", "h5", "tfjs" (the container)
    QString dialect;             ///< "keras1", "keras2", "keras3" or "unknown" (the config inside)
    QByteArray originalText;     ///< the config text as read (the "before" of the save diff)
    std::optional<formats::ModelFile> model; ///< the file of any kind; absent for the example
    json::Document plain;        ///< the config when there is no model file (the example)

    /// The config document: the model file's (config.json, model_config, ...) or the plain one.
    json::Document& document() { return model ? model->config() : plain; }
    const json::Document& document() const { return model ? model->config() : plain; }
};

/// Progress and cancellation of one ModelSource::load(). Both callbacks are optional and are
/// called on the loading thread.
struct LoadMonitor {
    /// percent runs from 0 to 100 and never decreases; phase says what is being done
    /// ("Reading", "Parsing"). Called once per percent at most.
    std::function<void(int percent, const QString& phase)> progress;
    /// Polled between chunks and between phases; true makes load() stop and fail with
    /// ErrorCode::Cancelled. The JSON parse itself cannot be interrupted (for 100 MB it takes
    /// about a quarter of a second): cancelling during it takes effect when it ends.
    std::function<bool()> isCancelled;
};

/// Reading and writing model files for the window. This is the only place in ui/ that knows how
/// a file becomes a config document, so the core's model-file layer can replace the body without
/// touching the rest of the window. Every function is safe to call from a worker thread.
class ModelSource {
public:
    /// Opens a model file of any kind (JSON, .keras, .h5, tfjs) through the core's ModelFile.
    /// Errors read "NAME:LINE:COLUMN: error: MESSAGE" for syntax errors, else "NAME: error: ...".
    /// A JSON file is read in chunks of 1 MiB, reporting progress (reading is the first 60 %,
    /// parsing takes it to 95 %, 100 when the file is ready); other kinds report at their phase
    /// boundaries only (they read the config, not the weights).
    static Result<std::shared_ptr<LoadedFile>> load(const QString& path, const LoadMonitor& monitor = {});
    /// Parses bytes that did not come from a file (the bundled example).
    static Result<std::shared_ptr<LoadedFile>> fromBytes(QByteArray bytes, const QString& displayName);
    /// Writes the file to path atomically (temporary file + rename), of the kind it was opened
    /// as: everything but the config is copied unchanged. The example is written as JSON. The
    /// original stays intact on any failure.
    static Result<void> save(const LoadedFile& file, const QString& path);
    /// The dialect a config looks like: Keras 3 envelopes carry "module", Keras 1/2 files name
    /// their version, a bare list of layers is Keras 1.
    static QString detectDialect(const json::Document& document);
};

} // namespace kcs::ui
