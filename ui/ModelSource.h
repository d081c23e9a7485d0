// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/util/Result.h"

#include <QString>

#include <memory>

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
    json::Document document;
};

/// Reading and writing model files for the window. This is the only place in ui/ that knows how
/// a file becomes a config document, so the core's model-file layer can replace the body without
/// touching the rest of the window. Every function is safe to call from a worker thread.
class ModelSource {
public:
    /// Reads and parses path. Errors carry the file name and, for syntax errors, the location.
    static Result<std::shared_ptr<LoadedFile>> load(const QString& path);
    /// Parses bytes that did not come from a file (the bundled example).
    static Result<std::shared_ptr<LoadedFile>> fromBytes(QByteArray bytes, const QString& displayName);
    /// Writes the config text to path atomically (temporary file + rename); the original stays
    /// intact on any failure.
    static Result<void> save(const LoadedFile& file, const QByteArray& configText, const QString& path);
    /// The dialect a config looks like: Keras 3 envelopes carry "module", Keras 1/2 files name
    /// their version, a bare list of layers is Keras 1.
    static QString detectDialect(const json::Document& document);
};

} // namespace kcs::ui
