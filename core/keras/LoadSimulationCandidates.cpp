// SPDX-License-Identifier: GPL-3.0-or-later
// Fix-it candidates for a name nothing resolves: registered descriptors, the same built-in under
// its name in the other dialect (Convolution2D -> Conv2D, Merge -> the merge layer of its mode),
// and built-ins with a similar spelling.
#include "core/keras/LoadSimulationWalker.h"

#include <QSet>

#include <algorithm>

namespace kcs::keras {
namespace {

constexpr int kMaxSimilar = 3;

QString mergeLayerForMode(QStringView mode)
{
    static const std::pair<const char16_t*, const char16_t*> table[] = {
        {u"concat", u"Concatenate"}, {u"sum", u"Add"}, {u"mul", u"Multiply"}, {u"ave", u"Average"},
        {u"max", u"Maximum"}, {u"dot", u"Dot"}, {u"cos", u"Dot"},
    };
    for (const auto& [m, layer] : table) {
        if (mode == QStringView(m))
            return QString::fromUtf16(layer);
    }
    return {};
}

} // namespace

std::vector<FixIt> LoadWalker::classCandidates(json::NodeId env, const QString& name, Category category) const
{
    std::vector<FixIt> out;
    QSet<QString> offered;
    const bool envelope = isObject(env);
    const json::NodeId target = envelope ? member(env, "class_name") : env;
    if (target == json::kNoNode)
        return out;
    const QString targetPtr = pointerOf(target);
    const auto rename = [&](const QString& to, const QString& why) {
        if (to.isEmpty() || to == name || offered.contains(to))
            return;
        offered.insert(to);
        out.push_back({QStringLiteral("Use '%1' (%2)").arg(to, why), {{FixEdit::Op::Replace, targetPtr, json::Value(to), {}}}});
    };
    // 1. Custom objects registered under this short name: point the envelope at their key.
    for (const CustomObjectEntry* e : m_custom.all()) {
        if (e->descriptor.shortName() != name || e->descriptor.key == name)
            continue;
        const json::NodeId reg = envelope ? member(env, "registered_name") : json::kNoNode;
        if (reg != json::kNoNode) {
            out.push_back({QStringLiteral("Set registered_name to '%1' (registered custom object)").arg(e->descriptor.key),
                           {{FixEdit::Op::Replace, pointerOf(reg), json::Value(e->descriptor.key), {}}}});
            offered.insert(e->descriptor.key);
        } else {
            rename(e->descriptor.key, QStringLiteral("registered custom object"));
        }
    }
    // 2. The same built-in under the other dialect's (or an older) name.
    if (name == u"Merge" && envelope) {
        const QString mode = stringAt(member(env, "config"), "mode");
        rename(mergeLayerForMode(mode.isEmpty() ? QStringLiteral("sum") : mode),
               QStringLiteral("Keras 2+ replaced Merge by one layer per mode"));
    }
    for (const Catalog* c : {&otherCatalog(), &m_catalog}) {
        const BuiltinEntry* other = category == Category::Layers ? c->legacyLookup(name) : c->lookup(category, name);
        if (!other)
            continue;
        const QString canonical = other->className.isEmpty() ? other->name() : other->className;
        const BuiltinEntry* here = category == Category::Layers ? m_catalog.lookup(Category::Layers, canonical)
                                                                : m_catalog.lookup(category, canonical);
        if (here && canonical != name)
            rename(canonical, QStringLiteral("the %1 name of the same built-in").arg(
                                  m_options.target == Dialect::Keras3 ? QStringLiteral("Keras 3") : QStringLiteral("tf.keras")));
    }
    // 3. Similar spellings among the target's built-ins.
    if (!m_catalog.hasCategory(category))
        return out;
    std::vector<std::pair<int, QString>> similar;
    const int limit = std::max(1, int(name.size()) / 4);
    for (const QString& candidate : m_catalog.lookupNames(category)) {
        const int d = editDistance(name, candidate);
        if (d > 0 && d <= limit)
            similar.emplace_back(d, candidate);
    }
    std::stable_sort(similar.begin(), similar.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < similar.size() && i < size_t(kMaxSimilar); ++i)
        rename(similar[i].second, QStringLiteral("similar built-in name"));
    return out;
}

} // namespace kcs::keras
