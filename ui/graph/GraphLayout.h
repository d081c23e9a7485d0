// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/graph/VisibleGraph.h"

#include <QFont>
#include <QPainterPath>
#include <QRectF>

#include <vector>

namespace kcs::ui::graph {

/// Where one edge runs: its curve (Graphviz's Bézier pieces), its arrow and its label.
struct EdgeGeometry {
    QPainterPath path;
    bool hasArrow = false;
    QPointF arrowBase;
    QPointF arrowTip;
    QPointF labelCenter;
    bool hasLabel = false;
};

/// The positions of a VisibleGraph's boxes, edges and frames, in points, y growing downwards.
struct GraphLayoutResult {
    std::vector<QRectF> nodes;
    std::vector<EdgeGeometry> edges;
    std::vector<QRectF> clusters;
    QRectF bounds;
    QString error; ///< empty on success
};

/// Graphviz `dot` (top to bottom) over a VisibleGraph. Graphviz's C API keeps global state and
/// is not thread-safe, so every run holds one process-wide mutex; runs are meant for worker
/// threads (a 770-layer NASNet takes seconds), never for the GUI thread.
class GraphLayout {
public:
    /// Sets each node's size from its three text lines in font (safe on a worker thread).
    static void measure(VisibleGraph& graph, const QFont& font);
    static GraphLayoutResult run(const VisibleGraph& graph);
};

} // namespace kcs::ui::graph
