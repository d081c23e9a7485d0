// SPDX-License-Identifier: GPL-3.0-or-later
// kcs::json::Document edits. Every edit is a splice of the text plus the matching change of the
// node index; new text is parsed with the same reader and grafted in, and the offsets behind the
// splice are shifted. Three primitives do all the work: replace a value, rename a key, and
// replace a run of a container's children by the items of a text fragment.

#include "core/json/DocumentImpl.h"
#include "core/json/PyJson.h"

#include <cctype>

namespace kcs::json {
namespace detail {

struct EditEngine {
    using Impl = Document::Impl;

    static Impl& impl(Document& doc) { return *doc.d; }

    // Replaces text[from, to) and shifts every offset behind it. Start offsets at or after `to`
    // move, end offsets move only when strictly after `to`: an insertion at the end of a value
    // does not grow that value, an insertion at the start of a member moves that member.
    static void spliceText(Impl& m, quint32 from, quint32 to, QByteArrayView insert)
    {
        m.text.replace(from, to - from, insert.toByteArray());
        const qint64 delta = insert.size() - qint64(to - from);
        if (delta != 0) {
            for (Node& n : m.nodes) {
                if (n.flags & Dead)
                    continue;
                if (n.begin >= to)
                    n.begin = quint32(n.begin + delta);
                if (n.end > to)
                    n.end = quint32(n.end + delta);
                if (n.keyBegin != kNone && n.keyBegin >= to)
                    n.keyBegin = quint32(n.keyBegin + delta);
            }
        }
        QMutexLocker lock(&m.lineMutex);
        m.lines.valid = false;
    }

    static void markDead(Impl& m, NodeId id)
    {
        std::vector<NodeId> stack{id};
        while (!stack.empty()) {
            const NodeId n = stack.back();
            stack.pop_back();
            Node& node = m.node(n);
            node.flags |= Dead;
            --m.liveNodes;
            for (quint32 i = 0; i < node.childCount; ++i)
                stack.push_back(m.childAt(node, i));
        }
    }

    static void setChildren(Impl& m, NodeId container, const std::vector<NodeId>& list)
    {
        Node& c = m.node(container);
        m.garbageChildren += c.childCount;
        c.childStart = quint32(m.children.size());
        c.childCount = quint32(list.size());
        m.children.insert(m.children.end(), list.begin(), list.end());
        for (quint32 i = 0; i < list.size(); ++i) {
            Node& child = m.node(list[i]);
            child.index = i;
            child.parent = container;
        }
        if (m.garbageChildren > 4096 && m.garbageChildren > m.children.size() / 2)
            compactChildren(m);
    }

    static void compactChildren(Impl& m)
    {
        ChildArray fresh;
        fresh.reserve(m.children.size() - m.garbageChildren);
        for (Node& n : m.nodes) {
            if ((n.flags & Dead) || (n.kind != Kind::Object && n.kind != Kind::Array))
                continue;
            const quint32 start = quint32(fresh.size());
            fresh.insert(fresh.end(), m.children.begin() + n.childStart, m.children.begin() + n.childStart + n.childCount);
            n.childStart = start;
        }
        m.children = std::move(fresh);
        m.garbageChildren = 0;
    }

    // Copies the nodes of `p` into the document, offsets moved by delta. p's root becomes
    // `rootTarget` when given (a replaced value keeps its id), else it is dropped (a wrapper).
    // Returns the new ids of the root's children.
    static std::vector<NodeId> graft(Impl& m, const Parsed& p, qint64 delta, NodeId rootTarget)
    {
        std::vector<NodeId> map(p.nodes.size(), kNoNode);
        NodeId next = NodeId(m.nodes.size());
        for (NodeId i = 0; i < p.nodes.size(); ++i)
            map[i] = i == p.root ? rootTarget : next++;
        const quint32 childBase = quint32(m.children.size());
        for (NodeId id : p.children)
            m.children.push_back(map[id]);
        m.nodes.reserve(next);
        for (NodeId i = 0; i < p.nodes.size(); ++i) {
            if (i == p.root)
                continue;
            Node n = p.nodes[i];
            n.begin = quint32(n.begin + delta);
            n.end = quint32(n.end + delta);
            if (n.keyBegin != kNone)
                n.keyBegin = quint32(n.keyBegin + delta);
            n.parent = map[n.parent];
            n.childStart += childBase;
            m.nodes.push_back(n);
            ++m.liveNodes;
        }
        m.garbageChildren += p.nodes[p.root].childCount; // the root's own list is rebuilt by the caller
        const Node& root = p.nodes[p.root];
        std::vector<NodeId> rootChildren;
        for (quint32 i = 0; i < root.childCount; ++i)
            rootChildren.push_back(map[p.children[root.childStart + i]]);
        return rootChildren;
    }

