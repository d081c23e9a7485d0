// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMessageBox>

#include <optional>

class QWidget;

namespace kcs::ui {

/// The window's modal questions and messages, behind one wrapper so tests can answer them in
/// advance (setNextAnswer) instead of driving a modal event loop.
class Dialogs {
public:
    /// The answer the next question returns without showing anything (one-shot).
    static void setNextAnswer(QMessageBox::StandardButton answer);
    /// Whether the next save-diff preview is confirmed (one-shot).
    static void setNextDiffAnswer(bool confirm);

    /// Save, Discard or Cancel for a document with unsaved changes.
    static QMessageBox::StandardButton askSaveChanges(QWidget* parent, const QString& name);
    static void showError(QWidget* parent, const QString& title, const QString& message);
    /// Shows the config's changed lines and asks whether to overwrite path. True: save.
    static bool confirmSaveDiff(QWidget* parent, const QString& path, const QByteArray& before,
                                const QByteArray& after);

    /// What the last showError said (tests read it; the box is not shown while an answer is set).
    static QString lastError();

private:
    static std::optional<QMessageBox::StandardButton> takeAnswer();
};

} // namespace kcs::ui
