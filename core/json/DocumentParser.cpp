// SPDX-License-Identifier: GPL-3.0-or-later
//
// The JSON reader behind kcs::json::Document.
//
// Why not simdjson's DOM or On-Demand parser for this: they decode as they go and keep neither
// the byte span of each value, nor the spelling of numbers and escapes, nor duplicate keys, nor
// member order guarantees we can edit in place, and they reject Python's NaN/Infinity, which
// Keras writes. Our readers index the text without decoding anything, with an explicit stack (no
// recursion on nesting depth), into one flat node array. Valid text is read by the structural
// index (StructuralIndex.h, StructuralParser.h: SIMD, several times faster); the byte-wise reader
// here reads what that one rejects, and words the error. simdjson is still used where it is the
// best tool: its SIMD UTF-8 validator (up front here, chunk by chunk in the index), so the
// scanners only have to find quotes, backslashes and control bytes.

#include "core/json/DocumentImpl.h"
#include "core/json/StructuralParser.h"

#include <simdjson.h>

#include <QList>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <algorithm>
#include <unordered_map>

namespace kcs::json::detail {
namespace {

const char* kindWord(Kind k)
{
    return k == Kind::Object ? "object" : "array";
}

QString describeByte(QByteArrayView text, qint64 pos)
{
    if (pos >= text.size())
        return QStringLiteral("the end of the input");
    const auto c = uchar(text[pos]);
    if (c >= 0x21 && c < 0x7f)
        return QStringLiteral("'%1'").arg(QChar(c));
    if (c < 0x80)
        return QString::asprintf("character U+%04X", uint(c));
    // A non-ASCII character: show it decoded (the text is valid UTF-8 here).
    qint64 end = pos + 1;
    while (end < text.size() && (uchar(text[end]) & 0xC0) == 0x80)
        ++end;
    return QStringLiteral("'%1'").arg(QString::fromUtf8(text.sliced(pos, end - pos)));
}

/// Finds the first invalid UTF-8 sequence (only called once simdjson said there is one).
qint64 firstInvalidUtf8(QByteArrayView text)
{
    const auto* p = reinterpret_cast<const uchar*>(text.data());
    const qint64 n = text.size();
    qint64 i = 0;
    while (i < n) {
        const uchar c = p[i];
        int len = 0;
        uint cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n)
            return i;
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return -1;
}

inline bool isWs(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

inline bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Offset of the first '"', '\\' or control byte at or after pos (n when there is none): the
/// only bytes that end an ordinary run inside a string. SSE2 (every x86-64) does 16 bytes a step.
inline qint64 findStringSpecial(const char* p, qint64 pos, qint64 n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    while (pos + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + pos));
        const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                          _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
        if (const int mask = _mm_movemask_epi8(hits))
            return pos + __builtin_ctz(unsigned(mask));
        pos += 16;
    }
#endif
    while (pos < n) {
        const auto c = uchar(p[pos]);
        if (c == '"' || c == '\\' || c < 0x20)
            return pos;
        ++pos;
    }
    return n;
}

/// Gives back the reserved node space when the text had far fewer nodes than reserved for.
/// Room never written is never touched, so it costs address space rather than memory (an
/// indented Keras config fills about half of the reserve for one node per 14 bytes): it is
/// worth copying the nodes when under a third is used, or when an array grown past that
/// reserve (a denser text) has 30% to spare, which would otherwise take the document beyond
/// 3.6 times the text.
void shrinkIfOversized(Parsed& parsed, qsizetype textSize)
{
    const size_t used = parsed.nodes.size();
    const size_t capacity = parsed.nodes.capacity();
    if (used < capacity / 3 || (capacity > size_t(textSize / 14) + 64 && used < capacity / 10 * 7)) {
        parsed.nodes.shrink_to_fit();
        parsed.children.shrink_to_fit();
    }
}

class Parser {
public:
    Parser(QByteArrayView text, const ParseOptions& o, qint64 maskLead, qint64 maskTrail)
        : m_p(text.data()), m_n(text.size()), m_text(text), m_opts(o), m_maskLead(maskLead),
          m_maskTrail(maskTrail)
    {
    }

    Result<Parsed> run();

private:
    struct Frame {
        NodeId node;
        quint32 tempStart;
    };

    std::unexpected<Error> error(qint64 pos, const QString& message) const
    {
        const TextPosition tp = positionInText(m_text, pos);
        return fail(ErrorCode::Syntax, message, SourceLocation{pos, 1, tp.line, tp.column, {}});
    }

