// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "ui/graph/SnapshotService.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QWidget>

class QLabel;
class QListWidget;
class QTableView;

namespace kcs::ui::graph {

/// The rows of the core's model summary (Keras's model.summary() table) as a table model.
class SummaryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { LayerColumn, TypeColumn, ShapeColumn, ParamsColumn, ConnectedColumn, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    void setSnapshot(SnapshotPtr snapshot);
    const keras::ModelSummary* summary() const { return m_snapshot ? &m_snapshot->summary : nullptr; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    /// The first row whose layer holds the node at pointer (or is it), -1 when none. Looks up
    /// the pointer's ancestors, not every row: selecting in a 20,000-layer model stays cheap.
    int rowFor(const QString& pointer) const;

private:
    SnapshotPtr m_snapshot;
    QHash<json::NodeId, int> m_rowOfNode; ///< a row's layer envelope (in the snapshot) → row
};

/// The Summary dock: the table, the totals ("Total params: 1,234 (4.82 KB)"), a marker when
/// custom layers hide some shapes and parameters, and the weights the file stores that do not
/// fit the config. Clicking a row selects the layer everywhere (nodeActivated).
class SummaryDock : public QWidget {
    Q_OBJECT
public:
    SummaryDock(SnapshotService* snapshots, QWidget* parent = nullptr);

    SummaryTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString totalsText() const;
    QStringList mismatchTexts() const;

public Q_SLOTS:
    void showNode(kcs::json::NodeId node);

Q_SIGNALS:
    void nodeActivated(kcs::json::NodeId node);

private:
    void onSnapshot(const SnapshotPtr& snapshot);
    void activateRow(const QModelIndex& index);

    SnapshotService* m_snapshots;
    SummaryTableModel* m_model;
    QTableView* m_table;
    QLabel* m_totals;
    QListWidget* m_mismatches;
    bool m_syncing = false;
};

} // namespace kcs::ui::graph
