// SPDX-License-Identifier: GPL-3.0-or-later
// Shape rules: convolutions (plain, transposed, separable, depthwise), pooling, padding,
// cropping and upsampling, in 1, 2 and 3 spatial dimensions, with Keras 1 key spellings.
#include "core/keras/ShapeRules.h"
#include "core/keras/ShapeRulesUtil.h"

namespace kcs::keras {

namespace {

using Ints = std::vector<qint64>;

template <int R>
std::optional<Ints> kernelSize(const LayerArgs& a)
{
    if (auto k = a.tuple({"kernel_size"}, R))
        return k;
    if constexpr (R == 1)
        return a.tuple({"filter_length"}, 1);
    if constexpr (R == 2) {
        if (a.has({"nb_row"}))
            return Ints{a.integer({"nb_row"}, 1), a.integer({"nb_col"}, 1)};
    }
    if constexpr (R == 3) {
        if (a.has({"kernel_dim1"}))
            return Ints{a.integer({"kernel_dim1"}, 1), a.integer({"kernel_dim2"}, 1), a.integer({"kernel_dim3"}, 1)};
    }
    return std::nullopt;
}

template <int R>
Ints stridesOf(const LayerArgs& a)
{
    return a.tuple({"strides", "subsample", "subsample_length"}, R).value_or(Ints(size_t(R), 1));
}

template <int R>
Ints dilationOf(const LayerArgs& a)
{
    return a.tuple({"dilation_rate", "atrous_rate"}, R).value_or(Ints(size_t(R), 1));
}

QString paddingOf(const LayerArgs& a)
{
    return a.text({"padding", "border_mode"}, QStringLiteral("valid"));
}

/// Everything a convolution-like rule needs, read once: input layout, kernel, strides, channels.
template <int R>
struct ConvSetup {
    const TensorShape* in = nullptr;
    SpatialLayout layout;
    Ints kernel, strides, dilation;
    QString padding;
    qint64 channels = 0;

    bool read(const LayerArgs& a, LayerResult& out)
    {
        in = firstInput(a, out);
        auto k = kernelSize<R>(a);
        if (!in || !k || !spatialLayout(*in, R, a.channelsFirst(), layout) || !in->dims[size_t(layout.channel)]) {
            out.fail();
            return false;
        }
        kernel = *k;
        strides = stridesOf<R>(a);
        dilation = dilationOf<R>(a);
        padding = paddingOf(a);
        channels = *in->dims[size_t(layout.channel)];
        return true;
    }
    /// The output shape: spatial lengths from lengthOf(axis, n), the channel axis set to c.
    template <class F>
    TensorShape output(qint64 c, F lengthOf) const
    {
        TensorShape o = *in;
        for (int i = 0; i < R; ++i)
            o.dims[size_t(layout.firstSpatial + i)] = lengthOf(i, in->dims[size_t(layout.firstSpatial + i)]);
        o.dims[size_t(layout.channel)] = c;
        return o;
    }
    TensorShape convOutput(qint64 c) const
    {
        return output(c, [this](int i, Dim n) {
            return convLength(n, kernel[size_t(i)], padding, strides[size_t(i)], dilation[size_t(i)]);
        });
    }
    Ints kernelWith(qint64 x, qint64 y) const
    {
        Ints shape = kernel;
        shape.push_back(x);
        shape.push_back(y);
        return shape;
    }
};

template <int R>
void conv(const LayerArgs& a, LayerResult& out)
{
    ConvSetup<R> s;
    if (!s.read(a, out))
        return;
    const qint64 filters = a.integer({"filters", "nb_filter"}, -1);
    const qint64 groups = std::max<qint64>(a.integer({"groups"}, 1), 1);
    if (filters < 0)
        return out.fail();
    out.add(QStringLiteral("kernel"), s.kernelWith(s.channels / groups, filters));
    if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {filters});
    out.setOutput(s.convOutput(filters));
}

template <int R>
void convTranspose(const LayerArgs& a, LayerResult& out)
{
    ConvSetup<R> s;
    if (!s.read(a, out))
        return;
    const qint64 filters = a.integer({"filters", "nb_filter"}, -1);
    if (filters < 0)
        return out.fail();
    out.add(QStringLiteral("kernel"), s.kernelWith(filters, s.channels));
    if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {filters});
    if (auto given = a.dims({"output_shape"}); given && int(given->size()) == R + 2) {
        given->front() = std::nullopt; // Keras 1 Deconvolution2D states its output shape
        out.setOutput(TensorShape{std::move(*given), true});
        return;
    }
    const std::optional<Ints> outputPadding = a.tuple({"output_padding"}, R);
    out.setOutput(s.output(filters, [&](int i, Dim n) {
        const std::optional<qint64> op = outputPadding ? std::optional<qint64>((*outputPadding)[size_t(i)]) : std::nullopt;
        return deconvLength(n, s.kernel[size_t(i)], s.padding, op, s.strides[size_t(i)], s.dilation[size_t(i)]);
    }));
}

