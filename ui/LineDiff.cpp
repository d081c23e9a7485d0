// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LineDiff.h"

#include "core/json/Document.h"
#include "core/json/PyJson.h"

#include <vector>

namespace kcs::ui {

namespace {

// Above this many cells the LCS table costs too much memory; the middle is then shown whole.
constexpr qint64 kMaxLcsCells = 4'000'000;

struct Range {
    int begin = 0;
    int end = 0;
};

void appendLcsDiff(const QList<QByteArray>& a, Range ra, const QList<QByteArray>& b, Range rb,
                   QList<DiffLine>& out)
{
    const int n = ra.end - ra.begin;
    const int m = rb.end - rb.begin;
    // lcs[i][j]: length of the LCS of a[i..] and b[j..] (suffix form, so the walk goes forward).
    std::vector<int> lcs(size_t(n + 1) * size_t(m + 1), 0);
    auto at = [&](int i, int j) -> int& { return lcs[size_t(i) * size_t(m + 1) + size_t(j)]; };
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            at(i, j) = a[ra.begin + i] == b[rb.begin + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[ra.begin + i] == b[rb.begin + j]) {
            ++i;
            ++j;
        } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
            // On a tie the old line goes first, so a changed line reads "-old" then "+new".
            out.append({DiffLine::Type::Removed, ra.begin + i + 1, 0, QString::fromUtf8(a[ra.begin + i])});
            ++i;
        } else {
            out.append({DiffLine::Type::Added, 0, rb.begin + j + 1, QString::fromUtf8(b[rb.begin + j])});
            ++j;
        }
    }
}

} // namespace

QList<DiffLine> LineDiff::changedLines(const QByteArray& before, const QByteArray& after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    int head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
           && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const Range ra{head, int(a.size()) - tail};
    const Range rb{head, int(b.size()) - tail};
    QList<DiffLine> out;
    if (qint64(ra.end - ra.begin) * qint64(rb.end - rb.begin) <= kMaxLcsCells) {
        appendLcsDiff(a, ra, b, rb, out);
        return out;
    }
    for (int i = ra.begin; i < ra.end; ++i)
        out.append({DiffLine::Type::Removed, i + 1, 0, QString::fromUtf8(a[i])});
    for (int j = rb.begin; j < rb.end; ++j)
        out.append({DiffLine::Type::Added, 0, j + 1, QString::fromUtf8(b[j])});
    return out;
}

QByteArray LineDiff::diffableText(const QByteArray& configText)
{
    if (configText.trimmed().contains('\n'))
        return configText;
    auto parsed = json::Document::parse(configText);
    if (!parsed)
        return configText;
    auto value = parsed->toValue(parsed->root());
    if (!value)
        return configText;
    json::DumpOptions options;
    options.indent = 2;
    return json::dumps(*value, options);
}

QString LineDiff::render(const QList<DiffLine>& lines)
{
    QString out;
    for (const DiffLine& line : lines) {
        if (line.type == DiffLine::Type::Removed)
            out += QStringLiteral("-%1 %2\n").arg(line.oldLine).arg(line.text);
        else
            out += QStringLiteral("+%1 %2\n").arg(line.newLine).arg(line.text);
    }
    return out;
}

} // namespace kcs::ui
