// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ModelSource.h"

#include "core/formats/Sniffer.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace kcs::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kcs::ui::ModelSource", text);
}

Result<std::shared_ptr<LoadedFile>> parseInto(QByteArray bytes, const QString& path, const QString& name)
{
    auto parsed = json::Document::parse(bytes);
    if (!parsed) {
        Error error = parsed.error();
        error.message = QStringLiteral("%1:%2:%3: %4")
                            .arg(name)
                            .arg(error.where.line)
                            .arg(error.where.column)
                            .arg(error.message);
        return std::unexpected(error);
    }
    auto file = std::make_shared<LoadedFile>();
    file->path = path;
    file->displayName = name;
    file->kind = QStringLiteral("keras-json");
    file->originalText = std::move(bytes);
    file->plain = std::move(*parsed);
    file->dialect = ModelSource::detectDialect(file->plain);
    return file;
}

constexpr qint64 kChunkSize = 1 << 20;
constexpr int kReadingShare = 60; ///< percent of the progress bar for reading the bytes
constexpr int kParsedAt = 95;

/// Reports progress to a LoadMonitor: once per percent, never backwards.
class ProgressReporter {
public:
    explicit ProgressReporter(const LoadMonitor& monitor) : m_monitor(monitor) {}

    void report(int percent, const QString& phase)
    {
        if (!m_monitor.progress || percent <= m_last)
            return;
        m_last = percent;
        m_monitor.progress(percent, phase);
    }
    bool isCancelled() const { return m_monitor.isCancelled && m_monitor.isCancelled(); }

private:
    const LoadMonitor& m_monitor;
    int m_last = -1;
};

Error cancelledError()
{
    return Error{ErrorCode::Cancelled, tr("Opening was cancelled"), {}};
}

/// The whole file, read in chunks with progress between 0 and kReadingShare percent.
Result<QByteArray> readInChunks(const QString& path, ProgressReporter& progress)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, tr("cannot read %1: %2").arg(path, file.errorString()));
    const qint64 size = file.size();
    QByteArray bytes(size, Qt::Uninitialized);
    qint64 done = 0;
    progress.report(0, tr("Reading"));
    while (done < size) {
        if (progress.isCancelled())
            return std::unexpected(cancelledError());
        const qint64 got = file.read(bytes.data() + done, std::min(kChunkSize, size - done));
        if (got < 0)
            return fail(ErrorCode::Io, tr("cannot read %1: %2").arg(path, file.errorString()));
        if (got == 0)
            break; // the file shrank while it was read: what is there is the file
        done += got;
        progress.report(int(done * (kReadingShare - 1) / size), tr("Reading"));
    }
    bytes.truncate(done);
    return bytes;
}

/// Plain JSON (and tfjs model.json) is read here, in chunks, so that reading a big file shows
/// progress and stops on Cancel; every other kind (and anything over the JSON size limit, which
/// ModelFile refuses with its own message) is opened by ModelFile directly.
bool readsInChunks(const QFileInfo& info)
{
    return info.isFile() && info.size() <= formats::OpenOptions{}.maxJsonSize
           && formats::sniffFile(info.filePath()) == formats::Sniffed::Json;
}

} // namespace

Result<std::shared_ptr<LoadedFile>> ModelSource::load(const QString& path, const LoadMonitor& monitor)
{
    const QFileInfo info(path);
    ProgressReporter progress(monitor);
    if (progress.isCancelled())
        return std::unexpected(cancelledError());
    auto opened = [&]() -> Result<formats::ModelFile> {
        if (!readsInChunks(info)) {
            progress.report(0, tr("Reading"));
            return formats::ModelFile::open(path);
        }
        auto bytes = readInChunks(path, progress);
        if (!bytes)
            return std::unexpected(bytes.error());
        progress.report(kReadingShare, tr("Parsing"));
        return formats::ModelFile::openJsonBytes(path, std::move(*bytes));
    }();
    if (progress.isCancelled())
        return std::unexpected(cancelledError());
    if (!opened) {
        Error error = opened.error();
        if (error.code != ErrorCode::Cancelled)
            error.message = formats::formatFileError(info.fileName(), error);
        return std::unexpected(error);
    }
    progress.report(kParsedAt, tr("Parsing"));
    auto file = std::make_shared<LoadedFile>();
    file->path = info.absoluteFilePath();
    file->displayName = info.fileName();
    file->kind = formats::kindName(opened->kind());
    file->dialect = formats::dialectName(opened->dialect());
    file->originalText = opened->config().text();
    file->model.emplace(std::move(*opened));
    progress.report(100, tr("Done"));
    return file;
}

Result<std::shared_ptr<LoadedFile>> ModelSource::fromBytes(QByteArray bytes, const QString& displayName)
{
    return parseInto(std::move(bytes), QString(), displayName);
}

Result<void> ModelSource::save(const LoadedFile& file, const QString& path)
{
    if (file.model)
        return file.model->save(path);
    const QByteArray& configText = file.plain.text();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    if (out.write(configText) != configText.size()) {
        out.cancelWriting();
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    }
    if (!out.commit())
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    return {};
}

QString ModelSource::detectDialect(const json::Document& document)
{
    const json::NodeId root = document.root();
    if (root == json::kNoNode)
        return QStringLiteral("unknown");
    if (document.kind(root) == json::Kind::Array)
        return QStringLiteral("keras1");
    if (document.kind(root) != json::Kind::Object)
        return QStringLiteral("unknown");
    const json::NodeId version = document.member(root, std::string_view("keras_version"));
    if (version != json::kNoNode) {
        const QString text = document.string(version);
        if (text.startsWith(QLatin1String("1.")))
            return QStringLiteral("keras1");
        if (text.startsWith(QLatin1String("2.")))
            return QStringLiteral("keras2");
        if (text.startsWith(QLatin1String("3.")))
            return QStringLiteral("keras3");
    }
    if (document.member(root, std::string_view("module")) != json::kNoNode)
        return QStringLiteral("keras3");
    if (document.member(root, std::string_view("class_name")) != json::kNoNode)
        return QStringLiteral("keras2");
    return QStringLiteral("unknown");
}

} // namespace kcs::ui
