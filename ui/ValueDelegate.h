// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Dialect.h"

#include <QStyledItemDelegate>

namespace kcs::ui {

/// Typed editors for the tree's value column: a true/false choice for booleans, a line for
/// numbers and null (edited as JSON text, so an unchanged number keeps its spelling), a line for
/// strings, and an editable choice where Keras knows the values (activation, padding,
/// data_format, ...). The editor hands text or a bool to the model, which turns it into an
/// undo command.
class ValueDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ValueDelegate(QObject* parent = nullptr);

    /// The values Keras accepts for a config key, or an empty list when it takes anything.
    static QStringList choicesForKey(const QString& key, keras::Dialect dialect);
    void setDialect(keras::Dialect dialect) { m_dialect = dialect; }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    keras::Dialect m_dialect = keras::Dialect::Keras3;
};

} // namespace kcs::ui
