// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Problem.h"

#include <QAbstractTableModel>

#include <vector>

namespace kcs::ui {

/// The problems of the last check as a table: severity, message, line:column and the first
/// fix-it offered. The Problems dock shows it; double-clicking a row selects the problem's node
/// (PointerRole); the fix column applies a fix-it (FixItsRole counts them). The problem the
/// real loader raises first is marked "(first)" and shown in bold.
class ProblemListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, MessageColumn, LocationColumn, FixColumn, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1, OffsetRole, CodeRole, FixItsRole, FirstErrorRole };

    explicit ProblemListModel(QObject* parent = nullptr);

    void setProblems(std::vector<keras::Problem> problems);
    const std::vector<keras::Problem>& problems() const { return m_problems; }
    /// The problem of a row; nullptr for an invalid row.
    const keras::Problem* problem(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<keras::Problem> m_problems;
};

} // namespace kcs::ui
