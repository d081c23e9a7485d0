// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphDock.h"

#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"
#include "ui/StatusIcons.h"

#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kcs::ui::graph {

GraphDock::GraphDock(ConfigTreeModel* model, SnapshotService* snapshots, QWidget* parent)
    : QWidget(parent), m_model(model), m_snapshots(snapshots), m_view(new GraphView)
{
    m_view->setObjectName(QStringLiteral("graphView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(createToolBar());
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("graphStatus"));
    m_status->setWordWrap(true);
    m_status->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(&m_watcher, &QFutureWatcher<LayoutJob>::finished, this, &GraphDock::onLayoutFinished);
    connect(m_snapshots, &SnapshotService::snapshotReady, this, &GraphDock::onSnapshot);
    connect(m_snapshots->document(), &ConfigDocument::fileChanged, this, [this] {
        m_state.expandedModels.clear(); // another file: its model indexes mean something else
        m_state.expandedBlocks.clear();
        m_firstDrawing = true;
        m_selectedPointer.clear();
    });
    connect(m_view, &GraphView::nodeClicked, this, &GraphDock::onNodeClicked);
    connect(m_view, &GraphView::expandRequested, this, &GraphDock::onExpandRequested);
    connect(m_view, &GraphView::collapseRequested, this, &GraphDock::onCollapseRequested);
    connect(m_model, &QAbstractItemModel::modelReset, this, &GraphDock::refreshColors);
    connect(m_model, &ConfigTreeModel::resolutionsChanged, this, &GraphDock::refreshColors);
    if (m_snapshots->current())
        onSnapshot(m_snapshots->current());
    else
        setStatus(tr("No model yet"));
}

GraphDock::~GraphDock()
{
    m_watcher.waitForFinished();
}

QToolBar* GraphDock::createToolBar()
{
    auto* bar = new QToolBar;
    bar->setObjectName(QStringLiteral("graphToolBar"));
    bar->setIconSize(QSize(16, 16));
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("graphSearch"));
    m_search->setPlaceholderText(tr("Find layer…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(220);
    connect(m_search, &QLineEdit::returnPressed, this, &GraphDock::findNext);
    bar->addWidget(m_search);
    bar->addAction(tr("Zoom In"), m_view, &GraphView::zoomIn);
    bar->addAction(tr("Zoom Out"), m_view, &GraphView::zoomOut);
    bar->addAction(tr("Fit"), m_view, &GraphView::fitAll);
    bar->addSeparator();
    bar->addAction(tr("Expand"), this, [this] { onExpandRequested(m_view->selectedNode()); })
        ->setToolTip(tr("Expand the selected nested model or block (or double-click it)"));
    bar->addAction(tr("Collapse All"), this, [this] {
        m_state.expandedModels.clear();
        m_state.expandedBlocks.clear();
        startLayout();
    });
    bar->addSeparator();
    bar->addAction(tr("SVG…"), this, [this] { chooseExport(true); })->setToolTip(tr("Export the graph as SVG"));
    bar->addAction(tr("PNG…"), this, [this] { chooseExport(false); })->setToolTip(tr("Export the graph as PNG"));
    return bar;
}

QString GraphDock::statusText() const
{
    return m_status->text();
}

void GraphDock::setStatus(const QString& text)
{
    m_status->setText(text);
}

void GraphDock::onSnapshot(const SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot->hasGraph()) {
        m_view->clearGraph();
        setStatus(tr("No graph: %1").arg(snapshot->error));
        return;
    }
    startLayout();
}

void GraphDock::startLayout()
{
    if (!m_snapshot || !m_snapshot->hasGraph())
        return;
    if (m_watcher.isRunning()) {
        m_pending = true; // the newest state is laid out next
        return;
    }
    setStatus(tr("Laying out %n layers…", nullptr, int(m_snapshot->graph.layers().size())));
    const SnapshotPtr snapshot = m_snapshot;
    const ViewState state = m_state;
    const QFont font = QApplication::font();
    m_watcher.setFuture(QtConcurrent::run([snapshot, state, font] {
        LayoutJob job{snapshot, VisibleGraph::make(*snapshot, state), {}};
        GraphLayout::measure(job.visible, font);
        job.layout = GraphLayout::run(job.visible);
        return job;
    }));
}

void GraphDock::onLayoutFinished()
{
    LayoutJob job = m_watcher.result();
    if (m_pending) {
        m_pending = false;
        startLayout();
        return; // a newer state is on its way; keep the current drawing until then
    }
    if (!job.layout.error.isEmpty()) {
        setStatus(job.layout.error);
        return;
    }
    const bool blocks = job.visible.collapsedByBlocks;
    const int layers = job.visible.layerCount;
    m_view->setGraph(job.snapshot, std::move(job.visible), job.layout,
                     [this](const QString& pointer) { return colorOf(pointer); });
    QString text = tr("%n layers", nullptr, layers);
    if (blocks)
        text += tr(" — a large model: shown collapsed into blocks of %1 layers; double-click a block to open it")
                    .arg(m_state.blockSize);
    setStatus(text);
    if (!m_selectedPointer.isEmpty())
        m_view->selectNode(nodeForPointer(m_selectedPointer), false);
    if (m_firstDrawing) {
        m_firstDrawing = false;
        m_view->fitAll();
    }
    Q_EMIT layoutFinished();
}

QColor GraphDock::colorOf(const QString& pointer) const
{
    const json::NodeId node = m_model->document()->json().find(pointer);
    if (node == json::kNoNode)
        return {};
    return StatusIcons::color(m_model->resolution(node));
}

void GraphDock::refreshColors()
{
    m_view->recolor([this](const QString& pointer) { return colorOf(pointer); });
}

int GraphDock::nodeForPointer(const QString& pointer) const
{
    // The innermost box whose envelope holds pointer (a layer inside a collapsed model or a
    // block selects that box).
    int best = -1;
    qsizetype bestLength = -1;
    const auto& nodes = m_view->visible().nodes;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].pointer.size() > bestLength && pointerWithin(pointer, nodes[i].pointer)) {
            best = int(i);
            bestLength = nodes[i].pointer.size();
        }
    }
    if (best >= 0)
        return best;
    const auto snapshot = m_view->snapshot();
    if (!snapshot)
        return -1;
    for (size_t i = 0; i < m_view->visible().blocks.size(); ++i) { // a layer in a collapsed block
        for (int layer : m_view->visible().blocks[i].layers) {
            if (pointerWithin(pointer, snapshot->pointer(snapshot->graph.layers()[size_t(layer)].envelope))) {
                for (size_t n = 0; n < nodes.size(); ++n)
                    if (nodes[n].block == int(i))
                        return int(n);
            }
        }
    }
    return -1;
}

