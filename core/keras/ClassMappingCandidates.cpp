// SPDX-License-Identifier: GPL-3.0-or-later
// Ranked targets for an unresolved name: what the mapping dialog offers in its "Map to" column.
#include "core/keras/ClassMappingCandidates.h"

#include "core/keras/FixIt.h"

#include <QSet>

#include <algorithm>

namespace kcs::keras {
namespace {

/// "Custom>OldDense" -> "OldDense": registered keys are compared by their class part.
QStringView shortPart(QStringView name)
{
    const qsizetype at = name.lastIndexOf(u'>');
    return at < 0 ? name : name.mid(at + 1);
}

Dialect otherDialect(Dialect dialect)
{
    return dialect == Dialect::Keras3 ? Dialect::Keras2 : Dialect::Keras3;
}

/// The same built-in under the name `dialect` knows it by, when `name` is another dialect's
/// (or a legacy) spelling of it; empty otherwise.
QString renamedBuiltin(QStringView name, Category category, Dialect dialect)
{
    const Catalog& here = Catalog::forDialect(dialect);
    for (const Catalog* catalog : {&Catalog::forDialect(otherDialect(dialect)), &here}) {
        if (!catalog->hasCategory(category))
            continue;
        const BuiltinEntry* entry = category == Category::Layers ? catalog->legacyLookup(name)
                                                                 : catalog->lookup(category, name);
        if (!entry)
            continue;
        const QString canonical = entry->className.isEmpty() ? entry->name() : entry->className;
        if (canonical != name && here.lookup(category, canonical))
            return canonical;
    }
    return {};
}

class CandidateList {
public:
    explicit CandidateList(QStringView name) : m_name(name.toString()) {}

    void add(const QString& target, MappingCandidate::Source source, const QString& reason)
    {
        if (target.isEmpty() || target == m_name || m_offered.contains(target))
            return;
        m_offered.insert(target);
        m_out.push_back({target, source, reason});
    }
    std::vector<MappingCandidate> take() { return std::move(m_out); }

private:
    QString m_name;
    QSet<QString> m_offered;
    std::vector<MappingCandidate> m_out;
};

} // namespace

std::vector<ObjectDescriptor> allDescriptors(const ScopeSet& set)
{
    std::vector<ObjectDescriptor> out;
    for (const NamedScope& scope : set.scopes)
        out.insert(out.end(), scope.objects.begin(), scope.objects.end());
    out.insert(out.end(), set.global.begin(), set.global.end());
    out.insert(out.end(), set.customObjects.begin(), set.customObjects.end());
    return out;
}

std::vector<MappingCandidate> mappingCandidates(QStringView name, Category category, Dialect dialect,
                                                const std::vector<ObjectDescriptor>& descriptors,
                                                int maxBuiltIns)
{
    CandidateList list(name);
    const QStringView bare = shortPart(name);

    // 1. Declared custom objects of a fitting category: the same class name first.
    std::vector<std::pair<int, const ObjectDescriptor*>> declared;
    for (const ObjectDescriptor& descriptor : descriptors) {
        if (descriptor.category && *descriptor.category != category)
            continue;
        const int distance = editDistance(bare, descriptor.shortName());
        declared.emplace_back(distance, &descriptor);
    }
    std::stable_sort(declared.begin(), declared.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [distance, descriptor] : declared)
        list.add(descriptor->key, MappingCandidate::Source::Descriptor,
                 distance == 0 ? QStringLiteral("declared custom object, same class name")
                               : QStringLiteral("declared custom object"));

    // 2. The same built-in under this dialect's name.
    const QString renamed = renamedBuiltin(bare, category, dialect);
    list.add(renamed, MappingCandidate::Source::Rename,
             QStringLiteral("the %1 name of the same built-in")
                 .arg(dialect == Dialect::Keras3 ? QStringLiteral("Keras 3") : QStringLiteral("tf.keras")));

    // 3. and 4. Built-ins of the category, similar spellings first.
    const Catalog& catalog = Catalog::forDialect(dialect);
    if (!catalog.hasCategory(category))
        return list.take();
    std::vector<std::pair<int, QString>> builtins;
    for (const QString& candidate : catalog.lookupNames(category)) {
        if (!catalog.isIncidentalModuleObject(category, candidate))
            builtins.emplace_back(editDistance(bare, candidate), candidate);
    }
    std::stable_sort(builtins.begin(), builtins.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const int similarLimit = std::max(1, int(bare.size()) / 4);
    int offered = 0;
    for (const auto& [distance, candidate] : builtins) {
        if (offered >= maxBuiltIns)
            break;
        const bool similar = distance <= similarLimit;
        list.add(candidate, similar ? MappingCandidate::Source::Similar : MappingCandidate::Source::BuiltIn,
                 similar ? QStringLiteral("similar built-in name") : QStringLiteral("built-in %1").arg(identifierKindWord(category)));
        ++offered;
    }
    return list.take();
}

} // namespace kcs::keras
