// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/VisibleGraph.h"

#include <QCoreApplication>

namespace kcs::ui::graph {

namespace {

QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("kcs::ui::graph::VisibleGraph", text, nullptr, n);
}

/// Builds one VisibleGraph; the models to show are walked with an explicit work list.
class Maker {
public:
    Maker(const GraphSnapshot& snapshot, const ViewState& state, VisibleGraph& out)
        : m_s(snapshot), m_g(snapshot.graph), m_state(state), m_out(out)
    {
    }

    void run()
    {
        m_out.layerCount = int(m_g.layers().size());
        std::vector<std::pair<int, int>> work{{0, -1}}; // (model, cluster)
        while (!work.empty()) {
            const auto [model, cluster] = work.back();
            work.pop_back();
            addModel(model, cluster, work);
        }
        addEdges();
    }

private:
    void addModel(int model, int cluster, std::vector<std::pair<int, int>>& work)
    {
        m_shownModels.push_back(model);
        const std::vector<int>& layers = m_g.models()[size_t(model)].layers;
        const bool blocks = int(layers.size()) > m_state.blockThreshold;
        m_out.collapsedByBlocks = m_out.collapsedByBlocks || blocks;
        for (size_t first = 0; first < layers.size();) {
            const size_t end = blocks ? std::min(layers.size(), first + size_t(m_state.blockSize)) : first + 1;
            const int block = blocks ? int(m_out.blocks.size()) : -1;
            if (blocks)
                m_out.blocks.push_back({model, std::vector<int>(layers.begin() + qsizetype(first), layers.begin() + qsizetype(end))});
            if (blocks && !m_state.expandedBlocks.contains(block)) {
                addBlockNode(block, cluster);
            } else {
                for (size_t i = first; i < end; ++i)
                    addLayer(layers[i], cluster, work);
            }
            first = end;
        }
    }

    void addLayer(int layer, int cluster, std::vector<std::pair<int, int>>& work)
    {
        const keras::GraphLayer& l = m_g.layers()[size_t(layer)];
        if (l.submodel >= 0 && m_state.expandedModels.contains(l.submodel)) {
            const int frame = int(m_out.clusters.size());
            m_out.clusters.push_back({l.submodel, cluster, QStringLiteral("%1 (%2)").arg(l.name, l.className)});
            work.emplace_back(l.submodel, frame);
            return;
        }
        VisibleNode node;
        node.layer = layer;
        node.cluster = cluster;
        node.title = l.className;
        node.name = l.name;
        node.detail = m_s.layerShape(layer);
        node.calls = int(l.calls.size());
        node.pointer = m_s.pointer(l.envelope);
        if (l.submodel >= 0) {
            node.kind = VisibleNode::Kind::CollapsedModel;
            const int inner = int(m_g.models()[size_t(l.submodel)].layers.size());
            node.detail = tr("%1 · %n layers, collapsed", inner).arg(node.detail);
        }
        m_out.nodeOfLayer.insert(layer, int(m_out.nodes.size()));
        m_out.nodes.push_back(std::move(node));
    }

    void addBlockNode(int block, int cluster)
    {
        const std::vector<int>& layers = m_out.blocks[size_t(block)].layers;
        VisibleNode node;
        node.kind = VisibleNode::Kind::Block;
        node.block = block;
        node.cluster = cluster;
        node.title = tr("Block %1").arg(block + 1);
        node.name = QStringLiteral("%1 … %2").arg(m_g.layers()[size_t(layers.front())].name,
                                                  m_g.layers()[size_t(layers.back())].name);
        node.detail = tr("%n layers, collapsed", int(layers.size()));
        node.pointer = m_s.pointer(m_g.layers()[size_t(layers.front())].envelope);
        const int id = int(m_out.nodes.size());
        for (int layer : layers)
            m_blockNode.insert(layer, id);
        m_out.nodes.push_back(std::move(node));
    }

    int shownNode(int layer) const
    {
        const int node = m_out.nodeOfLayer.value(layer, -1);
        return node >= 0 ? node : m_blockNode.value(layer, -1);
    }

