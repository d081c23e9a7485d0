// SPDX-License-Identifier: GPL-3.0-or-later
// Shape rules: SimpleRNN / LSTM / GRU (with the Keras 1/2 and CuDNN variants) and the
// Bidirectional / TimeDistributed wrappers.
#include "core/keras/ShapeRules.h"
#include "core/keras/ShapeRulesUtil.h"

namespace kcs::keras {

namespace {

struct Cell {
    int gates = 1;
    int states = 1;
    bool cudnn = false;
};

Cell cellOf(QStringView className)
{
    if (className.contains(u"LSTM"))
        return Cell{4, 2, className.startsWith(u"CuDNN")};
    if (className.contains(u"GRU"))
        return Cell{3, 1, className.startsWith(u"CuDNN")};
    return Cell{1, 1, false};
}

void recurrent(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const qint64 units = a.integer({"units", "output_dim"}, -1);
    if (!in || in->rank() != 3 || !in->at(-1) || units < 0)
        return out.fail();
    const Cell cell = cellOf(a.className());
    const qint64 width = cell.gates * units;
    out.add(QStringLiteral("kernel"), {*in->at(-1), width});
    out.add(QStringLiteral("recurrent_kernel"), {units, width});
    if (cell.cudnn)
        out.add(QStringLiteral("bias"), {2 * width}); // cuDNN keeps separate input and recurrent biases
    else if (cell.gates == 3 && a.flag({"reset_after"}, false) && a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {2, width});
    else if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {width});
    if (a.flag({"return_sequences"}, false))
        out.setOutput(TensorShape{{in->dims[0], in->dims[1], units}, true});
    else
        out.setOutput(TensorShape{{in->dims[0], units}, true});
    if (a.flag({"return_state"}, false)) {
        for (int i = 0; i < cell.states; ++i)
            out.outputs.push_back(TensorShape{{in->dims[0], units}, true});
    }
}

void prefixWeights(LayerResult& into, const LayerResult& from, const QString& prefix)
{
    for (const WeightSpec& w : from.weights)
        into.weights.push_back(WeightSpec{prefix + w.name, w.shape, w.trainable});
}

void bidirectional(const LayerArgs& a, LayerResult& out)
{
    const json::NodeId inner = a.find({"layer"});
    const json::NodeId backward = a.find({"backward_layer"});
    const LayerResult fwd = evaluateLayer(a.doc(), inner, a.inputs, a.keywordInputs, a.wrapperDepth() + 1);
    const LayerResult bwd = backward != json::kNoNode && a.doc().kind(backward) == json::Kind::Object
        ? evaluateLayer(a.doc(), backward, a.inputs, a.keywordInputs, a.wrapperDepth() + 1)
        : fwd;
    if (!fwd.known || !bwd.known || !fwd.outputs.front().known || !bwd.outputs.front().known)
        return out.fail();
    prefixWeights(out, fwd, QStringLiteral("forward/"));
    prefixWeights(out, bwd, QStringLiteral("backward/"));
    const TensorShape& f = fwd.outputs.front();
    const TensorShape& b = bwd.outputs.front();
    const bool separate = a.has({"merge_mode"}) && a.isNull({"merge_mode"});
    if (separate) {
        out.outputs = {f, b};
    } else if (a.text({"merge_mode"}, QStringLiteral("concat")) == u"concat") {
        TensorShape o = f;
        o.dims.back() = f.at(-1) && b.at(-1) ? Dim(*f.at(-1) + *b.at(-1)) : std::nullopt;
        out.setOutput(std::move(o));
    } else {
        out.setOutput(f);
    }
    out.outputs.insert(out.outputs.end(), fwd.outputs.begin() + 1, fwd.outputs.end());
    out.outputs.insert(out.outputs.end(), bwd.outputs.begin() + 1, bwd.outputs.end());
}

void timeDistributed(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() < 3)
        return out.fail();
    TensorShape step = *in;
    step.dims.erase(step.dims.begin() + 1);
    LayerResult inner = evaluateLayer(a.doc(), a.find({"layer"}), {step}, {}, a.wrapperDepth() + 1);
    if (!inner.known)
        return out.fail();
    out.weights = std::move(inner.weights);
    for (TensorShape& o : inner.outputs) {
        if (!o.known || o.rank() < 1)
            return out.fail();
        o.dims.insert(o.dims.begin() + 1, in->dims[1]);
        out.outputs.push_back(o);
    }
}

} // namespace

void addRecurrentRules(RuleTable& t)
{
    t.insert(t.end(), {
        {u"SimpleRNN", recurrent}, {u"LSTM", recurrent}, {u"GRU", recurrent},
        {u"CuDNNLSTM", recurrent}, {u"CuDNNGRU", recurrent}, {u"UnifiedLSTM", recurrent},
        {u"UnifiedGRU", recurrent}, {u"LSTMV1", recurrent}, {u"GRUV1", recurrent},
        {u"Bidirectional", bidirectional}, {u"TimeDistributed", timeDistributed},
    });
}

} // namespace kcs::keras
