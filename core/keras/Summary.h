// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/ModelGraph.h"
#include "core/keras/ShapeInference.h"

#include <QString>

#include <vector>

namespace kcs::keras {

/// One row of model.summary(): a layer of the root model.
struct SummaryRow {
    int layer = -1;                          ///< index into ModelGraph::layers()
    json::NodeId node = json::kNoNode;       ///< the layer's envelope in the file
    QString name;
    QString className;
    QString outputShape;                     ///< as Keras 3 prints it: "(None, 32, 32, 3)", "?" unknown
    qint64 params = 0;
    bool known = false;                      ///< params and shape are known
    QString connectedTo;                     ///< "conv1[0][0], ..." ("-" for none)
};

/// model.summary() without Python: rows for the root model's layers (a nested model is one
/// row with all its parameters, as Keras prints it) and the totals. complete is false when
/// any layer's parameters are unknown (a custom layer); the totals then count only the known.
struct ModelSummary {
    QString modelName;
    QString modelClass;
    bool sequentialLike = true;              ///< Keras's layout without the "Connected to" column
    std::vector<SummaryRow> rows;
    qint64 totalParams = 0;
    qint64 trainableParams = 0;
    qint64 nonTrainableParams = 0;
    bool complete = true;
};

/// Summarises the root model of graph (built from doc).
ModelSummary summarize(const json::Document& doc, const ModelGraph& graph, const ShapeInference& shapes);
/// Parses nothing: builds the graph and the shapes of doc's model and summarises them.
ModelSummary summarize(const json::Document& doc);

/// The text table of model.summary() in Keras 3's layout, ending with the lines
/// " Total params: 8,062,504 (30.76 MB)", " Trainable params: ...", " Non-trainable params: ..."
/// (sizes assume 4-byte weights, as for float32 models).
QString formatSummary(const ModelSummary& summary);
/// Keras's readable_memory_size: "30.76 MB", "0.00 B".
QString readableMemorySize(double bytes);

/// A weight stored in a model file, as the formats layer lists it.
struct StoredWeight {
    QString layer;              ///< the layer's name
    QString name;               ///< e.g. "dense/kernel:0" (informative only; matching is by order)
    std::vector<qint64> shape;
    /// False when the file's order is not Keras's weight order (variables of a `.keras`
    /// layer's sub-objects); such layers are compared by their number of scalars only.
    bool ordered = true;
};

/// A difference between the weights a file stores and those its config implies.
struct WeightMismatch {
    QString layer;
    int index = -1;                  ///< weight position within the layer; -1 for count mismatches
    std::vector<qint64> stored;
    std::vector<qint64> expected;
    QString message;
    json::NodeId node = json::kNoNode; ///< the layer's envelope (kNoNode for layers not in the config)
};

/// Compares stored weights with the implied ones, layer by layer of the root model (by name),
/// and weight by weight in Keras's order (trainable first, then non-trainable) — the order in
/// which Keras assigns stored weights. An empty list (a file without weights) gives no
/// mismatches. Layers whose weights are unknown are skipped; a layer
/// stored with another number of weights but the same number of scalars is taken as a legacy
/// layout Keras converts when loading (Keras 1 stores an LSTM as 12 per-gate arrays).
std::vector<WeightMismatch> compareWeights(const ModelGraph& graph, const ShapeInference& shapes,
                                           const std::vector<StoredWeight>& stored);

/// Keras's to_snake_case: "Conv2D" -> "conv2d", "MultiHeadAttention" -> "multi_head_attention".
QString snakeCase(QStringView className);

/// `.keras` archives name weight groups by position, not by layer name: the root's layers are
/// "layers/<snake_case class name>" with "_1", "_2", ... for repeats, datasets "0", "1", ...
/// Takes the archive's listing as (group path, dataset name, shape) and gives the weights per
/// layer name, in variable order; sub-object variables (an attention layer's projections, an
/// RNN's cell, a nested model's layers) are marked unordered. Optimizer variables are dropped.
std::vector<StoredWeight> weightsFromKerasZip(const ModelGraph& graph, const std::vector<StoredWeight>& byPath);

} // namespace kcs::keras
