// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/graph/GraphSnapshot.h"

#include <QHash>
#include <QSet>
#include <QSizeF>
#include <QString>

#include <vector>

namespace kcs::ui::graph {

/// Which parts of the graph the user opened: nested models (by model index) and blocks.
struct ViewState {
    QSet<int> expandedModels;
    QSet<int> expandedBlocks;
    /// Models with more layers than this start collapsed into blocks of consecutive layers.
    int blockThreshold = 1500;
    int blockSize = 25;
};

/// One box of the drawing: a layer, a nested model shown as one box, or a block of layers.
struct VisibleNode {
    enum class Kind { Layer, CollapsedModel, Block };
    Kind kind = Kind::Layer;
    int layer = -1;         ///< Layer and CollapsedModel: index into ModelGraph::layers()
    int block = -1;         ///< Block: index into VisibleGraph::blocks
    int cluster = -1;       ///< the expanded nested model holding it; -1 at the top
    QString title;          ///< the class name, or "Block"
    QString name;           ///< the layer's name, or "first … last"
    QString detail;         ///< output shape, or "12 layers"
    int calls = 1;          ///< more than one: a shared layer
    QString pointer;        ///< the envelope (a block: its first layer)
    QSizeF size;            ///< in points, set before layout
    bool isShared() const { return calls > 1; }
};

/// One drawn tensor: the output of a call of from feeding a call of to.
struct VisibleEdge {
    int from = -1;
    int to = -1;
    int layer = -1;       ///< the layer whose call consumes the tensor
    int call = -1;        ///< index into ModelGraph::calls() of that call
    int sourceLayer = -1; ///< the layer producing the tensor
    QString label;        ///< node indexes of shared layers ("#1", "#0→", ...)
};

/// An expanded nested model: drawn as a frame around its layers.
struct VisibleCluster {
    int model = -1;
    int parent = -1;
    QString label;
};

/// A run of consecutive layers of a large model drawn as one box.
struct VisibleBlock {
    int model = -1;
    std::vector<int> layers;
};

/// The graph as it is drawn for one ViewState: boxes, edges and frames, before layout.
struct VisibleGraph {
    std::vector<VisibleNode> nodes;
    std::vector<VisibleEdge> edges;
    std::vector<VisibleCluster> clusters;
    std::vector<VisibleBlock> blocks;
    QHash<int, int> nodeOfLayer;   ///< layer index -> node (visible layers and collapsed models)
    int layerCount = 0;            ///< layers of the whole model, nested ones included
    bool collapsedByBlocks = false;

    /// Builds what state shows of snapshot's graph. Iterative: nested depth costs no stack.
    static VisibleGraph make(const GraphSnapshot& snapshot, const ViewState& state);
};

} // namespace kcs::ui::graph
