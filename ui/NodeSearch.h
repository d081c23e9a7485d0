// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace kcs::ui {

/// One search hit: the node (a member for key hits, else the value) and the matched bytes.
struct SearchHit {
    json::NodeId node = json::kNoNode;
    json::Span match;
};

/// A layer of the model (any envelope listed in a "layers" array, nested models included).
struct LayerRef {
    QString name;
    QString className;
    json::NodeId node = json::kNoNode;
};

/// Searching the config's keys and values, and listing its layers. Works on the document text
/// directly (a byte search, then the node at each hit), so it costs one pass over the bytes and
/// never materialises values. Case-insensitive for ASCII letters.
class NodeSearch {
public:
    /// Hits in document order, at most limit; a node with several hits is listed once.
    static std::vector<SearchHit> find(const json::Document& document, const QString& text,
                                       int limit = 10000);
    /// Layers, each "layers" list in order; a nested model's layers come after the list that
    /// holds it. Walks containers only, without recursion.
    static std::vector<LayerRef> layers(const json::Document& document);
    /// The first layer named name, in the order of layers(); the walk stops there.
    static std::optional<LayerRef> findLayer(const json::Document& document, const QString& name);

private:
    /// The walk behind layers(): visit returns false to stop.
    static void forEachLayer(const json::Document& document, const std::function<bool(const LayerRef&)>& visit);
};

} // namespace kcs::ui
