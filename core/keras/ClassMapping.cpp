// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ClassMapping.h"

#include <QSet>

namespace kcs::keras {

using json::Document;
using json::Kind;
using json::NodeId;
using json::kNoNode;

Result<MappingRule> parseMappingRule(QStringView text)
{
    const qsizetype eq = text.indexOf(u'=');
    MappingRule rule;
    if (eq > 0) {
        rule.from = text.left(eq).trimmed().toString();
        rule.to = text.mid(eq + 1).trimmed().toString();
    }
    if (rule.from.isEmpty() || rule.to.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("'%1' is not a mapping: expected OLD=NEW").arg(text.toString()));
    return rule;
}

Dialect catalogDialectFor(formats::FileDialect dialect)
{
    return dialect == formats::FileDialect::Keras3 ? Dialect::Keras3 : Dialect::Keras2;
}

namespace {

/// Class families searched for a built-in target when the caller names no category; layers
/// first because unknown classes in model files are overwhelmingly layers.
constexpr Category kClassFamilies[] = {
    Category::Layers,       Category::Models,        Category::Losses,
    Category::Metrics,      Category::Optimizers,    Category::Initializers,
    Category::Regularizers, Category::Constraints,   Category::LearningRateSchedules,
    Category::DtypePolicies,
};

const ObjectDescriptor* findDescriptor(QStringView name, const std::vector<ObjectDescriptor>& descriptors)
{
    for (const ObjectDescriptor& d : descriptors) {
        if (d.key == name)
            return &d;
    }
    if (name.contains(u'>'))
        return nullptr;
    for (const ObjectDescriptor& d : descriptors) {
        if (d.shortName() == name)
            return &d;
    }
    return nullptr;
}

const BuiltinEntry* findBuiltinClass(const Catalog& catalog, QStringView name, std::optional<Category> category)
{
    auto classIn = [&](Category c) -> const BuiltinEntry* {
        if (!catalog.hasCategory(c))
            return nullptr;
        const BuiltinEntry* e = catalog.lookup(c, name);
        return e && e->kind == EntryKind::Class ? e : nullptr;
    };
    if (category)
        return classIn(*category);
    for (Category c : kClassFamilies) {
        if (const BuiltinEntry* e = classIn(c))
            return e;
    }
    return nullptr;
}

} // namespace

MappingTarget resolveMappingTarget(QStringView name, Dialect dialect,
                                   const std::vector<ObjectDescriptor>& descriptors,
                                   std::optional<Category> category)
{
    MappingTarget t;
    if (const ObjectDescriptor* d = findDescriptor(name, descriptors)) {
        t.descriptor = d;
        t.key = d->key;
        t.className = d->shortName();
        t.kind = d->key.contains(u'>') ? MappingTarget::Kind::Registered : MappingTarget::Kind::Custom;
        t.registeredName = d->key;
        return t;
    }
    if (name.contains(u'>')) {
        t.kind = MappingTarget::Kind::Registered;
        t.key = name.toString();
        t.className = t.key.mid(t.key.lastIndexOf(u'>') + 1);
        t.registeredName = t.key;
        return t;
    }
    if (const BuiltinEntry* e = findBuiltinClass(Catalog::forDialect(dialect), name, category)) {
        t.kind = MappingTarget::Kind::BuiltIn;
        t.builtin = e;
        t.key = e->name();
        t.className = e->className.isEmpty() ? e->name() : e->className;
        t.module = e->module;
        // Unexported built-ins (Functional) are written with their own name as registered_name.
        if (!e->registeredName.isEmpty())
            t.registeredName = e->registeredName;
        return t;
    }
    t.kind = MappingTarget::Kind::Custom;
    t.key = name.toString();
    t.className = t.key;
    t.registeredName = t.key;
    return t;
}

namespace {

bool isFunctionEnvelope(const Document& doc, NodeId object)
{
    const NodeId cn = doc.member(object, "class_name");
    return cn != kNoNode && doc.stringEquals(cn, "function");
}

/// Whether the envelope `object` names `from` (see findMappingOccurrences).
bool namesObject(const Document& doc, NodeId object, QStringView from)
{
    const NodeId cn = doc.member(object, "class_name");
    if (cn == kNoNode || doc.kind(cn) != Kind::String)
        return false;
    if (doc.member(object, "config") == kNoNode)
        return false;
    if (isFunctionEnvelope(doc, object)) {
        const NodeId inner = doc.member(object, "config");
        return doc.kind(inner) == Kind::String && doc.string(inner) == from;
    }
    if (doc.string(cn) == from)
        return true;
    const NodeId reg = doc.member(object, "registered_name");
    return reg != kNoNode && doc.kind(reg) == Kind::String && doc.string(reg) == from;
}

QStringList configKeysOf(const Document& doc, NodeId envelope)
{
    QStringList keys;
    const NodeId inner = doc.member(envelope, "config");
    if (inner == kNoNode || doc.kind(inner) != Kind::Object)
        return keys;
    for (int i = 0, n = doc.childCount(inner); i < n; ++i)
        keys.append(doc.key(doc.child(inner, i)));
    return keys;
}

} // namespace

std::vector<MappingOccurrence> findMappingOccurrences(const Document& document, QStringView from)
{
    std::vector<MappingOccurrence> found;
    if (document.root() == kNoNode)
        return found;
    // Depth-first in document order with an explicit stack (configs can nest arbitrarily deep).
    std::vector<NodeId> stack{document.root()};
    while (!stack.empty()) {
        const NodeId node = stack.back();
        stack.pop_back();
        const Kind kind = document.kind(node);
        if (kind != Kind::Object && kind != Kind::Array)
            continue;
        if (kind == Kind::Object && namesObject(document, node, from)) {
            MappingOccurrence o;
            o.envelope = node;
            o.pointer = document.pointer(node);
            o.isFunction = isFunctionEnvelope(document, node);
            o.configKeys = configKeysOf(document, node);
            found.push_back(std::move(o));
        }
        for (int i = document.childCount(node) - 1; i >= 0; --i)
            stack.push_back(document.child(node, i));
    }
    return found;
}

namespace {

/// Compares an occurrence's config keys with the target's constructor.
void compareParams(MappingOccurrence& o, const MappingTarget& target, Dialect dialect)
{
    if (o.isFunction)
        return;
    if (target.builtin) {
        const KeyCheck check = Catalog::forDialect(dialect).checkKeys(*target.builtin, o.configKeys);
        o.checked = check.checked;
        o.unknownKeys = check.unknown;
        o.missingKeys = check.missing;
        return;
    }
    if (!target.descriptor || !target.descriptor->params)
        return;
    o.checked = true;
    if (target.descriptor->acceptsExtraKwargs)
        return;
    const QStringList& params = *target.descriptor->params;
    for (const QString& key : o.configKeys) {
        if (!params.contains(key) && !o.unknownKeys.contains(key))
            o.unknownKeys.append(key);
    }
}

std::optional<Category> categoryOfDescriptorTargets(const std::vector<ObjectDescriptor>& descriptors, QStringView to)
{
    const ObjectDescriptor* d = findDescriptor(to, descriptors);
    return d ? d->category : std::nullopt;
}

} // namespace

Result<MappingPlan> planMapping(const Document& document, formats::FileDialect dialect,
                                const MappingRule& rule, const std::vector<ObjectDescriptor>& descriptors)
{
    MappingPlan plan;
    plan.rule = rule;
    const Dialect catalogDialect = catalogDialectFor(dialect);
    plan.target = resolveMappingTarget(rule.to, catalogDialect, descriptors,
                                       categoryOfDescriptorTargets(descriptors, rule.to));
    plan.occurrences = findMappingOccurrences(document, rule.from);
    if (plan.occurrences.empty())
        return fail(ErrorCode::NotFound, QStringLiteral("the file names no object '%1'").arg(rule.from));
    for (MappingOccurrence& o : plan.occurrences)
        compareParams(o, plan.target, catalogDialect);
    return plan;
}

} // namespace kcs::keras
