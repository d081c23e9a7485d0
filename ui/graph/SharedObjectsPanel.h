// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "ui/graph/SnapshotService.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace kcs::ui::graph {

class SharedEditGuard;

/// The "Shared" dock: every shared layer of the model with its call sites, and every
/// shared_object_id group with all its envelopes in load order (the first is the one the
/// loader builds). Any entry is clickable (nodeActivated). When the selection is inside a
/// copy, the header says which copy it is and which one Keras uses; when an edit lands in a
/// later copy, a banner warns and offers to apply it to every copy.
class SharedObjectsPanel : public QWidget {
    Q_OBJECT
public:
    SharedObjectsPanel(SnapshotService* snapshots, SharedEditGuard* guard, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    QString infoText() const;
    QString bannerText() const;
    bool isBannerVisible() const;
    QPushButton* applyButton() const { return m_apply; }

public Q_SLOTS:
    void showNode(kcs::json::NodeId node);

Q_SIGNALS:
    void nodeActivated(kcs::json::NodeId node);

private:
    void onSnapshot(const SnapshotPtr& snapshot);
    void fillSharedLayers(const SnapshotPtr& snapshot);
    void fillGroups(const SnapshotPtr& snapshot);
    void onItemClicked(QTreeWidgetItem* item);
    void updateBanner();

    SnapshotService* m_snapshots;
    SharedEditGuard* m_guard;
    QLabel* m_info;
    QWidget* m_banner;
    QLabel* m_bannerText;
    QPushButton* m_apply;
    QTreeWidget* m_tree;
    QTreeWidgetItem* m_layersRoot = nullptr;
    QTreeWidgetItem* m_groupsRoot = nullptr;
    bool m_syncing = false;
};

} // namespace kcs::ui::graph
