// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/NodeSearch.h"

#include "ui/NodeInfo.h"

#include <QByteArrayMatcher>

namespace kcs::ui {

namespace {

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

QByteArray lowered(QByteArrayView bytes)
{
    QByteArray out(bytes.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i)
        out[i] = lower(bytes[i]);
    return out;
}

bool isStructural(json::Kind kind)
{
    return kind == json::Kind::Object || kind == json::Kind::Array;
}

} // namespace

std::vector<SearchHit> NodeSearch::find(const json::Document& document, const QString& text, int limit)
{
    std::vector<SearchHit> hits;
    const QByteArray needle = lowered(text.toUtf8());
    if (needle.isEmpty() || document.root() == json::kNoNode)
        return hits;
    const QByteArray haystack = lowered(document.text());
    const QByteArrayMatcher matcher(needle);
    for (qsizetype at = matcher.indexIn(haystack); at >= 0 && int(hits.size()) < limit;
         at = matcher.indexIn(haystack, at + 1)) {
        json::NodeId node = document.nodeAt(at);
        if (node == json::kNoNode)
            continue;
        // Hits in punctuation or whitespace land on a container: only keys and scalars count.
        const json::Span key = document.keySpan(node);
        const bool inKey = key.length() > 0 && at >= key.begin && at < key.end;
        if (!inKey && isStructural(document.kind(node)))
            continue;
        if (!hits.empty() && hits.back().node == node)
            continue;
        hits.push_back({node, {at, at + needle.size()}});
    }
    return hits;
}

std::vector<LayerRef> NodeSearch::layers(const json::Document& document)
{
    std::vector<LayerRef> result;
    if (document.root() == json::kNoNode)
        return result;
    std::vector<json::NodeId> stack{document.root()};
    while (!stack.empty()) {
        const json::NodeId node = stack.back();
        stack.pop_back();
        const bool isLayerList = document.kind(node) == json::Kind::Array && document.isMember(node)
                                 && document.keyEquals(node, "layers");
        const int count = document.childCount(node);
        // Push in reverse so the walk visits children in document order.
        for (int i = count - 1; i >= 0; --i) {
            const json::NodeId child = document.child(node, i);
            if (isStructural(document.kind(child)))
                stack.push_back(child);
        }
        if (!isLayerList)
            continue;
        // The layers of this list come before anything found inside them: collect them now
        // (in order) while their insides wait on the stack.
        for (int i = 0; i < count; ++i) {
            const json::NodeId child = document.child(node, i);
            const EnvelopeInfo info = envelopeInfo(document, child);
            if (info.isEnvelope)
                result.push_back({info.name, info.className, child});
        }
    }
    return result;
}

} // namespace kcs::ui
