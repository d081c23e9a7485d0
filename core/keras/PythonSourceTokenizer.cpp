// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/PythonSourceTokenizer.h"

namespace kcs::keras::python {

namespace {

bool isNameStart(uchar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool isNameChar(uchar c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}
bool isStringPrefix(QByteArrayView word)
{
    if (word.size() > 2)
        return false;
    for (char c : word) {
        if (!QByteArrayView("rRbBuUfF").contains(c))
            return false;
    }
    return true;
}

/// Walks the text once, producing logical lines.
class Tokenizer {
public:
    explicit Tokenizer(QByteArrayView text) : m_text(text) {}
    std::vector<LogicalLine> run();

private:
    uchar at(qsizetype i) const { return i < m_text.size() ? uchar(m_text[i]) : 0; }
    void flush()
    {
        if (!m_current.tokens.empty())
            m_lines.push_back(std::move(m_current));
        m_current = LogicalLine{};
        m_depth = 0;
    }
    void startLine();
    void readString(qsizetype begin, qsizetype quote);
    void readNumber();
    void readOp();
    bool reopensAtColumnZero() const;

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_depth = 0;
    bool m_atLineStart = true;
    LogicalLine m_current;
    std::vector<LogicalLine> m_lines;
};

/// Indentation of a new logical line (tabs to the next multiple of 8, as Python counts them).
void Tokenizer::startLine()
{
    int width = 0;
    while (m_pos < m_text.size() && (at(m_pos) == ' ' || at(m_pos) == '\t' || at(m_pos) == '\f')) {
        width = at(m_pos) == '\t' ? (width / 8 + 1) * 8 : width + 1;
        ++m_pos;
    }
    m_current.indent = width;
    m_current.line = m_line;
    m_atLineStart = false;
}

bool Tokenizer::reopensAtColumnZero() const
{
    const QByteArrayView rest = m_text.sliced(m_pos, std::min<qsizetype>(6, m_text.size() - m_pos));
    return rest.startsWith("class ") || rest.startsWith("def ") || rest.startsWith("@");
}

void Tokenizer::readString(qsizetype begin, qsizetype quote)
{
    const char q = char(at(quote));
    const bool triple = at(quote + 1) == uchar(q) && at(quote + 2) == uchar(q);
    const qsizetype open = quote + (triple ? 3 : 1);
    qsizetype i = open;
    qsizetype close = -1;
    while (i < m_text.size()) {
        const uchar c = at(i);
        if (c == '\\') {
            if (at(i + 1) == '\n')
                ++m_line;
            i += 2;
            continue;
        }
        if (c == '\n') {
            ++m_line;
            if (!triple)
                break; // unterminated: the string ends with its line
        }
        if (c == uchar(q) && (!triple || (at(i + 1) == uchar(q) && at(i + 2) == uchar(q)))) {
            close = i;
            break;
        }
        ++i;
    }
    const qsizetype contentEnd = close >= 0 ? close : std::min(i, m_text.size());
    Token t;
    t.type = Token::Type::String;
    t.begin = begin;
    t.line = m_current.tokens.empty() ? m_current.line : m_line;
    t.value = m_text.sliced(open, std::max<qsizetype>(0, contentEnd - open)).toByteArray();
    m_pos = close >= 0 ? close + (triple ? 3 : 1) : std::min(i, m_text.size());
    t.end = m_pos;
    m_current.tokens.push_back(std::move(t));
}

void Tokenizer::readNumber()
{
    const qsizetype begin = m_pos;
    while (m_pos < m_text.size()) {
        const uchar c = at(m_pos);
        const bool exponentSign = (c == '+' || c == '-') && (at(m_pos - 1) == 'e' || at(m_pos - 1) == 'E');
        if (!isNameChar(c) && c != '.' && !exponentSign)
            break;
        ++m_pos;
    }
    m_current.tokens.push_back({Token::Type::Number, m_text.sliced(begin, m_pos - begin).toByteArray(), begin, m_pos, m_line});
}

void Tokenizer::readOp()
{
    static constexpr const char* kTwo[] = {"**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
                                           "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>"};
    const qsizetype begin = m_pos;
    qsizetype len = 1;
    for (const char* op : kTwo) {
        if (at(m_pos) == uchar(op[0]) && at(m_pos + 1) == uchar(op[1])) {
            len = 2;
            break;
        }
    }
    const uchar c = at(m_pos);
    if (c == '(' || c == '[' || c == '{')
        ++m_depth;
    else if ((c == ')' || c == ']' || c == '}') && m_depth > 0)
        --m_depth;
    m_pos += len;
    m_current.tokens.push_back({Token::Type::Op, m_text.sliced(begin, len).toByteArray(), begin, m_pos, m_line});
}

std::vector<LogicalLine> Tokenizer::run()
{
    while (m_pos < m_text.size()) {
        if (m_atLineStart)
            startLine();
        const uchar c = at(m_pos);
        if (c == '\n') {
            ++m_pos;
            ++m_line;
            if (m_depth == 0) {
                flush();
                m_atLineStart = true;
            } else if (reopensAtColumnZero()) {
                flush(); // an unbalanced bracket: resynchronise at the next top-level statement
                m_atLineStart = true;
            }
        } else if (c == '\\' && (at(m_pos + 1) == '\n' || (at(m_pos + 1) == '\r' && at(m_pos + 2) == '\n'))) {
            m_pos += at(m_pos + 1) == '\n' ? 2 : 3;
            ++m_line;
        } else if (c == '#') {
            while (m_pos < m_text.size() && at(m_pos) != '\n')
                ++m_pos;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
            ++m_pos;
        } else if (c == '\'' || c == '"') {
            readString(m_pos, m_pos);
        } else if (isNameStart(c)) {
            const qsizetype begin = m_pos;
            while (m_pos < m_text.size() && isNameChar(at(m_pos)))
                ++m_pos;
            const QByteArrayView word = m_text.sliced(begin, m_pos - begin);
            if ((at(m_pos) == '\'' || at(m_pos) == '"') && isStringPrefix(word))
                readString(begin, m_pos);
            else
                m_current.tokens.push_back({Token::Type::Name, word.toByteArray(), begin, m_pos, m_line});
        } else if ((c >= '0' && c <= '9') || (c == '.' && at(m_pos + 1) >= '0' && at(m_pos + 1) <= '9')) {
            readNumber();
        } else {
            readOp();
        }
    }
    flush();
    return std::move(m_lines);
}

} // namespace

std::vector<LogicalLine> tokenize(QByteArrayView text)
{
    return Tokenizer(text).run();
}

} // namespace kcs::keras::python
