// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/Result.h"

#include <QByteArray>
#include <QString>


namespace kcs::formats {

/// Writes bytes to path atomically (QSaveFile: a temporary file beside the target, flushed,
/// then renamed over it). On any error the target keeps its old content.
Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes);

/// A file beside a target that becomes the target only on commit(). For writers that need a
/// path rather than a QIODevice (the HDF5 library opens files by name). The temporary file is
/// removed when the object is destroyed without a successful commit().
class SidecarFile {
public:
    explicit SidecarFile(QString target);
    ~SidecarFile();
    SidecarFile(const SidecarFile&) = delete;
    SidecarFile& operator=(const SidecarFile&) = delete;

    /// Creates the temporary file as a byte copy of source.
    Result<void> createAsCopyOf(const QString& source);
    QString path() const { return m_temp; }
    /// fsyncs the temporary file and renames it over the target.
    Result<void> commit();

private:
    QString m_target;
    QString m_temp;
    bool m_committed = false;
};

} // namespace kcs::formats
