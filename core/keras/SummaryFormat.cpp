// SPDX-License-Identifier: GPL-3.0-or-later
// The text table of a ModelSummary, laid out as Keras 3's rich table.
#include "core/keras/Summary.h"

#include <QStringList>

namespace kcs::keras {

namespace {

struct Column {
    QString header;
    int width = 0;
    bool right = false;
};

/// Hard-wraps text into lines of at most width characters (rich folds long cells the same way).
QStringList wrap(const QString& text, int width)
{
    QStringList lines;
    for (qsizetype i = 0; i < text.size() || lines.isEmpty(); i += width)
        lines.append(text.mid(i, width));
    return lines;
}

QString rule(const std::vector<Column>& cols, QChar left, QChar fill, QChar mid, QChar right)
{
    QString line(left);
    for (size_t i = 0; i < cols.size(); ++i) {
        line += QString(cols[i].width + 2, fill);
        line += i + 1 < cols.size() ? mid : right;
    }
    return line + QLatin1Char('\n');
}

QString row(const std::vector<Column>& cols, const QStringList& cells, QChar border)
{
    std::vector<QStringList> wrapped;
    qsizetype height = 1;
    for (size_t i = 0; i < cols.size(); ++i) {
        wrapped.push_back(wrap(cells.value(qsizetype(i)), cols[i].width));
        height = std::max(height, wrapped.back().size());
    }
    QString out;
    for (qsizetype line = 0; line < height; ++line) {
        out += border;
        for (size_t i = 0; i < cols.size(); ++i) {
            const QString text = wrapped[i].value(line);
            out += QLatin1Char(' ');
            out += cols[i].right ? text.rightJustified(cols[i].width) : text.leftJustified(cols[i].width);
            out += QLatin1Char(' ');
            out += border;
        }
        out += QLatin1Char('\n');
    }
    return out;
}

std::vector<Column> columnsFor(bool sequentialLike)
{
    // Keras 3's line lengths and column positions (88 / [0.45, 0.80, 1.0] and
    // 108 / [0.3, 0.56, 0.74, 1.0]); each column loses 3 characters to its left border and padding.
    const int length = sequentialLike ? 88 : 108;
    const std::vector<double> positions = sequentialLike ? std::vector<double>{0.45, 0.80, 1.0}
                                                         : std::vector<double>{0.3, 0.56, 0.74, 1.0};
    const QStringList headers{QStringLiteral("Layer (type)"), QStringLiteral("Output Shape"),
                              QStringLiteral("Param #"), QStringLiteral("Connected to")};
    std::vector<Column> cols;
    int current = 0;
    for (size_t i = 0; i < positions.size(); ++i) {
        const int width = int(positions[i] * length) - current;
        current += width;
        // The last column also gives up the closing border, so lines are exactly length wide.
        const bool last = i + 1 == positions.size();
        cols.push_back(Column{headers[qsizetype(i)], width - (last ? 4 : 3), i == 2});
    }
    return cols;
}

QString totalLine(const char* label, qint64 count)
{
    return QStringLiteral(" %1: %2 (%3)\n")
        .arg(QLatin1String(label), groupedNumber(count), readableMemorySize(double(count) * 4.0));
}

} // namespace

QString formatSummary(const ModelSummary& s)
{
    const std::vector<Column> cols = columnsFor(s.sequentialLike);
    QString out = QStringLiteral("Model: \"%1\"\n").arg(s.modelName);
    QStringList headers;
    for (const Column& c : cols)
        headers.append(c.header);
    out += rule(cols, QChar(0x250F), QChar(0x2501), QChar(0x2533), QChar(0x2513));
    out += row(cols, headers, QChar(0x2503));
    out += rule(cols, QChar(0x2521), QChar(0x2501), QChar(0x2547), QChar(0x2529));
    for (size_t i = 0; i < s.rows.size(); ++i) {
        const SummaryRow& r = s.rows[i];
        QStringList cells{QStringLiteral("%1 (%2)").arg(r.name, r.className), r.outputShape,
                          r.known ? groupedNumber(r.params) : QStringLiteral("?")};
        if (!s.sequentialLike)
            cells.append(r.connectedTo);
        out += row(cols, cells, QChar(0x2502));
        if (i + 1 < s.rows.size())
            out += rule(cols, QChar(0x251C), QChar(0x2500), QChar(0x253C), QChar(0x2524));
    }
    out += rule(cols, QChar(0x2514), QChar(0x2500), QChar(0x2534), QChar(0x2518));
    out += totalLine("Total params", s.totalParams);
    out += totalLine("Trainable params", s.trainableParams);
    out += totalLine("Non-trainable params", s.nonTrainableParams);
    if (!s.complete)
        out += QStringLiteral(" Incomplete: some layers' parameters are unknown (custom or unsupported layers; "
                              "marked '?'), so the totals count only the known ones.\n");
    return out;
}

} // namespace kcs::keras
