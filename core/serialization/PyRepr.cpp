// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/PyRepr.h"

#include "core/json/PyJson.h"

#include <QChar>
#include <QHash>

#include <algorithm>
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
    if (std::isnan(v) || std::isinf(v))
        out += pyReprFloat(v);
    else
        out += QLatin1StringView(json::formatFloat(v));
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

/// Appends the repr of a JSON string literal (quotes included) straight from its bytes when
/// they are all printable ASCII without escapes (class names, keys, layer names: nearly every
/// string of a config), which is then also the text Python holds. False: decode it instead.
bool appendPlainLiteral(QString& out, QByteArrayView literal)
{
    // Checked and widened in one pass straight into the output (a multi-megabyte repr is mostly
    // such strings); undone when a byte needs more than a copy.
    const qsizetype n = literal.size() - 2;
    const char* src = literal.data() + 1;
    const qsizetype at = out.size();
    out.resize(at + n + 2);
    char16_t* dst = reinterpret_cast<char16_t*>(out.data()) + at;
    bool hasSingle = false;
    bool hasDouble = false;
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(src[i]);
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out.truncate(at);
            return false;
        }
        hasSingle |= c == '\'';
        hasDouble |= c == '"';
        dst[i + 1] = c;
    }
    if (hasSingle && hasDouble) {
        out.truncate(at);
        return false; // needs escapes: appendString() words them
    }
    dst[0] = dst[n + 1] = hasSingle ? u'"' : u'\'';
    return true;
}

/// Renders an Int node's spelling the way Python prints the int it reads: JSON integers are
/// spelled canonically (no leading zeros, no '+'), except "-0", which Python prints as 0.
void appendInt(QString& out, const json::Document& doc, json::NodeId node)
{
    const QByteArrayView raw = doc.raw(node);
    if (raw == "-0")
        out += QLatin1Char('0');
    else
        out += QLatin1StringView(raw.data(), raw.size());
}

struct NodeFrame {
    json::NodeId container = json::kNoNode;
    int count = 0;
    int next = 0;
    bool isObject = false;
    /// Objects with a repeated key: the members in dict order (duplicates folded). Empty when
    /// the keys are distinct, the usual case, where the children are read in place.
    std::vector<json::NodeId> folded;

    json::NodeId childAt(const json::Document& doc, int i) const
    {
        return folded.empty() ? doc.child(container, i) : folded[std::size_t(i)];
    }
};

/// True when the keys of object are certainly distinct, judged on their raw bytes (equal bytes
/// are equal keys; keys with escapes are left to dictChildren(), which decodes them).
bool distinctPlainKeys(const json::Document& doc, json::NodeId object, std::vector<QByteArrayView>& keys)
{
    keys.clear();
    for (int i = 0, n = doc.childCount(object); i < n; ++i) {
        const QByteArrayView k = doc.rawKey(doc.child(object, i));
        if (k.contains('\\'))
            return false;
        keys.push_back(k);
    }
    std::sort(keys.begin(), keys.end(), [](QByteArrayView a, QByteArrayView b) { return a.compare(b) < 0; });
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

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

struct NodeRepr {
    const json::Document& doc;
    QString& out;
    std::vector<NodeFrame> stack;
    std::vector<QByteArrayView> keyScratch;

    /// Appends a scalar, or the opening bracket of a non-empty container (pushed on the stack).
    void open(json::NodeId node)
    {
        switch (doc.kind(node)) {
        case json::Kind::Null: out += QLatin1String("None"); return;
        case json::Kind::Bool: out += doc.boolValue(node) ? QLatin1String("True") : QLatin1String("False"); return;
        case json::Kind::Number:
            if (doc.isIntegerSpelling(node))
                appendInt(out, doc, node);
            else
                appendFloat(out, doc.toDouble(node));
            return;
        case json::Kind::String:
            if (!appendPlainLiteral(out, doc.raw(node)))
                appendString(out, doc.string(node));
            return;
        case json::Kind::Array:
        case json::Kind::Object: {
            const bool isObject = doc.kind(node) == json::Kind::Object;
            const int count = doc.childCount(node);
            if (count == 0) {
                out += isObject ? QLatin1String("{}") : QLatin1String("[]");
                return;
            }
            out += isObject ? QLatin1Char('{') : QLatin1Char('[');
            NodeFrame& frame = stack.emplace_back();
            frame.container = node;
            frame.count = count;
            frame.isObject = isObject;
            if (isObject && !distinctPlainKeys(doc, node, keyScratch)) {
                frame.folded = dictChildren(doc, node);
                frame.count = int(frame.folded.size());
            }
            return;
        }
        }
    }

    void run(json::NodeId node)
    {
        open(node);
        while (!stack.empty()) {
            NodeFrame& top = stack.back();
            if (top.next == top.count) {
                out += top.isObject ? QLatin1Char('}') : QLatin1Char(']');
                stack.pop_back();
                continue;
            }
            if (top.next > 0)
                out += QLatin1String(", ");
            const json::NodeId child = top.childAt(doc, top.next++);
            if (top.isObject) {
                if (!appendPlainLiteral(out, doc.rawKey(child)))
                    appendString(out, doc.key(child));
                out += QLatin1String(": ");
            }
            open(child); // may reallocate the stack: `top` is dead now
        }
    }
};

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
    // The repr is about as long as the JSON text (", " and ": " as Keras writes them).
    out.reserve(document.raw(node).size() + 16);
    NodeRepr{document, out, {}, {}}.run(node);
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
