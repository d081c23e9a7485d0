// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/debug/ProblemsDock.h"

#include "ui/ConfigDocument.h"
#include "ui/ProblemListModel.h"
#include "ui/SelectionSync.h"
#include "ui/debug/UndoableEdit.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

namespace kcs::ui {

ProblemsDock::ProblemsDock(ConfigDocument* document, SelectionSync* selection, QWidget* parent)
    : QDockWidget(tr("Problems"), parent), m_document(document), m_selection(selection),
      m_model(new ProblemListModel(this)), m_view(new QTableView)
{
    setObjectName(QStringLiteral("problemsDock"));
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setSectionResizeMode(ProblemListModel::MessageColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(ProblemListModel::FixColumn, QHeaderView::ResizeToContents);
    m_view->verticalHeader()->hide();
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) { goToProblem(index.row()); });
    connect(m_view, &QTableView::clicked, this, &ProblemsDock::onClicked);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ProblemsDock::showContextMenu);

    m_applyFix = new QAction(tr("Apply First Fix"), this);
    m_applyFix->setObjectName(QStringLiteral("applyFixAction"));
    m_applyFix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_applyFix->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_applyFix, &QAction::triggered, this, &ProblemsDock::applyFixToCurrent);
    m_view->addAction(m_applyFix);
    setWidget(m_view);
}

bool ProblemsDock::goToProblem(int row)
{
    const keras::Problem* problem = m_model->problem(row);
    if (!problem || !problem->document.isEmpty())
        return false;
    const json::NodeId node = m_document->json().find(problem->pointer);
    if (node == json::kNoNode)
        return false;
    m_selection->selectNode(node);
    return true;
}

Result<void> ProblemsDock::applyFix(int row, int fixIndex)
{
    const keras::Problem* problem = m_model->problem(row);
    Result<void> applied;
    QString title;
    if (!problem || fixIndex < 0 || fixIndex >= int(problem->fixIts.size())) {
        applied = fail(ErrorCode::NotFound, tr("This problem has no such fix"));
    } else if (!problem->document.isEmpty()) {
        applied = fail(ErrorCode::InvalidArgument,
                       tr("The fix is in the file's %1 attribute, which the editor does not change")
                           .arg(problem->document));
    } else {
        // Copied: applying the fix re-runs the checks, which replace the model's problems.
        const keras::FixIt fix = problem->fixIts[size_t(fixIndex)];
        title = fix.title;
        applied = applyFixItUndoable(m_document, fix);
        if (!applied)
            applied = fail(applied.error().code, tr("Could not apply \"%1\": %2").arg(title, applied.error().message));
    }
    Q_EMIT message(applied ? tr("Applied: %1").arg(title) : applied.error().message);
    return applied;
}

void ProblemsDock::onClicked(const QModelIndex& index)
{
    if (index.column() == ProblemListModel::FixColumn && index.data(ProblemListModel::FixItsRole).toInt() > 0)
        (void)applyFix(index.row());
}

void ProblemsDock::applyFixToCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    (void)applyFix(current.row());
}

void ProblemsDock::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_view->indexAt(position);
    const keras::Problem* problem = m_model->problem(index.row());
    if (!problem)
        return;
    const int row = index.row();
    QMenu menu(this);
    menu.addAction(tr("Go to Problem"), this, [this, row] { goToProblem(row); });
    if (!problem->fixIts.empty())
        menu.addSeparator();
    for (size_t i = 0; i < problem->fixIts.size(); ++i)
        menu.addAction(tr("Apply Fix: %1").arg(problem->fixIts[i].title), this,
                       [this, row, i] { (void)applyFix(row, int(i)); });
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

} // namespace kcs::ui
