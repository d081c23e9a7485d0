// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QObject>

class QTreeView;

namespace kcs::ui {

class ConfigTreeModel;
class JsonPane;

/// Keeps the tree's current node and the text selection in step: choosing a node in the tree
/// selects its text; moving the cursor in the text makes the node under it current in the tree
/// (expanding its ancestors). A guard stops each side from echoing the other's change back.
class SelectionSync : public QObject {
    Q_OBJECT
public:
    SelectionSync(QTreeView* tree, ConfigTreeModel* model, JsonPane* pane, QObject* parent = nullptr);

    json::NodeId currentNode() const;

public Q_SLOTS:
    /// Makes node current in the tree (and so selects its text).
    void selectNode(json::NodeId node);

Q_SIGNALS:
    void currentNodeChanged(json::NodeId node);

private:
    void onTreeCurrentChanged();
    void onTextNodeActivated(json::NodeId node);
    void revealInTree(json::NodeId node);

    QTreeView* m_tree;
    ConfigTreeModel* m_model;
    JsonPane* m_pane;
    bool m_fromText = false;
};

} // namespace kcs::ui
