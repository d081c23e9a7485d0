// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to the shape rules: small shape arithmetic shared by the rule families.

#include "core/keras/ShapeRules.h"

namespace kcs::keras {

/// The first input when it is known; otherwise marks out unknown and returns nullptr.
inline const TensorShape* firstInput(const LayerArgs& a, LayerResult& out)
{
    if (a.inputs.empty() || !a.inputs.front().known) {
        out.fail();
        return nullptr;
    }
    return &a.inputs.front();
}

/// A Python axis (negative counts from the back) as an index into rank dims, or -1.
inline int normalizeAxis(int axis, int rank)
{
    const int i = axis < 0 ? rank + axis : axis;
    return i >= 0 && i < rank ? i : -1;
}

/// Elements per sample (batch excluded), when all are known.
inline std::optional<qint64> elementCount(const TensorShape& s)
{
    qint64 n = 1;
    for (int i = 1; i < s.rank(); ++i) {
        if (!s.dims[size_t(i)])
            return std::nullopt;
        n *= *s.dims[size_t(i)];
    }
    return n;
}

/// Broadcasting of two shapes, aligned at the back (None where either is unknown and the other
/// is not 1).
inline TensorShape broadcast(const TensorShape& a, const TensorShape& b)
{
    const TensorShape& longer = a.rank() >= b.rank() ? a : b;
    const TensorShape& shorter = a.rank() >= b.rank() ? b : a;
    TensorShape o = longer;
    const int offset = longer.rank() - shorter.rank();
    for (int i = 0; i < shorter.rank(); ++i) {
        const Dim x = longer.dims[size_t(i + offset)];
        const Dim y = shorter.dims[size_t(i)];
        if (x == Dim(1))
            o.dims[size_t(i + offset)] = y;
        else if (y == Dim(1) || x == y)
            o.dims[size_t(i + offset)] = x;
        else if (!x || !y)
            o.dims[size_t(i + offset)] = x ? x : y;
    }
    return o;
}

/// Length of a convolution or pooling output along one axis (padding "valid", "same",
/// "causal" or Keras 1's "full").
inline Dim convLength(Dim n, qint64 kernel, const QString& padding, qint64 stride, qint64 dilation)
{
    if (!n || stride <= 0)
        return std::nullopt;
    const qint64 k = (kernel - 1) * dilation + 1;
    qint64 length = *n;
    if (padding == u"valid")
        length = *n - k + 1;
    else if (padding == u"full")
        length = *n + k - 1;
    return (length + stride - 1) / stride;
}

/// Length of a transposed convolution output along one axis (K2 deconv_output_length).
inline Dim deconvLength(Dim n, qint64 kernel, const QString& padding, std::optional<qint64> outputPadding,
                        qint64 stride, qint64 dilation)
{
    if (!n)
        return std::nullopt;
    const qint64 k = (kernel - 1) * dilation + 1;
    if (!outputPadding) {
        if (padding == u"valid")
            return *n * stride + std::max<qint64>(k - stride, 0);
        if (padding == u"full")
            return *n * stride - (stride + k - 2);
        return *n * stride;
    }
    const qint64 pad = padding == u"same" ? k / 2 : padding == u"full" ? k - 1 : 0;
    return (*n - 1) * stride + k - 2 * pad + *outputPadding;
}

/// The positions of the spatial axes and of the channel axis of an (N, spatial..., C) or
/// (N, C, spatial...) tensor of the given spatial rank; false when in has another rank.
struct SpatialLayout {
    int firstSpatial = 1;
    int channel = -1;
};
inline bool spatialLayout(const TensorShape& in, int spatialRank, bool channelsFirst, SpatialLayout& l)
{
    if (!in.known || in.rank() != spatialRank + 2)
        return false;
    l.firstSpatial = channelsFirst ? 2 : 1;
    l.channel = channelsFirst ? 1 : in.rank() - 1;
    return true;
}

} // namespace kcs::keras
