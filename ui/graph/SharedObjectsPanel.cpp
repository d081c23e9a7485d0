// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/SharedObjectsPanel.h"

#include "ui/ConfigDocument.h"
#include "ui/graph/SharedEditGuard.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kcs::ui::graph {

namespace {

constexpr int kPointerRole = Qt::UserRole + 1;

QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const QString& text, const QString& where, const QString& pointer)
{
    auto* item = new QTreeWidgetItem(parent, {text, where});
    item->setData(0, kPointerRole, pointer);
    item->setToolTip(0, pointer);
    return item;
}

} // namespace

SharedObjectsPanel::SharedObjectsPanel(SnapshotService* snapshots, SharedEditGuard* guard, QWidget* parent)
    : QWidget(parent), m_snapshots(snapshots), m_guard(guard), m_info(new QLabel), m_banner(new QWidget),
      m_bannerText(new QLabel), m_apply(new QPushButton(tr("Apply to Every Copy"))), m_tree(new QTreeWidget)
{
    m_info->setObjectName(QStringLiteral("sharedInfo"));
    m_info->setWordWrap(true);
    m_bannerText->setWordWrap(true);
    m_bannerText->setObjectName(QStringLiteral("sharedWarning"));
    m_apply->setObjectName(QStringLiteral("sharedApplyAll"));
    auto* dismiss = new QPushButton(tr("Keep Only This Copy"));
    auto* bannerLayout = new QVBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(dismiss);
    buttons->addStretch();
    bannerLayout->addLayout(buttons);
    m_banner->setStyleSheet(QStringLiteral("QWidget { background: #fff3cd; }"));
    m_banner->hide();
    m_tree->setObjectName(QStringLiteral("sharedTree"));
    m_tree->setHeaderLabels({tr("Object"), tr("Where")});
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 240);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_info);
    layout->addWidget(m_tree, 1);
    connect(m_tree, &QTreeWidget::itemClicked, this, &SharedObjectsPanel::onItemClicked);
    connect(m_tree, &QTreeWidget::itemActivated, this, &SharedObjectsPanel::onItemClicked);
    connect(m_snapshots, &SnapshotService::snapshotReady, this, &SharedObjectsPanel::onSnapshot);
    connect(m_guard, &SharedEditGuard::pendingChanged, this, &SharedObjectsPanel::updateBanner);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (Result<int> done = m_guard->applyToAllCopies(); !done)
            m_info->setText(done.error().message);
        else
            m_info->setText(tr("The edit was applied to %n copies (one undo step)", nullptr, *done));
    });
    connect(dismiss, &QPushButton::clicked, m_guard, &SharedEditGuard::dismiss);
    if (m_snapshots->current())
        onSnapshot(m_snapshots->current());
}

QString SharedObjectsPanel::infoText() const
{
    return m_info->text();
}

QString SharedObjectsPanel::bannerText() const
{
    return m_bannerText->text();
}

bool SharedObjectsPanel::isBannerVisible() const
{
    return !m_banner->isHidden();
}

void SharedObjectsPanel::updateBanner()
{
    m_bannerText->setText(m_guard->warning() + QLatin1Char(' ') + tr("Apply the same edit to every copy?"));
    m_banner->setVisible(m_guard->hasPending());
}

void SharedObjectsPanel::onSnapshot(const SnapshotPtr& snapshot)
{
    m_tree->clear();
    m_layersRoot = new QTreeWidgetItem(m_tree, {tr("Shared layers (%1)").arg(snapshot->graph.sharedLayers().size())});
    m_groupsRoot = new QTreeWidgetItem(m_tree, {tr("shared_object_id groups (%1)").arg(snapshot->report.sharedObjects.size())});
    fillSharedLayers(snapshot);
    fillGroups(snapshot);
    m_tree->expandAll();
}

void SharedObjectsPanel::fillSharedLayers(const SnapshotPtr& snapshot)
{
    const keras::ModelGraph& graph = snapshot->graph;
    for (int layer : graph.sharedLayers()) {
        const keras::GraphLayer& l = graph.layers()[size_t(layer)];
        auto* item = addItem(m_layersRoot, tr("%1 (%2) — %n calls", nullptr, int(l.calls.size())).arg(l.name, l.className),
                             snapshot->pointer(l.envelope), snapshot->pointer(l.envelope));
        for (size_t c = 0; c < l.calls.size(); ++c) {
            const keras::CallNode& call = graph.calls()[size_t(l.calls[c])];
            QStringList inputs;
            for (const keras::TensorRef& ref : call.inputs)
                inputs << QStringLiteral("%1[%2][%3]").arg(ref.layerName).arg(ref.nodeIndex).arg(ref.tensor);
            addItem(item, tr("call #%1 on %2").arg(call.index).arg(inputs.isEmpty() ? QStringLiteral("-") : inputs.join(u", ")),
                    snapshot->pointer(call.node), snapshot->pointer(call.node));
        }
    }
}

void SharedObjectsPanel::fillGroups(const SnapshotPtr& snapshot)
{
    for (const keras::SharedObjectGroup& g : snapshot->report.sharedObjects) {
        QString title = tr("id %1 — %n envelopes", nullptr, int(g.pointers.size())).arg(g.id);
        if (g.configsDiffer)
            title += tr(" (configs differ)");
        auto* item = addItem(m_groupsRoot, title, g.pointers.value(0), g.pointers.value(0));
        for (int c = 0; c < g.pointers.size(); ++c) {
            const QString role = c == 0 ? tr("copy 1 — the one the loader builds") : tr("copy %1 — ignored on load").arg(c + 1);
            addItem(item, role, g.pointers[c], g.pointers[c]);
        }
    }
}

void SharedObjectsPanel::onItemClicked(QTreeWidgetItem* item)
{
    const QString pointer = item ? item->data(0, kPointerRole).toString() : QString();
    if (pointer.isEmpty())
        return;
    const json::NodeId node = m_snapshots->document()->json().find(pointer);
    if (node == json::kNoNode)
        return;
    m_syncing = true;
    Q_EMIT nodeActivated(node);
    m_syncing = false;
}

void SharedObjectsPanel::showNode(json::NodeId node)
{
    const SnapshotPtr snapshot = m_snapshots->current();
    if (m_syncing || node == json::kNoNode || !snapshot)
        return;
    const QString pointer = m_snapshots->document()->json().pointer(node);
    const auto [group, copy] = snapshot->sharedGroupOf(pointer);
    if (group < 0) {
        m_info->clear();
        return;
    }
    const keras::SharedObjectGroup& g = snapshot->report.sharedObjects[size_t(group)];
    m_info->setText(copy == 0
        ? tr("Copy 1 of %1 with shared_object_id %2: the loader builds this one").arg(g.pointers.size()).arg(g.id)
        : tr("Copy %1 of %2 with shared_object_id %3: ignored on load; the loader builds %4")
              .arg(copy + 1).arg(g.pointers.size()).arg(g.id, g.pointers.front()));
    QTreeWidgetItem* groupItem = m_groupsRoot ? m_groupsRoot->child(group) : nullptr;
    if (groupItem && groupItem->child(copy)) {
        const QSignalBlocker blocker(m_tree);
        m_tree->setCurrentItem(groupItem->child(copy));
    }
}

} // namespace kcs::ui::graph
