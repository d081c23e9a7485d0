// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/PyJson.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kcs::json {

namespace {

/// Longest text writeFloat produces: sign, 17 significant digits, point, "e-324"; or sign,
/// "0.000" and 17 digits; or sign, 16 integer digits and ".0".
constexpr qsizetype kMaxFloatChars = 32;
/// A UTF-16 unit is written as at most six bytes (\uXXXX).
constexpr qsizetype kMaxCharsPerUnit = 6;

/// Writes repr(value) as json.dumps does at out (room for kMaxFloatChars), returns the end.
char* writeFloat(char* out, double value)
{
    const auto put = [&out](std::string_view s) {
        std::memcpy(out, s.data(), s.size());
        out += s.size();
    };
    if (std::isnan(value)) {
        put("NaN");
        return out;
    }
    if (std::isinf(value)) {
        put(value > 0 ? "Infinity" : "-Infinity");
        return out;
    }

    // Shortest round-trip digits in scientific form ("d.ddde+XX"), then laid out by the rule of
    // Python's float repr: positional for -4 <= exponent < 16, scientific otherwise.
    char sciBuf[kMaxFloatChars];
    const auto res = std::to_chars(sciBuf, sciBuf + sizeof sciBuf, value, std::chars_format::scientific);
    std::string_view sci(sciBuf, res.ptr);
    if (sci.front() == '-') {
        *out++ = '-';
        sci.remove_prefix(1);
    }
    const auto ePos = sci.find('e');
    char digitBuf[kMaxFloatChars];
    int n = 0;
    for (char c : sci.substr(0, ePos)) {
        if (c != '.')
            digitBuf[n++] = c;
    }
    const std::string_view digits(digitBuf, std::size_t(n));
    int exponent = 0;
    std::from_chars(sci.data() + ePos + 1 + (sci[ePos + 1] == '+'), sci.data() + sci.size(), exponent);

    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            put("0.");
            out = std::fill_n(out, -exponent - 1, '0');
            put(digits);
        } else if (exponent + 1 >= n) {
            put(digits);
            out = std::fill_n(out, exponent + 1 - n, '0');
            put(".0");
        } else {
            put(digits.substr(0, std::size_t(exponent) + 1));
            *out++ = '.';
            put(digits.substr(std::size_t(exponent) + 1));
        }
        return out;
    }
    *out++ = digits[0];
    if (n > 1) {
        *out++ = '.';
        put(digits.substr(1));
    }
    *out++ = 'e';
    *out++ = exponent < 0 ? '-' : '+';
    const int absExp = std::abs(exponent);
    if (absExp < 10)
        *out++ = '0';
    return std::to_chars(out, out + 3, absExp).ptr;
}

/// For each ASCII byte: 0 when it is written as is, else the letter of its short escape
/// (\" \\ \n \r \t \b \f), else 'u' for \u00XX.
constexpr auto kEscapes = [] {
    std::array<char, 128> t{};
    for (int c = 0; c < 0x20; ++c)
        t[c] = 'u';
    t[0x7f] = 'u';
    t['"'] = '"';
    t['\\'] = '\\';
    t['\n'] = 'n';
    t['\r'] = 'r';
    t['\t'] = 't';
    t['\b'] = 'b';
    t['\f'] = 'f';
    return t;
}();

/// Writes one UTF-16 unit as json.dumps(ensure_ascii=True) does at out (room for
/// kMaxCharsPerUnit), returns the end.
char* writeUnit(char* out, char16_t c)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char escape = c < 0x80 ? kEscapes[c] : 'u';
    if (escape == 0) {
        *out++ = char(c);
    } else if (escape != 'u') {
        *out++ = '\\';
        *out++ = escape;
    } else {
        // Outside printable ASCII: \uXXXX of the UTF-16 unit (surrogate pairs come out as two
        // escapes, as Python writes them).
        out[0] = '\\';
        out[1] = 'u';
        out[2] = hex[(c >> 12) & 0xf];
        out[3] = hex[(c >> 8) & 0xf];
        out[4] = hex[(c >> 4) & 0xf];
        out[5] = hex[c & 0xf];
        out += 6;
    }
    return out;
}

