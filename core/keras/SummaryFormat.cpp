// SPDX-License-Identifier: GPL-3.0-or-later
// The text table of a ModelSummary, laid out as Keras 3's rich table.
#include "core/keras/Summary.h"

#include <QStringList>

#include <algorithm>

namespace kcs::keras {

namespace {

struct Column {
    QString header;
    int width = 0;
    bool right = false;
};

QString rule(const std::vector<Column>& cols, QChar left, QChar fill, QChar mid, QChar right)
{
    QString line(left);
    for (size_t i = 0; i < cols.size(); ++i) {
        line += QString(cols[i].width + 2, fill);
        line += i + 1 < cols.size() ? mid : right;
    }
    return line + QLatin1Char('\n');
}

/// Appends a row of cells, each padded to its column. A cell longer than its column is
/// hard-wrapped into lines of the column's width, as rich folds long cells, and the row is as
/// many lines high as its longest cell. The lines are written in place: appending them piece by
/// piece cost more than the rest of a 200,000-row summary.
void appendRow(QString& out, const std::vector<Column>& cols, const QStringList& cells, QChar border)
{
    const auto cell = [&cells](size_t i) { return i < size_t(cells.size()) ? QStringView(cells[qsizetype(i)]) : QStringView(); };
    qsizetype height = 1;
    qsizetype lineLength = 2; // the left border and the newline
    for (size_t i = 0; i < cols.size(); ++i) {
        height = std::max(height, (cell(i).size() + cols[i].width - 1) / cols[i].width);
        lineLength += cols[i].width + 3; // padding on both sides and the right border
    }
    const qsizetype start = out.size();
    out.resize(start + height * lineLength);
    QChar* p = out.data() + start;
    for (qsizetype line = 0; line < height; ++line) {
        *p++ = border;
        for (size_t i = 0; i < cols.size(); ++i) {
            const QStringView text = cell(i);
            const qsizetype from = std::min(line * cols[i].width, text.size());
            const QStringView part = text.sliced(from, std::min<qsizetype>(cols[i].width, text.size() - from));
            const qsizetype padding = cols[i].width - part.size();
            *p++ = QLatin1Char(' ');
            if (cols[i].right)
                p = std::fill_n(p, padding, QLatin1Char(' '));
            p = std::copy(part.begin(), part.end(), p);
            if (!cols[i].right)
                p = std::fill_n(p, padding, QLatin1Char(' '));
            *p++ = QLatin1Char(' ');
            *p++ = border;
        }
        *p++ = QLatin1Char('\n');
    }
    Q_ASSERT(p == out.constData() + out.size());
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
    const QString between = rule(cols, QChar(0x251C), QChar(0x2500), QChar(0x253C), QChar(0x2524));
    // Most rows are one line and a rule: reserving for that spares regrowing a text of many MB.
    out.reserve(out.size() + qsizetype(s.rows.size() + 4) * 2 * between.size());
    out += rule(cols, QChar(0x250F), QChar(0x2501), QChar(0x2533), QChar(0x2513));
    appendRow(out, cols, headers, QChar(0x2503));
    out += rule(cols, QChar(0x2521), QChar(0x2501), QChar(0x2547), QChar(0x2529));
    QStringList cells;
    for (size_t i = 0; i < s.rows.size(); ++i) {
        const SummaryRow& r = s.rows[i];
        cells = {r.name + QLatin1String(" (") + r.className + QLatin1Char(')'), r.outputShape,
                 r.known ? groupedNumber(r.params) : QStringLiteral("?")};
        if (!s.sequentialLike)
            cells.append(r.connectedTo);
        appendRow(out, cols, cells, QChar(0x2502));
        if (i + 1 < s.rows.size())
            out += between;
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
