// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/json/Value.h"

#include <QString>
#include <QStringList>

namespace kcs::serialization {

// Python repr() rendering of config values, the way Keras's error messages print them inside
// f-strings (spec 12.3): {'units': 4, 'use_bias': True, 'name': None}, [1, 2], (1,), 'text',
// 1e-07, nan. Depends only on kcs_json. Nothing here recurses on nesting depth.

/// repr of a value: dict/list/None/True/False/int/float/str as Python prints them. Floats use the
/// double's repr (a parsed "1e5" prints 100000.0), never the source spelling.
QString pyRepr(const json::Value& value);
/// Appends pyRepr(value) to out (for building long messages without temporaries).
void appendPyRepr(QString& out, const json::Value& value);

/// repr of a node of a parsed document, read straight from the text (nothing materialised).
/// An invalid node renders as "None".
QString pyRepr(const json::Document& document, json::NodeId node);

/// repr of a tuple holding these items: (), (a,), (a, b).
QString pyReprTuple(const json::Value::Array& items);

/// repr(str): single quotes unless the text has ' and no "; backslash, the quote, \n \r \t
/// escaped; other non-printable characters as \xNN, \uNNNN or \UNNNNNNNN (lowercase hex);
/// printable non-ASCII kept. Printability follows str.isprintable (not Cc, Cf, Cs, Co, Cn, Zl,
/// Zp, Zs except the space) using Qt's Unicode tables. Qt 6.4 has Unicode 14.0, as Python 3.11;
/// Python 3.12 uses 15.0 and 3.13 15.1, so characters first assigned in 15.x are escaped here
/// (as unassigned, Cn) where those Pythons print them. Unpaired UTF-16 surrogates (from
/// "\ud800" in JSON) are Cs and print as \ud800, as in a Python str.
QString pyReprString(QStringView text);

/// repr(float): "nan", "inf", "-inf", else the same digits as kcs::json::formatFloat
/// (1.0, 1e-07, 100000.0, -0.0).
QString pyReprFloat(double value);

/// repr(type(x)) of a value of this JSON type: <class 'NoneType'>, <class 'bool'>,
/// <class 'int'> (Int and BigInt), <class 'float'>, <class 'str'>, <class 'list'>, <class 'dict'>.
QString pyReprType(json::Value::Type type);
/// <class 'keras.src.layers.core.dense.Dense'> for a qualified class name.
QString pyReprClass(QStringView qualifiedName);

/// repr of the dict made of the members of `object` whose keys are in `keys`, in the object's
/// order (what Keras prints for "the unknown keyword arguments"). Duplicate keys in `object`:
/// the last occurrence wins, placed where the key first occurs (Python dict semantics).
QString pyReprSubset(const json::Value& object, const QStringList& keys);

/// repr of a list of strings: ['a', 'b'].
QString pyReprStringList(const QStringList& items);

} // namespace kcs::serialization
