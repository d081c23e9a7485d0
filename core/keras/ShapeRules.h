// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/keras/Shape.h"

#include <QVarLengthArray>

#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace kcs::keras {

using KeyList = std::initializer_list<std::string_view>;

/// What a shape rule sees of one call of one built-in layer: its config (read through the
/// Keras 1/2/3 spellings of each key) and the shapes of the tensors it is called on.
class LayerArgs {
public:
    LayerArgs(const json::Document& doc, json::NodeId config, QString className, int wrapperDepth = 0)
        : m_doc(doc), m_config(config), m_className(std::move(className)), m_wrapperDepth(wrapperDepth) {}

    const json::Document& doc() const { return m_doc; }
    json::NodeId config() const { return m_config; }
    const QString& className() const { return m_className; }
    int wrapperDepth() const { return m_wrapperDepth; }

    /// Tensors of the first argument and further positional arguments, in order.
    std::vector<TensorShape> inputs;
    /// Tensors passed by keyword (K3 kwargs, K2 reference kwargs): (keyword, shape).
    std::vector<std::pair<QString, TensorShape>> keywordInputs;
    /// The shape passed as keyword, or nullopt.
    std::optional<TensorShape> keyword(QStringView name) const;

    /// The first of keys present in the config (the spellings of one parameter), or kNoNode.
    json::NodeId find(KeyList keys) const;
    bool has(KeyList keys) const;
    bool isNull(KeyList keys) const; ///< absent or null
    qint64 integer(KeyList keys, qint64 fallback) const;
    bool flag(KeyList keys, bool fallback) const;
    QString text(KeyList keys, const QString& fallback = {}) const;
    /// An int or a list of ints: n values (an int is repeated). nullopt when absent or malformed.
    std::optional<std::vector<qint64>> tuple(KeyList keys, int n) const;
    /// A list of ints or nulls (a shape); nullopt when absent or not a list.
    std::optional<std::vector<Dim>> dims(KeyList keys) const;
    /// "channels_first" (also K1 dim_ordering "th").
    bool channelsFirst() const;

private:
    /// A config member as find() compares it: the key's UTF-8 text when it has no escapes.
    struct Member {
        std::string_view key;
        json::NodeId node = json::kNoNode;
        bool escaped = false; ///< compared through Document::keyEquals, which decodes it
    };
    void indexMembers() const;

    const json::Document& m_doc;
    json::NodeId m_config;
    QString m_className;
    int m_wrapperDepth;
    /// The config's members, listed on the first find(): a rule asks for several keys, each
    /// in up to three spellings, and Document::member would go through every key each time.
    mutable QVarLengthArray<Member, 24> m_members;
    mutable bool m_indexed = false;
};

/// What a rule found: the output shapes and the weights the layer creates. known is false when
/// the rule could not tell (unknown input shapes, a malformed config): the summary then marks
/// the layer and the totals incomplete.
struct LayerResult {
    std::vector<TensorShape> outputs;
    std::vector<WeightSpec> weights;
    bool known = true;

    void fail() { known = false; outputs = {TensorShape::unknown()}; weights.clear(); }
    /// Makes shape the only output (moved in: `outputs = {shape}` would copy it twice).
    void setOutput(TensorShape shape)
    {
        outputs.clear();
        outputs.push_back(std::move(shape));
    }
    void add(QString name, std::vector<qint64> shape, bool trainable = true)
    {
        // Most layers with weights have a kernel and a bias: one allocation for both.
        if (weights.empty())
            weights.reserve(2);
        weights.push_back(WeightSpec{std::move(name), std::move(shape), trainable});
    }
};

using ShapeRule = void (*)(const LayerArgs& args, LayerResult& out);

/// The rule of a built-in layer class (any dialect's spelling), or nullptr.
ShapeRule shapeRule(QStringView className);

/// Evaluates the layer envelope (class_name + config) on args' inputs. Unknown classes, and
/// wrappers nested deeper than kMaxWrapperDepth, give an unknown result.
LayerResult evaluateLayer(const json::Document& doc, json::NodeId envelope, std::vector<TensorShape> inputs,
                          std::vector<std::pair<QString, TensorShape>> keywordInputs = {}, int wrapperDepth = 0);
inline constexpr int kMaxWrapperDepth = 16;

/// True when every dimension of s is known (batch excluded when skipBatch).
bool fullyKnown(const TensorShape& s, bool skipBatch = true);

// The rule families (one file each) add themselves to the table.
using RuleTable = std::vector<std::pair<QStringView, ShapeRule>>;
void addCoreRules(RuleTable& table);
void addConvRules(RuleTable& table);
void addNormRules(RuleTable& table);
void addRecurrentRules(RuleTable& table);
void addAttentionRules(RuleTable& table);

} // namespace kcs::keras
