// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphDocks.h"

#include "ui/ConfigTreeModel.h"
#include "ui/SelectionSync.h"
#include "ui/graph/GraphDock.h"
#include "ui/graph/SharedEditGuard.h"
#include "ui/graph/SharedObjectsPanel.h"
#include "ui/graph/SummaryDock.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>

namespace kcs::ui::graph {

namespace {

QDockWidget* addDock(QMainWindow* window, QWidget* content, const QString& title, const QString& name,
                     Qt::DockWidgetArea area, const QString& tabWith)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    window->addDockWidget(area, dock);
    // Beside the window's own docks as tabs, so a first start is not crowded.
    auto* other = tabWith.isEmpty() ? nullptr : window->findChild<QDockWidget*>(tabWith);
    if (other && other != dock && window->dockWidgetArea(other) == area)
        window->tabifyDockWidget(other, dock);
    return dock;
}

} // namespace

GraphDocks installGraphDocks(QMainWindow* window, ConfigTreeModel* model, SelectionSync* selection)
{
    GraphDocks d;
    d.snapshots = new SnapshotService(model->document(), window);
    d.guard = new SharedEditGuard(d.snapshots, window);
    d.graph = new GraphDock(model, d.snapshots);
    d.graph->setObjectName(QStringLiteral("graphPanel"));
    d.summary = new SummaryDock(d.snapshots);
    d.summary->setObjectName(QStringLiteral("summaryPanel"));
    d.shared = new SharedObjectsPanel(d.snapshots, d.guard);
    d.shared->setObjectName(QStringLiteral("sharedPanel"));
    addDock(window, d.graph, QObject::tr("Graph"), QStringLiteral("graphDock"), Qt::RightDockWidgetArea, QString());
    addDock(window, d.summary, QObject::tr("Summary"), QStringLiteral("summaryDock"), Qt::BottomDockWidgetArea,
            QStringLiteral("problemsDock"));
    QDockWidget* sharedDock = addDock(window, d.shared, QObject::tr("Shared"), QStringLiteral("sharedDock"),
                                      Qt::RightDockWidgetArea, QStringLiteral("inspectorDock"));

    QObject::connect(d.graph, &GraphDock::nodeActivated, selection, &SelectionSync::selectNode);
    QObject::connect(d.summary, &SummaryDock::nodeActivated, selection, &SelectionSync::selectNode);
    QObject::connect(d.shared, &SharedObjectsPanel::nodeActivated, selection, &SelectionSync::selectNode);
    QObject::connect(selection, &SelectionSync::currentNodeChanged, d.graph, &GraphDock::showNode);
    QObject::connect(selection, &SelectionSync::currentNodeChanged, d.summary, &SummaryDock::showNode);
    QObject::connect(selection, &SelectionSync::currentNodeChanged, d.shared, &SharedObjectsPanel::showNode);
    QObject::connect(d.guard, &SharedEditGuard::laterCopyEdited, window, [window, sharedDock](const QString& message) {
        sharedDock->show();
        sharedDock->raise();
        window->statusBar()->showMessage(message, 10000);
    });
    return d;
}

} // namespace kcs::ui::graph
