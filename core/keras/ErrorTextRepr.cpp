// SPDX-License-Identifier: GPL-3.0-or-later
// parsePythonRepr: reading the Python reprs Keras prints in its messages back into values.
#include "core/keras/ErrorText.h"

#include <algorithm>
#include <cmath>

namespace kcs::keras {

using json::Value;

namespace {

/// An open container while parsing: its value, what closes it and, for dicts, the key read.
struct Frame {
    Value value;
    QChar closer;
    bool isDict = false;
    std::optional<QString> key;
    bool afterItem = false; ///< an item (or key: value) was read; a ',' or the closer comes next
};

class ReprReader {
public:
    explicit ReprReader(QStringView text) : m_text(text) {}

    Result<Value> read();
    qsizetype position() const { return m_pos; }

private:
    QChar peek() const { return m_pos < m_text.size() ? m_text[m_pos] : QChar(); }
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }
    std::unexpected<Error> error(const QString& what) const
    {
        return fail(ErrorCode::Syntax, QStringLiteral("%1 at character %2 of the quoted value").arg(what).arg(m_pos + 1));
    }
    Result<Value> scalar();
    Result<QString> quoted();
    Value number();
    QString balanced(QChar open, QChar close);
    Result<void> deliver(Value v);
    Result<void> open(QChar c);
    std::optional<Result<void>> punctuation(QChar c);
    Result<void> item();

