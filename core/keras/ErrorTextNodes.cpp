// SPDX-License-Identifier: GPL-3.0-or-later
// findErrorNodes and explainError: from a recognised error to the objects of the open model.
#include "core/keras/ErrorText.h"

#include <algorithm>

namespace kcs::keras {

using json::Document;
using json::NodeId;
using json::kNoNode;
using Kind = ErrorFinding::Kind;

namespace {

/// What an object node looks like as a Keras envelope.
struct EnvelopeView {
    NodeId node = kNoNode;
    QString className;
    QString registeredName;
    QString name;       ///< envelope "name" (functional entries) or config.name
    NodeId inner = kNoNode;
    bool isFunction = false;
};

std::optional<EnvelopeView> envelopeOf(const Document& doc, NodeId node)
{
    const NodeId cn = doc.member(node, "class_name");
    const NodeId inner = doc.member(node, "config");
    if (cn == kNoNode || inner == kNoNode || doc.kind(cn) != json::Kind::String)
        return std::nullopt;
    EnvelopeView v;
    v.node = node;
    v.className = doc.string(cn);
    v.inner = inner;
    v.isFunction = v.className == u"function";
    if (const NodeId reg = doc.member(node, "registered_name"); reg != kNoNode)
        v.registeredName = doc.string(reg);
    NodeId name = doc.member(node, "name");
    if (name == kNoNode && doc.kind(inner) == json::Kind::Object)
        name = doc.member(inner, "name");
    if (name != kNoNode)
        v.name = doc.string(name);
    return v;
}

/// Every object node, and every string value that is not a name/class/module, in document order.
template <class Visit>
void walk(const Document& doc, Visit&& visit)
{
    if (doc.root() == kNoNode)
        return;
    std::vector<NodeId> stack{doc.root()};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        visit(node);
        for (int i = doc.childCount(node) - 1; i >= 0; --i)
            stack.push_back(doc.child(node, i));
    }
}

bool configEquals(const Document& doc, NodeId node, const json::Value& wanted)
{
    if (doc.childCount(node) != wanted.size())
        return false;
    auto v = doc.toValue(node);
    return v && *v == wanted;
}

bool hasKey(const Document& doc, NodeId inner, const QStringList& keys)
{
    if (doc.kind(inner) != json::Kind::Object)
        return false;
    return std::any_of(keys.begin(), keys.end(), [&](const QString& k) { return doc.member(inner, k) != kNoNode; });
}

/// A function name also stands bare in Keras 2 configs ("activation": "my_act").
bool isFunctionWord(const ErrorFinding& f)
{
    return f.objectWord == u"function" || f.objectWord.endsWith(u"function")
        || f.kind == Kind::UninterpretableIdentifier
        || (f.kind == Kind::UnknownObject && f.objectWord != u"layer");
}

} // namespace

namespace {

/// The nodes of each kind of evidence, collected in one walk.
struct Matches {
    std::vector<NodeId> byConfig, byKey, byName, byClass;
};

/// A string value naming what the finding names: a bare function identifier (Keras 2
/// "activation": "my_act"), or a graph reference to a layer that does not exist.
bool stringMatches(const Document& doc, NodeId node, const ErrorFinding& f)
{
    const QString value = doc.string(node);
    if (f.kind == Kind::UnknownObject && f.classNames.isEmpty())
        return !doc.isMember(node) && doc.indexInParent(node) == 0 && f.layerNames.contains(value);
    if (!isFunctionWord(f) || !f.classNames.contains(value))
        return false;
    const bool nameLike = doc.isMember(node)
        && (doc.keyEquals(node, "name") || doc.keyEquals(node, "class_name") || doc.keyEquals(node, "module")
            || doc.keyEquals(node, "registered_name"));
    const NodeId parent = doc.parent(node);
    const bool inEnvelope = parent != kNoNode && doc.member(parent, "class_name") != kNoNode;
    return !nameLike && !inEnvelope;
}

bool classMatches(const Document& doc, const EnvelopeView& env, const ErrorFinding& f)
{
    return f.classNames.contains(env.className)
        || (!env.registeredName.isEmpty() && f.classNames.contains(env.registeredName))
        || (env.isFunction && doc.kind(env.inner) == json::Kind::String && f.classNames.contains(doc.string(env.inner)));
}

void matchEnvelope(const Document& doc, const EnvelopeView& env, const ErrorFinding& f, Matches& m)
{
    const bool classMatch = classMatches(doc, env, f);
    const bool classOrAny = classMatch || f.classNames.isEmpty();
    if (f.config) {
        const bool equal = f.configIsInner ? classOrAny && configEquals(doc, env.inner, *f.config)
                                           : configEquals(doc, env.node, *f.config);
        if (equal)
            m.byConfig.push_back(env.node);
    }
    if (!f.keys.isEmpty() && classOrAny && hasKey(doc, env.inner, f.keys))
        m.byKey.push_back(env.node);
    const bool layerMatch = !env.isFunction && !env.name.isEmpty() && f.layerNames.contains(env.name);
    if ((classMatch && f.keys.isEmpty()) || layerMatch)
        m.byName.push_back(env.node);
    if (classMatch)
        m.byClass.push_back(env.node);
}

} // namespace

