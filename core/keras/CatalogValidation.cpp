// SPDX-License-Identifier: GPL-3.0-or-later
// Checking a config's keys against a built-in's constructor (README "Using it to validate a
// class config") and producing the error Keras/Python would raise first.
#include "core/json/PyJson.h"
#include "core/keras/Catalog.h"
#include "core/keras/CatalogErrors.h"
#include "core/keras/CatalogImpl.h"

namespace kcs::keras {

namespace {

using json::Value;

void addUnique(QStringList& out, QSet<QString>& seen, const QString& key)
{
    if (!seen.contains(key)) {
        seen.insert(key);
        out.append(key);
    }
}

/// Model classes are checked too: Model.from_config calls cls(**config) when the config is not
/// a complete functional one, and that is when callers ask (a functional config goes through
/// functional_from_config and is no constructor call at all).
bool constructorChecked(const BuiltinEntry& e)
{
    if (e.kind != EntryKind::Class || e.kwargsPolicy == KwargsPolicy::Unknown)
        return false;
    return !(e.fromConfig.custom && !e.fromConfig.callsInitWithConfig);
}

/// The dict {key: value} of the given keys as Python holds the config (last duplicate wins).
Value subsetDict(const Value& config, const QStringList& keys)
{
    Value::Object members;
    for (const QString& k : keys) {
        if (const Value* v = config.find(k))
            members.emplace_back(k, *v);
    }
    return Value(std::move(members));
}

/// Missing required arguments as the first failing __init__ reports them: the class's own
/// positional ones, then its keyword-only ones, then those of the parent that requires them.
std::optional<Error> missingError(const BuiltinEntry& e, const QStringList& missing)
{
    const QString owner = e.initFrom.isEmpty() ? e.pythonName() : e.initFrom;
    for (const bool keywordOnly : {false, true}) {
        QStringList names;
        for (const Param& p : e.params) {
            if (missing.contains(p.name) && (p.kind == Param::Kind::KeywordOnly) == keywordOnly)
                names.append(p.name);
        }
        if (!names.isEmpty())
            return Error(ErrorCode::TypeError, missingArgumentsMessage(owner, names, keywordOnly));
    }
    QString from;
    QStringList names;
    for (const Param& p : e.inheritedParams) {
        if (!missing.contains(p.name) || (!from.isEmpty() && p.from != from))
            continue;
        from = p.from;
        names.append(p.name);
    }
    if (!names.isEmpty())
        return Error(ErrorCode::TypeError, missingArgumentsMessage(from, names));
    // Required keys the catalog lists without a parameter record: report them on the class.
    return Error(ErrorCode::TypeError, missingArgumentsMessage(owner, missing));
}

/// Keras 2 optimizers' kwargs checks (new optimizer: _process_kwargs; legacy: OptimizerV2).
Error keras2OptimizerError(const BuiltinEntry& e, const QString& key)
{
    if (e.key.startsWith(u"legacy."))
        return Error(ErrorCode::TypeError, QStringLiteral("Unexpected keyword argument passed to optimizer: ") + key);
    if (key == u"decay" || key == u"gradient_aggregator" || key == u"gradient_transformers")
        return Error(ErrorCode::ValueError,
                     QStringLiteral("%1 is deprecated in the new TF-Keras optimizer, please check the docstring for "
                                    "valid arguments, or use the legacy optimizer, e.g., "
                                    "tf.keras.optimizers.legacy.%2.")
                         .arg(key, e.pythonName()));
    return Error(ErrorCode::TypeError,
                 QStringLiteral("%1 is not a valid argument, kwargs should be empty  for "
                                "`optimizer_experimental.Optimizer`.")
                     .arg(key));
}

/// The allow-list error of a class whose policy is "validated".
Error validatedError(Dialect dialect, const BuiltinEntry& e, const QStringList& unknown, const Value& config,
                     Catalog::ReprFunction repr)
{
    const QString dict = repr(subsetDict(config, unknown));
    if (dialect == Dialect::Keras3) {
        if (e.category == Category::Optimizers)
            return Error(ErrorCode::ValueError, optimizerArgumentsNotRecognizedMessage(dict));
        if (e.category == Category::Layers)
            return Error(ErrorCode::ValueError, QStringLiteral("Unrecognized keyword argument(s): ") + dict);
        return Error(ErrorCode::ValueError, unrecognizedKeywordArgumentsMessage(e.pythonName(), dict));
    }
    if (e.category == Category::Optimizers)
        return keras2OptimizerError(e, unknown.front());
    if (e.category == Category::Regularizers)
        return Error(ErrorCode::TypeError, optimizerArgumentsNotRecognizedMessage(dict));
    if (e.className == u"InputLayer") {
        Value::Array keys;
        for (const QString& k : unknown)
            keys.emplace_back(k);
        return Error(ErrorCode::ValueError, QStringLiteral("Unrecognized keyword arguments: ") + repr(Value(keys)));
    }
    return Error(ErrorCode::TypeError, keywordArgumentNotUnderstoodMessage(repr(Value(unknown.front()))));
}

/// Keras 3 Layer.__init__'s value check, run after its keyword check:
/// `Expected \`trainable\` to be a boolean. Received: trainable={v} (of type {type(v)})`.
/// The f-string prints str(v): a string without quotes, anything else as its repr.
std::optional<Error> layerBodyError(Dialect dialect, const BuiltinEntry& e, const Value& config,
                                    Catalog::ReprFunction repr)
{
    const Value* trainable = config.find(u"trainable");
    if (dialect != Dialect::Keras3 || !e.baseKwargs || !trainable || trainable->isBool())
        return std::nullopt;
    const QString text = trainable->isString() ? trainable->string() : repr(*trainable);
    return Error(ErrorCode::ValueError,
                 QStringLiteral("Expected `trainable` to be a boolean. Received: trainable=%1 (of type %2)")
                     .arg(text, json::pythonTypeRepr(trainable->type())));
}

/// README step 2 and 3: params, inherited params, consumed kwargs, the base Layer's keys when
/// the chain reaches it (minus excluded, within the allow-list), custom from_config reads.
QStringList computeAccepted(const BuiltinEntry& entry, const BaseLayerInfo& base)
{
    QStringList out;
    QSet<QString> seen;
    for (const auto* list : {&entry.params, &entry.inheritedParams, &entry.kwargsConsumed}) {
        for (const Param& p : *list)
            addUnique(out, seen, p.name);
    }
    if (entry.baseKwargs) {
        for (const QString& k : base.acceptedKeys) {
            if (entry.baseExcluded.contains(k))
                continue;
            if (entry.baseRestrictedTo && !entry.baseRestrictedTo->contains(k))
                continue;
            addUnique(out, seen, k);
        }
    }
    if (entry.fromConfig.custom) {
        for (const QString& k : entry.fromConfig.reads)
            addUnique(out, seen, k);
    }
    return out;
}

} // namespace

void computeAcceptedKeys(Catalog::Impl& impl)
{
    for (const BuiltinEntry& e : impl.storage) {
        if (e.kind != EntryKind::Class || e.kwargsPolicy == KwargsPolicy::Open || e.kwargsPolicy == KwargsPolicy::Unknown)
            continue;
        Catalog::Impl::AcceptedKeys keys;
        keys.list = computeAccepted(e, impl.base);
        keys.set = QSet<QString>(keys.list.begin(), keys.list.end());
        impl.accepted.insert(&e, std::move(keys));
    }
}

bool Catalog::acceptsAnyKey(const BuiltinEntry& entry) const
{
    return entry.kwargsPolicy == KwargsPolicy::Open || entry.kwargsPolicy == KwargsPolicy::Unknown;
}

QStringList Catalog::acceptedKeys(const BuiltinEntry& entry) const
{
    const auto it = d->accepted.constFind(&entry);
    return it == d->accepted.constEnd() ? QStringList() : it->list;
}

KeyCheck Catalog::checkKeys(const BuiltinEntry& entry, const QStringList& keys) const
{
    KeyCheck result;
    if (!constructorChecked(entry)) {
        result.checked = false;
        return result;
    }
    QSet<QString> present;
    const auto accepted = d->accepted.constFind(&entry);
    if (accepted != d->accepted.constEnd()) {
        for (const QString& k : keys) {
            if (!accepted->set.contains(k) && !present.contains(k))
                result.unknown.append(k);
            present.insert(k);
        }
    } else {
        present = QSet<QString>(keys.begin(), keys.end());
    }
    for (const QString& r : entry.required) {
        if (!present.contains(r))
            result.missing.append(r);
    }
    return result;
}

KeyCheck Catalog::checkConfig(const BuiltinEntry& entry, const Value& config) const
{
    QStringList keys;
    if (config.isObject()) {
        for (const auto& member : config.members())
            keys.append(member.first);
    }
    return checkKeys(entry, keys);
}

std::optional<Error> Catalog::constructorError(const BuiltinEntry& entry, const Value& config,
                                               ReprFunction repr) const
{
    const KeyCheck check = checkConfig(entry, config);
    if (!check.checked)
        return std::nullopt;
    if (check.ok())
        return layerBodyError(d->dialect, entry, config, repr);
    const QString owner = entry.initFrom.isEmpty() ? entry.pythonName() : entry.initFrom;
    // Python binds the arguments before the body runs: an unexpected keyword on a signature
    // without **kwargs, then missing required arguments.
    if (entry.kwargsPolicy == KwargsPolicy::Closed && !check.unknown.isEmpty())
        return Error(ErrorCode::TypeError, unexpectedKeywordArgumentMessage(owner, check.unknown.front()));
    if (!check.missing.isEmpty())
        return missingError(entry, check.missing);
    if (check.unknown.isEmpty())
        return layerBodyError(d->dialect, entry, config, repr);
    // A base key the class passes itself arrives twice at the parent's __init__.
    for (const QString& k : check.unknown) {
        if (entry.baseKwargs && entry.baseExcluded.contains(k))
            return Error(ErrorCode::TypeError,
                         QStringLiteral("%1.%2.__init__() got multiple values for keyword argument '%3'")
                             .arg(d->base.pythonModule, d->base.className, k));
    }
    if (entry.kwargsPolicy == KwargsPolicy::Validated)
        return validatedError(d->dialect, entry, check.unknown, config, repr);
    if (d->dialect == Dialect::Keras3)
        return Error(ErrorCode::ValueError,
                     unrecognizedKeywordArgumentsMessage(entry.pythonName(), repr(subsetDict(config, check.unknown))));
    return Error(ErrorCode::TypeError, keywordArgumentNotUnderstoodMessage(repr(Value(check.unknown.front()))));
}

} // namespace kcs::keras
