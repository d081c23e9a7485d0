// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SelectionSync.h"

#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"
#include "ui/JsonPane.h"

#include <QItemSelectionModel>
#include <QTreeView>

#include <vector>

namespace kcs::ui {

SelectionSync::SelectionSync(QTreeView* tree, ConfigTreeModel* model, JsonPane* pane, QObject* parent)
    : QObject(parent), m_tree(tree), m_model(model), m_pane(pane)
{
    Q_ASSERT(tree->model() == model);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SelectionSync::onTreeCurrentChanged);
    connect(pane, &JsonPane::nodeActivated, this, &SelectionSync::onTextNodeActivated);
}

json::NodeId SelectionSync::currentNode() const
{
    return m_model->nodeFromIndex(m_tree->currentIndex());
}

void SelectionSync::selectNode(json::NodeId node)
{
    revealInTree(node);
}

void SelectionSync::revealInTree(json::NodeId node)
{
    const json::Document& doc = m_model->document()->json();
    if (node == json::kNoNode || !doc.isValid(node))
        return;
    std::vector<json::NodeId> ancestors;
    for (json::NodeId up = doc.parent(node); up != json::kNoNode; up = doc.parent(up))
        ancestors.push_back(up);
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it)
        m_tree->expand(m_model->indexFor(*it));
    const QModelIndex index = m_model->indexFor(node);
    m_tree->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index);
}

void SelectionSync::onTreeCurrentChanged()
{
    const json::NodeId node = currentNode();
    if (!m_fromText)
        m_pane->selectNode(node);
    Q_EMIT currentNodeChanged(node);
}

void SelectionSync::onTextNodeActivated(json::NodeId node)
{
    if (node == currentNode())
        return;
    m_fromText = true; // the text cursor stays where the user put it
    revealInTree(node);
    m_fromText = false;
}

} // namespace kcs::ui
