// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/ScopeFile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace kcs::ui::scopes {

/// Edits one custom-object entry: its key (a registered "package>name" or a bare name; or, in
/// "register" mode, package and name as register_keras_serializable takes them), kind, category,
/// optional constructor parameters (comma separated; empty = not declared) and whether it takes
/// other keyword arguments too, and for an alias the object it stands for.
class ScopeEntryDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Entry, Register };
    ScopeEntryDialog(Mode mode, const keras::ObjectDescriptor& initial, QWidget* parent = nullptr);

    /// The entry as filled in (Register mode: key = package>name, package "Custom" when empty).
    keras::ObjectDescriptor descriptor() const;
    QString package() const;
    QString name() const;

private:
    void updateOk();

    Mode m_mode;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_package = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_kind;
    QComboBox* m_category;
    QLineEdit* m_params;
    QCheckBox* m_kwargs;
    QLineEdit* m_aliasOf;
};

} // namespace kcs::ui::scopes