template <int R>
void separable(const LayerArgs& a, LayerResult& out)
{
    ConvSetup<R> s;
    if (!s.read(a, out))
        return;
    const qint64 filters = a.integer({"filters", "nb_filter"}, -1);
    const qint64 multiplier = a.integer({"depth_multiplier"}, 1);
    if (filters < 0)
        return out.fail();
    out.add(QStringLiteral("depthwise_kernel"), s.kernelWith(s.channels, multiplier));
    Ints pointwise(static_cast<size_t>(R), 1);
    pointwise.push_back(s.channels * multiplier);
    pointwise.push_back(filters);
    out.add(QStringLiteral("pointwise_kernel"), pointwise);
    if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {filters});
    out.setOutput(s.convOutput(filters));
}

template <int R>
void depthwise(const LayerArgs& a, LayerResult& out)
{
    ConvSetup<R> s;
    if (!s.read(a, out))
        return;
    const qint64 multiplier = a.integer({"depth_multiplier"}, 1);
    out.add(QStringLiteral("depthwise_kernel"), s.kernelWith(s.channels, multiplier));
    if (a.flag({"use_bias", "bias"}, true))
        out.add(QStringLiteral("bias"), {s.channels * multiplier});
    out.setOutput(s.convOutput(s.channels * multiplier));
}

template <int R>
void pool(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    SpatialLayout l;
    if (!in || !spatialLayout(*in, R, a.channelsFirst(), l))
        return out.fail();
    const Ints size = a.tuple({"pool_size", "pool_length"}, R).value_or(Ints(size_t(R), 2));
    const Ints strides = a.isNull({"strides", "stride"}) ? size : a.tuple({"strides", "stride"}, R).value_or(size);
    const QString padding = paddingOf(a);
    TensorShape o = *in;
    for (int i = 0; i < R; ++i) {
        Dim& d = o.dims[size_t(l.firstSpatial + i)];
        d = convLength(d, size[size_t(i)], padding, strides[size_t(i)], 1);
    }
    out.setOutput(std::move(o));
}

template <int R>
void globalPool(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    SpatialLayout l;
    if (!in || !spatialLayout(*in, R, a.channelsFirst(), l))
        return out.fail();
    const Dim channels = in->dims[size_t(l.channel)];
    if (!a.flag({"keepdims"}, false))
        return out.setOutput(batchShape({channels}));
    TensorShape o = *in;
    for (int i = 0; i < R; ++i)
        o.dims[size_t(l.firstSpatial + i)] = 1;
    out.setOutput(std::move(o));
}

/// ZeroPadding / Cropping amounts: an int, R ints (symmetric; 1D: a (left, right) pair), or
/// R (before, after) pairs.
template <int R>
std::optional<std::vector<std::pair<qint64, qint64>>> amounts(const LayerArgs& a, KeyList keys)
{
    const json::Document& doc = a.doc();
    const json::NodeId v = a.find(keys);
    std::vector<std::pair<qint64, qint64>> pairs;
    if (v == json::kNoNode)
        return std::nullopt;
    const auto number = [&doc](json::NodeId n) { return doc.toInt64(n).value_or(qint64(doc.toDouble(n))); };
    if (doc.kind(v) == json::Kind::Number) {
        pairs.assign(size_t(R), {number(v), number(v)});
        return pairs;
    }
    if (doc.kind(v) != json::Kind::Array)
        return std::nullopt;
    if (R == 1 && doc.childCount(v) == 2 && doc.kind(doc.child(v, 0)) == json::Kind::Number)
        return std::vector<std::pair<qint64, qint64>>{{number(doc.child(v, 0)), number(doc.child(v, 1))}};
    if (doc.childCount(v) != R)
        return std::nullopt;
    for (int i = 0; i < R; ++i) {
        const json::NodeId c = doc.child(v, i);
        if (doc.kind(c) == json::Kind::Number)
            pairs.emplace_back(number(c), number(c));
        else if (doc.kind(c) == json::Kind::Array && doc.childCount(c) == 2)
            pairs.emplace_back(number(doc.child(c, 0)), number(doc.child(c, 1)));
        else
            return std::nullopt;
    }
    return pairs;
}

template <int R, int Sign>
void padOrCrop(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    SpatialLayout l;
    const auto p = amounts<R>(a, {"padding", "cropping"});
    if (!in || !p || !spatialLayout(*in, R, a.channelsFirst(), l))
        return out.fail();
    TensorShape o = *in;
    for (int i = 0; i < R; ++i) {
        Dim& d = o.dims[size_t(l.firstSpatial + i)];
        if (d)
            d = *d + Sign * ((*p)[size_t(i)].first + (*p)[size_t(i)].second);
    }
    out.setOutput(std::move(o));
}

