// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/JsonModel.h"

#include <array>
#include <vector>

namespace kcs::formats {

using json::Document;
using json::Kind;
using json::kNoNode;
using json::NodeId;

QString stringMember(const Document& doc, NodeId object, std::string_view key)
{
    if (object == kNoNode || doc.kind(object) != Kind::Object)
        return {};
    const NodeId m = doc.member(object, key);
    return (m != kNoNode && doc.kind(m) == Kind::String) ? doc.string(m) : QString();
}

namespace {

NodeId objectMember(const Document& doc, NodeId object, std::string_view key)
{
    if (object == kNoNode || doc.kind(object) != Kind::Object)
        return kNoNode;
    const NodeId m = doc.member(object, key);
    return (m != kNoNode && doc.kind(m) == Kind::Object) ? m : kNoNode;
}

bool isLayerList(const Document& doc, NodeId array)
{
    const int n = doc.childCount(array);
    if (n == 0)
        return false;
    for (int i = 0; i < n; ++i) {
        const NodeId item = doc.child(array, i);
        if (doc.kind(item) != Kind::Object || doc.member(item, std::string_view("class_name")) == kNoNode)
            return false;
    }
    return true;
}

bool isWeightsManifest(const Document& doc, NodeId array)
{
    if (doc.kind(array) != Kind::Array || doc.childCount(array) == 0)
        return false;
    const NodeId first = doc.child(array, 0);
    return doc.kind(first) == Kind::Object && doc.member(first, std::string_view("paths")) != kNoNode
        && doc.member(first, std::string_view("weights")) != kNoNode;
}

/// "an object with keys "a", "b", "c", …" for messages about JSON that is not a model.
QString describeObjectKeys(const Document& doc, NodeId object)
{
    QStringList keys;
    const int n = doc.childCount(object);
    for (int i = 0; i < n && i < 5; ++i)
        keys << QLatin1Char('"') + doc.key(doc.child(object, i)) + QLatin1Char('"');
    if (n > 5)
        keys << QStringLiteral("…");
    return n == 0 ? QStringLiteral("an empty JSON object") : QStringLiteral("a JSON object with keys ") + keys.join(QStringLiteral(", "));
}

Error notAModel(const QString& looksLike)
{
    return Error(ErrorCode::NotAModel, QStringLiteral("not a Keras model file: it is %1").arg(looksLike));
}

Result<JsonModelShape> classifyTfjs(const Document& doc, NodeId root)
{
    JsonModelShape shape;
    shape.kind = FileKind::Tfjs;
    shape.metadata.generatedBy = stringMember(doc, root, "generatedBy");
    shape.metadata.convertedBy = stringMember(doc, root, "convertedBy");
    const NodeId topology = objectMember(doc, root, "modelTopology");
    if (topology == kNoNode)
        return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js model.json whose modelTopology is not an object")));
    if (doc.member(topology, std::string_view("node")) != kNoNode)
        return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js graph model (a TensorFlow graph, not a Keras layers model)")));
    shape.metadata.kerasVersion = stringMember(doc, topology, "keras_version");
    shape.metadata.backend = stringMember(doc, topology, "backend");
    const NodeId wrapped = objectMember(doc, topology, "model_config");
    shape.model = wrapped != kNoNode ? wrapped : topology;
    shape.training = objectMember(doc, topology, "training_config");
    if (!looksLikeModel(doc, shape.model))
        return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js model.json whose modelTopology holds no Keras model")));
    return shape;
}

Result<JsonModelShape> classifyObject(const Document& doc, NodeId root)
{
    const QString format = stringMember(doc, root, "format");
    if (format == QLatin1String("graph-model"))
        return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js graph model (format \"graph-model\"), not a Keras layers model")));
    if (doc.member(root, std::string_view("modelTopology")) != kNoNode)
        return classifyTfjs(doc, root);
    JsonModelShape shape;
    shape.metadata.kerasVersion = stringMember(doc, root, "keras_version");
    shape.metadata.backend = stringMember(doc, root, "backend");
    const NodeId wrapped = objectMember(doc, root, "model_config");
    if (wrapped != kNoNode && looksLikeModel(doc, wrapped)) {
        shape.wrapping = JsonWrapping::ModelConfig;
        shape.model = wrapped;
        shape.training = objectMember(doc, root, "training_config");
        return shape;
    }
    if (looksLikeModel(doc, root)) {
        shape.model = root;
        shape.training = objectMember(doc, root, "compile_config");
        return shape;
    }
    if (doc.member(root, std::string_view("date_saved")) != kNoNode && !shape.metadata.kerasVersion.isEmpty())
        return std::unexpected(notAModel(QStringLiteral("a .keras metadata.json (the model config is in config.json beside it)")));
    if (doc.member(root, std::string_view("weightsManifest")) != kNoNode)
        return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js model.json without modelTopology (weights only)")));
    return std::unexpected(notAModel(describeObjectKeys(doc, root)));
}

} // namespace