    static void forgetDuplicates(Impl& m)
    {
        QMutexLocker lock(&m.duplicatesMutex);
        m.duplicatesKnown = false;
    }

    static void removeAllChildren(Impl& m, NodeId x)
    {
        const quint32 n = m.node(x).childCount;
        if (n == 0)
            return;
        m.notify([&](DocumentListener* l) { l->childrenAboutToBeRemoved(x, 0, int(n) - 1); });
        for (quint32 i = 0; i < n; ++i)
            markDead(m, m.childAt(m.node(x), i));
        m.garbageChildren += n;
        m.node(x).childCount = 0;
        m.notify([&](DocumentListener* l) { l->childrenRemoved(x, 0, int(n) - 1); });
    }

    static Result<void> replaceValue(Impl& m, NodeId x, const QByteArray& newText)
    {
        auto parsed = parseText(newText, {});
        if (!parsed)
            return std::unexpected(parsed.error());
        removeAllChildren(m, x);
        const quint32 from = m.node(x).begin;
        const quint32 to = m.node(x).end;
        spliceText(m, from, to, newText);
        Node& node = m.node(x);
        const Node& root = parsed->nodes[parsed->root];
        node.end = quint32(from + newText.size());
        node.kind = root.kind;
        node.flags = quint8((node.flags & KeyEscaped) | (root.flags & ~KeyEscaped));
        forgetDuplicates(m);
        const std::vector<NodeId> kids = graft(m, *parsed, from, x);
        if (!kids.empty()) {
            m.notify([&](DocumentListener* l) { l->childrenAboutToBeInserted(x, 0, int(kids.size()) - 1); });
            setChildren(m, x, kids);
            m.notify([&](DocumentListener* l) { l->childrenInserted(x, 0, int(kids.size()) - 1); });
        }
        m.notify([&](DocumentListener* l) { l->valueChanged(x); });
        m.notify([&](DocumentListener* l) { l->textChanged(from, to - from, newText.size()); });
        return {};
    }

    static Result<Parsed> parseFragment(Kind kind, const QByteArray& fragment)
    {
        // Parsed as "[fragment]" / "{fragment}" with one leading and one trailing comma read
        // as whitespace, so "x, " and ", x" parse like "x".
        QByteArray wrapped;
        wrapped.reserve(fragment.size() + 2);
        wrapped += kind == Kind::Object ? '{' : '[';
        wrapped += fragment;
        wrapped += kind == Kind::Object ? '}' : ']';
        qint64 lead = -1, trail = -1;
        qsizetype i = 0;
        while (i < fragment.size() && std::isspace(uchar(fragment[i])))
            ++i;
        if (i < fragment.size() && fragment[i] == ',')
            lead = i + 1;
        qsizetype j = fragment.size() - 1;
        while (j >= 0 && std::isspace(uchar(fragment[j])))
            --j;
        if (j >= 0 && fragment[j] == ',' && j + 1 != lead)
            trail = j + 1;
        return parseText(wrapped, {}, lead, trail);
    }

