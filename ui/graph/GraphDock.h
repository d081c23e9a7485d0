// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "ui/graph/GraphView.h"
#include "ui/graph/SnapshotService.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolBar;

namespace kcs::ui {
class ConfigTreeModel;
}

namespace kcs::ui::graph {

/// The Graph dock's content: a toolbar (search, zoom, fit, expand/collapse, export) over a
/// GraphView. It lays the graph out on a worker thread whenever the snapshot or the set of
/// expanded models changes (the window stays responsive meanwhile, and the old drawing stays
/// until the new one is ready), colours boxes like the tree, and translates between boxes and
/// the live document's nodes for the shared selection.
class GraphDock : public QWidget {
    Q_OBJECT
public:
    GraphDock(ConfigTreeModel* model, SnapshotService* snapshots, QWidget* parent = nullptr);
    ~GraphDock() override;

    GraphView* view() const { return m_view; }
    QLineEdit* searchField() const { return m_search; }
    QString statusText() const;
    bool isLayingOut() const { return m_watcher.isRunning() || m_pending; }
    const ViewState& viewState() const { return m_state; }

    /// Expands (or collapses) the nested model with index model of the current snapshot.
    void setModelExpanded(int model, bool expanded);
    /// Expands every nested model (the screenshot of an expanded model uses it).
    void expandAllModels();

public Q_SLOTS:
    /// Selects the box holding the live document's node (the tree/text selection changed).
    void showNode(kcs::json::NodeId node);
    void refreshColors();
    void findNext();
    bool exportSvg(const QString& path);
    bool exportPng(const QString& path);

Q_SIGNALS:
    /// A box was clicked: node is its envelope in the live document.
    void nodeActivated(kcs::json::NodeId node);
    void layoutFinished();

private:
    struct LayoutJob {
        SnapshotPtr snapshot;
        VisibleGraph visible;
        GraphLayoutResult layout;
    };

    QToolBar* createToolBar();
    void onSnapshot(const SnapshotPtr& snapshot);
    void startLayout();
    void onLayoutFinished();
    void onNodeClicked(int node);
    void onExpandRequested(int node);
    void onCollapseRequested(int cluster);
    void chooseExport(bool svg);
    int nodeForPointer(const QString& pointer) const;
    QColor colorOf(const QString& pointer) const;
    void setStatus(const QString& text);

    ConfigTreeModel* m_model;
    SnapshotService* m_snapshots;
    GraphView* m_view;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    QFutureWatcher<LayoutJob> m_watcher;
    SnapshotPtr m_snapshot;
    ViewState m_state;
    bool m_pending = false;
    bool m_firstDrawing = true;
    bool m_syncing = false;
    QString m_selectedPointer;
};

} // namespace kcs::ui::graph
