// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ConfigDocument.h"

#include <QObject>

class QComboBox;
class QLabel;
class QProgressBar;
class QStatusBar;
class QTimer;
class QToolButton;

namespace kcs::ui {

struct CheckResult;

/// The status bar's permanent widgets: file kind, config dialect, the target Keras switch, the
/// verdict of the last check, and a progress bar with a Cancel button for long work. Opening a
/// file shows its percentage; a check that runs longer than the check busy delay shows Cancel
/// beside "Checking…". Cancel stops the open when one is running, else the check.
class StatusPanel : public QObject {
    Q_OBJECT
public:
    StatusPanel(ConfigDocument* document, QStatusBar* bar);

    QComboBox* targetSwitch() const { return m_target; }
    QProgressBar* progressBar() const { return m_progress; }
    QToolButton* cancelButton() const { return m_cancel; }
    QString kindText() const;
    QString dialectText() const;
    QString verdictText() const;
    /// How long a check runs before Cancel appears (ms).
    void setCheckBusyDelay(int milliseconds);

public Q_SLOTS:
    /// An open starts (busy) or ends; message goes to the status line.
    void setBusy(bool busy, const QString& message);
    /// Progress of the open in progress (0-100).
    void setProgress(int percent, const QString& message);
    void showCheckResult(const kcs::ui::CheckResult& result);
    void checkStarted();
    void checkCancelled();

Q_SIGNALS:
    void cancelRequested();      ///< Cancel while a file is opening
    void cancelCheckRequested(); ///< Cancel while only a check is running

private:
    void updateFileInfo();
    void updateBusyWidgets();
    void setCheckRunning(bool running);

    ConfigDocument* m_document;
    QStatusBar* m_bar;
    QLabel* m_kind;
    QLabel* m_dialect;
    QComboBox* m_target;
    QLabel* m_verdict;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QTimer* m_checkBusyDelay;
    bool m_opening = false;
    bool m_checking = false;
};

} // namespace kcs::ui
