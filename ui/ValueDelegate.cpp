// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ValueDelegate.h"

#include "core/keras/Catalog.h"
#include "ui/ConfigTreeModel.h"

#include <QComboBox>
#include <QLineEdit>

namespace kcs::ui {

namespace {

bool isBoolIndex(const QModelIndex& index)
{
    return index.data(ConfigTreeModel::KindRole).toInt() == int(json::Kind::Bool);
}

QString memberKey(const QModelIndex& index)
{
    return index.siblingAtColumn(ConfigTreeModel::KeyColumn).data(Qt::EditRole).toString();
}

} // namespace

ValueDelegate::ValueDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QStringList ValueDelegate::choicesForKey(const QString& key, keras::Dialect dialect)
{
    // Keys whose values Keras checks against a fixed set (the layers' own validation code);
    // activations come from the catalog, so they follow the target version.
    if (key == QLatin1String("activation") || key == QLatin1String("recurrent_activation"))
        return keras::Catalog::forDialect(dialect).lookupNames(keras::Category::Activations);
    if (key == QLatin1String("padding"))
        return {QStringLiteral("valid"), QStringLiteral("same"), QStringLiteral("causal")};
    if (key == QLatin1String("data_format"))
        return {QStringLiteral("channels_last"), QStringLiteral("channels_first")};
    if (key == QLatin1String("interpolation"))
        return {QStringLiteral("nearest"), QStringLiteral("bilinear"), QStringLiteral("bicubic"),
                QStringLiteral("lanczos3"), QStringLiteral("lanczos5"), QStringLiteral("area")};
    if (key == QLatin1String("merge_mode"))
        return {QStringLiteral("concat"), QStringLiteral("sum"), QStringLiteral("mul"), QStringLiteral("ave")};
    if (key == QLatin1String("dtype") || key == QLatin1String("compute_dtype"))
        return {QStringLiteral("float32"), QStringLiteral("float16"), QStringLiteral("bfloat16"),
                QStringLiteral("float64"), QStringLiteral("mixed_float16"), QStringLiteral("mixed_bfloat16"),
                QStringLiteral("int32"), QStringLiteral("int64"), QStringLiteral("bool")};
    return {};
}

void ValueDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == ConfigTreeModel::KeyColumn && option->text.isEmpty()) {
        const QString label = index.data(ConfigTreeModel::IndexLabelRole).toString();
        if (!label.isEmpty()) {
            option->text = label;
            option->features |= QStyleOptionViewItem::HasDisplay;
        }
    }
}

QWidget* ValueDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const
{
    if (index.column() != ConfigTreeModel::ValueColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    if (isBoolIndex(index)) {
        auto* combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("boolEditor"));
        combo->addItems({QStringLiteral("true"), QStringLiteral("false")});
        return combo;
    }
    const bool isString = index.data(ConfigTreeModel::KindRole).toInt() == int(json::Kind::String);
    const QStringList choices = isString ? choicesForKey(memberKey(index), m_dialect) : QStringList();
    if (!choices.isEmpty()) {
        auto* combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("choiceEditor"));
        combo->setEditable(true);
        combo->addItems(choices);
        return combo;
    }
    auto* line = new QLineEdit(parent);
    line->setObjectName(QStringLiteral("valueEditor"));
    line->setFrame(false);
    return line;
}

void ValueDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    const QString text = index.data(ConfigTreeModel::EditTextRole).toString();
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        if (combo->isEditable())
            combo->setEditText(text);
        else
            combo->setCurrentIndex(text == QLatin1String("true") ? 0 : 1);
        return;
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->setText(text);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ValueDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        if (combo->isEditable())
            model->setData(index, combo->currentText(), Qt::EditRole);
        else
            model->setData(index, combo->currentIndex() == 0, Qt::EditRole);
        return;
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        model->setData(index, line->text(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace kcs::ui
