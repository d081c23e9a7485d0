// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ShapeInference.h"

#include "core/keras/ShapeRules.h"

#include <algorithm>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

namespace {

bool isPositional(const QString& argument)
{
    return argument.isEmpty() || argument.startsWith(QLatin1String("args["));
}

/// The input a Sequential takes from its first layer's config (K1-K3 spellings) or its own
/// build_input_shape; unknown when neither says.
TensorShape declaredSequentialInput(const json::Document& doc, const GraphLayer& first, NodeId modelConfig)
{
    LayerArgs a(doc, first.config, first.className);
    if (auto batch = a.dims({"batch_input_shape", "batch_shape"}))
        return TensorShape{*batch, true};
    if (auto shape = a.dims({"input_shape"}))
        return batchShape(*shape);
    const bool embedding = first.className == u"Embedding";
    if (embedding && a.has({"input_length"}) && !a.isNull({"input_length"}))
        return batchShape({a.integer({"input_length"}, 0)});
    if (!embedding && a.has({"input_dim"}) && !a.isNull({"input_dim"})) {
        if (a.has({"input_length"}))
            return batchShape({a.isNull({"input_length"}) ? Dim() : Dim(a.integer({"input_length"}, 0)),
                               a.integer({"input_dim"}, 0)});
        return batchShape({a.integer({"input_dim"}, 0)});
    }
    LayerArgs model(doc, modelConfig, QString());
    if (auto build = model.dims({"build_input_shape"}))
        return TensorShape{*build, true};
    return TensorShape::unknown();
}

/// K3 keeps the shape of every symbolic tensor in its __keras_tensor__ envelope (config.shape):
/// the fallback when the producing layer's shape is unknown (a custom layer).
TensorShape recordedShape(const json::Document& doc, NodeId ref)
{
    if (ref == kNoNode || doc.kind(ref) != Kind::Object)
        return TensorShape::unknown();
    LayerArgs a(doc, doc.member(ref, "config"), QString());
    if (auto dims = a.dims({"shape"}))
        return TensorShape{*dims, true};
    return TensorShape::unknown();
}

/// K3 (and tf.keras >= 2.13) layers record the shape they were built with (build_config).
TensorShape builtInputShape(const json::Document& doc, const GraphLayer& layer)
{
    LayerArgs a(doc, doc.member(layer.envelope, "build_config"), QString());
    if (auto dims = a.dims({"input_shape"}))
        return TensorShape{*dims, true};
    return TensorShape::unknown();
}

} // namespace

/// The evaluation loop: a stack of frames, one per model being evaluated.
class ShapeInference::Runner {
public:
    Runner(const json::Document& doc, const ModelGraph& graph, ShapeInference& r) : m_doc(doc), m_g(graph), m_r(r) {}

    void run()
    {
        m_stack.push_back(Frame{0, 0, {}});
        while (!m_stack.empty()) {
            const int child = advance(m_stack.size() - 1);
            if (child < 0)
                m_stack.pop_back();
            else
                m_stack.push_back(Frame{child, 0, std::move(m_pendingInput)});
        }
    }

private:
    struct Inputs {
        std::vector<TensorShape> positional;
        std::vector<std::pair<QString, TensorShape>> keyword;
    };

    /// Runs the frame's calls; returns a nested model to evaluate first, or -1 when done.
    int advance(size_t frameIndex)
    {
        const int model = m_stack[frameIndex].model;
        const GraphModel& m = m_g.models()[size_t(model)];
        while (m_stack[frameIndex].position < m.order.size()) {
            const int c = m.order[m_stack[frameIndex].position];
            const CallNode& call = m_g.calls()[size_t(c)];
            const GraphLayer& layer = m_g.layers()[size_t(call.layer)];
            Inputs in = gather(call, m_stack[frameIndex], m);
            if (layer.submodel >= 0 && !m_r.m_modelDone[size_t(layer.submodel)]) {
                m_pendingInput = std::move(in.positional);
                return layer.submodel;
            }
            evaluate(c, std::move(in));
            ++m_stack[frameIndex].position;
        }
        finishModel(model);
        return -1;
    }

    Inputs gather(const CallNode& call, const Frame& frame, const GraphModel& m)
    {
        Inputs in;
        for (const TensorRef& ref : call.inputs) {
            TensorShape shape = TensorShape::unknown();
            if (ref.isResolved()) {
                auto& outs = m_r.m_callOutputs[size_t(m_g.layers()[size_t(ref.layer)].calls[size_t(ref.call)])];
                if (ref.tensor >= 0 && size_t(ref.tensor) < outs.size())
                    shape = outs[size_t(ref.tensor)];
                if (!shape.known) {
                    shape = recordedShape(m_doc, ref.node);
                    // The producer's row shows the recorded shape too.
                    if (shape.known && ref.tensor >= 0 && size_t(ref.tensor) < 64) {
                        if (outs.size() <= size_t(ref.tensor))
                            outs.resize(size_t(ref.tensor) + 1, TensorShape::unknown());
                        outs[size_t(ref.tensor)] = shape;
                    }
                }
            }
            if (isPositional(ref.argument))
                in.positional.push_back(std::move(shape));
            else
                in.keyword.emplace_back(ref.argument, std::move(shape));
        }
        const GraphLayer& layer = m_g.layers()[size_t(call.layer)];
        if (m.isSequential() && call.inputs.empty() && !layer.isInputLayer()) {
            TensorShape declared = declaredSequentialInput(m_doc, layer, m.config);
            if (!declared.known && !frame.sequentialInput.empty())
                declared = frame.sequentialInput.front();
            in.positional.push_back(std::move(declared));
        }
        if (in.positional.size() == 1 && !in.positional.front().known)
            in.positional.front() = builtInputShape(m_doc, layer);
        return in;
    }

