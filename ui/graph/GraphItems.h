// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/graph/GraphLayout.h"

#include <QColor>
#include <QGraphicsItem>

namespace kcs::ui::graph {

/// A layer (or collapsed model, or block) box: class, name and output shape on three lines,
/// framed in the colour of its resolution status. A shared layer gets a second frame and an
/// "×N calls" badge; a collapsed model a double frame; a block a dashed one.
class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 81 };
    NodeItem(int index, const VisibleNode& node, const QRectF& rect, QColor status);

    int type() const override { return Type; }
    int index() const { return m_index; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }
    void setStatusColor(QColor color);
    QColor statusColor() const { return m_status; }

private:
    int m_index;
    VisibleNode m_node;
    QRectF m_rect;
    QColor m_status;
    bool m_highlighted = false;
};

/// A tensor: Graphviz's curve, an arrow head and, for shared layers, the node index label.
class EdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 82 };
    EdgeItem(int index, const EdgeGeometry& geometry, const QString& label);

    int type() const override { return Type; }
    int index() const { return m_index; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }

private:
    QPolygonF arrowHead() const;
    QRectF labelRect() const;

    int m_index;
    EdgeGeometry m_geometry;
    QString m_label;
    bool m_highlighted = false;
};

/// The frame of an expanded nested model, titled with its name; double-click collapses it.
class ClusterItem : public QGraphicsItem {
public:
    enum { Type = UserType + 83 };
    ClusterItem(int index, const QRectF& rect, const QString& label);

    int type() const override { return Type; }
    int index() const { return m_index; }
    QRectF boundingRect() const override { return m_rect.adjusted(-2, -2, 2, 2); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_index;
    QRectF m_rect;
    QString m_label;
};

} // namespace kcs::ui::graph
