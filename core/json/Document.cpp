// SPDX-License-Identifier: GPL-3.0-or-later
// kcs::json::Document: construction and read-only queries. Edits are in DocumentEdit.cpp.

#include "core/json/DocumentImpl.h"

#include <QMutexLocker>
#include <QStringList>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace kcs::json {

using namespace detail;

Document::Document() : d(std::make_unique<Impl>()) {}
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Result<Document> Document::parse(QByteArray text, const ParseOptions& options)
{
    auto parsed = parseText(text, options);
    if (!parsed)
        return std::unexpected(parsed.error());
    Document doc;
    if (text.capacity() > text.size() + text.size() / 4)
        text.squeeze(); // a buffer grown while reading a file would otherwise stay as large
    doc.d->layout = detectLayout(text, *parsed);
    doc.d->text = std::move(text);
    doc.d->nodes = std::move(parsed->nodes);
    doc.d->children = std::move(parsed->children);
    doc.d->rootId = parsed->root;
    doc.d->liveNodes = qsizetype(doc.d->nodes.size());
    return doc;
}

const QByteArray& Document::text() const { return d->text; }
const Layout& Document::layout() const { return d->layout; }
const std::vector<DuplicateKey>& Document::duplicateKeys() const
{
    QMutexLocker lock(&d->duplicatesMutex);
    if (!d->duplicatesKnown) {
        d->duplicates.clear();
        for (NodeId id = 0; id < d->nodes.size(); ++id) {
            const Node& n = d->nodes[id];
            if (n.kind == Kind::Object && n.childCount > 1 && !(n.flags & Dead))
                findDuplicates(d->text, d->nodes, d->children.data() + n.childStart, n.childCount, id, d->duplicates);
        }
        d->duplicatesKnown = true;
    }
    return d->duplicates;
}
NodeId Document::root() const { return d->rootId; }
qsizetype Document::nodeCount() const { return d->liveNodes; }

qsizetype Document::memoryUsage() const
{
    return d->text.capacity() + qsizetype(d->nodes.capacity() * sizeof(Node))
        + qsizetype(d->children.capacity() * sizeof(NodeId))
        + qsizetype(d->duplicates.capacity() * sizeof(DuplicateKey));
}

bool Document::isValid(NodeId id) const
{
    return id < d->nodes.size() && !(d->nodes[id].flags & Dead);
}

Kind Document::kind(NodeId id) const { return d->at(id).kind; }
NodeId Document::parent(NodeId id) const { return d->at(id).parent; }

int Document::childCount(NodeId id) const
{
    return int(d->at(id).childCount);
}

NodeId Document::child(NodeId id, int index) const
{
    const Node& n = d->at(id);
    if (index < 0 || quint32(index) >= n.childCount)
        return kNoNode;
    return d->childAt(n, quint32(index));
}

int Document::indexInParent(NodeId id) const
{
    const Node& n = d->at(id);
    return n.parent == kNoNode ? -1 : int(n.index);
}

int Document::depth(NodeId id) const
{
    int depth = 0;
    for (NodeId p = d->at(id).parent; p != kNoNode; p = d->at(p).parent)
        ++depth;
    return depth;
}

bool Document::isMember(NodeId id) const { return d->at(id).keyBegin != kNone; }

QByteArrayView Document::rawKey(NodeId member) const
{
    const Node& n = d->at(member);
    if (n.keyBegin == kNone)
        return {};
    return QByteArrayView(d->text).sliced(n.keyBegin, n.keyLength);
}

QString Document::key(NodeId member) const
{
    return decodeString(rawKey(member));
}

bool Document::keyEquals(NodeId member, std::string_view utf8) const
{
    const Node& n = d->at(member);
    if (n.keyBegin == kNone)
        return false;
    if (!(n.flags & KeyEscaped)) {
        const qsizetype len = n.keyLength - 2;
        return len == qsizetype(utf8.size()) && std::memcmp(d->text.constData() + n.keyBegin + 1, utf8.data(), utf8.size()) == 0;
    }
    return decodeStringUtf8(rawKey(member)) == utf8;
}

NodeId Document::member(NodeId object, std::string_view utf8Key) const
{
    // The load simulation asks this millions of times: one loop over the members, last first
    // (the last of duplicated keys wins), that compares the stored key length before any byte
    // and decodes only escaped keys.
    const Node* nodes = d->nodes.data();
    const Node& o = d->at(object);
    if (o.kind != Kind::Object)
        return kNoNode;
    const NodeId* members = d->children.data() + o.childStart;
    const char* text = d->text.constData();
    const size_t quotedLength = utf8Key.size() + 2;
    for (quint32 i = o.childCount; i-- > 0;) {
        const Node& m = nodes[members[i]];
        if (m.flags & KeyEscaped) [[unlikely]] {
            if (decodeStringUtf8(QByteArrayView(text + m.keyBegin, m.keyLength)) == utf8Key)
                return members[i];
        } else if (m.keyLength == quotedLength && m.keyBegin != kNone
                   && std::memcmp(text + m.keyBegin + 1, utf8Key.data(), utf8Key.size()) == 0) {
            return members[i];
        }
    }
    return kNoNode;
}