    // Children [index, index + removeCount) of container c are replaced by the items of
    // `fragment`, which replaces text[from, to). Returns the number of items inserted.
    static Result<int> spliceChildren(Impl& m, NodeId c, int index, int removeCount, quint32 from, quint32 to,
                                      const QByteArray& fragment)
    {
        auto parsed = parseFragment(m.node(c).kind, fragment);
        if (!parsed)
            return std::unexpected(parsed.error());
        std::vector<NodeId> list(m.children.begin() + m.node(c).childStart,
                                 m.children.begin() + m.node(c).childStart + m.node(c).childCount);
        if (removeCount > 0) {
            m.notify([&](DocumentListener* l) { l->childrenAboutToBeRemoved(c, index, index + removeCount - 1); });
            for (int i = index; i < index + removeCount; ++i)
                markDead(m, list[size_t(i)]);
            list.erase(list.begin() + index, list.begin() + index + removeCount);
            setChildren(m, c, list);
            m.notify([&](DocumentListener* l) { l->childrenRemoved(c, index, index + removeCount - 1); });
        }
        spliceText(m, from, to, fragment);
        const std::vector<NodeId> items = graft(m, *parsed, qint64(from) - 1, kNoNode);
        if (!items.empty()) {
            m.notify([&](DocumentListener* l) { l->childrenAboutToBeInserted(c, index, index + int(items.size()) - 1); });
            list.insert(list.begin() + index, items.begin(), items.end());
            setChildren(m, c, list);
            m.notify([&](DocumentListener* l) { l->childrenInserted(c, index, index + int(items.size()) - 1); });
        }
        forgetDuplicates(m);
        m.notify([&](DocumentListener* l) { l->textChanged(from, to - from, fragment.size()); });
        return int(items.size());
    }

    static void renameKey(Impl& m, NodeId member, const QByteArray& quotedKey)
    {
        const quint32 from = m.node(member).keyBegin;
        const quint32 to = m.node(member).keyEnd();
        spliceText(m, from, to, quotedKey);
        Node& n = m.node(member);
        n.keyLength = quint16(quotedKey.size());
        n.flags = quint8(quotedKey.contains('\\') ? (n.flags | KeyEscaped) : (n.flags & ~KeyEscaped));
        forgetDuplicates(m);
        m.notify([&](DocumentListener* l) { l->keyChanged(member); });
        m.notify([&](DocumentListener* l) { l->textChanged(from, to - from, quotedKey.size()); });
    }

