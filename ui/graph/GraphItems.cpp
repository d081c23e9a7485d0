// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphItems.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QtMath>

namespace kcs::ui::graph {

namespace {

const QColor kHighlight(0xff, 0xa0, 0x00);
const QColor kSharedMark(0x6a, 0x1b, 0x9a);

QColor fillFor(QColor status)
{
    if (!status.isValid() || status.alpha() == 0)
        return QColor(0xf4, 0xf4, 0xf4);
    QColor fill = status;
    fill.setAlpha(40); // a tint of the status colour keeps the text readable
    return fill;
}

} // namespace

NodeItem::NodeItem(int index, const VisibleNode& node, const QRectF& rect, QColor status)
    : m_index(index), m_node(node), m_rect(rect), m_status(status)
{
    setFlag(ItemIsSelectable, false);
    setAcceptHoverEvents(false);
    setZValue(2);
    setToolTip(node.pointer);
}

QRectF NodeItem::boundingRect() const
{
    return m_rect.adjusted(-6, -6, 6, 6);
}

void NodeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    update();
}

void NodeItem::setStatusColor(QColor color)
{
    m_status = color;
    update();
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor frame = m_status.isValid() && m_status.alpha() ? m_status : QColor(0x70, 0x70, 0x70);
    painter->setBrush(Qt::white);
    painter->setPen(Qt::NoPen);
    painter->drawRoundedRect(m_rect, 5, 5);
    painter->setBrush(fillFor(m_status));
    QPen pen(frame, m_highlighted ? 3 : 1.5);
    if (m_node.kind == VisibleNode::Kind::Block)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->drawRoundedRect(m_rect, 5, 5);
    if (m_node.kind == VisibleNode::Kind::CollapsedModel) {
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(m_rect.adjusted(3, 3, -3, -3), 3, 3);
    }
    if (m_node.isShared()) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(kSharedMark, 2, Qt::DotLine));
        painter->drawRoundedRect(m_rect.adjusted(-4, -4, 4, 4), 7, 7);
        const QRectF badge(m_rect.right() - 30, m_rect.top() + 4, 26, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kSharedMark);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        QFont small = painter->font();
        small.setPointSizeF(small.pointSizeF() * 0.8);
        painter->setFont(small);
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("×%1").arg(m_node.calls));
        painter->setFont(QFont());
    }
    if (m_highlighted) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(kHighlight, 3));
        painter->drawRoundedRect(m_rect.adjusted(-2, -2, 2, 2), 6, 6);
    }
    const QRectF inner = m_rect.adjusted(8, 6, -8, -6);
    QFont bold = painter->font();
    bold.setBold(true);
    const qreal line = QFontMetricsF(bold).height();
    painter->setPen(Qt::black);
    painter->setFont(bold);
    painter->drawText(QRectF(inner.left(), inner.top(), inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, m_node.title);
    bold.setBold(false);
    painter->setFont(bold);
    painter->drawText(QRectF(inner.left(), inner.top() + line, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, m_node.name);
    painter->setPen(QColor(0x40, 0x40, 0x40));
    painter->drawText(QRectF(inner.left(), inner.top() + 2 * line, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, m_node.detail);
}

EdgeItem::EdgeItem(int index, const EdgeGeometry& geometry, const QString& label)
    : m_index(index), m_geometry(geometry), m_label(label)
{
    setZValue(1);
}

QPolygonF EdgeItem::arrowHead() const
{
    if (!m_geometry.hasArrow)
        return {};
    const QLineF axis(m_geometry.arrowTip, m_geometry.arrowBase);
    QLineF left = axis;
    left.setAngle(axis.angle() + 25);
    left.setLength(axis.length() * 1.1);
    QLineF right = axis;
    right.setAngle(axis.angle() - 25);
    right.setLength(axis.length() * 1.1);
    return QPolygonF({m_geometry.arrowTip, left.p2(), right.p2()});
}

QRectF EdgeItem::labelRect() const
{
    if (m_label.isEmpty())
        return {};
    QFont font;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetricsF metrics(font);
    const QSizeF size(metrics.horizontalAdvance(m_label) + 8, metrics.height() + 2);
    QPointF center = m_geometry.hasLabel ? m_geometry.labelCenter : m_geometry.path.pointAtPercent(0.5);
    return QRectF(center - QPointF(size.width() / 2, size.height() / 2), size);
}

QRectF EdgeItem::boundingRect() const
{
    return m_geometry.path.boundingRect().united(arrowHead().boundingRect()).united(labelRect()).adjusted(-4, -4, 4, 4);
}

void EdgeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? 1.5 : 1);
    update();
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor color = m_highlighted ? kHighlight.darker(110) : QColor(0x55, 0x55, 0x55);
    painter->setPen(QPen(color, m_highlighted ? 2.5 : 1.2));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_geometry.path);
    painter->setBrush(color);
    painter->drawPolygon(arrowHead());
    if (m_label.isEmpty())
        return;
    const QRectF rect = labelRect();
    painter->setPen(QPen(kSharedMark, 1));
    painter->setBrush(m_highlighted ? QColor(0xff, 0xf0, 0xc0) : QColor(Qt::white));
    painter->drawRoundedRect(rect, 4, 4);
    QFont font;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    painter->setPen(kSharedMark);
    painter->drawText(rect, Qt::AlignCenter, m_label);
}

ClusterItem::ClusterItem(int index, const QRectF& rect, const QString& label)
    : m_index(index), m_rect(rect), m_label(label)
{
    setZValue(0);
    setToolTip(QObject::tr("Double-click the frame's title to collapse %1").arg(label));
}

void ClusterItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0x1e, 0x6f, 0xc8), 1.5, Qt::DashLine));
    painter->setBrush(QColor(0x1e, 0x6f, 0xc8, 14));
    painter->drawRoundedRect(m_rect, 8, 8);
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x1e, 0x4f, 0x98));
    painter->drawText(m_rect.adjusted(8, 4, -8, -4), Qt::AlignTop | Qt::AlignHCenter, QStringLiteral("▾ ") + m_label);
}

} // namespace kcs::ui::graph
