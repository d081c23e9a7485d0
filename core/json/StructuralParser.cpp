// SPDX-License-Identifier: GPL-3.0-or-later
// Stage 2 of the fast JSON reader: the node array from the structural index (StructuralParser.h).

#include "core/json/StructuralParser.h"

#include "core/util/HugePages.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace kcs::json::detail {
namespace {

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

inline bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// A byte that may follow a number or literal: one that cannot continue it.
inline bool endsScalar(char c)
{
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':'
        || c == '"' || c == '{' || c == '[';
}

/// One scalar read from the text: its kind, end and flags.
struct Scalar {
    Kind kind = Kind::Number;
    quint32 end = 0;
    quint8 flags = 0;
};

/// Validation and spans of the bytes the index does not cover. Stateless apart from the text.
class ScalarReader {
public:
    ScalarReader(QByteArrayView text, const ParseOptions& options)
        : m_p(text.data()), m_n(text.size()), m_allowNonFinite(options.allowNonFinite)
    {
    }

    bool validEscapes(qint64 open, qint64 close) const;
    /// A number or literal starting at pos that ends where the text allows it to end.
    bool read(qint64 pos, Scalar& out) const;

private:
    bool readNumber(qint64 pos, Scalar& out) const;
    bool readLiteral(qint64 pos, Scalar& out) const;

