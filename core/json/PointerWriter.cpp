// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/PointerWriter.h"

#include <algorithm>
#include <charconv>

namespace kcs::json {

void PointerWriter::appendToken(QString& out, NodeId node) const
{
    out += QLatin1Char('/');
    if (!m_doc.isMember(node)) {
        char digits[16];
        const auto end = std::to_chars(digits, digits + sizeof digits, m_doc.indexInParent(node)).ptr;
        out += QLatin1StringView(digits, end - digits);
        return;
    }
    // A key of plain ASCII without '~' or '/' is its own token; others take the long way.
    const QByteArrayView raw = m_doc.rawKey(node);
    const QByteArrayView token = raw.sliced(1, raw.size() - 2);
    const bool plain = std::all_of(token.begin(), token.end(), [](char c) {
        return uchar(c) < 0x80 && c != '\\' && c != '~' && c != '/';
    });
    if (plain)
        out += QLatin1StringView(token.data(), token.size());
    else
        out += escapePointerToken(m_doc.key(node));
}

QString PointerWriter::pointer(NodeId node)
{
    if (node == kNoNode || m_doc.parent(node) == kNoNode)
        return QString();
    std::vector<NodeId>& path = m_scratch;
    path.clear();
    for (NodeId n = m_doc.parent(node); m_doc.parent(n) != kNoNode; n = m_doc.parent(n))
        path.push_back(n);
    std::reverse(path.begin(), path.end());
    size_t shared = 0;
    while (shared < path.size() && shared < m_prefixPath.size() && path[shared] == m_prefixPath[shared])
        ++shared;
    m_prefixPath.resize(shared);
    m_prefixEnds.resize(shared);
    m_prefix.truncate(shared == 0 ? 0 : m_prefixEnds.back());
    for (size_t i = shared; i < path.size(); ++i) {
        appendToken(m_prefix, path[i]);
        m_prefixPath.push_back(path[i]);
        m_prefixEnds.push_back(m_prefix.size());
    }
    QString out;
    out.reserve(m_prefix.size() + 32);
    out += m_prefix;
    appendToken(out, node);
    return out;
}

} // namespace kcs::json
