// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Resolution.h"

#include <QHash>

namespace kcs::keras {

ResolutionPointers::ResolutionPointers(const json::Document& config, const json::Document* trainingConfig)
    : m_config(config)
{
    if (trainingConfig)
        m_training.emplace(*trainingConfig);
}

QExplicitlySharedDataPointer<ResolvedName> ResolvedName::make(const QString& identifier, Category category, bool isFunction,
                                                              ResolutionSource source, const QString& sourceName,
                                                              const QString& resolvedTo)
{
    QExplicitlySharedDataPointer<ResolvedName> name(new ResolvedName);
    name->identifier = identifier;
    name->category = category;
    name->isFunction = isFunction;
    name->source = source;
    name->sourceName = sourceName;
    name->resolvedTo = resolvedTo;
    return name;
}

Resolution::Resolution(json::NodeId node, const QString& identifier, Category category, bool isFunction,
                       ResolutionSource source, const QString& sourceName, const QString& resolvedTo)
    : node(node)
    , m_name(ResolvedName::make(identifier, category, isFunction, source, sourceName, resolvedTo))
{
}

const ResolvedName& Resolution::name() const
{
    static const ResolvedName none;
    return m_name ? *m_name : none;
}

QString ResolutionPointers::operator()(const Resolution& resolution)
{
    if (!resolution.inTrainingConfig)
        return m_config.pointer(resolution.node);
    return m_training ? m_training->pointer(resolution.node) : QString();
}

QString resolutionSourceName(ResolutionSource source)
{
    switch (source) {
    case ResolutionSource::Scope: return QStringLiteral("scope");
    case ResolutionSource::GlobalRegistry: return QStringLiteral("global");
    case ResolutionSource::CustomObjects: return QStringLiteral("custom-objects");
    case ResolutionSource::Builtin: return QStringLiteral("builtin");
    case ResolutionSource::Special: return QStringLiteral("special");
    case ResolutionSource::Unresolved: break;
    }
    return QStringLiteral("unresolved");
}

std::vector<UnresolvedName> summarizeUnresolved(const std::vector<Resolution>& resolutions)
{
    std::vector<UnresolvedName> out;
    QHash<QString, size_t> index;
    for (const Resolution& r : resolutions) {
        if (r.source() != ResolutionSource::Unresolved)
            continue;
        const QString key = categoryName(r.category()) + QLatin1Char('\n') + r.identifier();
        auto it = index.constFind(key);
        if (it == index.constEnd()) {
            index.insert(key, out.size());
            out.push_back({r.identifier(), r.category(), 1});
        } else {
            ++out[*it].count;
        }
    }
    return out;
}

} // namespace kcs::keras
