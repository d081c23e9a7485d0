// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/scopes/ScopesPanel.h"

#include "core/keras/Catalog.h"
#include "core/keras/PythonSource.h"
#include "ui/ConfigDocument.h"
#include "ui/Dialogs.h"
#include "ui/scopes/PythonImportDialog.h"
#include "ui/scopes/ScopeEntryDialog.h"
#include "ui/scopes/ScopeText.h"

#include <QAction>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kcs::ui::scopes {

namespace {

std::optional<QStringList> g_nextPaths;

keras::Dialect dialectOf(const ConfigDocument* document)
{
    return document->target() == TargetKeras::TfKeras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
}

/// The index of the first entry with key in list, or -1.
int firstWithKey(const std::vector<keras::ObjectDescriptor>& list, const QString& key)
{
    for (int i = 0; i < int(list.size()); ++i) {
        if (list[size_t(i)].key == key)
            return i;
    }
    return -1;
}

/// The scope the target's scope map takes key from (Keras 3: only the innermost enabled scope;
/// Keras 2: the innermost enabled scope that has it), or -1.
int visibleScopeWith(const keras::ScopeSet& set, keras::Dialect dialect, const QString& key)
{
    for (int i = int(set.scopes.size()) - 1; i >= 0; --i) {
        const keras::NamedScope& s = set.scopes[size_t(i)];
        if (!s.enabled)
            continue;
        if (firstWithKey(s.objects, key) >= 0)
            return i;
        if (dialect == keras::Dialect::Keras3)
            return -1;
    }
    return -1;
}

QTreeWidgetItem* makeItem(const QStringList& columns, ScopesPanel::ItemKind kind)
{
    auto* item = new QTreeWidgetItem(columns);
    item->setData(0, ScopesPanel::ItemKindRole, int(kind));
    return item;
}

} // namespace

void ScopesPanel::setNextPaths(const QStringList& paths)
{
    g_nextPaths = paths;
}

ScopesPanel::ScopesPanel(ScopeStore* store, ConfigDocument* document, QWidget* parent)
    : QWidget(parent), m_store(store), m_document(document), m_nesting(new QLabel), m_tree(new QTreeWidget),
      m_filter(new QLineEdit)
{
    auto* bar = new QToolBar;
    bar->setObjectName(QStringLiteral("scopesToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    createActions(bar);
    m_nesting->setObjectName(QStringLiteral("nestingLabel"));
    m_nesting->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("scopesTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Name"), tr("Kind"), tr("Category"), tr("Parameters"), tr("Status")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(NameColumn, 270);
    m_tree->setColumnWidth(KindColumn, 110);
    m_tree->setColumnWidth(CategoryColumn, 80);
    m_tree->setColumnWidth(ParamsColumn, 140);
    m_filter->setObjectName(QStringLiteral("builtinFilter"));
    m_filter->setPlaceholderText(tr("Search the built-in modules…"));
    m_filter->setClearButtonEnabled(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(bar);
    layout->addWidget(m_nesting);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_filter);

    m_stack = makeItem({tr("Scope stack (top: innermost)")}, ItemKind::Group);
    m_stack->setData(0, TargetKindRole, int(ScopeTarget::Kind::Scope));
    m_global = makeItem({tr("Global registry — get_custom_objects()")}, ItemKind::Group);
    m_global->setData(0, TargetKindRole, int(ScopeTarget::Kind::Global));
    m_custom = makeItem({tr("custom_objects argument")}, ItemKind::Group);
    m_custom->setData(0, TargetKindRole, int(ScopeTarget::Kind::CustomObjects));
    m_builtins = makeItem({tr("Built-in modules")}, ItemKind::Group);
    m_tree->addTopLevelItems({m_stack, m_global, m_custom, m_builtins});
    for (QTreeWidgetItem* group : {m_stack, m_global, m_custom, m_builtins})
        group->setFirstColumnSpanned(true);

    connect(m_store, &ScopeStore::changed, this, &ScopesPanel::rebuild);
    connect(m_document, &ConfigDocument::targetChanged, this, [this] {
        rebuild();
        rebuildBuiltins();
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, &ScopesPanel::onItemChanged);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &ScopesPanel::updateActions);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (ItemKind(item->data(0, ItemKindRole).toInt()) == ItemKind::Entry)
            editEntry();
    });
    connect(m_filter, &QLineEdit::textChanged, this, &ScopesPanel::filterBuiltins);
    rebuild();
    rebuildBuiltins();
}

