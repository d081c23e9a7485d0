// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Value.h"

#include <QByteArray>
#include <QString>

namespace kcs::json {

/// Writing JSON exactly as Python's json.dumps does (spec section 11): shortest round-trip float
/// digits in repr form, NaN/Infinity, ASCII-only strings with lowercase \uXXXX escapes and
/// surrogate pairs, insertion-ordered keys.
struct DumpOptions {
    int indent = -1;                    ///< -1: single line; n >= 0: n spaces per level
    QByteArray indentUnit;              ///< overrides indent when not empty (e.g. "\t")
    QByteArray itemSeparator = ", ";    ///< single-line item separator (",", ", ")
    QByteArray keySeparator = ": ";
    QByteArray newline = "\n";
    int baseDepth = 0;                  ///< indentation level the value starts at
};

/// repr(float) as json.dumps writes it: 1.0, 1e-05, 1e+16, 0.0001, -0.0, NaN, Infinity.
QByteArray formatFloat(double value);
/// A JSON string literal (with quotes) as json.dumps(ensure_ascii=True) writes it.
QByteArray quoteString(QStringView text);
/// Appends the JSON text of value as json.dumps with the given options would write it.
void dump(const Value& value, QByteArray& out, const DumpOptions& options = {});
QByteArray dumps(const Value& value, const DumpOptions& options = {});

/// repr(type(json.loads(text))) for a value of this JSON type: <class 'NoneType'>,
/// <class 'bool'>, <class 'int'> (Int and BigInt), <class 'float'>, <class 'str'>,
/// <class 'list'>, <class 'dict'>.
QString pythonTypeRepr(Value::Type type);

} // namespace kcs::json
