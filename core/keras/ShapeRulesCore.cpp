// SPDX-License-Identifier: GPL-3.0-or-later
// Shape rules: inputs, dense/embedding, element-wise layers, reshaping, merging, preprocessing.
#include "core/keras/ShapeRules.h"
#include "core/keras/ShapeRulesUtil.h"

#include <QStringList>

namespace kcs::keras {

namespace {

void inputLayer(const LayerArgs& a, LayerResult& out)
{
    if (auto batch = a.dims({"batch_shape", "batch_input_shape"})) {
        out.setOutput(TensorShape{*batch, true});
        return;
    }
    if (auto shape = a.dims({"shape", "input_shape"})) {
        out.setOutput(batchShape(*shape));
        return;
    }
    out.fail();
}

void dense(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const qint64 units = a.integer({"units", "output_dim"}, -1);
    if (!in || in->rank() < 2 || !in->at(-1) || units < 0)
        return out.fail();
    out.add(QStringLiteral("kernel"), {*in->at(-1), units});
    if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {units});
    TensorShape o = *in;
    o.dims.back() = units;
    out.setOutput(std::move(o));
}

/// Keras 1 MaxoutDense: nb_feature dense maps, the maximum taken.
void maxoutDense(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const qint64 units = a.integer({"output_dim"}, -1);
    const qint64 features = a.integer({"nb_feature"}, 4);
    if (!in || in->rank() != 2 || !in->at(-1) || units < 0)
        return out.fail();
    out.add(QStringLiteral("W"), {features, *in->at(-1), units});
    if (a.flag({"bias"}, true))
        out.add(QStringLiteral("b"), {features, units});
    out.setOutput(batchShape({units}));
}

/// Keras 1 Highway: a transform and a carry gate, both input_dim x input_dim.
void highway(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() != 2 || !in->at(-1))
        return out.fail();
    const qint64 d = *in->at(-1);
    out.add(QStringLiteral("W"), {d, d});
    out.add(QStringLiteral("W_carry"), {d, d});
    if (a.flag({"bias"}, true)) {
        out.add(QStringLiteral("b"), {d});
        out.add(QStringLiteral("b_carry"), {d});
    }
    out.setOutput(*in);
}

/// RandomHeight / RandomWidth: the resized axis becomes unknown.
void randomResize(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() < 3)
        return out.fail();
    TensorShape o = *in;
    const int h = a.channelsFirst() ? o.rank() - 2 : o.rank() - 3;
    o.dims[size_t(a.className() == u"RandomHeight" ? h : h + 1)] = std::nullopt;
    out.setOutput(std::move(o));
}

void embedding(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const qint64 vocabulary = a.integer({"input_dim"}, -1);
    const qint64 width = a.integer({"output_dim"}, -1);
    if (!in || vocabulary < 0 || width < 0)
        return out.fail();
    out.add(QStringLiteral("embeddings"), {vocabulary, width});
    TensorShape o = *in;
    o.dims.emplace_back(width);
    out.setOutput(std::move(o));
}

/// Layers whose output has the input's shape and that own no weights.
void passThrough(const LayerArgs& a, LayerResult& out)
{
    if (const TensorShape* in = firstInput(a, out))
        out.setOutput(*in);
}

void prelu(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || !fullyKnown(*in))
        return out.fail();
    std::vector<qint64> alpha;
    for (int i = 1; i < in->rank(); ++i)
        alpha.push_back(*in->dims[size_t(i)]);
    const json::NodeId shared = a.find({"shared_axes"});
    for (int i = 0; shared != json::kNoNode && i < a.doc().childCount(shared); ++i) {
        const qint64 axis = a.doc().toInt64(a.doc().child(shared, i)).value_or(0);
        if (axis >= 1 && axis <= qint64(alpha.size()))
            alpha[size_t(axis - 1)] = 1;
    }
    if (shared != json::kNoNode && a.doc().kind(shared) == json::Kind::Number) {
        const qint64 axis = a.doc().toInt64(shared).value_or(0);
        if (axis >= 1 && axis <= qint64(alpha.size()))
            alpha[size_t(axis - 1)] = 1;
    }
    out.add(QStringLiteral("alpha"), alpha);
    out.setOutput(*in);
}

void flatten(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in)
        return;
    Dim size = 1;
    for (int i = 1; i < in->rank() && size; ++i)
        size = in->dims[size_t(i)] ? Dim(*size * *in->dims[size_t(i)]) : std::nullopt;
    out.setOutput(batchShape({size}));
}