void ScopesPanel::createActions(QToolBar* bar)
{
    const auto add = [this, bar](const QString& text, const char* name, auto slot, const QString& tip) {
        QAction* a = bar->addAction(text, this, slot);
        a->setObjectName(QString::fromLatin1(name));
        a->setToolTip(tip);
        return a;
    };
    add(tr("New Scope"), "addScopeAction", &ScopesPanel::addScope, tr("Add an inner scope (custom_object_scope)"));
    add(tr("Rename"), "renameScopeAction", &ScopesPanel::renameScope, tr("Rename the selected scope"));
    add(tr("Delete"), "deleteScopeAction", &ScopesPanel::deleteScope, tr("Delete the selected scope"));
    add(tr("Up"), "moveScopeUpAction", [this] { moveScope(+1); }, tr("Move the scope inward (up the stack)"));
    add(tr("Down"), "moveScopeDownAction", [this] { moveScope(-1); }, tr("Move the scope outward (down the stack)"));
    bar->addSeparator();
    add(tr("Add"), "addEntryAction", &ScopesPanel::addEntry, tr("Add a custom object to the selected place"));
    add(tr("Edit"), "editEntryAction", &ScopesPanel::editEntry, tr("Edit the selected custom object"));
    add(tr("Remove"), "removeEntryAction", &ScopesPanel::removeEntry, tr("Remove the selected custom object"));
    add(tr("Register…"), "registerGloballyAction", &ScopesPanel::registerGlobally,
        tr("Register an object globally, as @register_keras_serializable(package, name) does"));
    bar->addSeparator();
    add(tr("Open…"), "loadScopesAction", [this] { loadOrSaveFile(false); }, tr("Load a scope file"));
    add(tr("Save…"), "saveScopesAction", [this] { loadOrSaveFile(true); }, tr("Save these scopes as a scope file"));
    // Files or a whole folder: one button with a menu keeps the toolbar short.
    auto* menu = new QMenu(this);
    QAction* files = menu->addAction(tr("Python Files…"), this, [this] { importPython(false); });
    files->setObjectName(QStringLiteral("importPythonFilesAction"));
    files->setToolTip(tr("Read custom objects from Python files (nothing is run)"));
    QAction* folder = menu->addAction(tr("Python Folder…"), this, [this] { importPython(true); });
    folder->setObjectName(QStringLiteral("importPythonFolderAction"));
    folder->setToolTip(tr("Read custom objects from every .py file under a folder (nothing is run)"));
    auto* button = new QToolButton;
    button->setObjectName(QStringLiteral("importPythonButton"));
    button->setText(tr("Import"));
    button->setToolTip(tr("Import custom objects from Python sources (read, never run)"));
    button->setMenu(menu);
    button->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(button);
}

// --- the tree ---------------------------------------------------------------------------------

void ScopesPanel::rebuild()
{
    m_rebuilding = true;
    const std::optional<ScopeTarget> target = selectedTarget();
    const int row = selectedRow();
    const keras::ScopeSet& set = m_store->fullSet();
    const bool k3 = dialectOf(m_document) == keras::Dialect::Keras3;
    m_nesting->setText(k3 ? tr("Keras 3: entering a scope replaces the scope map, so only the innermost enabled "
                               "scope is consulted; outer scopes are hidden.")
                          : tr("tf.keras 2: scopes merge; an inner scope's entry overrides an outer one with "
                               "the same key."));
    for (QTreeWidgetItem* group : {m_stack, m_global, m_custom})
        qDeleteAll(group->takeChildren());
    for (int i = int(set.scopes.size()) - 1; i >= 0; --i) {
        const keras::NamedScope& s = set.scopes[size_t(i)];
        auto* item = makeItem({s.name, tr("scope"), QString(), tr("%n object(s)", "", int(s.objects.size()))}, ItemKind::Scope);
        item->setData(0, TargetKindRole, int(ScopeTarget::Kind::Scope));
        item->setData(0, ScopeIndexRole, i);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, s.enabled ? Qt::Checked : Qt::Unchecked);
        m_stack->addChild(item);
        addEntryItems(item, ScopeTarget::inScope(i), s.objects);
        item->setExpanded(true);
    }
    addEntryItems(m_global, ScopeTarget::global(), set.global);
    addEntryItems(m_custom, ScopeTarget::customObjects(), set.customObjects);
    for (QTreeWidgetItem* group : {m_stack, m_global, m_custom})
        group->setExpanded(true);
    m_rebuilding = false;
    if (target)
        select(row >= 0 ? entryItem(*target, row) : (target->kind == ScopeTarget::Kind::Scope ? scopeItem(target->scope) : groupItem(target->kind)));
    updateActions();
}

