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
    m_watcher.waitForFinished();
}

void FileController::open(const QString& path)
{
    if (m_watcher.isRunning())
        m_watcher.waitForFinished(); // a read cannot be interrupted; the newer request wins below
    m_cancelled = false;
    m_loadingPath = path;
    Q_EMIT busyChanged(true, tr("Opening %1…").arg(QFileInfo(path).fileName()));
    m_watcher.setFuture(QtConcurrent::run([path] { return ModelSource::load(path); }));
}

void FileController::cancel()
{
    if (!m_watcher.isRunning())
        return;
    m_cancelled = true; // the read finishes in the background and is then dropped
    Q_EMIT busyChanged(false, tr("Opening cancelled"));
}

void FileController::onLoaded()
{
    auto loaded = m_watcher.result();
    if (m_cancelled)
        return;
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
