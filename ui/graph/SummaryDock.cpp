// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/SummaryDock.h"

#include "ui/ConfigDocument.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace kcs::ui::graph {

void SummaryTableModel::setSnapshot(SnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_rowOfNode.clear();
    if (m_snapshot) {
        const auto& rows = m_snapshot->summary.rows;
        for (size_t row = 0; row < rows.size(); ++row)
            m_rowOfNode.insert(rows[row].node, int(row)); // the first row wins on repeats
    }
    endResetModel();
}

int SummaryTableModel::rowFor(const QString& pointer) const
{
    if (!m_snapshot || !m_snapshot->doc)
        return -1;
    const json::Document& doc = *m_snapshot->doc;
    // A node added since the snapshot was built is not in it: its nearest existing ancestor is.
    QString existing = pointer;
    json::NodeId start = doc.find(existing);
    while (start == json::kNoNode && !existing.isEmpty()) {
        existing.truncate(existing.lastIndexOf(QLatin1Char('/')));
        start = doc.find(existing);
    }
    int best = -1;
    for (json::NodeId node = start; node != json::kNoNode; node = doc.parent(node)) {
        const auto found = m_rowOfNode.constFind(node);
        if (found != m_rowOfNode.cend() && (best < 0 || *found < best))
            best = *found;
    }
    return best;
}

int SummaryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->summary.rows.size());
}

int SummaryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SummaryTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_snapshot)
        return {};
    const keras::SummaryRow& row = m_snapshot->summary.rows[size_t(index.row())];
    if (role == PointerRole)
        return m_snapshot->pointer(row.node);
    if (role == Qt::TextAlignmentRole && index.column() == ParamsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !row.known)
        return tr("A custom layer (or one fed by it): Keras's own summary would need the class to know this");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case LayerColumn: return row.name;
    case TypeColumn: return row.className;
    case ShapeColumn: return row.outputShape;
    case ParamsColumn: return row.known ? keras::groupedNumber(row.params) : QStringLiteral("?");
    case ConnectedColumn: return row.connectedTo;
    default: return {};
    }
}

QVariant SummaryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LayerColumn: return tr("Layer");
    case TypeColumn: return tr("Type");
    case ShapeColumn: return tr("Output Shape");
    case ParamsColumn: return tr("Param #");
    case ConnectedColumn: return tr("Connected to");
    default: return {};
    }
}

SummaryDock::SummaryDock(SnapshotService* snapshots, QWidget* parent)
    : QWidget(parent), m_snapshots(snapshots), m_model(new SummaryTableModel(this)), m_table(new QTableView),
      m_totals(new QLabel), m_mismatches(new QListWidget)
{
    m_table->setObjectName(QStringLiteral("summaryTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_totals->setObjectName(QStringLiteral("summaryTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mismatches->setObjectName(QStringLiteral("summaryMismatches"));
    m_mismatches->setMaximumHeight(90);
    m_mismatches->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_totals);
    layout->addWidget(m_mismatches);
    connect(m_table, &QTableView::clicked, this, &SummaryDock::activateRow);
    connect(m_table, &QTableView::activated, this, &SummaryDock::activateRow);
    connect(m_snapshots, &SnapshotService::snapshotReady, this, &SummaryDock::onSnapshot);
    if (m_snapshots->current())
        onSnapshot(m_snapshots->current());
}

QString SummaryDock::totalsText() const
{
    return m_totals->text();
}

QStringList SummaryDock::mismatchTexts() const
{
    QStringList out;
    for (int i = 0; i < m_mismatches->count(); ++i)
        out << m_mismatches->item(i)->text();
    return out;
}

void SummaryDock::onSnapshot(const SnapshotPtr& snapshot)
{
    m_model->setSnapshot(snapshot);
    const keras::ModelSummary& s = snapshot->summary;
    if (!snapshot->hasGraph()) {
        m_totals->setText(tr("No summary: %1").arg(snapshot->error));
    } else {
        QString text = tr("Total params: %1 (%2)   Trainable: %3 (%4)   Non-trainable: %5 (%6)")
                           .arg(keras::groupedNumber(s.totalParams), keras::readableMemorySize(4.0 * double(s.totalParams)),
                                keras::groupedNumber(s.trainableParams), keras::readableMemorySize(4.0 * double(s.trainableParams)),
                                keras::groupedNumber(s.nonTrainableParams),
                                keras::readableMemorySize(4.0 * double(s.nonTrainableParams)));
        if (!s.complete)
            text += QLatin1Char('\n') + tr("Incomplete: layers marked ? are custom (or fed by one); their parameters are not counted");
        m_totals->setText(text);
    }
    m_mismatches->clear();
    for (const keras::WeightMismatch& m : snapshot->mismatches) {
        auto* item = new QListWidgetItem(m.message, m_mismatches);
        item->setData(Qt::UserRole, snapshot->pointer(m.node));
    }
    m_mismatches->setVisible(m_mismatches->count() > 0);
}

void SummaryDock::activateRow(const QModelIndex& index)
{
    const QString pointer = index.data(SummaryTableModel::PointerRole).toString();
    const json::NodeId node = m_snapshots->document()->json().find(pointer);
    if (node == json::kNoNode)
        return;
    m_syncing = true;
    Q_EMIT nodeActivated(node);
    m_syncing = false;
}

void SummaryDock::showNode(json::NodeId node)
{
    if (m_syncing || node == json::kNoNode)
        return;
    const int row = m_model->rowFor(m_snapshots->document()->json().pointer(node));
    if (row < 0) {
        m_table->clearSelection();
        return;
    }
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

} // namespace kcs::ui::graph
