// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to the PythonSource*.cpp files: Python tokens grouped into logical lines.

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace kcs::keras {
struct PythonObject;
}

namespace kcs::keras::python {

/// One token. Strings keep their raw source (prefix and quotes) in [begin, end) and their
/// content without prefix and quotes in `value` (escapes are not processed: keys are plain).
struct Token {
    enum class Type { Name, Number, String, Op };
    Type type = Type::Op;
    QByteArray value;
    qsizetype begin = 0;
    qsizetype end = 0;
    int line = 1;

    bool is(Type t, QByteArrayView text) const { return type == t && value == text; }
    bool isOp(QByteArrayView text) const { return is(Type::Op, text); }
    bool isName(QByteArrayView text) const { return is(Type::Name, text); }
};

/// A logical line: the tokens of one statement header or simple statement (physical lines
/// joined by brackets and backslashes), with its indentation width.
struct LogicalLine {
    int indent = 0;
    int line = 1;
    std::vector<Token> tokens;
};

/// Splits Python source into logical lines. Never fails: unterminated strings end at the end of
/// their line (or of the text, when triple-quoted), surplus closing brackets are ignored, and a
/// line starting in column 0 with `class `, `def ` or `@` while brackets are still open closes
/// them (so one unbalanced bracket cannot swallow the rest of a file). Linear, no recursion.
std::vector<LogicalLine> tokenize(QByteArrayView text);

/// Classes deriving from other scanned classes take their category (class B(A), A(Layer)).
void inheritCategories(std::vector<PythonObject>& objects);

} // namespace kcs::keras::python