void Document::memberKeys(NodeId object, std::vector<MemberKey>& out) const
{
    const Node* nodes = d->nodes.data();
    const Node& o = d->at(object);
    if (o.kind != Kind::Object) {
        out.clear();
        return;
    }
    const NodeId* members = d->children.data() + o.childStart;
    const char* text = d->text.constData();
    // Every element is written below: resizing a reused vector (without clearing it first)
    // initialises only the elements it did not have.
    out.resize(o.childCount);
    MemberKey* keys = out.data();
    for (quint32 i = 0; i < o.childCount; ++i) {
        const Node& m = nodes[members[i]];
        keys[i].member = members[i];
        keys[i].text = std::string_view(text + m.keyBegin + 1, size_t(m.keyLength) - 2);
        keys[i].escaped = (m.flags & KeyEscaped) != 0;
    }
}

namespace {

/// Prefetches the cache lines of [from, from + bytes), at most kMaxPrefetchBytes of them.
void prefetchBytes(const void* from, size_t bytes)
{
    // A layer is a few kilobytes; a nested model is far more, and flooding the cache with it
    // would evict what is being read now.
    constexpr size_t kMaxPrefetchBytes = 16 * 1024;
    const auto* p = static_cast<const char*>(from);
    const char* end = p + std::min(bytes, kMaxPrefetchBytes);
    for (p = reinterpret_cast<const char*>(quintptr(p) & ~quintptr(63)); p < end; p += 64)
        __builtin_prefetch(p, 0, 3);
}

} // namespace

void Document::prefetchAfter(NodeId container, int index) const
{
    const auto& nodes = d->nodes;
    const auto& children = d->children;
    if (container >= nodes.size() || index < 0)
        return;
    const Node& list = nodes[container];
    if ((list.kind != Kind::Array && list.kind != Kind::Object) || quint32(index) + 1 >= list.childCount)
        return;
    const NodeId* ids = children.data() + list.childStart;
    const NodeId current = ids[index];
    const NodeId next = ids[index + 1];
    if (current >= nodes.size() || next >= nodes.size())
        return;
    // The parser numbers a value's nodes in order from its own id, so the one after next starts
    // about as many records after next as next does after current (after edits, it is only a
    // guess: prefetching wrong lines costs a little bandwidth, nothing else).
    if (quint32(index) + 2 < list.childCount && next > current) {
        const NodeId after = ids[index + 2];
        if (after < nodes.size())
            prefetchBytes(nodes.data() + after, std::min<size_t>(next - current, nodes.size() - after) * sizeof(Node));
    }
    // Next's own record came with the previous call: its text, and its child lists, which the
    // parser writes as each container closes (so they follow current's).
    const Node& n = nodes[next];
    if (n.end > n.begin && n.end <= quint32(d->text.size()))
        prefetchBytes(d->text.constData() + n.begin, n.end - n.begin);
    const Node& c = nodes[current];
    const quint64 from = quint64(c.childStart) + c.childCount;
    const quint64 to = quint64(n.childStart) + n.childCount;
    if (to > from && to <= children.size())
        prefetchBytes(children.data() + from, size_t(to - from) * sizeof(NodeId));
}

NodeId Document::member(NodeId object, QStringView key) const
{
    const QByteArray utf8 = key.toUtf8();
    return member(object, std::string_view(utf8.constData(), size_t(utf8.size())));
}

QByteArrayView Document::raw(NodeId id) const
{
    const Node& n = d->at(id);
    return QByteArrayView(d->text).sliced(n.begin, n.end - n.begin);
}

Span Document::span(NodeId id) const
{
    const Node& n = d->at(id);
    return {n.begin, n.end};
}

Span Document::keySpan(NodeId member) const
{
    const Node& n = d->at(member);
    if (n.keyBegin == kNone)
        return {n.begin, n.begin};
    return {n.keyBegin, n.keyEnd()};
}

Span Document::memberSpan(NodeId id) const
{
    const Node& n = d->at(id);
    return {n.memberBegin(), n.end};
}

bool Document::boolValue(NodeId id) const
{
    const Node& n = d->at(id);
    return n.kind == Kind::Bool && d->text.at(n.begin) == 't';
}

QString Document::string(NodeId id) const
{
    if (d->at(id).kind != Kind::String)
        return {};
    return decodeString(raw(id));
}

