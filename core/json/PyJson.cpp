// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/PyJson.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kcs::json {

QByteArray formatFloat(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");

    // Shortest round-trip digits in scientific form ("d.ddde+XX"), then laid out by the rule of
    // Python's float repr: positional for -4 <= exponent < 16, scientific otherwise.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string_view sci(buf, res.ptr);
    const bool negative = sci.front() == '-';
    if (negative)
        sci.remove_prefix(1);
    const auto ePos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, ePos)) {
        if (c != '.')
            digits += c;
    }
    int exponent = 0;
    std::from_chars(sci.data() + ePos + 1 + (sci[ePos + 1] == '+'), sci.data() + sci.size(), exponent);

    QByteArray out;
    if (negative)
        out += '-';
    const int n = int(digits.size());
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out += "0.";
            out += QByteArray(-exponent - 1, '0');
            out += digits.c_str();
        } else if (exponent + 1 >= n) {
            out += digits.c_str();
            out += QByteArray(exponent + 1 - n, '0');
            out += ".0";
        } else {
            out += QByteArray(digits.c_str(), exponent + 1);
            out += '.';
            out += digits.c_str() + exponent + 1;
        }
        return out;
    }
    out += digits[0];
    if (n > 1) {
        out += '.';
        out += digits.c_str() + 1;
    }
    out += 'e';
    out += exponent < 0 ? '-' : '+';
    const int absExp = std::abs(exponent);
    if (absExp < 10)
        out += '0';
    out += QByteArray::number(absExp);
    return out;
}

QByteArray quoteString(QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (QChar qc : text) {
        const char16_t c = qc.unicode();
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        default: break;
        }
        if (c >= 0x20 && c < 0x7f) {
            out += char(c);
            continue;
        }
        // Outside printable ASCII: \uXXXX of the UTF-16 unit (surrogate pairs come out as two
        // escapes, as Python writes them).
        out += "\\u";
        out += hex[(c >> 12) & 0xf];
        out += hex[(c >> 8) & 0xf];
        out += hex[(c >> 4) & 0xf];
        out += hex[c & 0xf];
    }
    out += '"';
    return out;
}

namespace {

class Dumper {
public:
    Dumper(QByteArray& out, const DumpOptions& o) : m_out(out), m_o(o)
    {
        if (!o.indentUnit.isEmpty())
            m_unit = o.indentUnit;
        else if (o.indent >= 0)
            m_unit = QByteArray(o.indent, ' ');
        m_multiLine = !o.indentUnit.isEmpty() || o.indent >= 0;
    }

    void value(const Value& v, int depth)
    {
        switch (v.type()) {
        case Value::Type::Null: m_out += "null"; break;
        case Value::Type::Bool: m_out += v.toBool() ? "true" : "false"; break;
        case Value::Type::Int: m_out += QByteArray::number(qlonglong(v.toInt())); break;
        case Value::Type::BigInt: m_out += v.bigInt().digits; break;
        case Value::Type::Float:
            m_out += v.floatValue().spelling.isEmpty() ? formatFloat(v.floatValue().value)
                                                       : v.floatValue().spelling;
            break;
        case Value::Type::String: m_out += quoteString(v.string()); break;
        case Value::Type::Array: array(v.items(), depth); break;
        case Value::Type::Object: object(v.members(), depth); break;
        }
    }

private:
    void newline(int depth)
    {
        m_out += m_o.newline;
        for (int i = 0; i < depth; ++i)
            m_out += m_unit;
    }
    void separator(int depth)
    {
        if (m_multiLine) {
            m_out += ',';
            newline(depth);
        } else {
            m_out += m_o.itemSeparator;
        }
    }
    void array(const Value::Array& items, int depth)
    {
        if (items.empty()) {
            m_out += "[]";
            return;
        }
        m_out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                separator(depth + 1);
            else if (m_multiLine)
                newline(depth + 1);
            value(items[i], depth + 1);
        }
        if (m_multiLine)
            newline(depth);
        m_out += ']';
    }
    void object(const Value::Object& members, int depth)
    {
        if (members.empty()) {
            m_out += "{}";
            return;
        }
        m_out += '{';
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0)
                separator(depth + 1);
            else if (m_multiLine)
                newline(depth + 1);
            m_out += quoteString(members[i].first);
            m_out += m_o.keySeparator;
            value(members[i].second, depth + 1);
        }
        if (m_multiLine)
            newline(depth);
        m_out += '}';
    }

    QByteArray& m_out;
    const DumpOptions& m_o;
    QByteArray m_unit;
    bool m_multiLine = false;
};

} // namespace

void dump(const Value& value, QByteArray& out, const DumpOptions& options)
{
    // Recursion is bounded: Values never nest deeper than Value::kMaxDepth.
    Dumper(out, options).value(value, options.baseDepth);
}

QByteArray dumps(const Value& value, const DumpOptions& options)
{
    QByteArray out;
    dump(value, out, options);
    return out;
}

QString pythonTypeRepr(Value::Type type)
{
    switch (type) {
    case Value::Type::Null: return QStringLiteral("<class 'NoneType'>");
    case Value::Type::Bool: return QStringLiteral("<class 'bool'>");
    case Value::Type::Int:
    case Value::Type::BigInt: return QStringLiteral("<class 'int'>");
    case Value::Type::Float: return QStringLiteral("<class 'float'>");
    case Value::Type::String: return QStringLiteral("<class 'str'>");
    case Value::Type::Array: return QStringLiteral("<class 'list'>");
    case Value::Type::Object: return QStringLiteral("<class 'dict'>");
    }
    return {};
}

} // namespace kcs::json