void reshape(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    auto target = a.dims({"target_shape", "dims"});
    if (!in || !target)
        return out.fail();
    qint64 known = 1;
    int unknownAt = -1;
    for (size_t i = 0; i < target->size(); ++i) {
        if ((*target)[i] && *(*target)[i] == -1)
            unknownAt = int(i);
        else if ((*target)[i])
            known *= *(*target)[i];
    }
    if (unknownAt >= 0) {
        const std::optional<qint64> total = elementCount(*in);
        (*target)[size_t(unknownAt)] = total && known > 0 ? Dim(*total / known) : std::nullopt;
    }
    out.setOutput(batchShape(*target));
}

void permute(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    auto dims = a.dims({"dims"});
    if (!in || !dims)
        return out.fail();
    TensorShape o = batchShape({});
    for (const Dim& d : *dims)
        o.dims.push_back(d ? in->at(int(*d)) : std::nullopt);
    out.setOutput(std::move(o));
}

void repeatVector(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() != 2)
        return out.fail();
    out.setOutput(batchShape({a.integer({"n"}, 0), in->at(1)}));
}

/// Add, Subtract, Multiply, Average, Maximum, Minimum: NumPy-style broadcasting.
void elementwise(const LayerArgs& a, LayerResult& out)
{
    if (a.inputs.empty())
        return out.fail();
    TensorShape o = a.inputs.front();
    for (const TensorShape& s : a.inputs) {
        if (!s.known)
            return out.fail();
        o = broadcast(o, s);
    }
    out.setOutput(std::move(o));
}

void concatenate(const LayerArgs& a, LayerResult& out)
{
    if (a.inputs.empty() || !a.inputs.front().known)
        return out.fail();
    TensorShape o = a.inputs.front();
    const int axis = normalizeAxis(int(a.integer({"axis", "concat_axis"}, -1)), o.rank());
    if (axis < 0)
        return out.fail();
    for (size_t i = 1; i < a.inputs.size(); ++i) {
        const TensorShape& s = a.inputs[i];
        if (!s.known || s.rank() != o.rank())
            return out.fail();
        const Dim add = s.dims[size_t(axis)];
        o.dims[size_t(axis)] = o.dims[size_t(axis)] && add ? Dim(*o.dims[size_t(axis)] + *add) : std::nullopt;
    }
    out.setOutput(std::move(o));
}

void dot(const LayerArgs& a, LayerResult& out)
{
    if (a.inputs.size() != 2 || !a.inputs[0].known || !a.inputs[1].known)
        return out.fail();
    auto axes = a.tuple({"axes", "dot_axes"}, 2);
    if (!axes)
        return out.fail();
    std::vector<Dim> s1 = a.inputs[0].dims;
    std::vector<Dim> s2 = a.inputs[1].dims;
    const int a1 = normalizeAxis(int((*axes)[0]), int(s1.size()));
    const int a2 = normalizeAxis(int((*axes)[1]), int(s2.size()));
    if (a1 < 0 || a2 < 0 || s2.empty())
        return out.fail();
    s1.erase(s1.begin() + a1);
    s2.erase(s2.begin() + a2);
    s2.erase(s2.begin()); // the batch dimension
    s1.insert(s1.end(), s2.begin(), s2.end());
    if (s1.size() == 1)
        s1.emplace_back(1);
    out.setOutput(TensorShape{s1, true});
}

/// Keras 1's Merge layer: the mode names the operation.
void mergeK1(const LayerArgs& a, LayerResult& out)
{
    const QString mode = a.text({"mode"}, QStringLiteral("sum"));
    if (mode == u"concat")
        return concatenate(a, out);
    if (mode == u"dot")
        return dot(a, out);
    if (mode == u"cos")
        return out.setOutput(batchShape({1}));
    if (mode == u"sum" || mode == u"mul" || mode == u"ave" || mode == u"max")
        return elementwise(a, out);
    out.fail();
}

/// Resizing / CenterCrop / RandomCrop: height and width replace the spatial dimensions.
void resizeLike(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() < 3)
        return out.fail();
    TensorShape o = *in;
    const int h = a.channelsFirst() ? o.rank() - 2 : o.rank() - 3;
    o.dims[size_t(h)] = a.integer({"height"}, 0);
    o.dims[size_t(h + 1)] = a.integer({"width"}, 0);
    out.setOutput(std::move(o));
}

