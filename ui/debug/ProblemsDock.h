// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/Result.h"

#include <QDockWidget>

class QAction;
class QTableView;

namespace kcs::ui {

class ConfigDocument;
class ProblemListModel;
class SelectionSync;

/// The Problems dock: every problem of the last check (severity, message, location, fix-it),
/// the one the real loader raises first in bold. Double-click or Enter selects the problem's
/// node in the tree and the text; a click in the Fix column, the context menu ("Apply Fix: …"
/// for each fix-it) or Ctrl+. applies a fix-it as one undo step. Owns its model and view.
class ProblemsDock : public QDockWidget {
    Q_OBJECT
public:
    ProblemsDock(ConfigDocument* document, SelectionSync* selection, QWidget* parent = nullptr);

    ProblemListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QAction* applyFixAction() const { return m_applyFix; }

    /// Applies fix-it `fixIndex` of the problem in `row` as one undo step. Fails (nothing
    /// changes) when the row has no such fix-it or the document no longer fits it.
    Result<void> applyFix(int row, int fixIndex = 0);
    /// Selects the node of the problem in `row`. False when it is not in the config.
    bool goToProblem(int row);

Q_SIGNALS:
    /// A one-line report for the status bar ("Applied: …", or why a fix could not be applied).
    void message(const QString& text);

private:
    void onClicked(const QModelIndex& index);
    void showContextMenu(const QPoint& position);
    void applyFixToCurrent();

    ConfigDocument* m_document;
    SelectionSync* m_selection;
    ProblemListModel* m_model;
    QTableView* m_view;
    QAction* m_applyFix;
};

} // namespace kcs::ui
