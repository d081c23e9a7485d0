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
    // Raw pointers: QByteArray::operator[] checks for sharing on every byte (11 MB: 30 ms).
    const char* in = bytes.data();
    char* to = out.data();
    for (qsizetype i = 0; i < bytes.size(); ++i)
        to[i] = lower(in[i]);
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
    forEachLayer(document, [&result](const LayerRef& layer) {
        result.push_back(layer);
        return true;
    });
    return result;
}

std::optional<LayerRef> NodeSearch::findLayer(const json::Document& document, const QString& name)
{
    std::optional<LayerRef> found;
    forEachLayer(document, [&found, &name](const LayerRef& layer) {
        if (layer.name != name)
            return true;
        found = layer;
        return false;
    });
    return found;
}

void NodeSearch::forEachLayer(const json::Document& document, const std::function<bool(const LayerRef&)>& visit)
{
    if (document.root() == json::kNoNode)
        return;
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
            if (info.isEnvelope && !visit({info.name, info.className, child}))
                return;
        }
    }
}

} // namespace kcs::ui