void categoryEncoding(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const qint64 tokens = a.integer({"num_tokens", "max_tokens"}, -1);
    if (!in || tokens < 0)
        return out.fail();
    TensorShape o = *in;
    const bool oneHot = a.text({"output_mode"}) == u"one_hot";
    if (o.rank() <= 1 || (oneHot && o.at(-1) != Dim(1)))
        o.dims.emplace_back(tokens);
    else
        o.dims.back() = tokens;
    out.setOutput(std::move(o));
}

void textVectorization(const LayerArgs& a, LayerResult& out)
{
    const QString mode = a.text({"output_mode"}, QStringLiteral("int"));
    const qint64 length = a.integer({"output_sequence_length"}, -1);
    if (mode == u"int" && length > 0)
        out.setOutput(batchShape({length}));
    else if (mode != u"int" && a.integer({"max_tokens"}, -1) > 0)
        out.setOutput(batchShape({a.integer({"max_tokens"}, 0)}));
    else
        out.fail();
}

/// Lambda and the tf.keras op layers (TFOpLambda, SlicingOpLambda, TensorFlowOpLayer) never own
/// weights, so their parameter count is known (0) even when their output shape is not; for
/// common element-wise tf functions the shape follows from the inputs.
void opLambda(const LayerArgs& a, LayerResult& out)
{
    static const QStringList unary{"nn.relu", "nn.relu6", "nn.gelu", "nn.silu", "nn.swish", "nn.elu", "nn.selu",
                                   "nn.softmax", "nn.sigmoid", "math.sigmoid", "math.tanh", "math.exp", "math.log",
                                   "math.sqrt", "math.square", "math.abs", "math.negative", "identity", "nn.softplus"};
    static const QStringList binary{"__operators__.add", "__operators__.sub", "__operators__.mul",
                                    "__operators__.truediv", "math.add", "math.subtract", "math.multiply",
                                    "math.divide", "math.truediv", "math.maximum", "math.minimum", "math.pow"};
    const QString function = a.text({"function"});
    out.setOutput(TensorShape::unknown());
    if (a.inputs.empty() || !a.inputs.front().known)
        return;
    if (unary.contains(function)) {
        out.setOutput(a.inputs.front());
    } else if (binary.contains(function)) {
        std::optional<TensorShape> other = a.keyword(u"y");
        if (!other && a.inputs.size() > 1)
            other = a.inputs[1];
        if (!other)
            out.setOutput(a.inputs.front()); // a constant operand keeps the tensor's shape
        else if (other->known)
            out.setOutput(broadcast(a.inputs.front(), *other));
    }
}

} // namespace

void addCoreRules(RuleTable& t)
{
    t.insert(t.end(), {
        {u"InputLayer", inputLayer},
        {u"Dense", dense}, {u"TimeDistributedDense", dense},
        {u"Embedding", embedding}, {u"MaxoutDense", maxoutDense}, {u"Highway", highway},
        {u"RandomHeight", randomResize}, {u"RandomWidth", randomResize},
        {u"PReLU", prelu},
        {u"Flatten", flatten}, {u"Reshape", reshape}, {u"Permute", permute}, {u"RepeatVector", repeatVector},
        {u"Add", elementwise}, {u"Subtract", elementwise}, {u"Multiply", elementwise},
        {u"Average", elementwise}, {u"Maximum", elementwise}, {u"Minimum", elementwise},
        {u"Concatenate", concatenate}, {u"Dot", dot}, {u"Merge", mergeK1},
        {u"Resizing", resizeLike}, {u"CenterCrop", resizeLike}, {u"RandomCrop", resizeLike},
        {u"CategoryEncoding", categoryEncoding}, {u"TextVectorization", textVectorization},
        {u"Lambda", opLambda}, {u"TFOpLambda", opLambda}, {u"SlicingOpLambda", opLambda},
        {u"TensorFlowOpLayer", opLambda},
    });
    for (QStringView name : {u"Activation", u"ReLU", u"LeakyReLU", u"ELU", u"ThresholdedReLU", u"Softmax",
                             u"Dropout", u"SpatialDropout1D", u"SpatialDropout2D", u"SpatialDropout3D",
                             u"GaussianNoise", u"GaussianDropout", u"AlphaDropout", u"ActivityRegularization",
                             u"Masking", u"Identity", u"Rescaling", u"RandomFlip", u"RandomRotation",
                             u"RandomZoom", u"RandomContrast", u"RandomTranslation", u"RandomBrightness",
                             u"UnitNormalization", u"StringLookup",
                             u"IntegerLookup", u"Hashing", u"Discretization"})
        t.emplace_back(name, passThrough);
}

} // namespace kcs::keras
