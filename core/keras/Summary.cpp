// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Summary.h"

#include <QHash>

namespace kcs::keras {

namespace {

/// Keras prints "Connected to" unless the model is a plain chain: one input per call, one call
/// per layer, and no call feeding two others.
bool isSequentialLike(const ModelGraph& graph, const GraphModel& model)
{
    if (model.isSequential())
        return true;
    QHash<int, int> consumers;
    for (int l : model.layers) {
        const GraphLayer& layer = graph.layers()[size_t(l)];
        if (layer.calls.size() > 1)
            return false;
        for (int c : layer.calls) {
            const CallNode& call = graph.calls()[size_t(c)];
            if (call.inputs.size() > 1)
                return false;
            for (const TensorRef& ref : call.inputs) {
                if (ref.isResolved() && ++consumers[graph.layers()[size_t(ref.layer)].calls[size_t(ref.call)]] > 1)
                    return false;
            }
        }
    }
    return true;
}

} // namespace

ModelSummary summarize(const json::Document& doc, const ModelGraph& graph, const ShapeInference& shapes)
{
    Q_UNUSED(doc);
    ModelSummary s;
    if (!graph.isValid()) {
        s.complete = false;
        return s;
    }
    const GraphModel& root = graph.root();
    s.modelName = root.name;
    s.modelClass = root.className;
    s.sequentialLike = isSequentialLike(graph, root);
    for (int l : root.layers) {
        const GraphLayer& layer = graph.layers()[size_t(l)];
        // A Sequential's input layer is not one of its layers (model.layers leaves it out).
        if (root.isSequential() && layer.isInputLayer())
            continue;
        SummaryRow row;
        row.layer = l;
        row.node = layer.envelope;
        row.name = layer.name;
        row.className = layer.className;
        row.known = shapes.isKnown(l);
        row.outputShape = shapesText(shapes.layerOutputs(l));
        row.params = shapes.params(l);
        row.connectedTo = graph.connectedTo(l);
        s.rows.push_back(std::move(row));
    }
    s.trainableParams = shapes.trainableParams(0);
    s.nonTrainableParams = shapes.nonTrainableParams(0);
    s.totalParams = s.trainableParams + s.nonTrainableParams;
    s.complete = shapes.isComplete(0) && graph.problems().empty();
    return s;
}

ModelSummary summarize(const json::Document& doc)
{
    const ModelGraph graph = ModelGraph::build(doc);
    const ShapeInference shapes = ShapeInference::run(doc, graph);
    return summarize(doc, graph, shapes);
}

QString readableMemorySize(double bytes)
{
    static const char* const units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
    for (const char* unit : units) {
        if (bytes / 1024 < 1)
            return QStringLiteral("%1 %2").arg(bytes, 0, 'f', 2).arg(QLatin1String(unit));
        bytes /= 1024;
    }
    return QStringLiteral("%1 PB").arg(bytes * 1024, 0, 'f', 2);
}

} // namespace kcs::keras
