// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace kcs::keras {

// The exact texts Keras and Python raise when a built-in's constructor rejects a config
// (spec 5.5). Values Keras interpolates with repr() are passed in already rendered (use
// kcs::serialization::pyRepr / pyReprString), because this library sits below the one that
// renders Python reprs.

/// Keras 3 base Layer: `Unrecognized keyword arguments passed to {className}: {unknownDictRepr}`
/// (ValueError). unknownDictRepr: pyrepr of the dict of unknown keys and values, config order.
QString unrecognizedKeywordArgumentsMessage(QStringView className, QStringView unknownDictRepr);

/// Python's TypeError for a signature without **kwargs:
/// `{ownerClass}.__init__() got an unexpected keyword argument '{key}'`. ownerClass is the
/// class that defines the __init__ (BuiltinEntry::initFrom), as Python prints the qualname.
QString unexpectedKeywordArgumentMessage(QStringView ownerClass, QStringView key);

/// Keras 2 base Layer (and other validate_kwargs users): the two-argument TypeError as str()
/// prints it: `('Keyword argument not understood:', {keyRepr})`, keyRepr = pyrepr(key).
QString keywordArgumentNotUnderstoodMessage(QStringView keyRepr);

/// Python's TypeError for missing required arguments, CPython wording:
/// `{ownerClass}.__init__() missing 1 required positional argument: 'units'`,
/// `... missing 2 required positional arguments: 'a' and 'b'`,
/// `... missing 3 required positional arguments: 'a', 'b', and 'c'`.
/// keywordOnly selects "keyword-only" instead of "positional". names must not be empty.
QString missingArgumentsMessage(QStringView ownerClass, const QStringList& names, bool keywordOnly = false);

/// Keras 3 generic from_config wrapping (spec 5.5):
/// `Error when deserializing class '{className}' using config={innerRepr}.\n\nException encountered: {message}`
QString deserializingClassMessage(QStringView className, QStringView innerRepr, QStringView message);

/// Keras 3 optimizers' allow-list: `Argument(s) not recognized: {unknownDictRepr}` (ValueError).
QString optimizerArgumentsNotRecognizedMessage(QStringView unknownDictRepr);

} // namespace kcs::keras
