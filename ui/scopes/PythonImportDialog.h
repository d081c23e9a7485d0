// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/PythonSource.h"
#include "ui/scopes/ScopeStore.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QTableWidget;

namespace kcs::ui::scopes {

/// Shows what a scan of Python sources found that a model can use: every object decorated with
/// register_keras_serializable (any spelling) and every undecorated class the model references
/// by name (its unresolved names), one checkable row each (name, key, kind, category, params,
/// file:line), and where to add the checked ones: a scope or the global registry. Nothing in the
/// sources is run.
class PythonImportDialog : public QDialog {
    Q_OBJECT
public:
    PythonImportDialog(const keras::PythonScan& scan, const QStringList& referencedNames,
                       const keras::ScopeSet& scopes, QWidget* parent = nullptr);

    /// The checked rows as scope entries, in row order.
    std::vector<keras::ObjectDescriptor> chosen() const;
    ScopeTarget target() const;
    int rowCount() const;

private:
    std::vector<keras::ObjectDescriptor> m_offered;
    QTableWidget* m_table;
    QComboBox* m_target;
    QLabel* m_warnings;
};

} // namespace kcs::ui::scopes
