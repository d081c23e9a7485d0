// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/scopes/ScopeStore.h"

#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QToolBar;
class QTreeWidget;
class QTreeWidgetItem;

namespace kcs::ui {
class ConfigDocument;
}

namespace kcs::ui::scopes {

/// The Scopes dock's content: what Keras would consult for a name, in Keras's order (spec 1.3):
/// the scope stack (innermost on top), the global registry, the custom_objects argument and the
/// built-in modules of the target (collapsed, searchable). Entries that the target's nesting
/// rule hides (Keras 3: an outer scope; Keras 2: a key an inner scope redefines), entries of a
/// disabled scope and entries shadowed by an earlier place are greyed, with the reason in the
/// Status column. The toolbar edits the ScopeStore (every change one undo step), loads and saves
/// scope files and imports descriptors from Python sources.
class ScopesPanel : public QWidget {
    Q_OBJECT
public:
    enum Role {
        ItemKindRole = Qt::UserRole + 1, ///< int(ItemKind)
        TargetKindRole,                  ///< int(ScopeTarget::Kind) for groups, scopes and entries
        ScopeIndexRole,                  ///< index into ScopeSet::scopes (scopes and their entries)
        RowRole,                         ///< entries: row in their list
        HiddenRole,                      ///< bool: greyed (not consulted, or shadowed)
    };
    enum class ItemKind { Group, Scope, Entry, BuiltinCategory, Builtin };
    enum Column { NameColumn, KindColumn, CategoryColumn, ParamsColumn, StatusColumn, ColumnCount };

    ScopesPanel(ScopeStore* store, ConfigDocument* document, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    /// The item of a scope (storage index, 0 = outermost) or of an entry; nullptr when absent.
    QTreeWidgetItem* scopeItem(int index) const;
    QTreeWidgetItem* entryItem(ScopeTarget target, int row) const;
    QTreeWidgetItem* groupItem(ScopeTarget::Kind kind) const;
    QTreeWidgetItem* builtinsItem() const { return m_builtins; }

    /// Names the model uses that nothing resolves: the Python import offers undecorated classes
    /// of these names too.
    void setReferencedNames(const QStringList& names) { m_referenced = names; }
    const QStringList& referencedNames() const { return m_referenced; }

    /// The paths the next file question returns without asking (tests; one-shot). An empty list
    /// answers "cancelled".
    static void setNextPaths(const QStringList& paths);

public Q_SLOTS:
    void rebuild();

private:
    void createActions(QToolBar* bar);
    void rebuildBuiltins();
    void filterBuiltins(const QString& text);
    void addEntryItems(QTreeWidgetItem* parent, ScopeTarget target, const std::vector<keras::ObjectDescriptor>& list);
    QString hiddenReason(ScopeTarget target, int row) const;
    void onItemChanged(QTreeWidgetItem* item, int column);
    void updateActions();

    // actions
    void addScope();
    void renameScope();
    void deleteScope();
    void moveScope(int towardInner);
    void addEntry();
    void editEntry();
    void removeEntry();
    void registerGlobally();
    void loadOrSaveFile(bool save);
    void importPython(bool folder);

    std::optional<ScopeTarget> selectedTarget() const;
    int selectedScope() const;
    int selectedRow() const;
    QStringList askPaths(bool save, bool folder, bool python);
    void select(QTreeWidgetItem* item);

    ScopeStore* m_store;
    ConfigDocument* m_document;
    QLabel* m_nesting;
    QTreeWidget* m_tree;
    QLineEdit* m_filter;
    QTreeWidgetItem* m_stack = nullptr;
    QTreeWidgetItem* m_global = nullptr;
    QTreeWidgetItem* m_custom = nullptr;
    QTreeWidgetItem* m_builtins = nullptr;
    QStringList m_referenced;
    bool m_rebuilding = false;
};

} // namespace kcs::ui::scopes