bool looksLikeModel(const Document& doc, NodeId node)
{
    if (node == kNoNode || doc.kind(node) != Kind::Object)
        return false;
    const NodeId config = doc.member(node, std::string_view("config"));
    if (config == kNoNode)
        return false;
    const Kind configKind = doc.kind(config);
    const NodeId className = doc.member(node, std::string_view("class_name"));
    if (className != kNoNode)
        return doc.kind(className) == Kind::String && (configKind == Kind::Object || configKind == Kind::Array);
    // Keras 1/2 Sequential written without class_name: {"keras_version", "config": [layers]}.
    const bool versioned = doc.member(node, std::string_view("keras_version")) != kNoNode
        || doc.member(node, std::string_view("backend")) != kNoNode;
    return versioned && configKind == Kind::Array && isLayerList(doc, config);
}

Result<JsonModelShape> classifyJson(const Document& doc)
{
    const NodeId root = doc.root();
    switch (doc.kind(root)) {
    case Kind::Object:
        return classifyObject(doc, root);
    case Kind::Array:
        if (isLayerList(doc, root)) {
            JsonModelShape shape;
            shape.model = root;
            return shape;
        }
        if (isWeightsManifest(doc, root))
            return std::unexpected(notAModel(QStringLiteral("a TensorFlow.js weights manifest (no model topology)")));
        return std::unexpected(notAModel(QStringLiteral("a JSON array that is not a list of layer configs")));
    case Kind::String:
        return std::unexpected(notAModel(QStringLiteral("a JSON string")));
    case Kind::Number:
        return std::unexpected(notAModel(QStringLiteral("a JSON number")));
    case Kind::Bool:
    case Kind::Null:
        return std::unexpected(notAModel(QStringLiteral("a JSON %1").arg(QString::fromUtf8(doc.raw(root).toByteArray()))));
    }
    return std::unexpected(notAModel(QStringLiteral("JSON")));
}

namespace {

constexpr std::array<std::string_view, 12> kKeras1Keys = {
    "W_regularizer", "b_regularizer", "W_constraint", "b_constraint", "init", "inner_init",
    "output_dim", "nb_filter", "border_mode", "dim_ordering", "input_dtype", "consume_less"};

enum class Vote { None, Keras1, Keras3 };

Vote voteForMember(const Document& doc, NodeId member)
{
    for (std::string_view k : kKeras1Keys) {
        if (doc.keyEquals(member, k))
            return Vote::Keras1;
    }
    if (doc.keyEquals(member, "batch_shape"))
        return Vote::Keras3;
    if (doc.keyEquals(member, "module") && doc.kind(member) == Kind::String) {
        // Keras 3 writes keras.src.models.* for models and "keras" for DTypePolicy; tf.keras
        // 2.13+ also writes module keys, but keras.src.engine.* for its models.
        const QString module = doc.string(member);
        if (module == QLatin1String("keras") || module.startsWith(QLatin1String("keras.src.models")))
            return Vote::Keras3;
    }
    if (doc.keyEquals(member, "inbound_nodes") && doc.kind(member) == Kind::Array && doc.childCount(member) > 0) {
        const NodeId first = doc.child(member, 0);
        if (doc.kind(first) == Kind::Object && doc.member(first, std::string_view("args")) != kNoNode)
            return Vote::Keras3;
    }
    return Vote::None;
}

} // namespace

FileDialect detectDialect(const Document& doc, NodeId model, const QString& kerasVersion)
{
    if (kerasVersion.startsWith(QLatin1String("1.")))
        return FileDialect::Keras1;
    if (kerasVersion.startsWith(QLatin1String("2.")) || kerasVersion.startsWith(QLatin1String("tfjs")))
        return FileDialect::Keras2;
    if (kerasVersion.startsWith(QLatin1String("3.")))
        return FileDialect::Keras3;
    if (model == kNoNode)
        return FileDialect::Keras2;
    // An explicit stack: hostile nesting depth must not recurse.
    std::vector<NodeId> stack{model};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        const int n = doc.childCount(node);
        for (int i = n - 1; i >= 0; --i) {
            const NodeId c = doc.child(node, i);
            if (doc.isMember(c)) {
                const Vote vote = voteForMember(doc, c);
                if (vote == Vote::Keras1)
                    return FileDialect::Keras1;
                if (vote == Vote::Keras3)
                    return FileDialect::Keras3;
            }
            if (doc.childCount(c) > 0)
                stack.push_back(c);
        }
    }
    return FileDialect::Keras2;
}

} // namespace kcs::formats