void ScopesPanel::addEntryItems(QTreeWidgetItem* parent, ScopeTarget target, const std::vector<keras::ObjectDescriptor>& list)
{
    const QBrush grey = palette().brush(QPalette::Disabled, QPalette::Text);
    for (int row = 0; row < int(list.size()); ++row) {
        const keras::ObjectDescriptor& d = list[size_t(row)];
        const QString reason = hiddenReason(target, row);
        auto* item = makeItem({d.key, kindText(d), categoryText(d), paramsText(d), reason}, ItemKind::Entry);
        item->setData(0, TargetKindRole, int(target.kind));
        item->setData(0, ScopeIndexRole, target.scope);
        item->setData(0, RowRole, row);
        item->setData(0, HiddenRole, !reason.isEmpty());
        if (!reason.isEmpty()) {
            for (int c = 0; c < ColumnCount; ++c) {
                item->setForeground(c, grey);
                item->setToolTip(c, reason);
            }
        }
        parent->addChild(item);
    }
}

QString ScopesPanel::hiddenReason(ScopeTarget target, int row) const
{
    const keras::ScopeSet& set = m_store->fullSet();
    const keras::Dialect dialect = dialectOf(m_document);
    const auto& list = m_store->entries(target);
    const QString key = list[size_t(row)].key;
    if (target.kind == ScopeTarget::Kind::Scope) {
        const keras::NamedScope& scope = set.scopes[size_t(target.scope)];
        if (!scope.enabled)
            return tr("scope disabled");
        int innermost = -1;
        for (int i = 0; i < int(set.scopes.size()); ++i)
            innermost = set.scopes[size_t(i)].enabled ? i : innermost;
        if (dialect == keras::Dialect::Keras3 && target.scope != innermost)
            return tr("hidden: Keras 3 consults only the innermost scope '%1'").arg(set.scopes[size_t(innermost)].name);
    }
    if (firstWithKey(list, key) != row)
        return tr("duplicate: the first '%1' in this list wins").arg(key);
    const int visible = visibleScopeWith(set, dialect, key);
    if (target.kind == ScopeTarget::Kind::Scope) {
        return visible > target.scope
            ? tr("overridden by inner scope '%1' (Keras 2 merges scopes)").arg(set.scopes[size_t(visible)].name)
            : QString();
    }
    if (visible >= 0)
        return tr("shadowed by scope '%1' (scopes are consulted first)").arg(set.scopes[size_t(visible)].name);
    if (target.kind == ScopeTarget::Kind::CustomObjects && firstWithKey(set.global, key) >= 0)
        return tr("shadowed by the global registry (consulted before custom_objects)");
    return {};
}

void ScopesPanel::rebuildBuiltins()
{
    qDeleteAll(m_builtins->takeChildren());
    const keras::Catalog& catalog = keras::Catalog::forDialect(dialectOf(m_document));
    m_builtins->setText(0, tr("Built-in modules (%1 %2)")
                               .arg(catalog.dialect() == keras::Dialect::Keras3 ? QStringLiteral("Keras") : QStringLiteral("tf.keras"),
                                    catalog.version()));
    for (keras::Category c : keras::allCategories()) {
        if (!catalog.hasCategory(c))
            continue;
        const auto entries = catalog.entries(c);
        auto* category = makeItem({keras::categoryName(c), QString(), QString(), tr("%n object(s)", "", int(entries.size()))},
                                  ItemKind::BuiltinCategory);
        for (const keras::BuiltinEntry* e : entries) {
            const QString module = !e->module.isEmpty() ? e->module : e->pythonModule;
            QStringList params;
            for (const keras::Param& p : e->params)
                params << p.name;
            const QString kind = e->kind == keras::EntryKind::Class ? tr("class in %1") : tr("function in %1");
            category->addChild(makeItem({e->name(), kind.arg(module), keras::categoryWord(c), params.join(QStringLiteral(", "))},
                                        ItemKind::Builtin));
        }
        m_builtins->addChild(category);
    }
    m_builtins->setExpanded(false);
    filterBuiltins(m_filter->text());
}

