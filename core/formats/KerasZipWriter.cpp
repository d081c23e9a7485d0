// SPDX-License-Identifier: GPL-3.0-or-later
// Saving a `.keras` archive: a new archive written through QSaveFile, with config.json replaced
// and every other member copied raw (compressed bytes, CRC, method, time, attributes, order).
#include "core/formats/Readers.h"

#include <quazip.h>
#include <quazipfile.h>
#include <quazipnewinfo.h>

#include <QSaveFile>

namespace kcs::formats {

namespace {

constexpr int kDeflated = 8;
constexpr quint16 kZip64ExtraId = 0x0001;
constexpr quint16 kUtf8NameFlag = 0x0800;

/// Drops the zip64 extra block: minizip writes its own when a member needs one, and a copied
/// one would then describe the old offsets.
QByteArray withoutZip64Extra(const QByteArray& extra)
{
    QByteArray out;
    qsizetype i = 0;
    while (i + 4 <= extra.size()) {
        const quint16 id = quint16(quint8(extra[i]) | (quint8(extra[i + 1]) << 8));
        const quint16 size = quint16(quint8(extra[i + 2]) | (quint8(extra[i + 3]) << 8));
        if (i + 4 + size > extra.size())
            break; // malformed tail: not copied
        if (id != kZip64ExtraId)
            out += extra.mid(i, 4 + size);
        i += 4 + size;
    }
    return out;
}

Error writeError(const QString& name, int code)
{
    return Error(ErrorCode::Io, QStringLiteral("cannot write zip member '%1' (zip error %2)").arg(name).arg(code));
}

Result<void> copyRaw(QuaZip& src, QuaZip& dst, const QuaZipFileInfo64& info)
{
    QuaZipFile in(&src);
    int method = 0;
    int level = 0;
    if (!in.open(QIODevice::ReadOnly, &method, &level, true))
        return fail(ErrorCode::Format, QStringLiteral("cannot read zip member '%1' (zip error %2)").arg(info.name).arg(in.getZipError()));
    QuaZipNewInfo newInfo(info);
    newInfo.extraLocal = withoutZip64Extra(in.getLocalExtraField());
    newInfo.extraGlobal = withoutZip64Extra(info.extra);
    newInfo.uncompressedSize = ulong(info.uncompressedSize);
    dst.setOsCode(info.versionCreated >> 8);
    QuaZipFile out(&dst);
    if (!out.open(QIODevice::WriteOnly, newInfo, nullptr, info.crc, method, level, true))
        return std::unexpected(writeError(info.name, out.getZipError()));
    QByteArray buffer(1 << 20, '\0');
    qint64 n;
    while ((n = in.read(buffer.data(), buffer.size())) > 0) {
        if (out.write(buffer.constData(), n) != n)
            return std::unexpected(writeError(info.name, out.getZipError()));
    }
    if (n < 0)
        return fail(ErrorCode::Format, QStringLiteral("cannot read zip member '%1' (zip error %2)").arg(info.name).arg(in.getZipError()));
    in.close();
    out.close();
    if (out.getZipError() != ZIP_OK)
        return std::unexpected(writeError(info.name, out.getZipError()));
    return {};
}

Result<void> writeNew(QuaZip& dst, const QuaZipFileInfo64& info, const QByteArray& bytes)
{
    QuaZipNewInfo newInfo(info);
    newInfo.extraLocal = withoutZip64Extra(info.extra);
    newInfo.extraGlobal = withoutZip64Extra(info.extra);
    dst.setOsCode(info.versionCreated >> 8);
    const int method = info.method == 0 ? 0 : kDeflated;
    QuaZipFile out(&dst);
    if (!out.open(QIODevice::WriteOnly, newInfo, nullptr, 0, method, method == 0 ? 0 : -1))
        return std::unexpected(writeError(info.name, out.getZipError()));
    if (out.write(bytes) != bytes.size())
        return std::unexpected(writeError(info.name, out.getZipError()));
    out.close();
    if (out.getZipError() != ZIP_OK)
        return std::unexpected(writeError(info.name, out.getZipError()));
    return {};
}

Result<void> copyMembers(QuaZip& src, QuaZip& dst, const QByteArray& configText)
{
    for (bool more = src.goToFirstFile(); more; more = src.goToNextFile()) {
        QuaZipFileInfo64 info;
        if (!src.getCurrentFileInfo(&info))
            return fail(ErrorCode::Format, QStringLiteral("damaged zip archive (zip error %1)").arg(src.getZipError()));
        auto r = info.name == QLatin1String("config.json") ? writeNew(dst, info, configText) : copyRaw(src, dst, info);
        if (!r)
            return r;
    }
    if (src.getZipError() != UNZ_OK)
        return fail(ErrorCode::Format, QStringLiteral("damaged zip archive (zip error %1)").arg(src.getZipError()));
    return {};
}

} // namespace

Result<void> saveKerasZip(const ModelFileData& data, const QString& target)
{
    QuaZip src(data.path);
    if (!src.open(QuaZip::mdUnzip))
        return fail(ErrorCode::Format, QStringLiteral("cannot reopen %1 (zip error %2)").arg(data.path).arg(src.getZipError()));
    bool utf8Names = false;
    bool needsZip64 = false;
    for (const QuaZipFileInfo64& info : src.getFileInfoList64()) {
        utf8Names = utf8Names || (info.flags & kUtf8NameFlag);
        needsZip64 = needsZip64 || info.uncompressedSize >= 0xffffffffu || info.compressedSize >= 0xffffffffu;
    }
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
    {
        QuaZip dst(&file);
        dst.setAutoClose(false); // QSaveFile must be committed, not closed
        dst.setDataDescriptorWritingEnabled(false); // Keras (Python zipfile) writes none
        dst.setUtf8Enabled(utf8Names);
        dst.setZip64Enabled(needsZip64); // only when a member needs it: zip64 extras change the bytes
        if (!dst.open(QuaZip::mdCreate))
            return fail(ErrorCode::Io, QStringLiteral("cannot write %1 (zip error %2)").arg(target).arg(dst.getZipError()));
        const QString comment = src.getComment();
        if (!comment.isEmpty())
            dst.setComment(comment);
        if (auto r = copyMembers(src, dst, data.config.text()); !r) {
            dst.close();
            file.cancelWriting();
            return r;
        }
        dst.close();
        if (dst.getZipError() != ZIP_OK) {
            file.cancelWriting();
            return fail(ErrorCode::Io, QStringLiteral("cannot write %1 (zip error %2)").arg(target).arg(dst.getZipError()));
        }
    }
    if (!file.commit())
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
    return {};
}

} // namespace kcs::formats
