// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Shape.h"

#include <QStringList>

namespace kcs::keras {

Dim TensorShape::at(int i) const
{
    const int n = rank();
    const int index = i < 0 ? n + i : i;
    if (index < 0 || index >= n)
        return std::nullopt;
    return dims[size_t(index)];
}

QString TensorShape::text() const
{
    if (!known)
        return QStringLiteral("?");
    // Keras 3's format_shape joins the dimensions, so a rank-1 shape prints "(None)", not
    // Python's tuple spelling "(None,)".
    QStringList parts;
    parts.reserve(rank());
    for (const Dim& d : dims)
        parts.append(d ? QString::number(*d) : QStringLiteral("None"));
    return QLatin1Char('(') + parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

TensorShape batchShape(std::vector<Dim> rest)
{
    TensorShape shape;
    shape.dims.reserve(rest.size() + 1);
    shape.dims.push_back(std::nullopt);
    for (Dim& d : rest)
        shape.dims.push_back(d);
    return shape;
}

qint64 WeightSpec::count() const
{
    qint64 n = 1;
    for (qint64 d : shape)
        n *= d;
    return n;
}

QString shapesText(const std::vector<TensorShape>& shapes)
{
    if (shapes.empty())
        return QStringLiteral("?");
    if (shapes.size() == 1)
        return shapes.front().text();
    QStringList parts;
    for (const TensorShape& s : shapes)
        parts.append(s.text());
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString groupedNumber(qint64 n)
{
    const bool negative = n < 0;
    QString digits = QString::number(negative ? -n : n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return negative ? QLatin1Char('-') + digits : digits;
}

} // namespace kcs::keras
