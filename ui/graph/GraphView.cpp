// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphView.h"

#include "ui/graph/GraphItems.h"

#include <QGraphicsScene>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QWheelEvent>

namespace kcs::ui::graph {

GraphView::GraphView(QWidget* parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(Qt::white);
    // Large graphs: redraw only what changed and skip per-item index maintenance costs.
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
}

void GraphView::clearGraph()
{
    scene()->clear();
    m_nodes.clear();
    m_edges.clear();
    m_visible = {};
    m_snapshot.reset();
    m_selected = -1;
}

void GraphView::setGraph(std::shared_ptr<const GraphSnapshot> snapshot, VisibleGraph visible,
                         const GraphLayoutResult& layout, const ColorOf& colorOf)
{
    clearGraph();
    m_snapshot = std::move(snapshot);
    m_visible = std::move(visible);
    for (size_t i = 0; i < layout.clusters.size(); ++i)
        scene()->addItem(new ClusterItem(int(i), layout.clusters[i], m_visible.clusters[i].label));
    for (size_t i = 0; i < m_visible.nodes.size(); ++i) {
        auto* item = new NodeItem(int(i), m_visible.nodes[i], layout.nodes[i], colorOf(m_visible.nodes[i].pointer));
        scene()->addItem(item);
        m_nodes.push_back(item);
    }
    for (size_t i = 0; i < m_visible.edges.size(); ++i) {
        auto* item = new EdgeItem(int(i), layout.edges[i], m_visible.edges[i].label);
        scene()->addItem(item);
        m_edges.push_back(item);
    }
    scene()->setSceneRect(layout.bounds.adjusted(-20, -20, 20, 20));
}

void GraphView::recolor(const ColorOf& colorOf)
{
    for (NodeItem* item : m_nodes)
        item->setStatusColor(colorOf(m_visible.nodes[size_t(item->index())].pointer));
}

QList<int> GraphView::highlightedEdges() const
{
    QList<int> out;
    for (const EdgeItem* item : m_edges)
        if (item->isHighlighted())
            out.append(item->index());
    return out;
}

NodeItem* GraphView::nodeItem(int node) const
{
    return node >= 0 && size_t(node) < m_nodes.size() ? m_nodes[size_t(node)] : nullptr;
}

QRectF GraphView::nodeRect(int node) const
{
    const NodeItem* item = nodeItem(node);
    return item ? item->boundingRect().adjusted(6, 6, -6, -6) : QRectF();
}

void GraphView::selectNode(int node, bool ensureVisible)
{
    if (NodeItem* old = nodeItem(m_selected))
        old->setHighlighted(false);
    for (EdgeItem* edge : m_edges)
        edge->setHighlighted(false);
    m_selected = nodeItem(node) ? node : -1;
    NodeItem* item = nodeItem(m_selected);
    if (!item)
        return;
    item->setHighlighted(true);
    // Every call of the layer: the tensors it consumes and the ones it produces.
    for (size_t i = 0; i < m_visible.edges.size(); ++i) {
        const VisibleEdge& e = m_visible.edges[i];
        if (e.to == node || e.from == node)
            m_edges[i]->setHighlighted(true);
    }
    if (ensureVisible)
        centerOn(item);
}

int GraphView::findNext(const QString& text, int after) const
{
    const int n = int(m_visible.nodes.size());
    if (text.isEmpty() || n == 0)
        return -1;
    for (int step = 1; step <= n; ++step) {
        const int i = ((after < 0 ? -1 : after) + step) % n;
        const VisibleNode& node = m_visible.nodes[size_t(i)];
        if (node.name.contains(text, Qt::CaseInsensitive) || node.title.contains(text, Qt::CaseInsensitive))
            return i;
    }
    return -1;
}

void GraphView::zoomIn()
{
    scale(1.25, 1.25);
}

void GraphView::zoomOut()
{
    scale(0.8, 0.8);
}

void GraphView::fitAll()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void GraphView::mousePressEvent(QMouseEvent* event)
{
    const QList<QGraphicsItem*> hits = items(event->position().toPoint());
    for (QGraphicsItem* hit : hits) {
        if (hit->type() == NodeItem::Type) {
            const int index = static_cast<NodeItem*>(hit)->index();
            selectNode(index, false);
            Q_EMIT nodeClicked(index);
            event->accept();
            return;
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const QList<QGraphicsItem*> hits = items(event->position().toPoint());
    for (QGraphicsItem* hit : hits) {
        if (hit->type() == NodeItem::Type) {
            const int index = static_cast<NodeItem*>(hit)->index();
            if (m_visible.nodes[size_t(index)].kind != VisibleNode::Kind::Layer)
                Q_EMIT expandRequested(index);
            return;
        }
        if (hit->type() == ClusterItem::Type) {
            Q_EMIT collapseRequested(static_cast<ClusterItem*>(hit)->index());
            return;
        }
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void GraphView::wheelEvent(QWheelEvent* event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    if (event->angleDelta().y() > 0)
        zoomIn();
    else if (event->angleDelta().y() < 0)
        zoomOut();
    event->accept();
}

void GraphView::renderTo(QPainter& painter, const QRectF& target)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene()->render(&painter, target, scene()->sceneRect());
}

bool GraphView::exportSvg(const QString& path)
{
    const QRectF source = scene()->sceneRect();
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(source.size().toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
    svg.setTitle(tr("Model graph"));
    QPainter painter;
    if (!painter.begin(&svg))
        return false;
    renderTo(painter, QRectF(QPointF(0, 0), source.size()));
    return painter.end();
}

bool GraphView::exportPng(const QString& path, qreal scaleFactor)
{
    const QSizeF size = scene()->sceneRect().size() * scaleFactor;
    // A huge graph would need gigabytes at full scale; cap the longer side.
    const qreal shrink = std::min<qreal>(1.0, 16000.0 / std::max(size.width(), size.height()));
    QImage image((size * shrink).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;
    image.fill(Qt::white);
    QPainter painter(&image);
    renderTo(painter, QRectF(QPointF(0, 0), QSizeF(image.size())));
    painter.end();
    return image.save(path, "PNG");
}

} // namespace kcs::ui::graph