    static void replaceAll(Document& doc, Document&& fresh)
    {
        Impl& m = impl(doc);
        const qint64 oldSize = m.text.size();
        m.notify([](DocumentListener* l) { l->documentAboutToBeReset(); });
        std::vector<DocumentListener*> listeners = std::move(m.listeners);
        doc.d = std::move(fresh.d);
        doc.d->listeners = std::move(listeners);
        doc.d->notify([](DocumentListener* l) { l->documentReset(); });
        doc.d->notify([&](DocumentListener* l) { l->textChanged(0, oldSize, doc.d->text.size()); });
    }
};

} // namespace detail

using detail::EditEngine;

namespace {

QByteArray indentFor(const Layout& layout, int depth)
{
    QByteArray out;
    for (int i = 0; i < depth; ++i)
        out += layout.indentUnit;
    return out;
}

QByteArray formatIn(const Layout& layout, const Value& value, int depth)
{
    DumpOptions o;
    o.keySeparator = layout.keySeparator;
    if (layout.multiLine) {
        o.indentUnit = layout.indentUnit;
        o.newline = layout.newline;
        o.baseDepth = depth;
    } else {
        o.itemSeparator = layout.itemSeparator;
    }
    return dumps(value, o);
}

std::unexpected<Error> notFound(const QString& what)
{
    return fail(ErrorCode::NotFound, what);
}

std::unexpected<Error> stale()
{
    return fail(ErrorCode::InvalidArgument,
                QStringLiteral("the document does not match this edit (it was changed by something else)"));
}

} // namespace

// Builds the splice that puts `item` (key and value text) at `index` of container c.
static Edit insertionEdit(const Document& doc, NodeId c, int index, const QByteArray& item)
{
    const Layout& layout = doc.layout();
    const int depth = doc.depth(c);
    const int n = doc.childCount(c);
    const Span cs = doc.span(c);
    Edit e;
    e.type = Edit::Type::SpliceChildren;
    e.target = doc.pointer(c);
    e.index = index;
    e.insertedCount = 1;
    if (n == 0) {
        e.offset = cs.begin + 1;
        e.removedText = doc.text().mid(cs.begin + 1, cs.length() - 2);
        e.insertedText = layout.multiLine ? layout.newline + indentFor(layout, depth + 1) + item + layout.newline
                                                + indentFor(layout, depth)
                                          : item;
        return e;
    }
    QByteArray sep;
    if (n >= 2) {
        const qint64 a = doc.span(doc.child(c, 0)).end;
        sep = doc.text().mid(a, doc.memberSpan(doc.child(c, 1)).begin - a);
    } else {
        sep = layout.multiLine ? "," + layout.newline + indentFor(layout, depth + 1) : layout.itemSeparator;
    }
    if (index < n) {
        e.offset = doc.memberSpan(doc.child(c, index)).begin;
        e.insertedText = item + sep;
    } else {
        e.offset = doc.span(doc.child(c, n - 1)).end;
        e.insertedText = sep + item;
    }
    return e;
}

Result<Edit> Document::replaceValue(NodeId node, const Value& value)
{
    if (!isValid(node))
        return notFound(QStringLiteral("no such node"));
    return replaceValueText(node, formatIn(d->layout, value, depth(node)));
}

Result<Edit> Document::replaceValueText(NodeId node, QByteArrayView jsonText)
{
    if (!isValid(node))
        return notFound(QStringLiteral("no such node"));
    Edit e;
    e.type = Edit::Type::ReplaceValue;
    e.target = pointer(node);
    e.offset = span(node).begin;
    e.removedText = raw(node).toByteArray();
    e.insertedText = jsonText.toByteArray();
    e.description = QStringLiteral("Change Value");
    if (auto r = EditEngine::replaceValue(*d, node, e.insertedText); !r)
        return std::unexpected(r.error());
    return e;
}

Result<Edit> Document::renameKey(NodeId member, QStringView newKey)
{
    if (!isValid(member) || !isMember(member))
        return notFound(QStringLiteral("not an object member"));
    Edit e;
    e.type = Edit::Type::RenameKey;
    e.target = pointer(parent(member));
    e.index = indexInParent(member);
    e.offset = keySpan(member).begin;
    e.removedText = rawKey(member).toByteArray();
    e.insertedText = quoteString(newKey);
    e.description = QStringLiteral("Rename Key");
    if (e.insertedText.size() > detail::kMaxKeyBytes)
        return fail(ErrorCode::Limit, QStringLiteral("object key longer than %1 bytes").arg(detail::kMaxKeyBytes - 2));
    EditEngine::renameKey(*d, member, e.insertedText);
    return e;
}

static Result<Edit> runInsertion(Document& doc, NodeId c, int index, const QByteArray& item, const QString& what)
{
    Edit e = insertionEdit(doc, c, index, item);
    e.description = what;
    auto& m = EditEngine::impl(doc);
    auto r = EditEngine::spliceChildren(m, c, index, 0, quint32(e.offset), quint32(e.offset + e.removedText.size()),
                                        e.insertedText);
    if (!r)
        return std::unexpected(r.error());
    return e;
}

Result<Edit> Document::insertMember(NodeId object, int index, QStringView key, const Value& value)
{
    if (!isValid(object) || kind(object) != Kind::Object)
        return notFound(QStringLiteral("not an object"));
    if (index < 0 || index > childCount(object))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("member index %1 is out of range").arg(index));
    const QByteArray item = quoteString(key) + d->layout.keySeparator + formatIn(d->layout, value, depth(object) + 1);
    return runInsertion(*this, object, index, item, QStringLiteral("Add Member"));
}

Result<Edit> Document::insertElement(NodeId array, int index, const Value& value)
{
    if (!isValid(array) || kind(array) != Kind::Array)
        return notFound(QStringLiteral("not an array"));
    if (index < 0 || index > childCount(array))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("element index %1 is out of range").arg(index));
    return runInsertion(*this, array, index, formatIn(d->layout, value, depth(array) + 1), QStringLiteral("Add Element"));
}

