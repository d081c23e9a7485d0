// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/scopes/ScopeEntryDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kcs::ui::scopes {

ScopeEntryDialog::ScopeEntryDialog(Mode mode, const keras::ObjectDescriptor& initial, QWidget* parent)
    : QDialog(parent), m_mode(mode), m_kind(new QComboBox), m_category(new QComboBox), m_params(new QLineEdit),
      m_kwargs(new QCheckBox(tr("Accepts other keyword arguments (**kwargs)"))), m_aliasOf(new QLineEdit)
{
    setObjectName(QStringLiteral("scopeEntryDialog"));
    setWindowTitle(mode == Mode::Register ? tr("Register Globally") : tr("Custom Object"));
    auto* form = new QFormLayout;
    if (mode == Mode::Register) {
        m_package = new QLineEdit(initial.package());
        m_package->setObjectName(QStringLiteral("entryPackage"));
        m_package->setPlaceholderText(QStringLiteral("Custom"));
        m_name = new QLineEdit(initial.shortName());
        m_name->setObjectName(QStringLiteral("entryName"));
        form->addRow(tr("Package:"), m_package);
        form->addRow(tr("Name:"), m_name);
        connect(m_name, &QLineEdit::textChanged, this, &ScopeEntryDialog::updateOk);
    } else {
        m_key = new QLineEdit(initial.key);
        m_key->setObjectName(QStringLiteral("entryKey"));
        m_key->setPlaceholderText(tr("package>Name or a bare name"));
        form->addRow(tr("Key:"), m_key);
        connect(m_key, &QLineEdit::textChanged, this, &ScopeEntryDialog::updateOk);
    }
    m_kind->setObjectName(QStringLiteral("entryKind"));
    m_kind->addItem(tr("class"), false);
    m_kind->addItem(tr("function"), true);
    m_kind->setCurrentIndex(initial.isFunction ? 1 : 0);
    form->addRow(tr("Kind:"), m_kind);
    m_category->setObjectName(QStringLiteral("entryCategory"));
    m_category->addItem(tr("(any)"), -1);
    for (keras::Category c : keras::allCategories())
        m_category->addItem(keras::categoryWord(c), int(c));
    m_category->setCurrentIndex(initial.category ? m_category->findData(int(*initial.category)) : 0);
    form->addRow(tr("Category:"), m_category);
    m_params->setObjectName(QStringLiteral("entryParams"));
    m_params->setPlaceholderText(tr("units, activation (empty: not declared)"));
    if (initial.params)
        m_params->setText(initial.params->join(QStringLiteral(", ")));
    form->addRow(tr("Parameters:"), m_params);
    m_kwargs->setObjectName(QStringLiteral("entryKwargs"));
    m_kwargs->setChecked(initial.acceptsExtraKwargs);
    form->addRow(QString(), m_kwargs);
    m_aliasOf->setObjectName(QStringLiteral("entryAliasOf"));
    m_aliasOf->setPlaceholderText(tr("for an alias: the object this name stands for"));
    m_aliasOf->setText(initial.aliasOf);
    form->addRow(tr("Alias of:"), m_aliasOf);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("entryButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateOk();
}

QString ScopeEntryDialog::package() const
{
    return m_package ? m_package->text().trimmed() : QString();
}

QString ScopeEntryDialog::name() const
{
    return m_name ? m_name->text().trimmed() : QString();
}

keras::ObjectDescriptor ScopeEntryDialog::descriptor() const
{
    keras::ObjectDescriptor d;
    if (m_mode == Mode::Register)
        d.key = (package().isEmpty() ? QStringLiteral("Custom") : package()) + QLatin1Char('>') + name();
    else
        d.key = m_key->text().trimmed();
    d.isFunction = m_kind->currentData().toBool();
    if (const int c = m_category->currentData().toInt(); c >= 0)
        d.category = keras::Category(c);
    const QString params = m_params->text().trimmed();
    if (!params.isEmpty()) {
        QStringList names;
        for (const QString& p : params.split(QLatin1Char(','), Qt::SkipEmptyParts))
            names << p.trimmed();
        d.params = names;
        d.acceptsExtraKwargs = m_kwargs->isChecked();
    }
    d.aliasOf = m_aliasOf->text().trimmed();
    return d;
}

void ScopeEntryDialog::updateOk()
{
    auto* buttons = findChild<QDialogButtonBox*>(QStringLiteral("entryButtons"));
    if (!buttons)
        return;
    const bool ok = m_mode == Mode::Register ? !name().isEmpty() : !m_key->text().trimmed().isEmpty();
    buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace kcs::ui::scopes
