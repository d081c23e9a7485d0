// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FileController.h"

#include "ui/ConfigDocument.h"
#include "ui/Dialogs.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace kcs::ui {

namespace {

const QString kRecentKey = QStringLiteral("recentFiles");
constexpr int kMaxRecent = 10;

} // namespace

FileController::FileController(ConfigDocument* document, QWidget* window)
    : QObject(window), m_document(document), m_window(window)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &FileController::onLoaded);
}

FileController::~FileController()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true); // a read still running stops at its next check
    m_watcher.waitForFinished();
    for (auto& replaced : m_replaced)
        replaced.waitForFinished();
}

void FileController::open(const QString& path)
{
    if (m_cancelFlag)
        m_cancelFlag->store(true); // the older read stops soon; its result is never looked at
    m_replaced.removeIf([](const auto& future) { return future.isFinished(); });
    if (m_watcher.isRunning())
        m_replaced.append(m_watcher.future());
    auto flag = std::make_shared<std::atomic<bool>>(false);
    m_cancelFlag = flag;
    const quint64 request = ++m_request;
    m_loadingPath = path;
    Q_EMIT busyChanged(true, tr("Opening %1…").arg(QFileInfo(path).fileName()));
    m_watcher.setFuture(QtConcurrent::run([this, path, flag, request] {
        LoadMonitor monitor;
        monitor.isCancelled = [flag] { return flag->load(); };
        monitor.progress = [this, request](int percent, const QString& phase) {
            // Queued to the GUI thread; dropped if this controller is gone by then.
            QMetaObject::invokeMethod(this, [this, request, percent, phase] { onProgress(request, percent, phase); },
                                      Qt::QueuedConnection);
        };
        return ModelSource::load(path, monitor);
    }));
}

void FileController::cancel()
{
    // The flag lives until the result is taken (onLoaded): a read that has finished but not
    // yet been delivered is cancelled too, so a click on Cancel always wins.
    if (!m_cancelFlag || m_cancelFlag->load())
        return;
    m_cancelFlag->store(true);
    Q_EMIT busyChanged(false, tr("Opening cancelled"));
}

void FileController::onProgress(quint64 request, int percent, const QString& phase)
{
    if (request != m_request || !m_cancelFlag || m_cancelFlag->load())
        return; // an older or cancelled open
    Q_EMIT progressChanged(percent, tr("Opening %1: %2…").arg(QFileInfo(m_loadingPath).fileName(), phase.toLower()));
}

void FileController::onLoaded()
{
    if (!m_cancelFlag || m_cancelFlag->load())
        return; // cancelled (busyChanged was sent then) or replaced by a newer open
    auto loaded = m_watcher.result();
    m_cancelFlag.reset();
    if (!loaded) {
        Q_EMIT busyChanged(false, QString());
        Q_EMIT openFailed(loaded.error().message);
        Dialogs::showError(m_window, tr("Open Failed"), loaded.error().message);
        return;
    }
    m_document->setFile(std::move(*loaded));
    addRecent(m_loadingPath);
    Q_EMIT busyChanged(false, tr("Opened %1").arg(m_document->displayName()));
    Q_EMIT opened(m_loadingPath);
}

void FileController::openExample()
{
    QFile file(QStringLiteral(":/kcs-ui/examples/example_model.json"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    auto loaded = ModelSource::fromBytes(file.readAll(), QStringLiteral("example_model.json"));
    if (loaded)
        m_document->setFile(std::move(*loaded));
}

bool FileController::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    const QByteArray before = m_document->savedText();
    const QByteArray after = m_document->json().text();
    if (before != after && QFileInfo::exists(m_document->filePath())
        && !Dialogs::confirmSaveDiff(m_window, m_document->filePath(), before, after))
        return false;
    auto saved = m_document->saveAs(m_document->filePath());
    if (!saved) {
        Dialogs::showError(m_window, tr("Save Failed"), saved.error().message);
        return false;
    }
    return true;
}

bool FileController::saveAs(const QString& requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        path = QFileDialog::getSaveFileName(m_window, tr("Save Model Config As"), m_document->filePath(),
                                            tr("Model files (*.json *.keras *.h5 *.hdf5);;All files (*)"));
        if (path.isEmpty())
            return false;
    }
    auto saved = m_document->saveAs(path);
    if (!saved) {
        Dialogs::showError(m_window, tr("Save Failed"), saved.error().message);
        return false;
    }
    addRecent(path);
    return true;
}

bool FileController::maybeSave()
{
    if (!m_document->isModified())
        return true;
    switch (Dialogs::askSaveChanges(m_window, m_document->displayName())) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

QStringList FileController::recentFiles() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void FileController::clearRecentFiles()
{
    QSettings().remove(kRecentKey);
    Q_EMIT recentFilesChanged();
}

void FileController::addRecent(const QString& path)
{
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(kRecentKey, files);
    Q_EMIT recentFilesChanged();
}

} // namespace kcs::ui
