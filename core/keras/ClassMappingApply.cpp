// SPDX-License-Identifier: GPL-3.0-or-later
// applyMappings: the rewriting half of ClassMapping.h.
#include "core/keras/ClassMapping.h"
#include "core/keras/ClassMappingCandidates.h"

namespace kcs::keras {

using json::Document;
using json::Edit;
using json::NodeId;
using json::Value;
using json::kNoNode;

namespace {

/// Collects the edits of one mapping run; on failure undoes what was already applied, so the
/// caller sees either one Compound edit or an unchanged document.
class EditBatch {
public:
    explicit EditBatch(Document& doc) : m_doc(doc) {}

    bool add(Result<Edit> edit)
    {
        if (!edit) {
            m_error = edit.error();
            return false;
        }
        m_parts.push_back(std::move(*edit));
        return true;
    }
    const Error& error() const { return m_error; }

    void rollback()
    {
        for (auto it = m_parts.rbegin(); it != m_parts.rend(); ++it)
            (void)m_doc.revert(*it);
        m_parts.clear();
    }

    Edit finish(const QString& description)
    {
        Edit e;
        e.type = Edit::Type::Compound;
        e.description = description;
        e.parts = std::move(m_parts);
        return e;
    }

private:
    Document& m_doc;
    std::vector<Edit> m_parts;
    Error m_error;
};

/// Sets member `key` of `object` to a string (or null): replaced when present and different,
/// inserted at `insertAt` when absent and `insertIfAbsent`.
bool setMember(Document& doc, EditBatch& batch, const QString& objectPointer, std::string_view key,
               const std::optional<QString>& value, bool insertIfAbsent, int insertAt)
{
    const NodeId object = doc.find(objectPointer);
    const NodeId m = doc.member(object, key);
    if (m != kNoNode) {
        const bool same = value ? (doc.kind(m) == json::Kind::String && doc.string(m) == *value)
                                : doc.isNull(m);
        if (same)
            return true;
        return batch.add(doc.replaceValue(m, value ? Value(*value) : Value()));
    }
    if (!insertIfAbsent)
        return true;
    return batch.add(doc.insertMember(object, insertAt, QString::fromUtf8(key.data(), qsizetype(key.size())),
                                      value ? Value(*value) : Value()));
}

int indexAfter(const Document& doc, NodeId object, std::string_view key)
{
    const NodeId m = doc.member(object, key);
    return m == kNoNode ? doc.childCount(object) : doc.indexInParent(m) + 1;
}

/// A Keras 3 envelope (or a Keras 3-style one in a Keras 2 file): bare class_name, the key in
/// registered_name, and module as the target requires.
bool rewriteModern(Document& doc, EditBatch& batch, const QString& p, const MappingTarget& t)
{
    if (!setMember(doc, batch, p, "class_name", t.className, false, 0))
        return false;
    // A built-in needs its module (the export path decides the class); a custom target keeps
    // whatever module the file had unless the target names one.
    if (!t.module.isEmpty() && !setMember(doc, batch, p, "module", t.module, true, 0))
        return false;
    const NodeId object = doc.find(p);
    const bool hasRegistered = doc.member(object, "registered_name") != kNoNode;
    // An absent registered_name reads as class_name, which is right only for a bare name.
    const bool needsRegistered = t.registeredName && *t.registeredName != t.className;
    return setMember(doc, batch, p, "registered_name", t.registeredName, hasRegistered || needsRegistered,
                     indexAfter(doc, object, "config"));
}

/// A Keras 2 legacy envelope: the registered key, the bare name or the built-in's name.
bool rewriteLegacy(Document& doc, EditBatch& batch, const QString& p, const MappingTarget& t)
{
    const QString name = t.kind == MappingTarget::Kind::BuiltIn ? t.className : t.key;
    return setMember(doc, batch, p, "class_name", name, false, 0);
}

/// The envelope's own shape decides, not the file's dialect alone: Keras reads an envelope with
/// `module` or `registered_name` through its general path (registered_name is the key), and a
/// bare {class_name, config} dict through its legacy path (class_name is the key) -- Keras 2
/// files, and the layer entries of Keras 3 `.h5` model configs, hold such dicts.
bool rewriteOccurrence(Document& doc, EditBatch& batch, const MappingOccurrence& o, const MappingTarget& t)
{
    if (o.isFunction) // a function envelope keeps its key in config, in both dialects
        return setMember(doc, batch, o.pointer, "config", t.key, false, 0);
    const NodeId object = doc.find(o.pointer);
    const bool modernShape = doc.member(object, "module") != kNoNode
        || doc.member(object, "registered_name") != kNoNode;
    if (modernShape)
        return rewriteModern(doc, batch, o.pointer, t);
    return rewriteLegacy(doc, batch, o.pointer, t);
}

} // namespace

Result<Edit> applyMappings(Document& document, formats::FileDialect dialect,
                           const std::vector<MappingRule>& rules,
                           const std::vector<ObjectDescriptor>& descriptors)
{
    if (rules.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("no mapping given"));
    // Plan everything first: a later rule must not see names an earlier one just wrote.
    std::vector<MappingPlan> plans;
    for (const MappingRule& rule : rules) {
        auto plan = planMapping(document, dialect, rule, descriptors);
        if (!plan)
            return std::unexpected(plan.error());
        plans.push_back(std::move(*plan));
    }
    EditBatch batch(document);
    for (const MappingPlan& plan : plans) {
        for (const MappingOccurrence& o : plan.occurrences) {
            if (!rewriteOccurrence(document, batch, o, plan.target)) {
                batch.rollback();
                return std::unexpected(batch.error());
            }
        }
    }
    QStringList names;
    for (const MappingRule& rule : rules)
        names.append(rule.from + QStringLiteral(" \u2192 ") + rule.to);
    return batch.finish(QStringLiteral("Map %1").arg(names.join(QStringLiteral(", "))));
}

QStringList describeDifferences(const MappingPlan& plan)
{
    QStringList lines;
    for (const MappingOccurrence& o : plan.occurrences) {
        QStringList parts;
        if (!o.unknownKeys.isEmpty())
            parts.append(QStringLiteral("not accepted: ") + o.unknownKeys.join(QStringLiteral(", ")));
        if (!o.missingKeys.isEmpty())
            parts.append(QStringLiteral("missing: ") + o.missingKeys.join(QStringLiteral(", ")));
        if (!parts.isEmpty())
            lines.append(QStringLiteral("%1: %2 -> %3: %4")
                             .arg(o.pointer, plan.rule.from, plan.target.key, parts.join(QStringLiteral("; "))));
    }
    return lines;
}

Result<Edit> applyMappingArguments(Document& document, formats::FileDialect dialect,
                                   const QStringList& mappings, const QStringList& scopeFiles,
                                   QStringList* differences)
{
    std::vector<ObjectDescriptor> descriptors;
    for (const QString& path : scopeFiles) {
        auto set = loadScopeFile(path);
        if (!set)
            return std::unexpected(set.error());
        const std::vector<ObjectDescriptor> declared = allDescriptors(*set);
        descriptors.insert(descriptors.end(), declared.begin(), declared.end());
    }
    std::vector<MappingRule> rules;
    for (const QString& text : mappings) {
        auto rule = parseMappingRule(text);
        if (!rule)
            return std::unexpected(rule.error());
        if (differences) {
            if (auto plan = planMapping(document, dialect, *rule, descriptors))
                differences->append(describeDifferences(*plan));
        }
        rules.push_back(std::move(*rule));
    }
    return applyMappings(document, dialect, rules, descriptors);
}

} // namespace kcs::keras