bool Document::stringEquals(NodeId id, std::string_view utf8) const
{
    const Node& n = d->at(id);
    if (n.kind != Kind::String)
        return false;
    if (!(n.flags & Escaped)) {
        const qsizetype len = n.end - n.begin - 2;
        return len == qsizetype(utf8.size()) && std::memcmp(d->text.constData() + n.begin + 1, utf8.data(), utf8.size()) == 0;
    }
    return decodeStringUtf8(raw(id)) == utf8;
}

bool Document::isIntegerSpelling(NodeId id) const
{
    const Node& n = d->at(id);
    return n.kind == Kind::Number && !(n.flags & FloatSpelling);
}

std::optional<qint64> Document::toInt64(NodeId id) const
{
    if (!isIntegerSpelling(id))
        return std::nullopt;
    const QByteArrayView r = raw(id);
    qint64 v = 0;
    const auto res = std::from_chars(r.data(), r.data() + r.size(), v);
    if (res.ec != std::errc() || res.ptr != r.data() + r.size())
        return std::nullopt;
    return v;
}

double Document::toDouble(NodeId id) const
{
    const Node& n = d->at(id);
    if (n.kind != Kind::Number)
        return 0;
    const QByteArrayView r = raw(id);
    if (r == "NaN")
        return std::nan("");
    if (r == "Infinity")
        return HUGE_VAL;
    if (r == "-Infinity")
        return -HUGE_VAL;
    double v = 0;
    std::from_chars(r.data(), r.data() + r.size(), v);
    return v;
}

namespace {

Value scalarValue(const Document& doc, NodeId id)
{
    switch (doc.kind(id)) {
    case Kind::Null: return Value();
    case Kind::Bool: return Value(doc.boolValue(id));
    case Kind::String: return Value(doc.string(id));
    case Kind::Number: {
        if (auto i = doc.toInt64(id))
            return Value(*i);
        if (doc.isIntegerSpelling(id))
            return Value(Value::BigInt{doc.raw(id).toByteArray()});
        return Value(Value::Float{doc.toDouble(id), doc.raw(id).toByteArray()});
    }
    default: return Value();
    }
}

} // namespace

Result<Value> Document::toValue(NodeId id) const
{
    // Iterative: a stack of (node, next child, the Value being filled).
    struct Frame {
        NodeId node;
        int next;
        Value value;
    };
    const Kind k = kind(id);
    if (k != Kind::Object && k != Kind::Array)
        return scalarValue(*this, id);
    std::vector<Frame> stack;
    stack.push_back({id, 0, k == Kind::Object ? Value::object() : Value::array()});
    for (;;) {
        Frame& top = stack.back();
        if (top.next == childCount(top.node)) {
            Frame done = std::move(stack.back());
            stack.pop_back();
            if (stack.empty())
                return std::move(done.value);
            Frame& parentFrame = stack.back();
            if (parentFrame.value.isObject())
                parentFrame.value.append(key(done.node), std::move(done.value));
            else
                parentFrame.value.append(std::move(done.value));
            continue;
        }
        const NodeId c = child(top.node, top.next++);
        const Kind ck = kind(c);
        if (ck == Kind::Object || ck == Kind::Array) {
            if (int(stack.size()) >= Value::kMaxDepth)
                return fail(ErrorCode::Limit, QStringLiteral("the value nests deeper than %1 levels").arg(Value::kMaxDepth),
                            location(c));
            stack.push_back({c, 0, ck == Kind::Object ? Value::object() : Value::array()});
            continue;
        }
        if (top.value.isObject())
            top.value.append(key(c), scalarValue(*this, c));
        else
            top.value.append(scalarValue(*this, c));
    }
}

QString Document::pointer(NodeId id) const
{
    QStringList tokens;
    for (NodeId n = id; d->at(n).parent != kNoNode; n = d->at(n).parent) {
        if (isMember(n))
            tokens << escapePointerToken(key(n));
        else
            tokens << QString::number(d->at(n).index);
    }
    QString out;
    for (auto it = tokens.crbegin(); it != tokens.crend(); ++it)
        out += QLatin1Char('/') + *it;
    return out;
}

NodeId Document::find(QStringView pointer) const
{
    if (d->rootId == kNoNode)
        return kNoNode;
    if (pointer.isEmpty())
        return d->rootId;
    if (!pointer.startsWith(QLatin1Char('/')))
        return kNoNode;
    NodeId cur = d->rootId;
    for (QStringView raw : pointer.mid(1).split(QLatin1Char('/'))) {
        const Node& n = d->at(cur);
        if (n.kind == Kind::Object) {
            cur = member(cur, unescapePointerToken(raw));
        } else if (n.kind == Kind::Array) {
            bool ok = false;
            const uint index = raw.toUInt(&ok);
            if (!ok || (raw.size() > 1 && raw.startsWith(QLatin1Char('0'))) || index >= n.childCount)
                return kNoNode;
            cur = d->childAt(n, index);
        } else {
            return kNoNode;
        }
        if (cur == kNoNode)
            return kNoNode;
    }
    return cur;
}

