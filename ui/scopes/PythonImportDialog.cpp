// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/scopes/PythonImportDialog.h"

#include "ui/scopes/ScopeText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kcs::ui::scopes {

namespace {

enum Column { NameColumn, KeyColumn, KindColumn, CategoryColumn, ParamsColumn, WhereColumn, ColumnCount };

} // namespace

PythonImportDialog::PythonImportDialog(const keras::PythonScan& scan, const QStringList& referencedNames,
                                       const keras::ScopeSet& scopes, QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(0, ColumnCount)), m_target(new QComboBox), m_warnings(new QLabel)
{
    setObjectName(QStringLiteral("pythonImportDialog"));
    setWindowTitle(tr("Import Custom Objects from Python"));
    m_table->setObjectName(QStringLiteral("importTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Key"), tr("Kind"), tr("Category"), tr("Parameters"), tr("Where")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (const keras::PythonObject& o : scan.objects) {
        // What PythonScan::descriptors offers: registered objects, and classes the model names.
        const bool referenced = o.kind == keras::PythonObject::Kind::Class && referencedNames.contains(o.name);
        if (!o.registered && !referenced)
            continue;
        const keras::ObjectDescriptor d = o.toDescriptor();
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* name = new QTableWidgetItem(o.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        name->setCheckState(Qt::Checked);
        if (!o.registered)
            name->setToolTip(tr("Not decorated: offered because the model uses the name '%1'").arg(o.name));
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(row, KeyColumn, new QTableWidgetItem(d.key));
        m_table->setItem(row, KindColumn, new QTableWidgetItem(kindText(d)));
        m_table->setItem(row, CategoryColumn, new QTableWidgetItem(categoryText(d)));
        m_table->setItem(row, ParamsColumn, new QTableWidgetItem(paramsText(d)));
        m_table->setItem(row, WhereColumn, new QTableWidgetItem(QStringLiteral("%1:%2").arg(QFileInfo(o.file).fileName()).arg(o.line)));
        m_table->item(row, WhereColumn)->setToolTip(o.file);
        m_offered.push_back(d);
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_target->setObjectName(QStringLiteral("importTarget"));
    for (int i = int(scopes.scopes.size()) - 1; i >= 0; --i)
        m_target->addItem(tr("scope '%1'").arg(scopes.scopes[size_t(i)].name), i);
    m_target->addItem(tr("global registry"), -1);
    m_target->addItem(tr("custom_objects argument"), -2);

    m_warnings->setObjectName(QStringLiteral("importWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setText(m_offered.empty() ? tr("Nothing registered or referenced by the model was found.")
                                          : scan.warnings.join(QLatin1Char('\n')));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("importButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout;
    form->addRow(tr("Add to:"), m_target);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_warnings);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(720, 360);
}

int PythonImportDialog::rowCount() const
{
    return m_table->rowCount();
}

std::vector<keras::ObjectDescriptor> PythonImportDialog::chosen() const
{
    std::vector<keras::ObjectDescriptor> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, NameColumn)->checkState() == Qt::Checked)
            out.push_back(m_offered[size_t(row)]);
    }
    return out;
}

ScopeTarget PythonImportDialog::target() const
{
    const int data = m_target->currentData().toInt();
    if (data == -1)
        return ScopeTarget::global();
    if (data == -2)
        return ScopeTarget::customObjects();
    return ScopeTarget::inScope(data);
}

} // namespace kcs::ui::scopes
