// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QMainWindow;

namespace kcs::ui {
class ConfigTreeModel;
class SelectionSync;
}

namespace kcs::ui::graph {

class GraphDock;
class SharedEditGuard;
class SharedObjectsPanel;
class SnapshotService;
class SummaryDock;

/// What installGraphDocks created (all owned by the window).
struct GraphDocks {
    SnapshotService* snapshots = nullptr;
    SharedEditGuard* guard = nullptr;
    GraphDock* graph = nullptr;
    SummaryDock* summary = nullptr;
    SharedObjectsPanel* shared = nullptr;
};

/// Adds the Graph, Summary and Shared docks to window and wires them to the window's
/// selection: a click in any of them selects the node in the tree and the text
/// (SelectionSync::selectNode), and the tree's current node is shown in each of them.
/// Called once from MainWindow::createDocks(), before the View menu lists the docks.
GraphDocks installGraphDocks(QMainWindow* window, ConfigTreeModel* model, SelectionSync* selection);

} // namespace kcs::ui::graph
