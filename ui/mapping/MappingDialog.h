// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/keras/ScopeFile.h"
#include "core/util/Result.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace kcs::ui {

class ConfigDocument;

/// "Map Unknown Classes": every name of the model that resolves to nothing (load simulation
/// against the scopes in force, by the rules of the Keras that wrote the file and of the
/// target Keras) in one table — category, number of uses, where — each with a
/// "Map to" choice of ranked candidates (declared custom objects, the dialect's renames,
/// similar and other built-ins of the category; any name may be typed). The parameter
/// differences between each old config and the chosen target's constructor are listed before
/// anything is applied. Then either
/// - Apply in File: every occurrence of every mapped name is rewritten as the file's dialect
///   writes it (class_name, registered_name, module), ONE undo step, no other byte touched; or
/// - Add Aliases to Scopes: the file stays as it is and aliasesRequested() hands one alias
///   entry per mapped name (key = old name, aliasOf = target) to whoever keeps the scopes.
/// The dialog reads the document when it is built; the caller owns it.
class MappingDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { NameColumn, CategoryColumn, UsesColumn, WhereColumn, TargetColumn, ColumnCount };

    MappingDialog(ConfigDocument* document, const keras::ScopeSet& scopes, QWidget* parent = nullptr);

    /// One unresolved name of the model.
    struct Entry {
        QString name;              ///< as the loader looks it up (class_name or registered key)
        keras::Category category = keras::Category::Layers;
        bool isFunction = false;
        int uses = 0;
        QStringList pointers;      ///< where it is used (JSON Pointers, document order)
        QStringList labels;        ///< the same places as the user knows them (layer names)
    };
    const std::vector<Entry>& entries() const { return m_entries; }
    /// The row of an unresolved name, -1 when the model has no such unresolved name.
    int rowOf(const QString& name) const;
    /// The candidates offered for a row, best first.
    QStringList candidates(int row) const;
    /// The "Map to" text of a row ("" = leave unmapped); setting it refreshes the differences.
    QString target(int row) const;
    void setTarget(int row, const QString& target);
    /// The parameter differences of the chosen mappings, as shown.
    QString differencesText() const;

    /// Rewrites every mapped name in the file as one undo step; accepts the dialog on success.
    Result<void> applyInFile();
    /// The alias entries of the chosen mappings; emits aliasesRequested and accepts the dialog.
    Result<void> applyInScopes();

Q_SIGNALS:
    /// Entries for the custom-object scopes: key = the old name, aliasOf = the target's key,
    /// kind, category and params those of the target.
    void aliasesRequested(const std::vector<kcs::keras::ObjectDescriptor>& aliases);
    /// A row was double-clicked: the first place the name is used (JSON Pointer), to select it.
    void placeActivated(const QString& pointer);

private:
    void collectUnresolved(const keras::ScopeSet& scopes);
    void addUnresolved(const keras::ScopeSet& scopes, keras::Dialect dialect, bool skipFileBuiltins);
    void fillTable();
    QComboBox* targetCombo(int row) const;
    void updateDifferences();
    std::vector<std::pair<int, QString>> chosenTargets() const;
    void showError(const QString& message);

    ConfigDocument* m_document;
    std::vector<keras::ObjectDescriptor> m_descriptors;
    keras::Dialect m_catalogDialect = keras::Dialect::Keras3;
    std::vector<Entry> m_entries;
    std::vector<QStringList> m_candidates;
    QLabel* m_intro;
    QTableWidget* m_table;
    QPlainTextEdit* m_differences;
    QLabel* m_message;
    QPushButton* m_applyInFile;
    QPushButton* m_applyInScopes;
};

} // namespace kcs::ui