    /// The node that produces ref's tensor: an expanded model hands over to its output layer.
    int sourceNode(const keras::TensorRef& ref) const
    {
        int layer = ref.layer;
        int tensor = ref.tensor;
        for (size_t hops = 0; layer >= 0 && hops <= m_g.models().size(); ++hops) {
            if (const int node = shownNode(layer); node >= 0)
                return node;
            const int sub = m_g.layers()[size_t(layer)].submodel;
            if (sub < 0 || m_g.models()[size_t(sub)].outputs.empty())
                return -1;
            const auto& outputs = m_g.models()[size_t(sub)].outputs;
            const keras::TensorRef& out = outputs[size_t(std::clamp(tensor, 0, int(outputs.size()) - 1))];
            layer = out.layer;
            tensor = out.tensor;
        }
        return -1;
    }

    /// The node that consumes the position-th input of a call of layer: an expanded model
    /// hands over to its input layer.
    int targetNode(int layer, int position) const
    {
        for (size_t hops = 0; layer >= 0 && hops <= m_g.models().size(); ++hops) {
            if (const int node = shownNode(layer); node >= 0)
                return node;
            const int sub = m_g.layers()[size_t(layer)].submodel;
            if (sub < 0)
                return -1;
            const keras::GraphModel& model = m_g.models()[size_t(sub)];
            if (position < int(model.inputs.size()))
                layer = model.inputs[size_t(position)].layer;
            else if (model.inputs.empty() && !model.layers.empty())
                layer = model.layers.front(); // a Sequential without an InputLayer
            else
                return -1;
            position = 0;
        }
        return -1;
    }

    void addEdges()
    {
        QSet<qint64> blockEdges;
        for (int model : m_shownModels) {
            for (int layer : m_g.models()[size_t(model)].layers) {
                for (int callIndex : m_g.layers()[size_t(layer)].calls)
                    addCallEdges(layer, callIndex, blockEdges);
            }
        }
    }

    void addCallEdges(int layer, int callIndex, QSet<qint64>& blockEdges)
    {
        const keras::CallNode& call = m_g.calls()[size_t(callIndex)];
        const bool targetShared = m_g.layers()[size_t(layer)].calls.size() > 1;
        for (size_t i = 0; i < call.inputs.size(); ++i) {
            const keras::TensorRef& ref = call.inputs[i];
            if (!ref.isResolved())
                continue;
            const int from = sourceNode(ref);
            const int to = targetNode(layer, int(i));
            if (from < 0 || to < 0)
                continue;
            const bool viaBlock = m_out.nodes[size_t(from)].kind == VisibleNode::Kind::Block
                || m_out.nodes[size_t(to)].kind == VisibleNode::Kind::Block;
            if (viaBlock) { // inside a block nothing is drawn; between blocks one edge
                const qint64 key = (qint64(from) << 32) | qint64(to);
                if (from == to || blockEdges.contains(key))
                    continue;
                blockEdges.insert(key);
            }
            VisibleEdge edge{from, to, layer, callIndex, ref.layer, {}};
            const bool sourceShared = m_g.layers()[size_t(ref.layer)].calls.size() > 1;
            if (!viaBlock && sourceShared)
                edge.label = QStringLiteral("#%1→").arg(ref.call);
            if (!viaBlock && targetShared)
                edge.label += QStringLiteral("#%1").arg(call.index);
            m_out.edges.push_back(std::move(edge));
        }
    }

    const GraphSnapshot& m_s;
    const keras::ModelGraph& m_g;
    const ViewState& m_state;
    VisibleGraph& m_out;
    std::vector<int> m_shownModels;
    QHash<int, int> m_blockNode; ///< layer -> block node, for layers inside collapsed blocks
};

} // namespace

VisibleGraph VisibleGraph::make(const GraphSnapshot& snapshot, const ViewState& state)
{
    VisibleGraph out;
    if (snapshot.hasGraph())
        Maker(snapshot, state, out).run();
    return out;
}

} // namespace kcs::ui::graph
