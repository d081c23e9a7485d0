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

qint64 scalarCount(const std::vector<const StoredWeight*>& weights)
{
    qint64 n = 0;
    for (const StoredWeight* w : weights) {
        qint64 c = 1;
        for (qint64 d : w->shape)
            c *= d;
        n += c;
    }
    return n;
}

qint64 scalarCount(const std::vector<WeightSpec>& weights)
{
    qint64 n = 0;
    for (const WeightSpec& w : weights)
        n += w.count();
    return n;
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

std::vector<WeightMismatch> compareWeights(const ModelGraph& graph, const ShapeInference& shapes,
                                           const std::vector<StoredWeight>& stored)
{
    std::vector<WeightMismatch> out;
    if (!graph.isValid() || stored.empty())
        return out; // a file without weights (a config alone) has nothing to disagree with
    // Stored weights grouped per layer name, in file order.
    QHash<QString, std::vector<const StoredWeight*>> byLayer;
    QStringList layerOrder;
    for (const StoredWeight& w : stored) {
        if (!byLayer.contains(w.layer))
            layerOrder.append(w.layer);
        byLayer[w.layer].push_back(&w);
    }
    for (int l : graph.root().layers) {
        const GraphLayer& layer = graph.layers()[size_t(l)];
        const std::vector<const StoredWeight*> found = byLayer.take(layer.name);
        if (!shapes.isKnown(l))
            continue;
        // Keras's layer.weights: trainable weights first, then the non-trainable ones.
        std::vector<WeightSpec> expected;
        for (int pass = 0; pass < 2; ++pass) {
            for (const WeightSpec& w : shapes.weights(l)) {
                if (w.trainable == (pass == 0))
                    expected.push_back(w);
            }
        }
        if (found.size() != expected.size() && scalarCount(found) == scalarCount(expected))
            continue; // a legacy layout Keras converts on loading (Keras 1 per-gate RNN weights, ...)
        if (found.size() != expected.size()) {
            out.push_back(WeightMismatch{layer.name, -1, {}, {},
                                         QStringLiteral("Layer '%1' stores %2 weight(s); its config implies %3.")
                                             .arg(layer.name).arg(found.size()).arg(expected.size()),
                                         layer.envelope});
            continue;
        }
        for (size_t i = 0; i < found.size(); ++i) {
            if (found[i]->shape == expected[i].shape)
                continue;
            const auto text = [](const std::vector<qint64>& v) {
                TensorShape t;
                for (qint64 d : v)
                    t.dims.emplace_back(d);
                return t.text();
            };
            out.push_back(WeightMismatch{layer.name, int(i), found[i]->shape, expected[i].shape,
                                         QStringLiteral("Layer '%1': weight %2 (%3) has shape %4 in the file; "
                                                        "the config implies %5.")
                                             .arg(layer.name).arg(i).arg(found[i]->name, text(found[i]->shape),
                                                                          text(expected[i].shape)),
                                         layer.envelope});
        }
    }
    for (const QString& name : layerOrder) {
        if (byLayer.contains(name))
            out.push_back(WeightMismatch{name, -1, {}, {},
                                         QStringLiteral("The file stores weights for '%1', which is not a layer of the model.")
                                             .arg(name),
                                         json::kNoNode});
    }
    return out;
}

} // namespace kcs::keras
