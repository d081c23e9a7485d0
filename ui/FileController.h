// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ModelSource.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <memory>

class QWidget;

namespace kcs::ui {

class ConfigDocument;

/// Opening and saving for the window: reads files off the GUI thread (with busy/cancel
/// reporting for the status bar), keeps the recent-files list in QSettings, asks about unsaved
/// changes, and shows the config diff before a save overwrites a file.
class FileController : public QObject {
    Q_OBJECT
public:
    FileController(ConfigDocument* document, QWidget* window);
    ~FileController() override;

    /// Starts opening path in the background; the document switches when it is read. A file
    /// opened while another is loading replaces that request.
    void open(const QString& path);
    /// Opens the bundled example model (no path: Save asks where to write it).
    void openExample();
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
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy, const QString& message);
    void recentFilesChanged();
    void opened(const QString& path);
    void openFailed(const QString& message);

private:
    void onLoaded();
    void addRecent(const QString& path);

    ConfigDocument* m_document;
    QWidget* m_window;
    QFutureWatcher<Result<std::shared_ptr<LoadedFile>>> m_watcher;
    QString m_loadingPath;
    bool m_cancelled = false;
};

} // namespace kcs::ui