TextPosition Document::position(qint64 offset) const
{
    QMutexLocker lock(&d->lineMutex);
    LineIndex& li = d->lines;
    const QByteArray& text = d->text;
    if (!li.valid) {
        // Once per text (and again after an edit): a problem in a 100 MB file asks for its
        // position. Newlines are found by memchr and code points counted a run at a time (a loop
        // the compiler vectorizes), not byte by byte with a branch each.
        const auto codePoints = [](const char* from, qsizetype n) {
            quint32 count = 0;
            for (qsizetype k = 0; k < n; ++k)
                count += (uchar(from[k]) & 0xC0) != 0x80;
            return count;
        };
        li.lineStarts.assign(1, 0);
        li.columnAt.clear();
        li.columnAt.reserve(size_t(text.size() / LineIndex::kCheckpoint) + 1);
        quint32 column = 0;
        const char* p = text.constData();
        for (qsizetype chunk = 0; chunk < text.size(); chunk += LineIndex::kCheckpoint) {
            li.columnAt.push_back(column);
            const qsizetype end = std::min<qsizetype>(text.size(), chunk + LineIndex::kCheckpoint);
            for (qsizetype i = chunk; i < end;) {
                const auto* newline = static_cast<const char*>(std::memchr(p + i, '\n', size_t(end - i)));
                const qsizetype stop = newline ? newline - p : end;
                column += codePoints(p + i, stop - i);
                if (!newline)
                    break;
                li.lineStarts.push_back(quint32(stop + 1));
                column = 0;
                i = stop + 1;
            }
        }
        li.valid = true;
    }
    offset = std::clamp<qint64>(offset, 0, text.size());
    const auto it = std::upper_bound(li.lineStarts.begin(), li.lineStarts.end(), quint32(offset));
    const int line = int(it - li.lineStarts.begin());
    const quint32 lineStart = li.lineStarts[line - 1];
    // Count code points from the nearest checkpoint that lies on the same line.
    qint64 from = lineStart;
    quint32 column = 0;
    const qint64 cp = (offset / LineIndex::kCheckpoint) * LineIndex::kCheckpoint;
    if (cp > lineStart && size_t(cp / LineIndex::kCheckpoint) < li.columnAt.size()) {
        from = cp;
        column = li.columnAt[cp / LineIndex::kCheckpoint];
    }
    const char* p = text.constData();
    for (qint64 i = from; i < offset; ++i) {
        if ((uchar(p[i]) & 0xC0) != 0x80)
            ++column;
    }
    return {line, int(column) + 1};
}

SourceLocation Document::location(NodeId id) const
{
    const Span s = memberSpan(id);
    const TextPosition tp = position(s.begin);
    return {s.begin, s.length(), tp.line, tp.column, pointer(id)};
}

NodeId Document::nodeAt(qint64 offset) const
{
    if (d->rootId == kNoNode)
        return kNoNode;
    NodeId cur = d->rootId;
    const Node& r = d->at(cur);
    if (offset < r.begin || offset >= r.end)
        return kNoNode;
    for (;;) {
        const Node& n = d->at(cur);
        const NodeId* first = d->children.data() + n.childStart;
        const NodeId* last = first + n.childCount;
        // Children are in text order: find the last one starting at or before offset.
        const NodeId* it = std::upper_bound(first, last, offset, [this](qint64 off, NodeId c) {
            return off < qint64(d->at(c).memberBegin());
        });
        if (it == first)
            return cur;
        const Node& c = d->at(*(it - 1));
        if (offset >= c.end)
            return cur;
        cur = *(it - 1);
    }
}

void Document::addListener(DocumentListener* listener) { d->listeners.push_back(listener); }

void Document::removeListener(DocumentListener* listener) { std::erase(d->listeners, listener); }

QString escapePointerToken(QStringView token)
{
    QString out = token.toString();
    out.replace(QLatin1Char('~'), QLatin1String("~0"));
    out.replace(QLatin1Char('/'), QLatin1String("~1"));
    return out;
}

QString unescapePointerToken(QStringView token)
{
    QString out = token.toString();
    out.replace(QLatin1String("~1"), QLatin1String("/"));
    out.replace(QLatin1String("~0"), QLatin1String("~"));
    return out;
}

TextPosition positionInText(QByteArrayView text, qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, text.size());
    int line = 1;
    qint64 lineStart = 0;
    for (qint64 i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    int column = 1;
    for (qint64 i = lineStart; i < offset; ++i) {
        if ((uchar(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return {line, column};
}

} // namespace kcs::json