/// The size of text's JSON string literal, quotes included.
qsizetype quotedSize(QStringView text)
{
    qsizetype size = 2;
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        const char escape = c < 0x80 ? kEscapes[c] : 'u';
        size += escape == 0 ? 1 : escape == 'u' ? kMaxCharsPerUnit : 2;
    }
    return size;
}

#if defined(__SSE2__)
/// Bit pair i of the result is set when unit i of the eight is not written as itself: not
/// printable ASCII, or '"' or '\\'.
unsigned specialUnits(__m128i units)
{
    // Signed compares: units from 0x8000 up are negative, so "below space" catches them.
    const __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi16(units, _mm_set1_epi16(0x20)), _mm_cmpgt_epi16(units, _mm_set1_epi16(0x7e))),
        _mm_or_si128(_mm_cmpeq_epi16(units, _mm_set1_epi16('"')), _mm_cmpeq_epi16(units, _mm_set1_epi16('\\'))));
    return unsigned(_mm_movemask_epi8(special));
}
#endif

/// Writes text as a quoted JSON string literal at out, returns the end. Never writes past the
/// end of the literal, so room for quotedSize(text) bytes is enough.
char* writeQuoted(char* out, QStringView text)
{
    const char16_t* p = text.utf16();
    const char16_t* const end = p + text.size();
    *out++ = '"';
#if defined(__SSE2__)
    // Eight units at a time: when all are plain (nearly always in Keras configs), narrow them to
    // bytes with one store. The store writes 8 bytes even when fewer are kept; the eight units'
    // own text is at least 8 bytes long, so it stays inside the literal.
    while (end - p >= 8) {
        const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const unsigned special = specialUnits(units);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(units, units));
        if (special == 0) {
            out += 8;
            p += 8;
            continue;
        }
        const int plain = std::countr_zero(special) / 2;
        out = writeUnit(out + plain, p[plain]);
        p += plain + 1;
    }
    // The rest through the last eight units, which overlap units already written: if all eight
    // are plain, each overlapped one was written as itself just before out, so writing them
    // again changes nothing.
    const std::ptrdiff_t rest = end - p;
    if (rest > 0 && text.size() >= 8) {
        const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 8));
        if (specialUnits(units) == 0) {
            _mm_storel_epi64(reinterpret_cast<__m128i*>(out - (8 - rest)), _mm_packus_epi16(units, units));
            out += rest;
            p = end;
        }
    }
#endif
    for (; p != end; ++p)
        out = writeUnit(out, *p);
    *out++ = '"';
    return out;
}

/// Appends to a QByteArray through a plain pointer. While writing, the array's size is its whole
/// storage (grown geometrically, never initialised); finish() cuts it to what was written.
/// QByteArray::append checks capacity and goes through insert() on every call, which cost more
/// than the writing itself on large documents.
class Sink {
public:
    explicit Sink(QByteArray& out) : m_out(out), m_size(out.size()) { grow(256); }

    /// Room for n more bytes at the returned pointer; hand the end of what was written to commit().
    char* reserve(qsizetype n)
    {
        if (m_capacity - m_size < n)
            grow(n);
        return m_data + m_size;
    }
    void commit(const char* end) { m_size = end - m_data; }

    void put(char c) { *reserve(1) = c; ++m_size; }
    void put(std::string_view s)
    {
        char* p = reserve(qsizetype(s.size()));
        std::memcpy(p, s.data(), s.size());
        m_size += qsizetype(s.size());
    }
    void put(const QByteArray& s) { put(std::string_view(s.constData(), std::size_t(s.size()))); }
    template <std::size_t N>
    void put(const char (&literal)[N])
    {
        put(std::string_view(literal, N - 1));
    }

    void finish() { m_out.resize(m_size); }

private:
    void grow(qsizetype n)
    {
        // Doubling keeps the number of copies logarithmic. The first call takes the capacity the
        // array already has: a buffer reused between items (cleared with resize(0)) needs no
        // reallocation at all, and a large array appended to is not doubled up front.
        m_capacity = std::max({m_size + n, 2 * m_capacity, m_out.capacity()});
        m_out.resize(m_capacity);
        m_data = m_out.data();
    }

