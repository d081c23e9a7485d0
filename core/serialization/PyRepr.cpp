// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/PyRepr.h"

#include "core/json/PyJson.h"

#include <QChar>
#include <QHash>

#include <cmath>
#include <vector>

namespace kcs::serialization {

namespace {

using json::Value;

/// str.isprintable for one code point: everything except Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs,
/// with the ASCII space as the one printable separator.
bool isPrintable(char32_t c)
{
    if (c == U' ')
        return true;
    if (c < 0x20 || c == 0x7f)
        return false;
    if (c < 0x7f)
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

void appendHexEscape(QString& out, char kind, char32_t c, int digits)
{
    static const char hex[] = "0123456789abcdef";
    out += QLatin1Char('\\');
    out += QLatin1Char(kind);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += QLatin1Char(hex[(c >> shift) & 0xf]);
}

void appendCodePoint(QString& out, char32_t c, QChar quote)
{
    if (c == quote.unicode() || c == U'\\') {
        out += QLatin1Char('\\');
        out += QChar(char16_t(c));
    } else if (c == U'\t') {
        out += QLatin1String("\\t");
    } else if (c == U'\n') {
        out += QLatin1String("\\n");
    } else if (c == U'\r') {
        out += QLatin1String("\\r");
    } else if (isPrintable(c)) {
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(char16_t(c));
        }
    } else if (c <= 0xff) {
        appendHexEscape(out, 'x', c, 2);
    } else if (c <= 0xffff) {
        appendHexEscape(out, 'u', c, 4);
    } else {
        appendHexEscape(out, 'U', c, 8);
    }
}

void appendString(QString& out, QStringView text)
{
    // Python prefers single quotes; it switches only when that avoids escaping.
    const bool hasSingle = text.contains(QLatin1Char('\''));
    const bool hasDouble = text.contains(QLatin1Char('"'));
    const QChar quote = (hasSingle && !hasDouble) ? QLatin1Char('"') : QLatin1Char('\'');
    out += quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        // A run of printable ASCII other than the quote and the backslash is copied as it is.
        qsizetype end = i;
        while (end < text.size() && text[end].unicode() >= 0x20 && text[end].unicode() < 0x7f
               && text[end] != quote && text[end] != QLatin1Char('\\'))
            ++end;
        if (end > i) {
            out += text.sliced(i, end - i);
            i = end - 1;
            continue;
        }
        const char16_t u = text[i].unicode();
        char32_t c = u;
        if (QChar::isHighSurrogate(u) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
            c = QChar::surrogateToUcs4(u, text[i + 1].unicode());
            ++i;
        }
        // An unpaired surrogate stays one code point of category Cs, as in a Python str.
        appendCodePoint(out, c, quote);
    }
    out += quote;
}

void appendFloat(QString& out, double v)
{
    out += pyReprFloat(v);
}

/// The members of an object as a Python dict holds them: a repeated key keeps the position of
/// its first occurrence and the value of its last.
std::vector<const Value::Member*> dictMembers(const Value::Object& members)
{
    std::vector<const Value::Member*> out;
    out.reserve(members.size());
    QHash<QString, std::size_t> slot;
    for (const auto& m : members) {
        const auto it = slot.constFind(m.first);
        if (it != slot.constEnd()) {
            out[*it] = &m;
            continue;
        }
        slot.insert(m.first, out.size());
        out.push_back(&m);
    }
    return out;
}

/// One open container while rendering a Value without recursion.
struct ValueFrame {
    const Value* container = nullptr;
    std::vector<const Value::Member*> members; // objects only
    std::size_t next = 0;
    char close = ']';
};

/// Appends a scalar, or the opening bracket of a non-empty container (pushed on the stack).
void openValue(QString& out, const Value& v, std::vector<ValueFrame>& stack)
{
    switch (v.type()) {
    case Value::Type::Null: out += QLatin1String("None"); return;
    case Value::Type::Bool: out += v.toBool() ? QLatin1String("True") : QLatin1String("False"); return;
    case Value::Type::Int: out += QString::number(v.toInt()); return;
    case Value::Type::BigInt: out += QString::fromLatin1(v.bigInt().digits); return;
    case Value::Type::Float: appendFloat(out, v.floatValue().value); return;
    case Value::Type::String: appendString(out, v.string()); return;
    case Value::Type::Array:
        if (v.items().empty()) {
            out += QLatin1String("[]");
            return;
        }
        out += QLatin1Char('[');
        stack.push_back({&v, {}, 0, ']'});
        return;
    case Value::Type::Object:
        if (v.members().empty()) {
            out += QLatin1String("{}");
            return;
        }
        out += QLatin1Char('{');
        stack.push_back({&v, dictMembers(v.members()), 0, '}'});
        return;
    }
}

/// Renders an Int node's spelling the way Python prints the int it reads ("-0" is 0).
QString intText(const json::Document& doc, json::NodeId node)
{
    if (const auto v = doc.toInt64(node))
        return QString::number(*v);
    return QString::fromLatin1(doc.raw(node).toByteArray());
}

struct NodeFrame {
    json::NodeId container = json::kNoNode;
    std::vector<json::NodeId> children; // dict order (duplicates folded) or list order
    std::size_t next = 0;
    bool isObject = false;
};

std::vector<json::NodeId> dictChildren(const json::Document& doc, json::NodeId object)
{
    const int n = doc.childCount(object);
    std::vector<json::NodeId> out;
    out.reserve(std::size_t(n));
    QHash<QString, std::size_t> slot;
    for (int i = 0; i < n; ++i) {
        const json::NodeId c = doc.child(object, i);
        const QString k = doc.key(c);
        const auto it = slot.constFind(k);
        if (it != slot.constEnd()) {
            out[*it] = c;
            continue;
        }
        slot.insert(k, out.size());
        out.push_back(c);
    }
    return out;
}

void openNode(QString& out, const json::Document& doc, json::NodeId node, std::vector<NodeFrame>& stack)
{
    switch (doc.kind(node)) {
    case json::Kind::Null: out += QLatin1String("None"); return;
    case json::Kind::Bool: out += doc.boolValue(node) ? QLatin1String("True") : QLatin1String("False"); return;
    case json::Kind::Number:
        if (doc.isIntegerSpelling(node))
            out += intText(doc, node);
        else
            appendFloat(out, doc.toDouble(node));
        return;
    case json::Kind::String: appendString(out, doc.string(node)); return;
    case json::Kind::Array:
    case json::Kind::Object: {
        const bool isObject = doc.kind(node) == json::Kind::Object;
        if (doc.childCount(node) == 0) {
            out += isObject ? QLatin1String("{}") : QLatin1String("[]");
            return;
        }
        out += isObject ? QLatin1Char('{') : QLatin1Char('[');
        NodeFrame frame{node, {}, 0, isObject};
        if (isObject) {
            frame.children = dictChildren(doc, node);
        } else {
            for (int i = 0, n = doc.childCount(node); i < n; ++i)
                frame.children.push_back(doc.child(node, i));
        }
        stack.push_back(std::move(frame));
        return;
    }
    }
}

} // namespace

