// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/KerasZipIo.h"

#include <quazip.h>
#include <quazipfile.h>

#include <QBuffer>

namespace kcs::formats {

namespace {

constexpr qint64 kChunk = 1 << 16;

Error damaged(const QString& name, const QString& why)
{
    return Error(ErrorCode::Format, QStringLiteral("damaged zip member '%1': %2").arg(name, why));
}

Error tooLarge(const QString& name, qint64 size, qint64 limit, bool declared)
{
    return Error(ErrorCode::Limit, QStringLiteral("zip member '%1' %2 %3 bytes uncompressed, over the limit of %4 bytes")
                                       .arg(name, declared ? QStringLiteral("declares") : QStringLiteral("inflates to more than"))
                                       .arg(size).arg(limit));
}

} // namespace

Result<void> copyZipEntry(QuaZip& zip, const QString& name, QIODevice& out, qint64 limit)
{
    if (!zip.setCurrentFile(name))
        return fail(ErrorCode::Format, QStringLiteral("the archive has no member '%1'").arg(name));
    QuaZipFileInfo64 info;
    if (!zip.getCurrentFileInfo(&info))
        return std::unexpected(damaged(name, QStringLiteral("unreadable header")));
    if (qint64(info.uncompressedSize) > limit || qint64(info.uncompressedSize) < 0)
        return std::unexpected(tooLarge(name, qint64(info.uncompressedSize), limit, true));
    QuaZipFile file(&zip);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(damaged(name, QStringLiteral("cannot be opened (zip error %1)").arg(file.getZipError())));
    QByteArray buffer(kChunk, '\0');
    qint64 total = 0;
    for (;;) {
        const qint64 n = file.read(buffer.data(), kChunk);
        if (n < 0)
            return std::unexpected(damaged(name, QStringLiteral("its data cannot be read (zip error %1)").arg(file.getZipError())));
        if (n == 0)
            break;
        total += n;
        if (total > limit)
            return std::unexpected(tooLarge(name, limit, limit, false));
        if (out.write(buffer.constData(), n) != n)
            return fail(ErrorCode::Io, QStringLiteral("cannot write the extracted '%1': %2").arg(name, out.errorString()));
    }
    file.close();
    if (file.getZipError() == UNZ_CRCERROR)
        return std::unexpected(damaged(name, QStringLiteral("CRC mismatch")));
    if (file.getZipError() != UNZ_OK)
        return std::unexpected(damaged(name, QStringLiteral("zip error %1").arg(file.getZipError())));
    if (total != qint64(info.uncompressedSize))
        return std::unexpected(damaged(name, QStringLiteral("it holds %1 bytes but declares %2").arg(total).arg(info.uncompressedSize)));
    return {};
}

Result<QByteArray> readZipEntry(QuaZip& zip, const QString& name, qint64 limit)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (auto r = copyZipEntry(zip, name, buffer, limit); !r)
        return std::unexpected(r.error());
    buffer.close();
    return bytes;
}

} // namespace kcs::formats