    void evaluate(int c, Inputs in)
    {
        const CallNode& call = m_g.calls()[size_t(c)];
        const GraphLayer& layer = m_g.layers()[size_t(call.layer)];
        LayerState& state = m_r.m_layers[size_t(call.layer)];
        if (layer.submodel >= 0) {
            m_r.m_callOutputs[size_t(c)] = modelOutputs(layer.submodel);
            return;
        }
        LayerResult result = evaluateLayer(m_doc, layer.envelope, std::move(in.positional), std::move(in.keyword));
        if (!state.evaluated) {
            state.evaluated = true;
            state.known = result.known;
            state.weights = std::move(result.weights);
        }
        m_r.m_callOutputs[size_t(c)] = std::move(result.outputs);
    }

    std::vector<TensorShape> modelOutputs(int model) const
    {
        std::vector<TensorShape> shapes;
        for (const TensorRef& ref : m_g.models()[size_t(model)].outputs) {
            TensorShape s = TensorShape::unknown();
            if (ref.isResolved()) {
                const auto& outs = m_r.m_callOutputs[size_t(m_g.layers()[size_t(ref.layer)].calls[size_t(ref.call)])];
                if (ref.tensor >= 0 && size_t(ref.tensor) < outs.size())
                    s = outs[size_t(ref.tensor)];
            }
            shapes.push_back(std::move(s));
        }
        return shapes;
    }

    /// A nested model's layer owns every inner weight; a frozen model freezes them all.
    void finishModel(int model)
    {
        m_r.m_modelDone[size_t(model)] = 1;
        const GraphModel& m = m_g.models()[size_t(model)];
        if (m.ownerLayer < 0)
            return;
        LayerState& owner = m_r.m_layers[size_t(m.ownerLayer)];
        owner.evaluated = true;
        owner.known = true;
        const bool trainable = LayerArgs(m_doc, m.config, m.className).flag({"trainable"}, true)
            && LayerArgs(m_doc, m_g.layers()[size_t(m.ownerLayer)].config, QString()).flag({"trainable"}, true);
        for (int l : m.layers) {
            const LayerState& inner = m_r.m_layers[size_t(l)];
            owner.known = owner.known && inner.evaluated && inner.known;
            for (WeightSpec w : inner.weights) {
                w.trainable = w.trainable && trainable;
                owner.weights.push_back(std::move(w));
            }
        }
    }

    const json::Document& m_doc;
    const ModelGraph& m_g;
    ShapeInference& m_r;
    std::vector<Frame> m_stack;
    std::vector<TensorShape> m_pendingInput;
};

ShapeInference ShapeInference::run(const json::Document& doc, const ModelGraph& graph)
{
    ShapeInference r;
    r.m_lastCall.reserve(graph.layers().size());
    for (const GraphLayer& l : graph.layers())
        r.m_lastCall.push_back(l.calls.empty() ? -1 : l.calls.back());
    r.m_modelLayers.reserve(graph.models().size());
    for (const GraphModel& m : graph.models())
        r.m_modelLayers.push_back(m.layers);
    r.m_callOutputs.resize(graph.calls().size());
    r.m_layers.resize(graph.layers().size());
    r.m_modelDone.assign(graph.models().size(), 0);
    if (graph.isValid())
        Runner(doc, graph, r).run();
    return r;
}

const std::vector<TensorShape>& ShapeInference::layerOutputs(int layer) const
{
    static const std::vector<TensorShape> unknown{TensorShape::unknown()};
    const int last = m_lastCall[size_t(layer)];
    if (last < 0 || m_callOutputs[size_t(last)].empty())
        return unknown;
    return m_callOutputs[size_t(last)];
}

qint64 ShapeInference::params(int layer) const
{
    qint64 n = 0;
    for (const WeightSpec& w : m_layers[size_t(layer)].weights)
        n += w.count();
    return n;
}

qint64 ShapeInference::trainableParams(int model) const
{
    qint64 n = 0;
    for (int l : m_modelLayers[size_t(model)]) {
        for (const WeightSpec& w : m_layers[size_t(l)].weights)
            n += w.trainable ? w.count() : 0;
    }
    return n;
}

qint64 ShapeInference::nonTrainableParams(int model) const
{
    qint64 n = 0;
    for (int l : m_modelLayers[size_t(model)]) {
        for (const WeightSpec& w : m_layers[size_t(l)].weights)
            n += w.trainable ? 0 : w.count();
    }
    return n;
}

bool ShapeInference::isComplete(int model) const
{
    const auto& layers = m_modelLayers[size_t(model)];
    return std::all_of(layers.begin(), layers.end(), [this](int l) { return isKnown(l); });
}

} // namespace kcs::keras
