// SPDX-License-Identifier: GPL-3.0-or-later
// Shape rules: batch, layer, group normalization and the Normalization preprocessing layer.
#include "core/keras/ShapeRules.h"
#include "core/keras/ShapeRulesUtil.h"

namespace kcs::keras {

namespace {

/// The sizes of the axes named by key (an int or a list of ints; fallback when absent);
/// nullopt when an axis is out of range or its size unknown.
std::optional<std::vector<qint64>> axisSizes(const LayerArgs& a, const TensorShape& in, qint64 fallback)
{
    std::vector<qint64> axes;
    const json::NodeId v = a.find({"axis"});
    const json::Document& doc = a.doc();
    if (v == json::kNoNode || doc.kind(v) == json::Kind::Null) {
        axes.push_back(fallback);
    } else if (doc.kind(v) == json::Kind::Number) {
        axes.push_back(doc.toInt64(v).value_or(fallback));
    } else if (doc.kind(v) == json::Kind::Array) {
        for (int i = 0; i < doc.childCount(v); ++i)
            axes.push_back(doc.toInt64(doc.child(v, i)).value_or(fallback));
    }
    std::vector<qint64> sizes;
    for (qint64 axis : axes) {
        const int i = normalizeAxis(int(axis), in.rank());
        if (i < 0 || !in.dims[size_t(i)])
            return std::nullopt;
        sizes.push_back(*in.dims[size_t(i)]);
    }
    return sizes;
}

void batchNorm(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const auto sizes = in ? axisSizes(a, *in, -1) : std::nullopt;
    if (!sizes)
        return out.fail();
    if (a.flag({"scale"}, true))
        out.add(QStringLiteral("gamma"), *sizes);
    if (a.flag({"center"}, true))
        out.add(QStringLiteral("beta"), *sizes);
    out.add(QStringLiteral("moving_mean"), *sizes, false);
    out.add(QStringLiteral("moving_variance"), *sizes, false);
    out.setOutput(*in);
}

void layerNorm(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const auto sizes = in ? axisSizes(a, *in, -1) : std::nullopt;
    if (!sizes)
        return out.fail();
    if (a.flag({"scale"}, true))
        out.add(QStringLiteral("gamma"), *sizes);
    if (a.flag({"center"}, true) && !a.flag({"rms_scaling"}, false))
        out.add(QStringLiteral("beta"), *sizes);
    out.setOutput(*in);
}

void groupNorm(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    const auto sizes = in ? axisSizes(a, *in, -1) : std::nullopt;
    if (!sizes || sizes->size() != 1)
        return out.fail();
    if (a.flag({"scale"}, true))
        out.add(QStringLiteral("gamma"), *sizes);
    if (a.flag({"center"}, true))
        out.add(QStringLiteral("beta"), *sizes);
    out.setOutput(*in);
}

/// Normalization keeps mean, variance and a scalar count as non-trainable state unless the
/// config fixes mean and variance.
void normalization(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    if (!in)
        return;
    out.setOutput(*in);
    if (!a.isNull({"mean"}))
        return;
    const bool noAxis = a.has({"axis"}) && a.isNull({"axis"});
    const auto sizes = noAxis ? std::optional<std::vector<qint64>>(std::vector<qint64>{}) : axisSizes(a, *in, -1);
    if (!sizes)
        return out.fail();
    out.add(QStringLiteral("mean"), *sizes, false);
    out.add(QStringLiteral("variance"), *sizes, false);
    out.add(QStringLiteral("count"), {}, false);
}

} // namespace

void addNormRules(RuleTable& t)
{
    t.insert(t.end(), {
        {u"BatchNormalization", batchNorm}, {u"BatchNormalizationV1", batchNorm},
        {u"BatchNormalizationV2", batchNorm}, {u"SyncBatchNormalization", batchNorm},
        {u"LayerNormalization", layerNorm}, {u"GroupNormalization", groupNorm},
        {u"Normalization", normalization},
    });
}

} // namespace kcs::keras
