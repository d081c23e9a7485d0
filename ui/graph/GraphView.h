// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/graph/GraphLayout.h"

#include <QGraphicsView>

#include <functional>
#include <memory>

namespace kcs::ui::graph {

class NodeItem;
class EdgeItem;

/// Draws a laid-out model graph with QGraphicsView. Clicking a box selects its layer (and
/// highlights every edge of every call of it: its call sites); double-clicking a collapsed
/// model or block asks for it to be expanded, double-clicking a frame asks for it to collapse.
/// Zoom with the wheel (Ctrl) or the slots; export to SVG or PNG.
class GraphView : public QGraphicsView {
    Q_OBJECT
public:
    using ColorOf = std::function<QColor(const QString& pointer)>;

    explicit GraphView(QWidget* parent = nullptr);

    /// Replaces the drawing. colorOf gives each box its status colour by envelope pointer.
    void setGraph(std::shared_ptr<const GraphSnapshot> snapshot, VisibleGraph visible,
                  const GraphLayoutResult& layout, const ColorOf& colorOf);
    void clearGraph();
    void recolor(const ColorOf& colorOf);

    const VisibleGraph& visible() const { return m_visible; }
    const std::shared_ptr<const GraphSnapshot>& snapshot() const { return m_snapshot; }
    int selectedNode() const { return m_selected; }
    /// Edge indexes currently highlighted (the selected layer's call sites).
    QList<int> highlightedEdges() const;
    NodeItem* nodeItem(int node) const;
    /// Where a node is drawn, in scene coordinates (tests click there).
    QRectF nodeRect(int node) const;

    /// Selects node (-1: none) and highlights its edges; centres it when ensureVisible.
    void selectNode(int node, bool ensureVisible = true);
    /// The next node after `after` whose name or class contains text (case-insensitive), or -1.
    int findNext(const QString& text, int after) const;

    bool exportSvg(const QString& path);
    bool exportPng(const QString& path, qreal scale = 1.5);

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitAll();

Q_SIGNALS:
    void nodeClicked(int node);
    void expandRequested(int node);
    void collapseRequested(int cluster);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void renderTo(QPainter& painter, const QRectF& target);

    std::shared_ptr<const GraphSnapshot> m_snapshot;
    VisibleGraph m_visible;
    std::vector<NodeItem*> m_nodes;
    std::vector<EdgeItem*> m_edges;
    int m_selected = -1;
};

} // namespace kcs::ui::graph
