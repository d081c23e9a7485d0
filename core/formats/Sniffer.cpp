// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/Sniffer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace kcs::formats {

namespace {

constexpr char kHdf5Signature[] = "\x89HDF\r\n\x1a\n";
constexpr char kLfsPrefix[] = "version https://git-lfs.github.com/spec/";

bool startsWith(QByteArrayView data, const char* prefix, qsizetype n)
{
    return data.size() >= n && data.first(n) == QByteArrayView(prefix, n);
}

} // namespace

Sniffed sniffBytes(QByteArrayView head)
{
    if (startsWith(head, "PK\x03\x04", 4) || startsWith(head, "PK\x05\x06", 4))
        return Sniffed::Zip;
    if (startsWith(head, kHdf5Signature, 8))
        return Sniffed::Hdf5;
    if (startsWith(head, kLfsPrefix, qsizetype(sizeof(kLfsPrefix) - 1)))
        return Sniffed::LfsPointer;
    qsizetype i = startsWith(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
        ++i;
    if (i < head.size() && (head[i] == '{' || head[i] == '[' || head[i] == '"'))
        return Sniffed::Json;
    return Sniffed::Other;
}

Sniffed sniffFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Sniffed::Other;
    const QByteArray head = file.read(4096);
    const Sniffed kind = sniffBytes(head);
    if (kind != Sniffed::Other)
        return kind;
    // HDF5 allows a user block before the superblock; the signature then sits at 512, 1024, ...
    for (qint64 offset = 512; offset + 8 <= file.size(); offset *= 2) {
        if (!file.seek(offset))
            break;
        if (file.read(8) == QByteArray(kHdf5Signature, 8))
            return Sniffed::Hdf5;
    }
    return Sniffed::Other;
}

QString describeContent(QByteArrayView head)
{
    if (head.isEmpty())
        return QStringLiteral("an empty file");
    if (startsWith(head, "\x89PNG", 4))
        return QStringLiteral("a PNG image");
    if (startsWith(head, "\xFF\xD8\xFF", 3))
        return QStringLiteral("a JPEG image");
    if (startsWith(head, "\x1F\x8B", 2))
        return QStringLiteral("gzip-compressed data");
    if (startsWith(head, "\x93NUMPY", 6))
        return QStringLiteral("a NumPy .npy array");
    if (head.size() >= 2 && quint8(head[0]) == 0x80 && quint8(head[1]) >= 2 && quint8(head[1]) <= 5)
        return QStringLiteral("a Python pickle (never opened here: unpickling runs code)");
    if (startsWith(head, "%PDF", 4))
        return QStringLiteral("a PDF document");
    qsizetype binary = 0;
    const qsizetype n = std::min<qsizetype>(head.size(), 512);
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = quint8(head[i]);
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
            ++binary;
    }
    if (binary > 0)
        return QStringLiteral("binary data");
    QString start = QString::fromUtf8(head.first(std::min<qsizetype>(head.size(), 40))).simplified();
    return QStringLiteral("text beginning \"%1\"").arg(start);
}

QString lfsPointerMessage(QByteArrayView text)
{
    QString size;
    for (const QByteArray& line : text.toByteArray().split('\n')) {
        if (line.startsWith("size "))
            size = QString::fromLatin1(line.mid(5)).trimmed();
    }
    QString message = QStringLiteral("not a Keras model file: it is a Git LFS pointer, a placeholder for a file "
                                     "stored with Git Large File Storage");
    if (!size.isEmpty())
        message += QStringLiteral(" (the real file has %1 bytes)").arg(size);
    message += QStringLiteral("; run `git lfs pull` in the repository to fetch the real file");
    return message;
}

QString describeDirectory(const QString& path)
{
    const QDir dir(path);
    if (dir.exists(QStringLiteral("saved_model.pb")) || dir.exists(QStringLiteral("saved_model.pbtxt")))
        return QStringLiteral("a TensorFlow SavedModel directory (saved_model.pb), which has no Keras config to edit");
    if (dir.exists(QStringLiteral("model.json")))
        return QStringLiteral("a directory; open the model.json inside it");
    return QStringLiteral("a directory");
}

} // namespace kcs::formats
