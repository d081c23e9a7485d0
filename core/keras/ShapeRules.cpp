// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ShapeRules.h"

#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>

namespace kcs::keras {

using json::Kind;
using json::kNoNode;
using json::NodeId;

namespace {

/// A number read as a Python int: Keras 1/2 files sometimes spell ints as floats (2.0), which
/// Python's int() accepts.
qint64 integerOf(const json::Document& doc, NodeId number)
{
    if (const std::optional<qint64> i = doc.toInt64(number))
        return *i;
    return qint64(doc.toDouble(number));
}

} // namespace

std::optional<TensorShape> LayerArgs::keyword(QStringView name) const
{
    for (const auto& [key, shape] : keywordInputs) {
        if (key == name)
            return shape;
    }
    return std::nullopt;
}

void LayerArgs::indexMembers() const
{
    m_indexed = true;
    if (m_config == kNoNode || m_doc.kind(m_config) != Kind::Object)
        return;
    const int count = m_doc.childCount(m_config);
    m_members.reserve(count);
    for (int i = 0; i < count; ++i) {
        const NodeId member = m_doc.child(m_config, i);
        const QByteArrayView quoted = m_doc.rawKey(member);
        const bool escaped = std::memchr(quoted.data(), '\\', size_t(quoted.size())) != nullptr;
        m_members.append(Member{std::string_view(quoted.data() + 1, size_t(quoted.size() - 2)), member, escaped});
    }
}

NodeId LayerArgs::find(KeyList keys) const
{
    if (!m_indexed)
        indexMembers();
    for (std::string_view key : keys) {
        // From the back: the last of duplicated keys wins, as Python reads them (and as
        // Document::member finds them).
        for (qsizetype i = m_members.size(); i-- > 0;) {
            const Member& m = m_members[i];
            if (m.escaped ? m_doc.keyEquals(m.node, key) : m.key == key)
                return m.node;
        }
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
    return integerOf(m_doc, v);
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
        out.assign(size_t(n), integerOf(m_doc, v));
        return out;
    }
    if (m_doc.kind(v) != Kind::Array || m_doc.childCount(v) != n)
        return std::nullopt;
    for (int i = 0; i < n; ++i) {
        const NodeId c = m_doc.child(v, i);
        if (m_doc.kind(c) != Kind::Number)
            return std::nullopt;
        out.push_back(integerOf(m_doc, c));
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
            out.emplace_back(integerOf(m_doc, c));
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

struct RuleEntry {
    QString className; ///< handed to the rule's LayerArgs (shared, not copied, for every layer)
    ShapeRule rule = nullptr;
};

/// Keyed by the class name's UTF-8 bytes (heterogeneous lookup by std::string_view), so a
/// name is looked up where it stands in the document: no QString is decoded and hashed for
/// each of a model's layers.
struct Utf8Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using RuleMap = std::unordered_map<std::string, RuleEntry, Utf8Hash, std::equal_to<>>;

const RuleMap& ruleTable()
{
    static const RuleMap table = [] {
        RuleTable list;
        addCoreRules(list);
        addConvRules(list);
        addNormRules(list);
        addRecurrentRules(list);
        addAttentionRules(list);
        RuleMap map;
        for (const auto& [name, rule] : list)
            map.insert_or_assign(name.toUtf8().toStdString(), RuleEntry{name.toString(), rule});
        return map;
    }();
    return table;
}

const RuleEntry* findRule(std::string_view utf8ClassName)
{
    const RuleMap& table = ruleTable();
    const auto it = table.find(utf8ClassName);
    return it != table.end() ? &it->second : nullptr;
}

/// The rule of the class named by a class_name value; nullptr when it is not a string or
/// names no built-in layer.
const RuleEntry* findRule(const json::Document& doc, NodeId className)
{
    if (className == kNoNode || doc.kind(className) != Kind::String)
        return nullptr;
    // The quoted text is the name itself unless it holds an escape.
    const QByteArrayView raw = doc.raw(className);
    if (!raw.contains('\\'))
        return findRule(std::string_view(raw.data() + 1, size_t(raw.size() - 2)));
    const QByteArray decoded = doc.string(className).toUtf8();
    return findRule(std::string_view(decoded.constData(), size_t(decoded.size())));
}

} // namespace

ShapeRule shapeRule(QStringView className)
{
    const QByteArray utf8 = className.toUtf8();
    const RuleEntry* entry = findRule(std::string_view(utf8.constData(), size_t(utf8.size())));
    return entry ? entry->rule : nullptr;
}

LayerResult evaluateLayer(const json::Document& doc, NodeId envelope, std::vector<TensorShape> inputs,
                          std::vector<std::pair<QString, TensorShape>> keywordInputs, int wrapperDepth)
{
    LayerResult result;
    const NodeId cls = doc.kind(envelope) == Kind::Object ? doc.member(envelope, "class_name") : kNoNode;
    const RuleEntry* entry = findRule(doc, cls);
    if (!entry || wrapperDepth > kMaxWrapperDepth) {
        result.fail();
        return result;
    }
    const ShapeRule rule = entry->rule;
    LayerArgs args(doc, doc.member(envelope, "config"), entry->className, wrapperDepth);
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