void ScopesPanel::filterBuiltins(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_builtins->childCount(); ++i) {
        QTreeWidgetItem* category = m_builtins->child(i);
        int shown = 0;
        for (int j = 0; j < category->childCount(); ++j) {
            QTreeWidgetItem* entry = category->child(j);
            const bool match = needle.isEmpty() || entry->text(NameColumn).contains(needle, Qt::CaseInsensitive);
            entry->setHidden(!match);
            shown += match ? 1 : 0;
        }
        category->setHidden(shown == 0);
        category->setExpanded(!needle.isEmpty());
    }
    m_builtins->setExpanded(!needle.isEmpty());
}

QTreeWidgetItem* ScopesPanel::groupItem(ScopeTarget::Kind kind) const
{
    switch (kind) {
    case ScopeTarget::Kind::Scope: return m_stack;
    case ScopeTarget::Kind::Global: return m_global;
    case ScopeTarget::Kind::CustomObjects: return m_custom;
    }
    return nullptr;
}

QTreeWidgetItem* ScopesPanel::scopeItem(int index) const
{
    for (int i = 0; i < m_stack->childCount(); ++i) {
        if (m_stack->child(i)->data(0, ScopeIndexRole).toInt() == index)
            return m_stack->child(i);
    }
    return nullptr;
}

QTreeWidgetItem* ScopesPanel::entryItem(ScopeTarget target, int row) const
{
    QTreeWidgetItem* parent = target.kind == ScopeTarget::Kind::Scope ? scopeItem(target.scope) : groupItem(target.kind);
    return parent && row >= 0 && row < parent->childCount() ? parent->child(row) : nullptr;
}

void ScopesPanel::onItemChanged(QTreeWidgetItem* item, int column)
{
    if (m_rebuilding || column != 0 || ItemKind(item->data(0, ItemKindRole).toInt()) != ItemKind::Scope)
        return;
    const int index = item->data(0, ScopeIndexRole).toInt();
    // Through the store (one undo step); its changed() rebuilds the tree afterwards.
    const bool enabled = item->checkState(0) == Qt::Checked;
    QMetaObject::invokeMethod(this, [this, index, enabled] { m_store->setScopeEnabled(index, enabled); }, Qt::QueuedConnection);
}

// --- selection --------------------------------------------------------------------------------

std::optional<ScopeTarget> ScopesPanel::selectedTarget() const
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    if (!item || !item->data(0, TargetKindRole).isValid())
        return std::nullopt;
    const auto kind = ScopeTarget::Kind(item->data(0, TargetKindRole).toInt());
    if (kind == ScopeTarget::Kind::Scope) {
        if (!item->data(0, ScopeIndexRole).isValid())
            return std::nullopt; // the stack's own header
        return ScopeTarget::inScope(item->data(0, ScopeIndexRole).toInt());
    }
    return ScopeTarget{kind, -1};
}

int ScopesPanel::selectedScope() const
{
    const auto target = selectedTarget();
    return target && target->kind == ScopeTarget::Kind::Scope ? target->scope : -1;
}

int ScopesPanel::selectedRow() const
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    return item && ItemKind(item->data(0, ItemKindRole).toInt()) == ItemKind::Entry ? item->data(0, RowRole).toInt() : -1;
}

void ScopesPanel::select(QTreeWidgetItem* item)
{
    if (item)
        m_tree->setCurrentItem(item);
}

void ScopesPanel::updateActions()
{
    const bool scope = selectedScope() >= 0;
    const bool entry = selectedRow() >= 0;
    const int count = int(m_store->fullSet().scopes.size());
    const auto enable = [this](const char* name, bool on) {
        if (auto* a = findChild<QAction*>(QString::fromLatin1(name)))
            a->setEnabled(on);
    };
    enable("renameScopeAction", scope);
    enable("deleteScopeAction", scope);
    enable("moveScopeUpAction", scope && selectedScope() < count - 1);
    enable("moveScopeDownAction", scope && selectedScope() > 0);
    enable("editEntryAction", entry);
    enable("removeEntryAction", entry);
}

