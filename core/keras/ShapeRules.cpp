// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ShapeRules.h"

#include <QHash>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

std::optional<TensorShape> LayerArgs::keyword(QStringView name) const
{
    for (const auto& [key, shape] : keywordInputs) {
        if (key == name)
            return shape;
    }
    return std::nullopt;
}

NodeId LayerArgs::find(KeyList keys) const
{
    if (m_config == kNoNode || m_doc.kind(m_config) != Kind::Object)
        return kNoNode;
    for (std::string_view key : keys) {
        const NodeId v = m_doc.member(m_config, key);
        if (v != kNoNode)
            return v;
    }
    return kNoNode;
}

bool LayerArgs::has(KeyList keys) const
{
    return find(keys) != kNoNode;
}

bool LayerArgs::isNull(KeyList keys) const
{
    const NodeId v = find(keys);
    return v == kNoNode || m_doc.kind(v) == Kind::Null;
}

qint64 LayerArgs::integer(KeyList keys, qint64 fallback) const
{
    const NodeId v = find(keys);
    if (v == kNoNode || m_doc.kind(v) != Kind::Number)
        return fallback;
    // Keras 1/2 files sometimes spell ints as floats (2.0); Python int() would accept them.
    return m_doc.toInt64(v).value_or(qint64(m_doc.toDouble(v)));
}

bool LayerArgs::flag(KeyList keys, bool fallback) const
{
    const NodeId v = find(keys);
    if (v == kNoNode || m_doc.kind(v) != Kind::Bool)
        return fallback;
    return m_doc.boolValue(v);
}

QString LayerArgs::text(KeyList keys, const QString& fallback) const
{
    const NodeId v = find(keys);
    if (v == kNoNode || m_doc.kind(v) != Kind::String)
        return fallback;
    return m_doc.string(v);
}

std::optional<std::vector<qint64>> LayerArgs::tuple(KeyList keys, int n) const
{
    const NodeId v = find(keys);
    if (v == kNoNode)
        return std::nullopt;
    std::vector<qint64> out;
    if (m_doc.kind(v) == Kind::Number) {
        out.assign(size_t(n), m_doc.toInt64(v).value_or(qint64(m_doc.toDouble(v))));
        return out;
    }
    if (m_doc.kind(v) != Kind::Array || m_doc.childCount(v) != n)
        return std::nullopt;
    for (int i = 0; i < n; ++i) {
        const NodeId c = m_doc.child(v, i);
        if (m_doc.kind(c) != Kind::Number)
            return std::nullopt;
        out.push_back(m_doc.toInt64(c).value_or(qint64(m_doc.toDouble(c))));
    }
    return out;
}

std::optional<std::vector<Dim>> LayerArgs::dims(KeyList keys) const
{
    const NodeId v = find(keys);
    if (v == kNoNode || m_doc.kind(v) != Kind::Array)
        return std::nullopt;
    std::vector<Dim> out;
    for (int i = 0; i < m_doc.childCount(v); ++i) {
        const NodeId c = m_doc.child(v, i);
        if (m_doc.kind(c) == Kind::Number)
            out.emplace_back(m_doc.toInt64(c).value_or(qint64(m_doc.toDouble(c))));
        else if (m_doc.kind(c) == Kind::Null)
            out.emplace_back(std::nullopt);
        else
            return std::nullopt;
    }
    return out;
}

bool LayerArgs::channelsFirst() const
{
    return text({"data_format"}) == u"channels_first" || text({"dim_ordering"}) == u"th";
}

bool fullyKnown(const TensorShape& s, bool skipBatch)
{
    if (!s.known)
        return false;
    for (int i = skipBatch ? 1 : 0; i < s.rank(); ++i) {
        if (!s.dims[size_t(i)])
            return false;
    }
    return true;
}

namespace {

const QHash<QString, ShapeRule>& ruleTable()
{
    static const QHash<QString, ShapeRule> table = [] {
        RuleTable list;
        addCoreRules(list);
        addConvRules(list);
        addNormRules(list);
        addRecurrentRules(list);
        addAttentionRules(list);
        QHash<QString, ShapeRule> hash;
        for (const auto& [name, rule] : list)
            hash.insert(name.toString(), rule);
        return hash;
    }();
    return table;
}

} // namespace

ShapeRule shapeRule(QStringView className)
{
    return ruleTable().value(className.toString(), nullptr);
}

LayerResult evaluateLayer(const json::Document& doc, NodeId envelope, std::vector<TensorShape> inputs,
                          std::vector<std::pair<QString, TensorShape>> keywordInputs, int wrapperDepth)
{
    LayerResult result;
    const NodeId cls = doc.kind(envelope) == Kind::Object ? doc.member(envelope, "class_name") : kNoNode;
    const QString className = cls != kNoNode ? doc.string(cls) : QString();
    const ShapeRule rule = shapeRule(className);
    if (!rule || wrapperDepth > kMaxWrapperDepth) {
        result.fail();
        return result;
    }
    LayerArgs args(doc, doc.member(envelope, "config"), className, wrapperDepth);
    args.inputs = std::move(inputs);
    args.keywordInputs = std::move(keywordInputs);
    rule(args, result);
    if (result.outputs.empty())
        result.fail();
    // A frozen layer's weights all count as non-trainable (BatchNormalization's moving
    // statistics are non-trainable either way).
    if (!args.flag({"trainable"}, true)) {
        for (WeightSpec& w : result.weights)
            w.trainable = false;
    }
    return result;
}

} // namespace kcs::keras
