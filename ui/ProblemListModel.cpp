// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ProblemListModel.h"

#include <QApplication>
#include <QFont>
#include <QStyle>

namespace kcs::ui {

namespace {

QString severityText(keras::Severity severity)
{
    switch (severity) {
    case keras::Severity::Error: return QObject::tr("Error");
    case keras::Severity::Warning: return QObject::tr("Warning");
    case keras::Severity::Info: return QObject::tr("Info");
    }
    return QString();
}

QIcon severityIcon(keras::Severity severity)
{
    QStyle* style = QApplication::style();
    switch (severity) {
    case keras::Severity::Error: return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case keras::Severity::Warning: return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case keras::Severity::Info: return style->standardIcon(QStyle::SP_MessageBoxInformation);
    }
    return {};
}

/// Keras quotes the whole offending config in some messages ("Full object config: {...}"), which
/// for a big model is megabytes of text: laying that out on every repaint froze the window for
/// seconds (kcs-ui-bench, 20,000 layers). Views get at most this many characters.
constexpr qsizetype kMaxShownMessage = 1000;

QString shownText(QStringView text)
{
    return text.size() <= kMaxShownMessage ? text.toString() : text.left(kMaxShownMessage).toString() + QStringLiteral("…");
}

/// The first line, looked for only as far as it can be shown (data() runs for every paint).
QString shownFirstLine(const QString& text)
{
    const QStringView head = QStringView(text).left(kMaxShownMessage + 1);
    const qsizetype newline = head.indexOf(QLatin1Char('\n'));
    return shownText(newline < 0 ? QStringView(text) : head.left(newline));
}

} // namespace

ProblemListModel::ProblemListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProblemListModel::setProblems(std::vector<keras::Problem> problems)
{
    beginResetModel();
    m_problems = std::move(problems);
    endResetModel();
}

const keras::Problem* ProblemListModel::problem(int row) const
{
    return row >= 0 && row < int(m_problems.size()) ? &m_problems[size_t(row)] : nullptr;
}

int ProblemListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_problems.size()))
        return {};
    const keras::Problem& problem = m_problems[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == SeverityColumn)
            return severityText(problem.severity) + (problem.firstError ? tr(" (first)") : QString());
        if (index.column() == MessageColumn)
            return shownFirstLine(problem.message);
        if (index.column() == LocationColumn && problem.line > 0)
            return QStringLiteral("%1:%2").arg(problem.line).arg(problem.column);
        if (index.column() == FixColumn && !problem.fixIts.empty())
            return problem.fixIts.size() == 1
                       ? problem.fixIts.front().title
                       : tr("%1 (+%n more)", "", int(problem.fixIts.size()) - 1).arg(problem.fixIts.front().title);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FixColumn && !problem.fixIts.empty())
            return tr("Click to apply: %1 (right-click for all fixes)").arg(problem.fixIts.front().title);
        return shownText(problem.message) + QStringLiteral("\n") + problem.pointer;
    case Qt::FontRole:
        if (problem.firstError) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == FixColumn && !problem.fixIts.empty())
            return QApplication::palette().link();
        return {};
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(severityIcon(problem.severity)) : QVariant();
    case PointerRole: return problem.pointer;
    case OffsetRole: return problem.offset;
    case CodeRole: return problem.code;
    case FixItsRole: return int(problem.fixIts.size());
    case FirstErrorRole: return problem.firstError;
    }
    return {};
}

QVariant ProblemListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case MessageColumn: return tr("Problem");
    case LocationColumn: return tr("Line:Col");
    case FixColumn: return tr("Fix");
    }
    return {};
}

} // namespace kcs::ui
