// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ConfigDocument.h"

#include <QObject>

class QComboBox;
class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace kcs::ui {

struct CheckResult;

/// The status bar's permanent widgets: file kind, config dialect, the target Keras switch, the
/// verdict of the last check, and a busy indicator with a Cancel button for long work.
class StatusPanel : public QObject {
    Q_OBJECT
public:
    StatusPanel(ConfigDocument* document, QStatusBar* bar);

    QComboBox* targetSwitch() const { return m_target; }
    QString kindText() const;
    QString dialectText() const;
    QString verdictText() const;

public Q_SLOTS:
    void setBusy(bool busy, const QString& message);
    void showCheckResult(const kcs::ui::CheckResult& result);
    void checkStarted();

Q_SIGNALS:
    void cancelRequested();

private:
    void updateFileInfo();

    ConfigDocument* m_document;
    QStatusBar* m_bar;
    QLabel* m_kind;
    QLabel* m_dialect;
    QComboBox* m_target;
    QLabel* m_verdict;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
};

} // namespace kcs::ui
