// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace kcs::formats {

/// What the first bytes of a file say it is.
enum class Sniffed {
    Json,       ///< starts (after whitespace / BOM) with '{', '[' or '"'
    Zip,        ///< "PK\3\4" or an empty archive "PK\5\6"
    Hdf5,       ///< the HDF5 signature at offset 0 or at a user-block offset (512, 1024, ...)
    LfsPointer, ///< a Git LFS pointer file committed in place of the real file
    Other,
};

/// Looks at a file's content (never its name). Reads only a few bytes.
Sniffed sniffFile(const QString& path);
Sniffed sniffBytes(QByteArrayView head);

/// A short phrase saying what unrecognised content looks like ("a PNG image", "a Python
/// pickle", "binary data", "text beginning \"hello\"").
QString describeContent(QByteArrayView head);

/// The message for a Git LFS pointer: what it is and that `git lfs pull` fetches the file.
QString lfsPointerMessage(QByteArrayView text);

/// What a directory that was given as a model file is ("a TensorFlow SavedModel directory").
QString describeDirectory(const QString& path);

} // namespace kcs::formats