    QByteArray& m_out;
    char* m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

class Dumper {
public:
    Dumper(QByteArray& out, const DumpOptions& o)
        : m_out(out),
          m_itemSeparator(o.itemSeparator),
          m_keySeparator(o.keySeparator),
          m_newline(o.newline),
          m_indentUnit(o.indentUnit),
          m_indentSpaces(o.indentUnit.isEmpty() ? std::max(o.indent, 0) : 0),
          m_multiLine(!o.indentUnit.isEmpty() || o.indent >= 0)
    {
    }
    void finish() { m_out.finish(); }

    void value(const Value& v, int depth)
    {
        switch (v.type()) {
        case Value::Type::Null: m_out.put("null"); break;
        case Value::Type::Bool: m_out.put(v.toBool() ? std::string_view("true") : std::string_view("false")); break;
        case Value::Type::Int: {
            char* p = m_out.reserve(24);
            m_out.commit(std::to_chars(p, p + 24, v.toInt()).ptr);
            break;
        }
        case Value::Type::BigInt: m_out.put(v.bigInt().digits); break;
        case Value::Type::Float:
            if (v.floatValue().spelling.isEmpty())
                m_out.commit(writeFloat(m_out.reserve(kMaxFloatChars), v.floatValue().value));
            else
                m_out.put(v.floatValue().spelling);
            break;
        case Value::Type::String: string(v.string()); break;
        case Value::Type::Array: array(v.items(), depth); break;
        case Value::Type::Object: object(v.members(), depth); break;
        }
    }

private:
    void string(QStringView text)
    {
        // The worst case, not quotedSize(): one pass over the text instead of two.
        m_out.commit(writeQuoted(m_out.reserve(2 + kMaxCharsPerUnit * text.size()), text));
    }
    void newline(int depth)
    {
        m_out.put(m_newline);
        if (m_indentUnit.isEmpty()) {
            const qsizetype spaces = qsizetype(depth) * m_indentSpaces;
            m_out.commit(std::fill_n(m_out.reserve(spaces), spaces, ' '));
        } else {
            for (int i = 0; i < depth; ++i)
                m_out.put(m_indentUnit);
        }
    }
    void separator(int depth)
    {
        if (m_multiLine) {
            m_out.put(',');
            newline(depth);
        } else {
            m_out.put(m_itemSeparator);
        }
    }
    void array(const Value::Array& items, int depth)
    {
        if (items.empty()) {
            m_out.put("[]");
            return;
        }
        m_out.put('[');
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                separator(depth + 1);
            else if (m_multiLine)
                newline(depth + 1);
            value(items[i], depth + 1);
        }
        if (m_multiLine)
            newline(depth);
        m_out.put(']');
    }
    void object(const Value::Object& members, int depth)
    {
        if (members.empty()) {
            m_out.put("{}");
            return;
        }
        m_out.put('{');
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0)
                separator(depth + 1);
            else if (m_multiLine)
                newline(depth + 1);
            string(members[i].first);
            m_out.put(m_keySeparator);
            value(members[i].second, depth + 1);
        }
        if (m_multiLine)
            newline(depth);
        m_out.put('}');
    }

    // No copies of the options: check --json calls dump once for each of a million small values.
    Sink m_out;
    const QByteArray& m_itemSeparator;
    const QByteArray& m_keySeparator;
    const QByteArray& m_newline;
    const QByteArray& m_indentUnit;
    const qsizetype m_indentSpaces; ///< per level, when m_indentUnit is empty
    const bool m_multiLine;
};

} // namespace

QByteArray formatFloat(double value)
{
    char buf[kMaxFloatChars];
    return QByteArray(buf, writeFloat(buf, value) - buf);
}

QByteArray quoteString(QStringView text)
{
    // Sized exactly: callers keep these (undo texts, saved files) and the worst case is six times
    // the text.
    QByteArray out(quotedSize(text), Qt::Uninitialized);
    [[maybe_unused]] const char* end = writeQuoted(out.data(), text);
    Q_ASSERT(end == out.constEnd());
    return out;
}

void dump(const Value& value, QByteArray& out, const DumpOptions& options)
{
    // Recursion is bounded: Values never nest deeper than Value::kMaxDepth.
    Dumper dumper(out, options);
    dumper.value(value, options.baseDepth);
    dumper.finish();
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
