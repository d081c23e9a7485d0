// SPDX-License-Identifier: GPL-3.0-or-later
// Shape rules: MultiHeadAttention, Attention, AdditiveAttention and EinsumDense.
#include "core/keras/ShapeRules.h"
#include "core/keras/ShapeRulesUtil.h"

#include <QRegularExpression>

#include <algorithm>

namespace kcs::keras {

namespace {

/// The shapes of one einsum dense: kernel, bias (empty when none) and the output.
struct EinsumShapes {
    std::vector<Dim> kernel;
    std::vector<Dim> bias;
    std::vector<Dim> output;
    bool ok = false;
};

Dim pyIndex(const std::vector<Dim>& v, qsizetype i)
{
    const qsizetype n = qsizetype(v.size());
    const qsizetype j = i < 0 ? n + i : i;
    return j >= 0 && j < n ? v[size_t(j)] : std::nullopt;
}

/// The three subscript strings of an EinsumDense equation, with "..." on the left or right.
struct EinsumSpec {
    QString input, weight, output;
    bool leftElided = false;
    bool ok = false;
};

EinsumSpec parseEinsum(const QString& equation)
{
    QString eq = equation;
    eq.replace(QLatin1String("..."), QLatin1String("0"));
    static const QRegularExpression plain(QStringLiteral("^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"));
    static const QRegularExpression left(QStringLiteral("^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$"));
    static const QRegularExpression right(QStringLiteral("^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$"));
    EinsumSpec spec;
    QRegularExpressionMatch m = plain.match(eq);
    if (!m.hasMatch()) {
        m = left.match(eq);
        spec.leftElided = m.hasMatch();
        if (!spec.leftElided)
            m = right.match(eq);
    }
    if (m.hasMatch())
        spec = EinsumSpec{m.captured(1), m.captured(2), m.captured(3), spec.leftElided, true};
    return spec;
}

/// Follows Keras's analysis of an EinsumDense equation ("ab,bc->ac", "...b,bc->...c",
/// "abc...,cd->abd..."): the output shape given without its batch dimension, elided axes
/// copied from the input.
EinsumShapes analyzeEinsum(const QString& equation, const QString& biasAxes, const std::vector<Dim>& input,
                           std::vector<Dim> output)
{
    EinsumShapes r;
    const EinsumSpec spec = parseEinsum(equation);
    if (!spec.ok || input.empty())
        return r;
    const bool leftElided = spec.leftElided;
    const QString& inSpec = spec.input;
    const QString& wSpec = spec.weight;
    const QString& outSpec = spec.output;
    const qsizetype elided = qsizetype(input.size()) - inSpec.size();
    output.insert(output.begin(), input.front());
    if (elided > 0 && leftElided) {
        for (qsizetype i = 1; i < elided; ++i)
            output.insert(output.begin() + 1, input[size_t(i)]);
    } else if (elided > 0) {
        for (qsizetype i = qsizetype(input.size()) - elided; i < qsizetype(input.size()); ++i)
            output.push_back(input[size_t(i)]);
    }
    const auto inIndex = [&](QChar c) -> qsizetype {
        const qsizetype i = inSpec.indexOf(c);
        return i < 0 ? -1 : leftElided ? i + elided - qsizetype(input.size()) : i;
    };
    const auto outIndex = [&](QChar c) -> std::optional<qsizetype> {
        const qsizetype i = outSpec.indexOf(c);
        if (i < 0)
            return std::nullopt;
        return leftElided ? i + elided - qsizetype(output.size()) : i;
    };
    for (QChar c : wSpec) {
        if (inSpec.contains(c))
            r.kernel.push_back(pyIndex(input, inIndex(c)));
        else if (auto o = outIndex(c))
            r.kernel.push_back(pyIndex(output, *o));
        else
            return r;
    }
    if (!biasAxes.isEmpty()) {
        qsizetype first = outSpec.size();
        for (QChar c : biasAxes)
            first = std::min(first, outSpec.indexOf(c) < 0 ? first : outSpec.indexOf(c));
        for (qsizetype i = first; i < outSpec.size(); ++i)
            r.bias.push_back(biasAxes.contains(outSpec[i]) ? pyIndex(output, *outIndex(outSpec[i])) : Dim(1));
        if (!leftElided)
            r.bias.insert(r.bias.end(), size_t(std::max<qsizetype>(elided, 0)), Dim(1));
    }
    r.output = std::move(output);
    r.ok = true;
    return r;
}

/// A weight shape with every dimension known, or nullopt.
std::optional<std::vector<qint64>> known(const std::vector<Dim>& dims)
{
    std::vector<qint64> out;
    for (const Dim& d : dims) {
        if (!d)
            return std::nullopt;
        out.push_back(*d);
    }
    return out;
}

void einsumDense(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* in = firstInput(a, out);
    std::vector<Dim> partial;
    if (auto list = a.dims({"output_shape"}))
        partial = *list;
    else if (a.has({"output_shape"}))
        partial = {a.integer({"output_shape"}, 0)};
    if (!in)
        return;
    const EinsumShapes s = analyzeEinsum(a.text({"equation"}), a.text({"bias_axes"}), in->dims, partial);
    const auto kernel = known(s.kernel);
    const auto bias = known(s.bias);
    if (!s.ok || !kernel || !bias)
        return out.fail();
    out.add(QStringLiteral("kernel"), *kernel);
    if (!s.bias.empty())
        out.add(QStringLiteral("bias"), *bias);
    out.setOutput(TensorShape{s.output, true});
}

void multiHeadAttention(const LayerArgs& a, LayerResult& out)
{
    const TensorShape* query = firstInput(a, out);
    if (!query)
        return;
    std::optional<TensorShape> value = a.keyword(u"value");
    if (!value && a.inputs.size() > 1)
        value = a.inputs[1];
    std::optional<TensorShape> key = a.keyword(u"key");
    if (!key && a.inputs.size() > 2)
        key = a.inputs[2];
    if (!key)
        key = value;
    const qint64 heads = a.integer({"num_heads"}, -1);
    const qint64 keyDim = a.integer({"key_dim"}, -1);
    const qint64 valueDim = a.integer({"value_dim"}, keyDim);
    if (!value || !value->known || !key->known || heads < 0 || keyDim < 0 || !query->at(-1) || !value->at(-1)
        || !key->at(-1))
        return out.fail();
    std::vector<qint64> outShape{*query->at(-1)};
    if (auto list = a.dims({"output_shape"}); list && known(*list))
        outShape = *known(*list);
    else if (!a.isNull({"output_shape"}))
        outShape = {a.integer({"output_shape"}, *query->at(-1))};
    const bool bias = a.flag({"use_bias"}, true);
    const auto project = [&](const QString& name, qint64 from, qint64 width) {
        out.add(name + QStringLiteral("/kernel"), {from, heads, width});
        if (bias)
            out.add(name + QStringLiteral("/bias"), {heads, width});
    };
    project(QStringLiteral("query"), *query->at(-1), keyDim);
    project(QStringLiteral("key"), *key->at(-1), keyDim);
    project(QStringLiteral("value"), *value->at(-1), valueDim);
    std::vector<qint64> outKernel{heads, valueDim};
    outKernel.insert(outKernel.end(), outShape.begin(), outShape.end());
    out.add(QStringLiteral("attention_output/kernel"), outKernel);
    if (bias)
        out.add(QStringLiteral("attention_output/bias"), outShape);
    TensorShape o = *query;
    o.dims.pop_back();
    o.dims.insert(o.dims.end(), outShape.begin(), outShape.end());
    out.setOutput(std::move(o));
}

/// Attention / AdditiveAttention: called on [query, value(, key)].
void attention(const LayerArgs& a, LayerResult& out)
{
    if (a.inputs.size() < 2 || !a.inputs[0].known || !a.inputs[1].known)
        return out.fail();
    const TensorShape& query = a.inputs[0];
    const bool additive = a.className() == u"AdditiveAttention";
    if (a.flag({"use_scale"}, additive)) {
        if (additive && !query.at(-1))
            return out.fail();
        out.add(QStringLiteral("scale"), additive ? std::vector<qint64>{*query.at(-1)} : std::vector<qint64>{});
    }
    if (a.text({"score_mode"}) == u"concat")
        out.add(QStringLiteral("concat_score_weight"), {});
    TensorShape o = query;
    o.dims.back() = a.inputs[1].at(-1);
    out.setOutput(std::move(o));
}

} // namespace

void addAttentionRules(RuleTable& t)
{
    t.insert(t.end(), {
        {u"MultiHeadAttention", multiHeadAttention}, {u"EinsumDense", einsumDense},
        {u"Attention", attention}, {u"AdditiveAttention", attention},
    });
}

} // namespace kcs::keras