    const char* m_p;
    qint64 m_n;
    bool m_allowNonFinite;
};

/// The escapes of the string text[open, close] (quotes at both ends) are all valid.
bool ScalarReader::validEscapes(qint64 open, qint64 close) const
{
    for (qint64 i = open + 1; i < close; ++i) {
        if (m_p[i] != '\\')
            continue;
        if (i + 1 >= close)
            return false;
        const char e = m_p[i + 1];
        if (e == 'u') {
            if (i + 5 >= close)
                return false;
            for (int k = 2; k < 6; ++k) {
                if (!isHex(m_p[i + k]))
                    return false;
            }
            i += 5;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            ++i;
        } else {
            return false;
        }
    }
    return true;
}

bool ScalarReader::readNumber(qint64 pos, Scalar& out) const
{
    const char* p = m_p;
    const qint64 n = m_n;
    if (p[pos] == '-')
        ++pos;
    if (pos < n && p[pos] == 'I') {
        if (n - pos < 8 || std::memcmp(p + pos, "Infinity", 8) != 0 || !m_allowNonFinite)
            return false;
        out.end = quint32(pos + 8);
        out.flags = FloatSpelling;
        return true;
    }
    if (pos >= n || !isDigit(p[pos]))
        return false;
    if (p[pos] == '0') {
        ++pos;
        if (pos < n && isDigit(p[pos]))
            return false;
    } else {
        while (pos < n && isDigit(p[pos]))
            ++pos;
    }
    if (pos < n && p[pos] == '.') {
        ++pos;
        out.flags = FloatSpelling;
        if (pos >= n || !isDigit(p[pos]))
            return false;
        while (pos < n && isDigit(p[pos]))
            ++pos;
    }
    if (pos < n && (p[pos] == 'e' || p[pos] == 'E')) {
        ++pos;
        out.flags = FloatSpelling;
        if (pos < n && (p[pos] == '+' || p[pos] == '-'))
            ++pos;
        if (pos >= n || !isDigit(p[pos]))
            return false;
        while (pos < n && isDigit(p[pos]))
            ++pos;
    }
    out.end = quint32(pos);
    return true;
}

bool ScalarReader::readLiteral(qint64 pos, Scalar& out) const
{
    struct Lit {
        const char* text;
        qint64 len;
        Kind kind;
    };
    static constexpr Lit lits[] = {{"true", 4, Kind::Bool}, {"false", 5, Kind::Bool}, {"null", 4, Kind::Null},
                                   {"NaN", 3, Kind::Number}, {"Infinity", 8, Kind::Number}};
    for (const Lit& l : lits) {
        if (l.text[0] != m_p[pos] || m_n - pos < l.len || std::memcmp(m_p + pos, l.text, size_t(l.len)) != 0)
            continue;
        if (l.kind == Kind::Number) {
            if (!m_allowNonFinite)
                return false;
            out.flags = FloatSpelling;
        }
        out.kind = l.kind;
        out.end = quint32(pos + l.len);
        return true;
    }
    return false;
}

bool ScalarReader::read(qint64 pos, Scalar& out) const
{
    const char c = m_p[pos];
    const bool ok = (c == '-' || isDigit(c)) ? readNumber(pos, out) : readLiteral(pos, out);
    return ok && (out.end >= m_n || endsScalar(m_p[out.end]));
}

struct Frame {
    NodeId node = kNoNode;
    quint32 tempStart = 0;
    char close = 0;
};

template <class T>
struct Buffer {
    T* data = nullptr;
    quint32 size = 0;
    quint32 capacity = 0;
};

/// What stage 2 changes at every entry. run() keeps it in one local object whose address never
/// leaves it, so the compiler keeps it in registers: as members of the parser, every node store
/// (which includes a byte, and a byte may alias anything) would make it reload them all.
struct Cursor {
    const char* p;
    quint32 n;
    const quint32* cur = nullptr;
    const quint32* last = nullptr;
    Buffer<Node> nodes;  ///< Parsed::nodes, sized ahead (its allocator leaves new nodes unwritten)
    Buffer<NodeId> temp; ///< children of the open containers, innermost last
    Frame top;           ///< the innermost open container (outer ones are on the stack)
    /// The key of the member whose value comes next, packed into one register: offset (bits
    /// 0-31, kNone for none), length (32-47) and node flags (48-55).
    quint64 key = kNone;
    quint64 separators = 0; ///< ',' and ':' found so far
};

constexpr quint32 kOffsetMask = StructuralIndexer::kOffsetMask;
constexpr quint32 kEscapedString = StructuralIndexer::kEscapedString;

/// The byte at an entry's offset ('\0' for the end, which no rule accepts).
[[gnu::always_inline]] inline char at(const Cursor& c, quint32 entry)
{
    entry &= kOffsetMask;
    return entry < c.n ? c.p[entry] : '\0';
}

/// The first byte at or after pos that is not whitespace ('\0' at the end); pos moves to it.
[[gnu::always_inline]] inline char skipWs(const Cursor& c, quint32& pos)
{
    while (pos < c.n) {
        const char b = c.p[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            return b;
        ++pos;
    }
    return '\0';
}

/// Stage 2: see parseIndexed().
class IndexedParser {
public:
    IndexedParser(QByteArrayView text, const ParseOptions& options, ScanKernel kernel, qint64 begin, Parsed& out)
        : m_text(text), m_begin(begin), m_scalars(text, options), m_indexer(text, begin, kernel),
          m_buffer(std::make_unique_for_overwrite<quint32[]>(
              size_t(std::min<qint64>(StructuralIndexer::kBufferEntries, text.size() - begin + 64) + 2 * kLookahead))),
          m_out(out)
    {
    }

    bool run();

private:
    /// Entries one step of run() may read between two calls of ensureLookahead().
    static constexpr int kLookahead = 8;

    /// The next index entry (an offset, maybe flagged), or n once the text is used up. Needs no
    /// test: ensureLookahead() keeps kLookahead entries ready.
    static quint32 next(Cursor& c) { return *c.cur++; }

    void ensureLookahead(Cursor& c)
    {
        if (c.last - c.cur < kLookahead) [[unlikely]] {
            const auto [begin, end] = topUp(c.cur, c.last);
            c.cur = begin;
            c.last = end;
        }
    }

    /// Moves the entries not read yet to the front of the buffer and indexes more text behind
    /// them until kLookahead are ready; at the end of the text, entries n follow.
    [[gnu::noinline]] std::pair<const quint32*, const quint32*> topUp(const quint32* cur, const quint32* last)
    {
        quint32* buffer = m_buffer.get();
        const auto remaining = last - cur;
        std::memmove(buffer, cur, size_t(remaining) * sizeof(quint32));
        quint32* end = buffer + remaining;
        while (end - buffer < kLookahead) {
            const int count = m_indexer.fill(end);
            if (count == 0) {
                std::fill(end, end + kLookahead, quint32(m_text.size()));
                end += kLookahead;
                break;
            }
            end += count;
        }
        return {buffer, end};
    }

    /// The temporary list with room for `needed` entries.
    [[gnu::noinline]] NodeId* growTemp(size_t needed)
    {
        m_temp.resize(std::max<size_t>(needed, m_temp.size() * 2));
        return m_temp.data();
    }

    /// The children list with room for `needed` entries.
    [[gnu::noinline]] NodeId* growChildren(size_t needed)
    {
        m_out.children.resize(std::max(needed, m_out.children.size() * 3 / 2 + 16));
        return m_out.children.data();
    }

    [[gnu::noinline]] std::pair<Node*, quint32> growNodes(quint32 size, quint32 offset);
    std::pair<Node*, quint32> sizeArrays(size_t size, size_t capacity);
    void reserveForFirstChunk(Cursor& c);

    [[gnu::always_inline]] NodeId addNode(Cursor& c, Kind kind, quint32 begin, quint32 end, quint8 flags);
    [[gnu::always_inline]] quint32 closeTop(Cursor& c, quint32 closeEntry);
    [[gnu::always_inline]] bool readString(Cursor& c, quint32 open, quint32& close);
    [[gnu::always_inline]] bool readKey(Cursor& c, quint32 entry);

    QByteArrayView m_text;
    qint64 m_begin; ///< after a byte order mark
    ScalarReader m_scalars;
    StructuralIndexer m_indexer;
    std::unique_ptr<quint32[]> m_buffer;
    Parsed& m_out;
    std::vector<Frame> m_stack;
    std::vector<NodeId> m_temp;
    Buffer<NodeId> m_kids; ///< Parsed::children, written at each close (rarer than nodes)
};

inline NodeId IndexedParser::addNode(Cursor& c, Kind kind, quint32 begin, quint32 end, quint8 flags)
{
    const NodeId id = c.nodes.size;
    if (id == c.nodes.capacity) [[unlikely]] {
        const auto [data, capacity] = growNodes(id, begin);
        c.nodes.data = data;
        c.nodes.capacity = capacity;
    }
    quint32 parent = kNone;
    quint32 index = 0;
    if (c.top.node != kNoNode) {
        parent = c.top.node;
        index = c.temp.size - c.top.tempStart;
        if (c.temp.size == c.temp.capacity) [[unlikely]] {
            c.temp.data = growTemp(size_t(c.temp.size) * 2 + 256);
            c.temp.capacity = quint32(m_temp.size());
        }
        c.temp.data[c.temp.size++] = id;
    }
    // Field by field into the array: a Node built aside and copied whole would be read back
    // with wide loads right after its narrow stores, which stalls store forwarding.
    Node& n = c.nodes.data[c.nodes.size++];
    n.begin = begin;
    n.end = end;
    n.keyBegin = quint32(c.key);
    n.parent = parent;
    n.index = index;
    n.childStart = 0;
    n.childCount = 0;
    n.keyLength = quint16(c.key >> 32);
    n.kind = kind;
    n.flags = quint8(flags | (c.key >> 48));
    c.key = kNone;
    return id;
}

/// Gives the node array (of which `size` nodes are written) room for `capacity`, the children
/// list the same (it never has more entries than there are nodes), and returns the nodes.
std::pair<Node*, quint32> IndexedParser::sizeArrays(size_t size, size_t capacity)
{
    NodeArray& nodes = m_out.nodes;
    nodes.resize(size); // only the nodes written so far are copied
    nodes.reserve(capacity);
    util::adviseHugePages(nodes.data(), nodes.capacity() * sizeof(Node));
    nodes.resize(nodes.capacity()); // writes nothing (UninitializedAllocator)
    ChildArray& children = m_out.children;
    children.resize(m_kids.size);
    children.reserve(nodes.capacity());
    util::adviseHugePages(children.data(), children.capacity() * sizeof(NodeId));
    children.resize(children.capacity());
    m_kids.data = children.data();
    m_kids.capacity = quint32(children.size());
    return {nodes.data(), quint32(nodes.size())};
}

/// Sizes the arrays before the first node. parseIndexed() has reserved room for one node per
/// 14 bytes, which covers Keras configs (15 to 45 bytes per node; room never written is never
/// touched); a denser text is sized from the first chunk of the index instead, which has at
/// least one entry per node and 2.6 to 3.5 in Keras configs (a member with a string value has
/// four, an element that is a number one). Either way most texts need no second allocation: an
/// array that grows is copied, and the blocks it leaves behind can make the allocator give
/// memory back to the system and fault it in again on the next parse.
void IndexedParser::reserveForFirstChunk(Cursor& c)
{
    const double entries = double(c.last - c.cur);
    const double bytes = double(std::max<qint64>(m_indexer.indexedTo() - m_begin, 1));
    const double expected = entries / bytes * double(m_text.size() - m_begin) / 2.7;
    const auto [data, size] = sizeArrays(0, std::max(size_t(expected), m_out.nodes.capacity()));
    c.nodes = {data, 0, size};
}

/// Makes room for the nodes of the rest of the text when the first guess proved short, the
/// node at `offset` being the next one: the density of nodes so far predicts the rest, with
/// 1/8 to spare. Growing by an eighth at least keeps a text that gets ever denser from
/// regrowing often, without the waste of doubling when the guess fell short near the end.
std::pair<Node*, quint32> IndexedParser::growNodes(quint32 size, quint32 offset)
{
    const double perByte = double(size) / double(std::max<quint32>(offset, 1));
    const size_t rest = size_t(double(m_text.size() - offset) * perByte * 1.125) + 256;
    return sizeArrays(size, size + std::max<size_t>(rest, size / 8));
}

/// Closes the innermost container at closeEntry; returns its end.
inline quint32 IndexedParser::closeTop(Cursor& c, quint32 closeEntry)
{
    Node& container = c.nodes.data[c.top.node];
    const quint32 count = c.temp.size - c.top.tempStart;
    const quint32 end = (closeEntry & kOffsetMask) + 1;
    container.end = end;
    container.childStart = m_kids.size;
    container.childCount = count;
    if (m_kids.size + count > m_kids.capacity) [[unlikely]] {
        m_kids.data = growChildren(size_t(m_kids.size) + count);
        m_kids.capacity = quint32(m_out.children.size());
    }
    const NodeId* from = c.temp.data + c.top.tempStart;
    NodeId* to = m_kids.data + m_kids.size;
    for (quint32 i = 0; i < count; ++i)
        to[i] = from[i];
    m_kids.size += count;
    c.temp.size = c.top.tempStart;
    if (m_stack.empty()) {
        c.top = Frame{};
    } else {
        c.top = m_stack.back();
        m_stack.pop_back();
    }
    return end;
}

/// A string whose opening quote is at entry open: close is its closing quote's entry.
inline bool IndexedParser::readString(Cursor& c, quint32 open, quint32& close)
{
    // Stage 1 lists no entry inside a string, so the entry after an opening quote is its
    // closing quote, unless the text ends first (then the entries are n).
    close = next(c);
    if ((close & kOffsetMask) >= c.n)
        return false;
    return !(close & kEscapedString) || m_scalars.validEscapes(open, close & kOffsetMask);
}

/// A member's key at entry, then its ':' (the key waits in the cursor for its value).
inline bool IndexedParser::readKey(Cursor& c, quint32 entry)
{
    quint32 close = 0;
    if (at(c, entry) != '"' || !readString(c, entry, close))
        return false;
    quint32 colon = (close & kOffsetMask) + 1;
    const quint32 length = colon - entry;
    if (length > quint32(kMaxKeyBytes) || !((colon < c.n && c.p[colon] == ':') || skipWs(c, colon) == ':'))
        return false;
    ++c.separators;
    const quint64 flags = (close & kEscapedString) ? KeyEscaped : 0;
    c.key = entry | (quint64(length) << 32) | (flags << 48);
    return true;
}

bool IndexedParser::run()
{
    Cursor c{m_text.data(), quint32(m_text.size())};
    c.temp.data = growTemp(256);
    c.temp.capacity = quint32(m_temp.size());
    ensureLookahead(c);
    reserveForFirstChunk(c);
    quint32 entry = next(c);
    for (;;) {
        ensureLookahead(c);
        // entry: the first byte of a value; end: where the value ends.
        const char first = at(c, entry);
        quint32 end = 0;
        if (first == '{' || first == '[') {
            if (c.top.node != kNoNode) {
                Frame& outer = m_stack.emplace_back(); // field by field, as in addNode()
                outer.node = c.top.node;
                outer.tempStart = c.top.tempStart;
                outer.close = c.top.close;
            }
            const char close = char(first + 2); // '}' and ']'
            const NodeId id = addNode(c, first == '{' ? Kind::Object : Kind::Array, entry, 0, 0);
            c.top = Frame{id, c.temp.size, close};
            entry = next(c);
            if (at(c, entry) != close) {
                if (first == '{') {
                    if (!readKey(c, entry))
                        return false;
                    entry = next(c);
                }
                continue;
            }
            end = closeTop(c, entry);
        } else if (first == '"') {
            quint32 close = 0;
            if (!readString(c, entry, close))
                return false;
            end = (close & kOffsetMask) + 1;
            addNode(c, Kind::String, entry, end, (close & kEscapedString) ? Escaped : 0);
        } else {
            Scalar s;
            if (first == '\0' || !m_scalars.read(entry, s))
                return false;
            end = s.end;
            addNode(c, s.kind, entry, end, s.flags);
        }
        // A value is complete: what follows it belongs to the innermost open container.
        for (;;) {
            ensureLookahead(c);
            if (c.top.node == kNoNode) {
                m_out.nodes.resize(c.nodes.size);
                m_out.children.resize(m_kids.size);
                m_out.firstNewline = m_indexer.firstNewline();
                return next(c) == c.n && !m_indexer.foundInvalid() && c.separators == m_indexer.separatorCount();
            }
            // The next entry being the closing bracket proves that no ',' is in between unless
            // the count of separators disagrees at the end, so the whitespace before a closing
            // bracket (an indented file's indentation) is never read.
            if ((end < c.n && c.p[end] == ',') || (at(c, *c.cur) != c.top.close && skipWs(c, end) == ',')) {
                ++c.separators;
                entry = next(c);
                if (c.top.close == '}') {
                    if (!readKey(c, entry))
                        return false;
                    entry = next(c);
                }
                break;
            }
            entry = next(c);
            if (at(c, entry) != c.top.close)
                return false;
            end = closeTop(c, entry);
        }
    }
}

} // namespace

bool parseIndexed(QByteArrayView text, const ParseOptions& options, ScanKernel kernel, Parsed& out)
{
    const qint64 begin = text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    // Before the parser's own buffers, as the byte-wise reader does: the arrays the document
    // keeps lie below the blocks freed when the parse ends (see reserveForFirstChunk()).
    out.nodes.reserve(size_t(text.size() / 14) + 64);
    out.children.reserve(out.nodes.capacity());
    if (!IndexedParser(text, options, kernel, begin, out).run())
        return false;
    out.root = 0;
    return true;
}

} // namespace kcs::json::detail
