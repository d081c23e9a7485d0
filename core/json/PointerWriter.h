// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QString>

#include <vector>

namespace kcs::json {

/// Writes the JSON Pointers (RFC 6901) of many nodes of one document, each as Document::pointer
/// would, without rebuilding the common part every time. Callers that need pointers in bulk
/// (a million resolutions of a big model) ask for nearby nodes one after another: the members
/// of one layer, then the next layer. The pointer of the last parent is kept with the end of
/// each of its tokens, so only the tokens below the deepest shared ancestor are written again.
///
/// Holds a reference to the document: the document must outlive it and must not be edited while
/// it is in use (node ids and keys are read as they are now).
class PointerWriter {
public:
    explicit PointerWriter(const Document& doc) : m_doc(doc) {}

    /// The pointer of node ("" for the root and for kNoNode).
    QString pointer(NodeId node);
    QString operator()(NodeId node) { return pointer(node); }

private:
    void appendToken(QString& out, NodeId node) const; ///< "/" + node's token

    const Document& m_doc;
    std::vector<NodeId> m_scratch;  ///< the asked node's ancestors, root excluded
    QString m_prefix;               ///< the last parent's pointer
    std::vector<NodeId> m_prefixPath; ///< its nodes, root excluded
    std::vector<qsizetype> m_prefixEnds; ///< where each node's token ends in m_prefix
};

} // namespace kcs::json
