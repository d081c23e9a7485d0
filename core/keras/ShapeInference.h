// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/ModelGraph.h"
#include "core/keras/Shape.h"

#include <vector>

namespace kcs::keras {

/// Output shapes of every call and the weights of every layer of a ModelGraph, computed
/// without Python from the built-in layers' rules (ShapeRules.h). Nested models are evaluated
/// on an explicit stack of frames (never by recursion), inner model first, so arbitrarily deep
/// nesting and 200,000-layer chains are fine. Layers whose class has no rule (custom layers,
/// Lambda) get unknown shapes and unknown parameters; what depends on them is unknown too.
class ShapeInference {
public:
    static ShapeInference run(const json::Document& doc, const ModelGraph& graph);

    /// The output tensors of a call (empty when it was never evaluated).
    const std::vector<TensorShape>& outputs(int call) const { return m_callOutputs[size_t(call)]; }
    /// The shapes a layer's summary row shows: its last call's outputs (as Keras 3 prints), or
    /// one unknown shape. The reference stays valid as long as this ShapeInference.
    const std::vector<TensorShape>& layerOutputs(int layer) const;
    /// The layer's weights in creation order; for a nested model every inner layer's weights.
    const std::vector<WeightSpec>& weights(int layer) const { return m_layers[size_t(layer)].weights; }
    /// Whether the layer's weights are known (its class has a rule and its inputs were known).
    bool isKnown(int layer) const { return m_layers[size_t(layer)].known; }

    qint64 params(int layer) const;
    /// Sums over the layers of model (nested models included once each).
    qint64 trainableParams(int model) const;
    qint64 nonTrainableParams(int model) const;
    bool isComplete(int model) const;

private:
    struct LayerState {
        std::vector<WeightSpec> weights;
        bool evaluated = false;
        bool known = false;
    };
    struct Frame {
        int model = -1;
        size_t position = 0;
        std::vector<TensorShape> sequentialInput; ///< given to a Sequential without its own input
    };
    class Runner;

    // What the queries need of the graph, copied so the result does not refer to it.
    std::vector<int> m_lastCall;                 ///< per layer: its last call, or -1
    std::vector<std::vector<int>> m_modelLayers; ///< per model: its layers
    std::vector<std::vector<TensorShape>> m_callOutputs;
    std::vector<LayerState> m_layers;
    std::vector<char> m_modelDone;
};

} // namespace kcs::keras
