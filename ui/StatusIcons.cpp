// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StatusIcons.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace kcs::ui {

QColor StatusIcons::color(Resolution resolution)
{
    switch (resolution) {
    case Resolution::BuiltIn: return QColor(0x2e, 0x8b, 0x57);  // green: Keras ships it
    case Resolution::Custom: return QColor(0x1e, 0x6f, 0xc8);   // blue: resolved through a registration
    case Resolution::Unknown: return QColor(0xd9, 0x7a, 0x00);  // orange: nothing resolves it
    case Resolution::Unsafe: return QColor(0xa0, 0x30, 0xb0);   // purple: bytecode, safe mode refuses
    case Resolution::Internal: return QColor(0x80, 0x80, 0x80); // grey: serialization marker
    case Resolution::Error: return QColor(0xc6, 0x28, 0x28);    // red: loading fails here
    case Resolution::NotAnObject: break;
    }
    return QColor(Qt::transparent);
}

QIcon StatusIcons::icon(Resolution resolution)
{
    static QHash<int, QIcon> cache;
    const auto found = cache.constFind(int(resolution));
    if (found != cache.cend())
        return *found;
    QIcon result;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(resolution));
        const qreal margin = size / 4.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        result.addPixmap(pixmap);
    }
    cache.insert(int(resolution), result);
    return result;
}

} // namespace kcs::ui
