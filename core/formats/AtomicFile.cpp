// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

#include <cstdio>
#include <unistd.h>

namespace kcs::formats {

Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, reason));
    }
    if (!file.commit())
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

SidecarFile::SidecarFile(QString target) : m_target(std::move(target)) {}

SidecarFile::~SidecarFile()
{
    if (!m_committed && !m_temp.isEmpty())
        QFile::remove(m_temp);
}

Result<void> SidecarFile::createAsCopyOf(const QString& source)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(source, in.errorString()));
    // Beside the target, so the final rename stays on one file system (and is atomic).
    QTemporaryFile out(m_target + QStringLiteral(".kcs-XXXXXX"));
    out.setAutoRemove(false);
    if (!out.open())
        return fail(ErrorCode::Io, QStringLiteral("cannot create a temporary file beside %1: %2").arg(m_target, out.errorString()));
    m_temp = out.fileName();
    QByteArray chunk;
    while (!(chunk = in.read(1 << 20)).isEmpty()) {
        if (out.write(chunk) != chunk.size())
            return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_temp, out.errorString()));
    }
    if (in.error() != QFile::NoError)
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(source, in.errorString()));
    out.setPermissions(in.permissions());
    out.close();
    return {};
}

Result<void> SidecarFile::commit()
{
    QFile file(m_temp);
    if (!file.open(QIODevice::ReadWrite))
        return fail(ErrorCode::Io, QStringLiteral("cannot reopen %1: %2").arg(m_temp, file.errorString()));
    if (::fsync(file.handle()) != 0)
        return fail(ErrorCode::Io, QStringLiteral("cannot flush %1 to disk").arg(m_temp));
    file.close();
    // rename(2) replaces the target in one step; QFile::rename refuses existing targets.
    if (std::rename(QFile::encodeName(m_temp).constData(), QFile::encodeName(m_target).constData()) != 0)
        return fail(ErrorCode::Io, QStringLiteral("cannot replace %1 with the saved file").arg(m_target));
    m_committed = true;
    return {};
}

} // namespace kcs::formats