Result<Edit> Document::removeChild(NodeId container, int index)
{
    if (!isValid(container) || index < 0 || index >= childCount(container))
        return notFound(QStringLiteral("no child %1 to remove").arg(index));
    const int n = childCount(container);
    qint64 from = 0, to = 0;
    if (n == 1) {
        from = span(container).begin + 1;
        to = span(container).end - 1;
    } else if (index > 0) {
        from = span(child(container, index - 1)).end;
        to = span(child(container, index)).end;
    } else {
        from = memberSpan(child(container, 0)).begin;
        to = memberSpan(child(container, 1)).begin;
    }
    Edit e;
    e.type = Edit::Type::SpliceChildren;
    e.target = pointer(container);
    e.index = index;
    e.removedCount = 1;
    e.offset = from;
    e.removedText = d->text.mid(from, to - from);
    e.description = kind(container) == Kind::Object ? QStringLiteral("Remove Member") : QStringLiteral("Remove Element");
    if (auto r = EditEngine::spliceChildren(*d, container, index, 1, quint32(from), quint32(to), {}); !r)
        return std::unexpected(r.error());
    return e;
}

Result<Edit> Document::moveElement(NodeId array, int from, int to)
{
    if (!isValid(array) || kind(array) != Kind::Array)
        return notFound(QStringLiteral("not an array"));
    const int n = childCount(array);
    if (from < 0 || from >= n || to < 0 || to >= n || from == to)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("cannot move element %1 to %2").arg(from).arg(to));
    const QByteArray item = raw(child(array, from)).toByteArray();
    const QString arrayPointer = pointer(array);
    auto removed = removeChild(array, from);
    if (!removed)
        return removed;
    const NodeId a = find(arrayPointer);
    auto inserted = runInsertion(*this, a, to, item, QStringLiteral("Move Element"));
    if (!inserted) {
        (void)revert(*removed);
        return inserted;
    }
    Edit e;
    e.type = Edit::Type::Compound;
    e.target = arrayPointer;
    e.description = QStringLiteral("Move Element");
    e.parts = {std::move(*removed), std::move(*inserted)};
    return e;
}

Result<Edit> Document::replaceText(QByteArray newText)
{
    auto fresh = Document::parse(newText);
    if (!fresh)
        return std::unexpected(fresh.error());
    Edit e;
    e.type = Edit::Type::ReplaceAll;
    e.removedText = d->text;
    e.insertedText = std::move(newText);
    e.description = QStringLiteral("Edit JSON Text");
    EditEngine::replaceAll(*this, std::move(*fresh));
    return e;
}

static Result<void> runEdit(Document& doc, const Edit& e, bool forward)
{
    auto& m = EditEngine::impl(doc);
    const QByteArray& before = forward ? e.removedText : e.insertedText;
    const QByteArray& after = forward ? e.insertedText : e.removedText;
    switch (e.type) {
    case Edit::Type::ReplaceAll: {
        if (doc.text() != before)
            return stale();
        auto fresh = Document::parse(after);
        if (!fresh)
            return std::unexpected(fresh.error());
        EditEngine::replaceAll(doc, std::move(*fresh));
        return {};
    }
    case Edit::Type::Compound:
        if (forward) {
            for (const Edit& part : e.parts) {
                if (auto r = runEdit(doc, part, true); !r)
                    return r;
            }
        } else {
            for (auto it = e.parts.rbegin(); it != e.parts.rend(); ++it) {
                if (auto r = runEdit(doc, *it, false); !r)
                    return r;
            }
        }
        return {};
    default: break;
    }
    const NodeId target = doc.find(e.target);
    if (target == kNoNode)
        return notFound(QStringLiteral("%1 does not exist").arg(e.target));
    if (m.text.mid(e.offset, before.size()) != before)
        return stale();
    switch (e.type) {
    case Edit::Type::ReplaceValue:
        return EditEngine::replaceValue(m, target, after);
    case Edit::Type::RenameKey: {
        const NodeId member = doc.child(target, e.index);
        if (member == kNoNode || doc.keySpan(member).begin != e.offset)
            return stale();
        EditEngine::renameKey(m, member, after);
        return {};
    }
    default: {
        const int removeCount = forward ? e.removedCount : e.insertedCount;
        auto r = EditEngine::spliceChildren(m, target, e.index, removeCount, quint32(e.offset),
                                            quint32(e.offset + before.size()), after);
        if (!r)
            return std::unexpected(r.error());
        return {};
    }
    }
}

Result<void> Document::apply(const Edit& edit) { return runEdit(*this, edit, true); }

Result<void> Document::revert(const Edit& edit) { return runEdit(*this, edit, false); }

} // namespace kcs::json
