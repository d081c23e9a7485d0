// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ModelSource.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

class QWidget;

namespace kcs::ui {

class ConfigDocument;

/// Opening and saving for the window: reads files off the GUI thread (with progress and a real
/// Cancel for the status bar), keeps the recent-files list in QSettings, asks about unsaved
/// changes, and shows the config diff before a save overwrites a file.
class FileController : public QObject {
    Q_OBJECT
public:
    FileController(ConfigDocument* document, QWidget* window);
    ~FileController() override;

    /// Starts opening path in the background; the document switches when it is read. A file
    /// opened while another is loading replaces that request (the older read is stopped).
    void open(const QString& path);
    /// Opens the bundled example model (no path: Save asks where to write it).
    void openExample();
    /// True while a read is running, including a cancelled one that has not stopped yet.
    bool isBusy() const { return m_watcher.isRunning(); }

    /// Save: to the file's own path (with the diff preview), or Save As when it has none.
    bool save();
    /// Save As: to path, or to a path asked with a file dialog when path is empty.
    bool saveAs(const QString& path = QString());
    /// Asks Save / Discard / Cancel when the document is modified. True: go ahead.
    bool maybeSave();

    QStringList recentFiles() const;
    void clearRecentFiles();

public Q_SLOTS:
    /// Stops the read in progress: the worker stops at its next check (between 1 MiB chunks,
    /// or after the parse), and the document stays as it was.
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy, const QString& message);
    /// Progress of the open in progress: percent from 0 to 100, never decreasing within one
    /// open; message says what is happening ("Opening big.json: reading…").
    void progressChanged(int percent, const QString& message);
    void recentFilesChanged();
    void opened(const QString& path);
    void openFailed(const QString& message);

private:
    void onLoaded();
    void onProgress(quint64 request, int percent, const QString& phase);
    void addRecent(const QString& path);

    ConfigDocument* m_document;
    QWidget* m_window;
    QFutureWatcher<Result<std::shared_ptr<LoadedFile>>> m_watcher;
    QString m_loadingPath;
    /// The open in progress; its flag is what the worker polls. Older requests' flags are set.
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    quint64 m_request = 0;
    /// Replaced reads that may still be stopping; they report to this object until they end,
    /// so the destructor waits for them too.
    QList<QFuture<Result<std::shared_ptr<LoadedFile>>>> m_replaced;
};

} // namespace kcs::ui