std::vector<NodeId> findErrorNodes(const Document& doc, const ErrorFinding& f)
{
    Matches m;
    walk(doc, [&](NodeId node) {
        if (doc.kind(node) == json::Kind::String) {
            if (stringMatches(doc, node, f))
                m.byName.push_back(node);
        } else if (doc.kind(node) == json::Kind::Object) {
            if (const auto env = envelopeOf(doc, node))
                matchEnvelope(doc, *env, f, m);
        }
    });
    // The most precise evidence wins: the quoted config, then the named keys, then names; a key
    // error whose key is nowhere still points at the objects of the class it names.
    if (!m.byConfig.empty())
        return m.byConfig;
    if (!m.byKey.empty())
        return m.byKey;
    if (m.byName.empty() && !f.keys.isEmpty())
        return m.byClass;
    return m.byName;
}

QString explainError(const ErrorFinding& f)
{
    const QString cls = f.classNames.value(0);
    const QString layer = f.layerNames.value(0);
    const QString keys = f.keys.join(QStringLiteral("', '"));
    switch (f.kind) {
    case Kind::UnknownObject:
        if (cls.isEmpty())
            return QStringLiteral("The functional model's graph refers to a layer named '%1', but no entry of its \"layers\" list has that name, so Keras cannot connect the graph. Rename the layer or fix the layer name in the inbound_nodes, input_layers or output_layers that refer to it.").arg(layer);
        return QStringLiteral("Keras looked up the %1 '%2' in the custom-object scopes, the global registry, the custom_objects argument and its built-ins, and none of them has it. Either make the class known (add it to a scope, register it with @keras.saving.register_keras_serializable, or import it from your Python sources) or map the name to a registered or built-in class with Map Unknown Classes.").arg(f.objectWord, cls);
    case Kind::CouldNotLocate:
        return QStringLiteral("Keras 3 could not find the %1 '%2': it is neither registered nor passed in custom_objects, and its module is not a Keras module it may import. Register it (decorate it with @keras.saving.register_keras_serializable and import it before loading), declare it in a scope, or map '%2' to a registered or built-in %1 with Map Unknown Classes; check that the config's registered_name matches the registered key.").arg(f.objectWord, cls);
    case Kind::UnrecognizedKwargs:
    case Kind::UnexpectedKeyword:
        return QStringLiteral("The config of a %1 contains '%2', which its constructor does not accept, so building the object fails. The file was probably written by a different Keras version or the class changed. Remove the key (or rename it to the parameter the class now uses), or map the object to a class that takes it.").arg(cls, keys);
    case Kind::KeywordNotUnderstood:
        return QStringLiteral("Keras 2's base Layer received the keyword '%1', which neither the layer nor the base class accepts (a Keras 3 key in a Keras 2 load, or a changed class). Remove or rename '%1' in the configs selected, or load the file with the Keras version that wrote it.").arg(keys);
    case Kind::VariableCount:
        return QStringLiteral("The layer '%1' creates %2 weight variables, but the file stores %3 for it, so the weights cannot be assigned. The config does not match the weights: a changed parameter (units, use_bias, a different class mapped in), or weights saved from another model. Restore the layer's original config or save the weights again from the matching model.").arg(layer).arg(f.expectedVariables).arg(f.receivedVariables);
    case Kind::CallFailed:
        return QStringLiteral("Calling the layer %1 while rebuilding the model failed: the layer was created, but its inputs (shapes, dtypes or the arguments recorded in inbound_nodes) do not fit it. Check the layer's configuration against the shapes of its inputs; the message after this line says what Python objected to.").arg(layer.isEmpty() ? cls : QStringLiteral("'%1'").arg(layer));
    case Kind::DeserializeFailed:
        return QStringLiteral("Building a %1 from its config failed; the exception printed after it says which key or value was wrong. The selected object is the config Keras quoted. Fix or remove the offending key, or map the object to a class whose constructor accepts the config.").arg(cls);
    case Kind::UninterpretableIdentifier:
        return QStringLiteral("'%1' is not a known %2: it is neither a built-in name nor a registered custom object. Register the function (or declare it in a scope), or replace the name by a built-in one.").arg(cls, f.objectWord);
    case Kind::QuotedConfig:
        return QStringLiteral("Keras quoted the full config of the object that failed to load; it is selected. The message before it says why it failed.");
    }
    return {};
}

} // namespace kcs::keras