// --- actions ----------------------------------------------------------------------------------

void ScopesPanel::addScope()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Scope"), tr("Scope name:"), QLineEdit::Normal,
                                               tr("scope %1").arg(m_store->fullSet().scopes.size() + 1), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    const int index = m_store->addScope(name);
    select(scopeItem(index));
}

void ScopesPanel::renameScope()
{
    const int index = selectedScope();
    if (index < 0)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Scope"), tr("Scope name:"), QLineEdit::Normal,
                                               m_store->fullSet().scopes[size_t(index)].name, &ok).trimmed();
    if (ok && !name.isEmpty())
        m_store->renameScope(index, name);
}

void ScopesPanel::deleteScope()
{
    if (const int index = selectedScope(); index >= 0)
        m_store->removeScope(index);
}

void ScopesPanel::moveScope(int towardInner)
{
    const int index = selectedScope();
    if (index >= 0 && m_store->moveScope(index, index + towardInner))
        select(scopeItem(index + towardInner));
}

void ScopesPanel::addEntry()
{
    std::optional<ScopeTarget> target = selectedTarget();
    if (!target) // nothing chosen: the innermost scope, else the global registry
        target = m_store->fullSet().scopes.empty() ? ScopeTarget::global()
                                                   : ScopeTarget::inScope(int(m_store->fullSet().scopes.size()) - 1);
    ScopeEntryDialog dialog(ScopeEntryDialog::Mode::Entry, {}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_store->addEntry(*target, dialog.descriptor()))
        select(entryItem(*target, int(m_store->entries(*target).size()) - 1));
}

void ScopesPanel::editEntry()
{
    const auto target = selectedTarget();
    const int row = selectedRow();
    if (!target || row < 0)
        return;
    ScopeEntryDialog dialog(ScopeEntryDialog::Mode::Entry, m_store->entries(*target)[size_t(row)], this);
    if (dialog.exec() == QDialog::Accepted)
        m_store->replaceEntry(*target, row, dialog.descriptor());
}

void ScopesPanel::removeEntry()
{
    const auto target = selectedTarget();
    if (const int row = selectedRow(); target && row >= 0)
        m_store->removeEntry(*target, row);
}

void ScopesPanel::registerGlobally()
{
    keras::ObjectDescriptor initial;
    if (const auto target = selectedTarget(); target && selectedRow() >= 0)
        initial = m_store->entries(*target)[size_t(selectedRow())];
    ScopeEntryDialog dialog(ScopeEntryDialog::Mode::Register, initial, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_store->registerGlobally(dialog.package(), dialog.name(), dialog.descriptor()))
        select(entryItem(ScopeTarget::global(), int(m_store->fullSet().global.size()) - 1));
}

QStringList ScopesPanel::askPaths(bool save, bool folder, bool python)
{
    if (g_nextPaths) {
        const QStringList paths = *g_nextPaths;
        g_nextPaths.reset();
        return paths;
    }
    if (folder) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Python Folder"));
        return dir.isEmpty() ? QStringList() : QStringList{dir};
    }
    if (python)
        return QFileDialog::getOpenFileNames(this, tr("Import Python Files"), {}, tr("Python sources (*.py)"));
    const QString filter = tr("Scope files (*.json)");
    const QString path = save ? QFileDialog::getSaveFileName(this, tr("Save Scopes"), m_store->filePath(), filter)
                              : QFileDialog::getOpenFileName(this, tr("Open Scope File"), m_store->filePath(), filter);
    return path.isEmpty() ? QStringList() : QStringList{path};
}

void ScopesPanel::loadOrSaveFile(bool save)
{
    const QStringList paths = askPaths(save, false, false);
    if (paths.isEmpty())
        return;
    if (auto done = save ? m_store->saveFile(paths.first()) : m_store->loadFile(paths.first()); !done)
        Dialogs::showError(this, tr("Scope File"), done.error().message);
}

void ScopesPanel::importPython(bool folder)
{
    const QStringList paths = askPaths(false, folder, true);
    if (paths.isEmpty())
        return;
    const keras::PythonScan scan = keras::PythonSourceScanner::scanPaths(paths);
    PythonImportDialog dialog(scan, m_referenced, m_store->fullSet(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_store->addEntries(dialog.target(), dialog.chosen());
}

} // namespace kcs::ui::scopes
