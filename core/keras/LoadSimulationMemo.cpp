// SPDX-License-Identifier: GPL-3.0-or-later
// The nested objects of a layer config (initializers, regularizers, constraints, activations,
// dtype policies) repeat byte for byte from layer to layer: each distinct one is walked once and
// its resolutions are replayed for the others (see LoadWalker::MemoKey).
#include "core/keras/LoadSimulationWalker.h"

#include <cstring>

namespace kcs::keras {
namespace {

/// Bounds of the memo: a nested object is short (an initializer with its config is about 100
/// bytes); a long one is cheaper to walk than to hash, and the table must not grow with the file.
constexpr qsizetype kMaxMemoBytes = 1024;
constexpr size_t kMaxMemoEntries = 4096;
constexpr size_t kMaxMemoDepth = 32;

} // namespace

size_t LoadWalker::MemoKeyHash::operator()(const MemoKey& k) const
{
    // Eight bytes a step, each mixed by a multiply: a nested object is hashed once per layer, and
    // std::hash's byte loop cost more than the walk it saves.
    const char* p = k.bytes.data();
    size_t n = k.bytes.size();
    quint64 h = (quint64(k.context) << 32 | n) * 0x9E3779B97F4A7C15ull;
    const auto mix = [&h](quint64 w) {
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    };
    for (; n >= 8; p += 8, n -= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        mix(w);
    }
    if (n > 0) {
        // The last (overlapping) eight bytes when there are as many, else byte by byte.
        quint64 tail = 0;
        if (k.bytes.size() >= 8)
            std::memcpy(&tail, k.bytes.data() + k.bytes.size() - 8, 8);
        else
            for (size_t i = 0; i < n; ++i)
                tail = tail << 8 | quint8(p[i]);
        mix(tail);
    }
    return size_t(h * 0x94D049BB133111EBull ^ (h >> 29));
}

LoadWalker::MemoKey LoadWalker::memoKey(json::NodeId node, NestedGet how, Category category, bool nonFatal) const
{
    const QByteArrayView raw = m_doc.raw(node);
    if (raw.size() > kMaxMemoBytes)
        return {};
    return {std::string_view(raw.data(), size_t(raw.size())),
            quint32(how) | quint32(category) << 8 | quint32(nonFatal) << 16 | quint32(m_sharingScope) << 17};
}

void LoadWalker::replay(json::NodeId node, const std::vector<MemoResolution>& resolutions)
{
    // The same bytes make the same tree: every resolution lands at the same child indexes.
    for (const MemoResolution& m : resolutions) {
        json::NodeId n = node;
        for (const int index : m.path)
            n = m_doc.child(n, index);
        m_report.resolutions.push_back(m.resolution);
        m_report.resolutions.back().node = n;
    }
}

void LoadWalker::nestedGet(json::NodeId node, NestedGet how, Category category, bool nonFatal)
{
    const auto walk = [&] {
        if (how == NestedGet::ModuleObjects)
            moduleObjectsGet(node, category, nonFatal);
        else
            activationGet(node, nonFatal, how == NestedGet::LegacyActivation);
    };
    const MemoKey key = memoKey(node, how, category, nonFatal);
    if (key.bytes.empty()) {
        walk();
        return;
    }
    if (const auto it = m_memo.find(key); it != m_memo.end()) {
        replay(node, it->second);
        return;
    }
    if (m_memo.size() >= kMaxMemoEntries) {
        walk();
        return;
    }
    // The walk may schedule steps of its own: the verdict is known once they have all run, so
    // the step that files it is scheduled first (steps scheduled later run before it).
    m_pendingMemos.push_back({key, node, m_report.resolutions.size(), m_report.problems.size(),
                              m_report.lambdas.size(), m_report.sharedObjects.size(), m_report.sharedLayers.size(),
                              size_t(m_builtIds.size())});
    scheduleOne([this] { finishNestedGet(); });
    walk();
}

void LoadWalker::finishNestedGet()
{
    const PendingMemo p = m_pendingMemos.back();
    m_pendingMemos.pop_back();
    // Only a clean walk is remembered: a problem, a lambda or a shared object is tied to its
    // own place (and the first error to the frames around it).
    if (m_report.problems.size() != p.problems || m_report.lambdas.size() != p.lambdas
        || m_report.sharedObjects.size() != p.sharedObjects || m_report.sharedLayers.size() != p.sharedLayers
        || size_t(m_builtIds.size()) != p.builtIds || m_memo.size() >= kMaxMemoEntries)
        return;
    std::vector<MemoResolution> recorded;
    recorded.reserve(m_report.resolutions.size() - p.resolutions);
    for (size_t i = p.resolutions; i < m_report.resolutions.size(); ++i) {
        const Resolution& r = m_report.resolutions[i];
        m_memoPath.clear();
        json::NodeId n = r.node;
        while (n != p.node) {
            if (n == json::kNoNode || m_memoPath.size() == kMaxMemoDepth)
                return; // not below the object: nothing to remember
            m_memoPath.push_back(m_doc.indexInParent(n));
            n = m_doc.parent(n);
        }
        MemoResolution m{{m_memoPath.rbegin(), m_memoPath.rend()}, r};
        m.resolution.node = json::kNoNode;
        recorded.push_back(std::move(m));
    }
    m_memo.emplace(p.key, std::move(recorded));
}

} // namespace kcs::keras