void GraphDock::showNode(json::NodeId node)
{
    if (m_syncing || node == json::kNoNode)
        return;
    const QString pointer = m_model->document()->json().pointer(node);
    const int box = nodeForPointer(pointer);
    m_selectedPointer = box >= 0 ? m_view->visible().nodes[size_t(box)].pointer : QString();
    m_view->selectNode(box, true);
}

void GraphDock::onNodeClicked(int node)
{
    const QString pointer = m_view->visible().nodes[size_t(node)].pointer;
    m_selectedPointer = pointer;
    const json::NodeId live = m_model->document()->json().find(pointer);
    if (live == json::kNoNode)
        return;
    m_syncing = true; // the tree will announce the same node back
    Q_EMIT nodeActivated(live);
    m_syncing = false;
}

void GraphDock::onExpandRequested(int node)
{
    if (node < 0 || size_t(node) >= m_view->visible().nodes.size())
        return;
    const VisibleNode& box = m_view->visible().nodes[size_t(node)];
    if (box.kind == VisibleNode::Kind::CollapsedModel)
        m_state.expandedModels.insert(m_snapshot->graph.layers()[size_t(box.layer)].submodel);
    else if (box.kind == VisibleNode::Kind::Block)
        m_state.expandedBlocks.insert(box.block);
    else
        return;
    startLayout();
}

void GraphDock::onCollapseRequested(int cluster)
{
    m_state.expandedModels.remove(m_view->visible().clusters[size_t(cluster)].model);
    startLayout();
}

void GraphDock::setModelExpanded(int model, bool expanded)
{
    if (expanded)
        m_state.expandedModels.insert(model);
    else
        m_state.expandedModels.remove(model);
    startLayout();
}

void GraphDock::expandAllModels()
{
    if (!m_snapshot || !m_snapshot->hasGraph())
        return;
    for (size_t m = 1; m < m_snapshot->graph.models().size(); ++m)
        m_state.expandedModels.insert(int(m));
    startLayout();
}

void GraphDock::findNext()
{
    const int found = m_view->findNext(m_search->text(), m_view->selectedNode());
    if (found < 0) {
        setStatus(tr("No layer matches “%1”").arg(m_search->text()));
        return;
    }
    m_view->selectNode(found, true);
    onNodeClicked(found);
}

bool GraphDock::exportSvg(const QString& path)
{
    return m_view->exportSvg(path);
}

bool GraphDock::exportPng(const QString& path)
{
    return m_view->exportPng(path);
}

void GraphDock::chooseExport(bool svg)
{
    const QString filter = svg ? tr("SVG image (*.svg)") : tr("PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Graph"), QString(), filter);
    if (path.isEmpty())
        return;
    const bool ok = svg ? exportSvg(path) : exportPng(path);
    setStatus(ok ? tr("Exported to %1").arg(path) : tr("Could not write %1").arg(path));
}

} // namespace kcs::ui::graph
