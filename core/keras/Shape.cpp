// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Shape.h"

#include <QVarLengthArray>

#include <charconv>
#include <string_view>

namespace kcs::keras {

Dim TensorShape::at(int i) const
{
    const int n = rank();
    const int index = i < 0 ? n + i : i;
    if (index < 0 || index >= n)
        return std::nullopt;
    return dims[size_t(index)];
}

namespace {

/// Shape texts are ASCII: they are put together in a byte buffer and become a QString once.
/// (Summaries of 200,000-layer models print one per row; appending the parts to a QString one
/// by one cost more than the rest of the row.)
using TextBuffer = QVarLengthArray<char, 128>;

void appendText(TextBuffer& out, std::string_view text)
{
    out.append(text.data(), qsizetype(text.size()));
}

void appendShapeText(TextBuffer& out, const TensorShape& shape)
{
    if (!shape.known) {
        out.append('?');
        return;
    }
    // Keras 3's format_shape joins the dimensions, so a rank-1 shape prints "(None)", not
    // Python's tuple spelling "(None,)".
    out.append('(');
    for (size_t i = 0; i < shape.dims.size(); ++i) {
        if (i > 0)
            appendText(out, ", ");
        if (const Dim& d = shape.dims[i]) {
            char digits[24];
            appendText(out, std::string_view(digits, std::to_chars(digits, digits + sizeof digits, *d).ptr));
        } else {
            appendText(out, "None");
        }
    }
    out.append(')');
}

QString toQString(const TextBuffer& text)
{
    return QString::fromLatin1(text.constData(), text.size());
}

} // namespace

QString TensorShape::text() const
{
    TextBuffer out;
    appendShapeText(out, *this);
    return toQString(out);
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
    TextBuffer out;
    out.append('[');
    for (size_t i = 0; i < shapes.size(); ++i) {
        if (i > 0)
            appendText(out, ", ");
        appendShapeText(out, shapes[i]);
    }
    out.append(']');
    return toQString(out);
}

QString groupedNumber(qint64 n)
{
    // Digits of |n| (as unsigned: -INT64_MIN does not fit), then copied with a comma before
    // each group of three from the right.
    char digits[24];
    const quint64 magnitude = n < 0 ? 0 - quint64(n) : quint64(n);
    const int count = int(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
    TextBuffer out;
    if (n < 0)
        out.append('-');
    for (int i = 0; i < count; ++i) {
        if (i > 0 && (count - i) % 3 == 0)
            out.append(',');
        out.append(digits[i]);
    }
    return toQString(out);
}

} // namespace kcs::keras