template <int R>
void upSample(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    SpatialLayout l;
    if (!in || !spatialLayout(*in, R, a.channelsFirst(), l))
        return out.fail();
    const Ints size = a.tuple({"size", "length"}, R).value_or(Ints(size_t(R), 2));
    TensorShape o = *in;
    for (int i = 0; i < R; ++i) {
        Dim& d = o.dims[size_t(l.firstSpatial + i)];
        if (d)
            d = *d * size[size_t(i)];
    }
    out.setOutput(std::move(o));
}

/// ConvLSTM1D/2D/3D: a convolution per gate (4) over (batch, time, spatial..., channels).
template <int R>
void convLstm(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in || in->rank() != R + 3)
        return out.fail();
    TensorShape step = *in; // one time step: what the gate convolutions see
    step.dims.erase(step.dims.begin() + 1);
    LayerArgs stepArgs(a.doc(), a.config(), a.className(), a.wrapperDepth());
    stepArgs.inputs = {step};
    ConvSetup<R> s;
    const qint64 filters = a.integer({"filters"}, -1);
    if (!s.read(stepArgs, out) || filters < 0)
        return out.fail();
    out.add(QStringLiteral("kernel"), s.kernelWith(s.channels, 4 * filters));
    out.add(QStringLiteral("recurrent_kernel"), s.kernelWith(filters, 4 * filters));
    if (a.flag({"use_bias"}, true))
        out.add(QStringLiteral("bias"), {4 * filters});
    TensorShape o = s.convOutput(filters);
    if (a.flag({"return_sequences"}, false))
        o.dims.insert(o.dims.begin() + 1, in->dims[1]);
    out.setOutput(std::move(o));
    if (a.flag({"return_state"}, false)) {
        TensorShape state = s.convOutput(filters);
        out.outputs.push_back(state);
        out.outputs.push_back(state);
    }
}

} // namespace

void addConvRules(RuleTable& t)
{
    t.insert(t.end(), {
        {u"Conv1D", conv<1>}, {u"Convolution1D", conv<1>}, {u"AtrousConvolution1D", conv<1>},
        {u"Conv2D", conv<2>}, {u"Convolution2D", conv<2>}, {u"AtrousConvolution2D", conv<2>},
        {u"Conv3D", conv<3>}, {u"Convolution3D", conv<3>},
        {u"Conv1DTranspose", convTranspose<1>}, {u"Convolution1DTranspose", convTranspose<1>},
        {u"Conv2DTranspose", convTranspose<2>}, {u"Convolution2DTranspose", convTranspose<2>},
        {u"Deconvolution2D", convTranspose<2>},
        {u"Conv3DTranspose", convTranspose<3>}, {u"Convolution3DTranspose", convTranspose<3>},
        {u"Deconvolution3D", convTranspose<3>},
        {u"SeparableConv1D", separable<1>}, {u"SeparableConvolution1D", separable<1>},
        {u"SeparableConv2D", separable<2>}, {u"SeparableConvolution2D", separable<2>},
        {u"DepthwiseConv1D", depthwise<1>}, {u"DepthwiseConv2D", depthwise<2>},
        {u"MaxPooling1D", pool<1>}, {u"MaxPool1D", pool<1>}, {u"AveragePooling1D", pool<1>}, {u"AvgPool1D", pool<1>},
        {u"MaxPooling2D", pool<2>}, {u"MaxPool2D", pool<2>}, {u"AveragePooling2D", pool<2>}, {u"AvgPool2D", pool<2>},
        {u"MaxPooling3D", pool<3>}, {u"MaxPool3D", pool<3>}, {u"AveragePooling3D", pool<3>}, {u"AvgPool3D", pool<3>},
        {u"GlobalMaxPooling1D", globalPool<1>}, {u"GlobalMaxPool1D", globalPool<1>},
        {u"GlobalAveragePooling1D", globalPool<1>}, {u"GlobalAvgPool1D", globalPool<1>},
        {u"GlobalMaxPooling2D", globalPool<2>}, {u"GlobalMaxPool2D", globalPool<2>},
        {u"GlobalAveragePooling2D", globalPool<2>}, {u"GlobalAvgPool2D", globalPool<2>},
        {u"GlobalMaxPooling3D", globalPool<3>}, {u"GlobalMaxPool3D", globalPool<3>},
        {u"GlobalAveragePooling3D", globalPool<3>}, {u"GlobalAvgPool3D", globalPool<3>},
        {u"ZeroPadding1D", padOrCrop<1, 1>}, {u"ZeroPadding2D", padOrCrop<2, 1>}, {u"ZeroPadding3D", padOrCrop<3, 1>},
        {u"Cropping1D", padOrCrop<1, -1>}, {u"Cropping2D", padOrCrop<2, -1>}, {u"Cropping3D", padOrCrop<3, -1>},
        {u"UpSampling1D", upSample<1>}, {u"UpSampling2D", upSample<2>}, {u"UpSampling3D", upSample<3>},
        {u"ConvLSTM1D", convLstm<1>}, {u"ConvLSTM2D", convLstm<2>}, {u"ConvLSTM3D", convLstm<3>},
    });
}

} // namespace kcs::keras