    void skipWs()
    {
        while (m_pos < m_n) {
            const char c = m_p[m_pos];
            if (isWs(c) || (c == ',' && (m_pos == m_maskLead || m_pos == m_maskTrail)))
                ++m_pos;
            else
                break;
        }
    }

    NodeId newNode(Kind kind, quint32 keyBegin, quint32 keyEnd)
    {
        const NodeId id = NodeId(m_out.nodes.size());
        Node& n = m_out.nodes.emplace_back(Node{});
        n.kind = kind;
        n.begin = quint32(m_pos);
        n.keyBegin = keyBegin;
        n.keyLength = quint16(keyEnd - keyBegin);
        if (!m_stack.empty()) {
            const Frame& top = m_stack.back();
            n.parent = top.node;
            n.index = quint32(m_temp.size() - top.tempStart);
            m_temp.push_back(id);
        }
        return id;
    }

    Result<bool> scanString(quint8& flags);
    Result<void> scanNumber(Node& n);
    Result<void> scanLiteral(Node& n);
    Result<bool> scanValueStart(quint32 keyBegin, quint32 keyEnd);
    Result<void> scanKey(quint32& keyBegin, quint32& keyEnd, quint8& flags);
    void closeContainer();
    Result<void> unexpectedEnd() const;

    const char* m_p;
    qint64 m_n;
    QByteArrayView m_text;
    const ParseOptions& m_opts;
    qint64 m_maskLead;
    qint64 m_maskTrail;
    qint64 m_pos = 0;
    Parsed m_out;
    std::vector<Frame> m_stack;
    std::vector<NodeId> m_temp;
    quint8 m_pendingKeyFlags = 0;
};

Result<bool> Parser::scanString(quint8& flags)
{
    const qint64 start = m_pos;
    ++m_pos; // opening quote
    for (;;) {
        m_pos = findStringSpecial(m_p, m_pos, m_n);
        if (m_pos >= m_n)
            return error(start, QStringLiteral("unterminated string (the input ends before its closing quote)"));
        const auto c = uchar(m_p[m_pos]);
        if (c == '"') {
            ++m_pos;
            return true;
        }
        if (c == '\\') {
            flags = flags | 1;
            if (m_pos + 1 >= m_n)
                return error(start, QStringLiteral("unterminated string (the input ends before its closing quote)"));
            const char e = m_p[m_pos + 1];
            if (e == 'u') {
                for (int k = 2; k < 6; ++k) {
                    if (m_pos + k >= m_n || !isHex(m_p[m_pos + k]))
                        return error(m_pos, QStringLiteral("invalid \\u escape in string: four hex digits must follow \\u"));
                }
                m_pos += 6;
            } else if (std::strchr("\"\\/bfnrt", e) && e != '\0') {
                m_pos += 2;
            } else {
                return error(m_pos, QStringLiteral("invalid escape '\\%1' in string").arg(QString::fromUtf8(&e, 1)));
            }
            continue;
        }
        return error(m_pos, QString::asprintf("control character U+%04X in string (it must be escaped)", uint(c)));
    }
}

Result<void> Parser::scanNumber(Node& n)
{
    const qint64 start = m_pos;
    if (m_p[m_pos] == '-')
        ++m_pos;
    if (m_pos < m_n && m_p[m_pos] == 'I') {
        if (m_n - m_pos >= 8 && std::memcmp(m_p + m_pos, "Infinity", 8) == 0 && m_opts.allowNonFinite) {
            m_pos += 8;
            n.flags |= FloatSpelling;
            return {};
        }
        return error(start, QStringLiteral("invalid number"));
    }
    if (m_pos >= m_n || !isDigit(m_p[m_pos]))
        return error(start, QStringLiteral("invalid number: a digit must follow '-'"));
    if (m_p[m_pos] == '0') {
        ++m_pos;
        if (m_pos < m_n && isDigit(m_p[m_pos]))
            return error(start, QStringLiteral("invalid number: leading zeros are not allowed"));
    } else {
        while (m_pos < m_n && isDigit(m_p[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_n && m_p[m_pos] == '.') {
        ++m_pos;
        n.flags |= FloatSpelling;
        if (m_pos >= m_n || !isDigit(m_p[m_pos]))
            return error(m_pos, QStringLiteral("invalid number: a digit must follow the decimal point"));
        while (m_pos < m_n && isDigit(m_p[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_n && (m_p[m_pos] == 'e' || m_p[m_pos] == 'E')) {
        ++m_pos;
        n.flags |= FloatSpelling;
        if (m_pos < m_n && (m_p[m_pos] == '+' || m_p[m_pos] == '-'))
            ++m_pos;
        if (m_pos >= m_n || !isDigit(m_p[m_pos]))
            return error(m_pos, QStringLiteral("invalid number: a digit must follow the exponent"));
        while (m_pos < m_n && isDigit(m_p[m_pos]))
            ++m_pos;
    }
    return {};
}

Result<void> Parser::scanLiteral(Node& n)
{
    struct Lit {
        const char* text;
        qint64 len;
        Kind kind;
    };
    static constexpr Lit lits[] = {{"true", 4, Kind::Bool}, {"false", 5, Kind::Bool},
                                   {"null", 4, Kind::Null}, {"NaN", 3, Kind::Number},
                                   {"Infinity", 8, Kind::Number}};
    for (const Lit& l : lits) {
        if (m_n - m_pos >= l.len && std::memcmp(m_p + m_pos, l.text, size_t(l.len)) == 0) {
            if (l.kind == Kind::Number) {
                if (!m_opts.allowNonFinite)
                    break;
                n.flags |= FloatSpelling;
            }
            n.kind = l.kind;
            m_pos += l.len;
            return {};
        }
    }
    if (m_pos >= m_n)
        return unexpectedEnd();
    return error(m_pos, QStringLiteral("unexpected %1, expected a JSON value").arg(describeByte(m_text, m_pos)));
}

Result<void> Parser::unexpectedEnd() const
{
    if (m_stack.empty())
        return error(m_n, QStringLiteral("unexpected end of input, expected a JSON value"));
    const Node& open = m_out.nodes[m_stack.back().node];
    const TextPosition tp = positionInText(m_text, open.begin);
    return error(m_n, QStringLiteral("unexpected end of input: the %1 opened at line %2, column %3 is not closed")
                          .arg(QLatin1String(kindWord(open.kind))).arg(tp.line).arg(tp.column));
}

// Starts the value at m_pos: a scalar is scanned whole (false); a container is opened (true).
Result<bool> Parser::scanValueStart(quint32 keyBegin, quint32 keyEnd)
{
    if (m_pos >= m_n)
        return std::unexpected(unexpectedEnd().error());
    const char c = m_p[m_pos];
    if (c == '{' || c == '[') {
        const NodeId id = newNode(c == '{' ? Kind::Object : Kind::Array, keyBegin, keyEnd);
        m_out.nodes[id].flags |= m_pendingKeyFlags;
        m_stack.push_back({id, quint32(m_temp.size())});
        ++m_pos;
        return true;
    }
    const NodeId id = newNode(Kind::Null, keyBegin, keyEnd);
    Node* n = &m_out.nodes[id];
    n->flags |= m_pendingKeyFlags;
    if (c == '"') {
        n->kind = Kind::String;
        quint8 flags = 0;
        if (auto r = scanString(flags); !r)
            return std::unexpected(r.error());
        n = &m_out.nodes[id];
        n->flags |= (flags & 1) ? Escaped : 0;
    } else if (c == '-' || isDigit(c)) {
        n->kind = Kind::Number;
        if (auto r = scanNumber(*n); !r)
            return std::unexpected(r.error());
    } else if (auto r = scanLiteral(*n); !r) {
        return std::unexpected(r.error());
    }
    n->end = quint32(m_pos);
    return false;
}

Result<void> Parser::scanKey(quint32& keyBegin, quint32& keyEnd, quint8& flags)
{
    if (m_pos >= m_n)
        return unexpectedEnd();
    if (m_p[m_pos] != '"')
        return error(m_pos, QStringLiteral("unexpected %1, expected a string key").arg(describeByte(m_text, m_pos)));
    keyBegin = quint32(m_pos);
    quint8 f = 0;
    if (auto r = scanString(f); !r)
        return std::unexpected(r.error());
    keyEnd = quint32(m_pos);
    if (keyEnd - keyBegin > kMaxKeyBytes)
        return error(keyBegin, QStringLiteral("object key longer than %1 bytes").arg(kMaxKeyBytes - 2));
    flags = (f & 1) ? KeyEscaped : 0;
    skipWs();
    if (m_pos >= m_n)
        return unexpectedEnd();
    if (m_p[m_pos] != ':')
        return error(m_pos, QStringLiteral("unexpected %1, expected ':' after the key").arg(describeByte(m_text, m_pos)));
    ++m_pos;
    skipWs();
    return {};
}

void Parser::closeContainer()
{
    const Frame f = m_stack.back();
    m_stack.pop_back();
    Node& n = m_out.nodes[f.node];
    n.end = quint32(m_pos);
    n.childStart = quint32(m_out.children.size());
    n.childCount = quint32(m_temp.size() - f.tempStart);
    m_out.children.insert(m_out.children.end(), m_temp.begin() + f.tempStart, m_temp.end());
    m_temp.resize(f.tempStart);
}

Result<Parsed> Parser::run()
{
    if (m_n > qint64(0x7fffffff))
        return fail(ErrorCode::Limit, QStringLiteral("the text is larger than 2 GiB"));
    if (!simdjson::validate_utf8(m_p, size_t(m_n))) {
        const qint64 bad = firstInvalidUtf8(m_text);
        return error(bad, QStringLiteral("invalid UTF-8 byte 0x%1").arg(uint(uchar(m_p[bad])), 2, 16, QChar('0')));
    }
    // Keras configs average one node per 17-30 bytes: reserving for 14 avoids regrowing (which
    // would copy the index and leave up to half of it unused).
    m_out.nodes.reserve(size_t(m_n / 14) + 4);
    m_out.children.reserve(size_t(m_n / 14) + 4);
    if (m_n >= 3 && std::memcmp(m_p, "\xEF\xBB\xBF", 3) == 0)
        m_pos = 3;
    skipWs();
    if (m_pos >= m_n)
        return error(m_pos, QStringLiteral("no JSON value in the text (it is empty or only whitespace)"));
    // State machine: after a value is complete, look at the innermost open container.
    quint32 kb = kNone, ke = kNone;
    bool expectValue = true;
    for (;;) {
        if (expectValue) {
            const auto opened = scanValueStart(kb, ke);
            if (!opened)
                return std::unexpected(opened.error());
            m_pendingKeyFlags = 0;
            kb = ke = kNone;
            expectValue = false;
            if (*opened) {
                skipWs();
                if (m_pos >= m_n)
                    return std::unexpected(unexpectedEnd().error());
                const Kind k = m_out.nodes[m_stack.back().node].kind;
                const char close = k == Kind::Object ? '}' : ']';
                if (m_p[m_pos] == close) {
                    ++m_pos;
                    closeContainer();
                } else if (k == Kind::Object) {
                    if (auto r = scanKey(kb, ke, m_pendingKeyFlags); !r)
                        return std::unexpected(r.error());
                    expectValue = true;
                    continue;
                } else {
                    expectValue = true;
                    continue;
                }
            }
        }
        // A value just ended.
        if (m_stack.empty())
            break;
        skipWs();
        if (m_pos >= m_n)
            return std::unexpected(unexpectedEnd().error());
        const Kind k = m_out.nodes[m_stack.back().node].kind;
        const char c = m_p[m_pos];
        if (c == ',') {
            ++m_pos;
            skipWs();
            if (k == Kind::Object) {
                if (auto r = scanKey(kb, ke, m_pendingKeyFlags); !r)
                    return std::unexpected(r.error());
            }
            expectValue = true;
            continue;
        }
        if (c == (k == Kind::Object ? '}' : ']')) {
            ++m_pos;
            closeContainer();
            continue;
        }
        return error(m_pos, QStringLiteral("unexpected %1, expected ',' or '%2' after %3")
                                .arg(describeByte(m_text, m_pos), QString(QChar(k == Kind::Object ? '}' : ']')),
                                     QLatin1String(k == Kind::Object ? "an object member" : "an array element")));
    }
    skipWs();
    if (m_pos < m_n)
        return error(m_pos, QStringLiteral("unexpected %1 after the JSON value (only whitespace may follow it)")
                                .arg(describeByte(m_text, m_pos)));
    m_out.root = 0;
    shrinkIfOversized(m_out, m_n);
    return std::move(m_out);
}

} // namespace

Result<Parsed> parseText(QByteArrayView text, const ParseOptions& options, qint64 maskLeadingComma,
                         qint64 maskTrailingComma)
{
    // The structural index reads valid text several times faster; anything it rejects (and the
    // small fragments with masked commas that the edits parse) goes to the byte-wise reader,
    // which words every error.
    const ScanKernel kernel = scanKernel();
    if (kernel != ScanKernel::ByteWise && maskLeadingComma < 0 && maskTrailingComma < 0
        && text.size() <= qint64(StructuralIndexer::kOffsetMask)) {
        Parsed parsed;
        if (parseIndexed(text, options, kernel, parsed)) {
            shrinkIfOversized(parsed, text.size());
            return parsed;
        }
    }
    return Parser(text, options, maskLeadingComma, maskTrailingComma).run();
}

void findDuplicates(QByteArrayView text, const NodeArray& nodes, const NodeId* members,
                    quint32 count, NodeId object, std::vector<DuplicateKey>& out)
{
    auto rawKey = [&](NodeId id) {
        const Node& n = nodes[id];
        return std::string_view(text.data() + n.keyBegin, n.keyLength);
    };
    bool anyEscaped = false;
    for (quint32 i = 0; i < count; ++i)
        anyEscaped = anyEscaped || (nodes[members[i]].flags & KeyEscaped);
    if (anyEscaped) {
        // Compare decoded keys: "\u0061" and "a" are the same key.
        QList<QString> keys;
        for (quint32 i = 0; i < count; ++i) {
            const QString k = decodeString(QByteArrayView(rawKey(members[i])));
            const qsizetype earlier = keys.lastIndexOf(k);
            if (earlier >= 0)
                out.push_back({object, members[i], members[earlier]});
            keys << k;
        }
        return;
    }
    if (count <= 32) {
        // Compare cheap signatures (length and first bytes) before the keys themselves.
        quint64 sig[32];
        for (quint32 i = 0; i < count; ++i) {
            const std::string_view k = rawKey(members[i]);
            quint64 head = 0;
            std::memcpy(&head, k.data(), std::min<size_t>(k.size(), 6));
            sig[i] = head ^ (quint64(k.size()) << 48);
        }
        for (quint32 i = 1; i < count; ++i) {
            for (quint32 j = i; j-- > 0;) {
                if (sig[i] == sig[j] && rawKey(members[i]) == rawKey(members[j])) {
                    out.push_back({object, members[i], members[j]});
                    break;
                }
            }
        }
        return;
    }
    std::unordered_map<std::string_view, NodeId> seen;
    seen.reserve(count);
    for (quint32 i = 0; i < count; ++i) {
        auto [it, inserted] = seen.try_emplace(rawKey(members[i]), members[i]);
        if (!inserted) {
            out.push_back({object, members[i], it->second});
            it->second = members[i];
        }
    }
}

Layout detectLayout(QByteArrayView text, const Parsed& parsed)
{
    Layout layout;
    if (parsed.root == kNoNode)
        return layout;
    const Node& root = parsed.nodes[parsed.root];
    const QByteArrayView body = text.sliced(root.begin, root.end - root.begin);
    const qint64 first = parsed.firstNewline;
    qsizetype nl = -1;
    if (first == Parsed::kNewlineUnknown || (first >= 0 && first < root.begin))
        nl = body.indexOf('\n'); // not known, or a line feed before the value: search the value
    else if (first >= 0 && first < root.end)
        nl = qsizetype(first - root.begin);
    if (nl >= 0) {
        layout.multiLine = true;
        if (nl > 0 && body[nl - 1] == '\r')
            layout.newline = "\r\n";
        qsizetype i = nl + 1;
        while (i < body.size() && (body[i] == ' ' || body[i] == '\t'))
            ++i;
        layout.indentUnit = body.sliced(nl + 1, i - nl - 1).toByteArray();
        if (layout.indentUnit.isEmpty())
            layout.indentUnit = "  ";
    }
    // Separators: from the first container with two children, and the first member.
    bool haveItem = false, haveKey = false;
    for (const Node& n : parsed.nodes) {
        if (!haveKey && n.keyBegin != kNone) {
            layout.keySeparator = text.sliced(n.keyEnd(), n.begin - n.keyEnd()).toByteArray();
            haveKey = true;
        }
        if (!haveItem && !layout.multiLine && n.childCount >= 2) {
            const Node& a = parsed.nodes[parsed.children[n.childStart]];
            const Node& b = parsed.nodes[parsed.children[n.childStart + 1]];
            layout.itemSeparator = text.sliced(a.end, b.memberBegin() - a.end).toByteArray();
            haveItem = true;
        }
        if (haveKey && (haveItem || layout.multiLine))
            break;
    }
    // No container with two items: minified text (":" without a space) uses "," as well.
    if (!haveItem && layout.keySeparator == ":")
        layout.itemSeparator = ",";
    return layout;
}

} // namespace kcs::json::detail