QString pyReprString(QStringView text)
{
    QString out;
    out.reserve(text.size() + 2);
    appendString(out, text);
    return out;
}

QString pyReprFloat(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::fromLatin1(json::formatFloat(value));
}

void appendPyRepr(QString& out, const Value& value)
{
    std::vector<ValueFrame> stack;
    openValue(out, value, stack);
    while (!stack.empty()) {
        ValueFrame& top = stack.back();
        const bool isObject = top.close == '}';
        const std::size_t count = isObject ? top.members.size() : top.container->items().size();
        if (top.next == count) {
            out += QLatin1Char(top.close);
            stack.pop_back();
            continue;
        }
        if (top.next > 0)
            out += QLatin1String(", ");
        const std::size_t i = top.next++;
        if (isObject) {
            const Value::Member* m = top.members[i];
            appendString(out, m->first);
            out += QLatin1String(": ");
            openValue(out, m->second, stack); // may reallocate the stack: `top` is dead now
        } else {
            openValue(out, top.container->items()[i], stack);
        }
    }
}

QString pyRepr(const Value& value)
{
    QString out;
    appendPyRepr(out, value);
    return out;
}

QString pyRepr(const json::Document& document, json::NodeId node)
{
    if (!document.isValid(node))
        return QStringLiteral("None");
    QString out;
    std::vector<NodeFrame> stack;
    openNode(out, document, node, stack);
    while (!stack.empty()) {
        NodeFrame& top = stack.back();
        if (top.next == top.children.size()) {
            out += top.isObject ? QLatin1Char('}') : QLatin1Char(']');
            stack.pop_back();
            continue;
        }
        if (top.next > 0)
            out += QLatin1String(", ");
        const json::NodeId child = top.children[top.next++];
        if (top.isObject) {
            appendString(out, document.key(child));
            out += QLatin1String(": ");
        }
        openNode(out, document, child, stack); // may reallocate the stack: `top` is dead now
    }
    return out;
}

QString pyReprTuple(const Value::Array& items)
{
    QString out = QStringLiteral("(");
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        appendPyRepr(out, items[i]);
    }
    if (items.size() == 1)
        out += QLatin1Char(',');
    out += QLatin1Char(')');
    return out;
}

QString pyReprType(Value::Type type)
{
    return json::pythonTypeRepr(type);
}

QString pyReprClass(QStringView qualifiedName)
{
    return QStringLiteral("<class '%1'>").arg(qualifiedName);
}

QString pyReprSubset(const Value& object, const QStringList& keys)
{
    if (!object.isObject())
        return QStringLiteral("{}");
    QString out = QStringLiteral("{");
    bool first = true;
    for (const Value::Member* m : dictMembers(object.members())) {
        if (!keys.contains(m->first))
            continue;
        if (!first)
            out += QLatin1String(", ");
        first = false;
        appendString(out, m->first);
        out += QLatin1String(": ");
        appendPyRepr(out, m->second);
    }
    out += QLatin1Char('}');
    return out;
}

QString pyReprStringList(const QStringList& items)
{
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        appendString(out, items[i]);
    }
    out += QLatin1Char(']');
    return out;
}

} // namespace kcs::serialization