    QStringView m_text;
    qsizetype m_pos = 0;
    std::vector<Frame> m_stack;
    std::optional<Value> m_result;
};

Result<QString> ReprReader::quoted()
{
    const QChar q = m_text[m_pos];
    ++m_pos;
    QString out;
    while (m_pos < m_text.size() && m_text[m_pos] != q) {
        QChar c = m_text[m_pos++];
        if (c != u'\\' || m_pos >= m_text.size()) {
            out.append(c);
            continue;
        }
        const QChar e = m_text[m_pos++];
        auto hex = [&](int digits) {
            bool ok = false;
            const uint code = m_text.mid(m_pos, digits).toUInt(&ok, 16);
            m_pos += digits;
            const char32_t cp = ok ? char32_t(code) : U'\uFFFD';
            out.append(QString::fromUcs4(&cp, 1));
        };
        switch (e.unicode()) {
        case 'n': out.append(u'\n'); break;
        case 't': out.append(u'\t'); break;
        case 'r': out.append(u'\r'); break;
        case '0': out.append(QChar(0)); break;
        case 'x': hex(2); break;
        case 'u': hex(4); break;
        case 'U': hex(8); break;
        default: out.append(e); break; // \\ \' \"
        }
    }
    if (m_pos >= m_text.size())
        return error(QStringLiteral("unterminated string"));
    ++m_pos;
    return out;
}

Value ReprReader::number()
{
    const qsizetype start = m_pos;
    if (peek() == u'-' || peek() == u'+')
        ++m_pos;
    bool isFloat = false;
    while (m_pos < m_text.size()) {
        const QChar c = m_text[m_pos];
        if (c.isDigit() || c == u'_') {
        } else if (c == u'.' || c == u'e' || c == u'E') {
            isFloat = true;
        } else if ((c == u'-' || c == u'+') && (m_text[m_pos - 1] == u'e' || m_text[m_pos - 1] == u'E')) {
        } else {
            break;
        }
        ++m_pos;
    }
    const QString spelling = m_text.mid(start, m_pos - start).toString().remove(u'_');
    if (!isFloat) {
        bool ok = false;
        const qlonglong v = spelling.toLongLong(&ok);
        if (ok)
            return Value(v);
        return Value(Value::BigInt{spelling.toLatin1()});
    }
    return Value(spelling.toDouble());
}

/// Text from m_pos through the matching close character (nesting counted), for reprs that are
/// not data (`<function f at 0x7f>`, `TensorShape([None, 3])`); unbalanced input ends the text.
QString ReprReader::balanced(QChar open, QChar close)
{
    const qsizetype start = m_pos;
    qsizetype depth = 0;
    while (m_pos < m_text.size()) {
        const QChar c = m_text[m_pos++];
        if (c == open)
            ++depth;
        else if (c == close && --depth == 0)
            break;
    }
    return m_text.mid(start, m_pos - start).toString();
}

Result<Value> ReprReader::scalar()
{
    const QChar c = peek();
    if (c == u'\'' || c == u'"') {
        auto s = quoted();
        return s ? Result<Value>(Value(*s)) : std::unexpected(s.error());
    }
    if (c.isDigit() || ((c == u'-' || c == u'+') && m_pos + 1 < m_text.size() && m_text[m_pos + 1].isDigit()))
        return number();
    if (c == u'<')
        return Value(balanced(u'<', u'>'));
    const qsizetype start = m_pos;
    if (c == u'-')
        ++m_pos;
    while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_' || m_text[m_pos] == u'.'))
        ++m_pos;
    const QStringView word = m_text.mid(start, m_pos - start);
    if (word.isEmpty())
        return error(QStringLiteral("unexpected '%1'").arg(c));
    // String prefixes: b'..' (bytes repr), r/u/f variants.
    if (word.size() <= 2 && (peek() == u'\'' || peek() == u'"')
        && std::all_of(word.begin(), word.end(), [](QChar ch) { return QStringLiteral("bBrRuUfF").contains(ch); })) {
        auto s = quoted();
        return s ? Result<Value>(Value(*s)) : std::unexpected(s.error());
    }
    if (word == u"None")
        return Value();
    if (word == u"True")
        return Value(true);
    if (word == u"False")
        return Value(false);
    if (word == u"inf" || word == u"-inf" || word == u"nan")
        return Value(Value::Float{word == u"nan" ? qQNaN() : (word == u"inf" ? qInf() : -qInf()), word.toLatin1()});
    if (word == u"...")
        return Value(QStringLiteral("Ellipsis"));
    if (peek() == u'(') // a call-like repr: TensorShape([None, 3]), dtype('float32')
        return Value(word.toString() + balanced(u'(', u')'));
    return Value(word.toString());
}

Result<void> ReprReader::deliver(Value v)
{
    if (m_stack.empty()) {
        m_result = std::move(v);
        return {};
    }
    Frame& f = m_stack.back();
    if (f.afterItem)
        return error(QStringLiteral("expected ',' or '%1'").arg(f.closer));
    if (!f.isDict) {
        f.value.append(std::move(v));
        f.afterItem = true;
        return {};
    }
    if (!f.key) {
        // Python dict keys may be numbers or tuples; JSON needs strings, as json.dumps makes them.
        f.key = v.isString() ? v.string() : (v.isInt() ? QString::number(v.toInt()) : QStringLiteral("?"));
        skipSpace();
        if (peek() != u':')
            return error(QStringLiteral("expected ':'"));
        ++m_pos;
        return {};
    }
    f.value.append(*f.key, std::move(v));
    f.key.reset();
    f.afterItem = true;
    return {};
}

Result<void> ReprReader::open(QChar c)
{
    if (!m_stack.empty() && m_stack.back().afterItem)
        return error(QStringLiteral("expected ',' or '%1'").arg(m_stack.back().closer));
    if (int(m_stack.size()) >= Value::kMaxDepth - 1)
        return error(QStringLiteral("nested too deeply"));
    ++m_pos;
    Frame f;
    f.closer = c == u'{' ? u'}' : (c == u'[' ? u']' : u')');
    f.isDict = c == u'{'; // a dict, or a set when the first item is not followed by ':'
    f.value = f.isDict ? Value::object() : Value::array();
    m_stack.push_back(std::move(f));
    return {};
}

/// A ',' after an item or the closer of the open container; false when `c` is neither.
std::optional<Result<void>> ReprReader::punctuation(QChar c)
{
    if (m_stack.empty())
        return std::nullopt;
    Frame& f = m_stack.back();
    if (c == u',' && f.afterItem) {
        ++m_pos;
        f.afterItem = false;
        return Result<void>{};
    }
    if (c != f.closer || f.key)
        return std::nullopt;
    ++m_pos;
    Value done = std::move(f.value);
    m_stack.pop_back();
    return deliver(std::move(done));
}

Result<void> ReprReader::item()
{
    if (!m_stack.empty() && m_stack.back().afterItem)
        return error(QStringLiteral("expected ',' or '%1'").arg(m_stack.back().closer));
    auto v = scalar();
    if (!v)
        return std::unexpected(v.error());
    if (!m_stack.empty()) {
        Frame& f = m_stack.back();
        if (f.isDict && !f.key && f.value.size() == 0) {
            skipSpace();
            if (peek() != u':') { // {1, 2}: a set
                f.isDict = false;
                f.value = Value::array();
            }
        }
    }
    return deliver(std::move(*v));
}

Result<Value> ReprReader::read()
{
    while (!m_result) {
        skipSpace();
        if (m_pos >= m_text.size())
            return error(QStringLiteral("unexpected end"));
        const QChar c = peek();
        Result<void> step;
        if (c == u'{' || c == u'[' || c == u'(')
            step = open(c);
        else if (auto p = punctuation(c))
            step = std::move(*p);
        else
            step = item();
        if (!step)
            return std::unexpected(step.error());
    }
    return std::move(*m_result);
}

} // namespace

Result<Value> parsePythonRepr(QStringView text, qsizetype* consumed)
{
    ReprReader reader(text);
    auto v = reader.read();
    if (consumed)
        *consumed = reader.position();
    return v;
}

} // namespace kcs::keras
