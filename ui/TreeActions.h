// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QObject>

class QAction;
class QTreeView;
class QWidget;

namespace kcs::ui {

class ConfigTreeModel;

/// The tree's structural edits: copy and paste subtrees as JSON, add and remove members and
/// elements, rename a key. Each action works on the tree's current node and goes through the
/// document's edit functions (one undo command each).
class TreeActions : public QObject {
    Q_OBJECT
public:
    TreeActions(QTreeView* tree, ConfigTreeModel* model, QWidget* window);

    QAction* copyAction() const { return m_copy; }
    QAction* pasteAction() const { return m_paste; }
    QAction* replaceAction() const { return m_replace; }
    QAction* addAction() const { return m_add; }
    QAction* removeAction() const { return m_remove; }
    QAction* renameAction() const { return m_rename; }

    /// A key not yet used in object: base, base_1, base_2, ...
    static QString uniqueKey(const json::Document& document, json::NodeId object, const QString& base);

public Q_SLOTS:
    void copy();
    void paste();           ///< into a container as its last child, else replaces the value
    void replaceWithClipboard();
    void add();
    void remove();
    void rename();
    void updateEnabled();

Q_SIGNALS:
    void failed(const QString& message);

private:
    json::NodeId current() const;
    QAction* makeAction(const QString& text, const char* objectName, const QKeySequence& keys);
    void report(const Result<void>& result);

    QTreeView* m_tree;
    ConfigTreeModel* m_model;
    QWidget* m_window;
    QAction* m_copy;
    QAction* m_paste;
    QAction* m_replace;
    QAction* m_add;
    QAction* m_remove;
    QAction* m_rename;
};

} // namespace kcs::ui
