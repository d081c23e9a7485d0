// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/json/Value.h"
#include "core/util/Result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kcs::keras {

/// One error Keras (or Python) raised while loading, recognised in pasted text.
struct ErrorFinding {
    enum class Kind {
        UnknownObject,        ///< legacy "Unknown layer: 'X'" (any object word) / K3 graph "Unknown layer: x"
        CouldNotLocate,       ///< "Could not locate class 'X'" / "... function 'x'"
        UnrecognizedKwargs,   ///< K3 "Unrecognized keyword arguments passed to Dense: {...}"
        KeywordNotUnderstood, ///< K2 "('Keyword argument not understood:', 'k')"
        UnexpectedKeyword,    ///< Python "X.__init__() got an unexpected keyword argument 'k'"
        VariableCount,        ///< "Layer 'x' expected N variables, but received M variables ..."
        CallFailed,           ///< "Exception encountered when calling layer ..."
        DeserializeFailed,    ///< "Error when deserializing class 'X' using config={...}"
        UninterpretableIdentifier, ///< "Could not interpret activation function identifier: 'x'"
        QuotedConfig,         ///< only "Full object config: {...}" (no message recognised with it)
    };
    Kind kind = Kind::UnknownObject;
    QString message;          ///< the line the finding was read from (trimmed)
    QString objectWord;       ///< "layer", "activation function", "class", "function", ...
    QStringList classNames;   ///< class (or function) names it names
    QStringList layerNames;   ///< layer names (the `name` of a layer)
    QStringList keys;         ///< config keys it names
    /// The quoted config: "Full object config: {...}" (the whole envelope) or "config={...}" (inner).
    std::optional<json::Value> config;
    bool configIsInner = false; ///< config is an inner `config` dict, not an envelope
    int expectedVariables = -1;
    int receivedVariables = -1;
};

/// Everything recognised in a pasted text (a traceback, or just the message), in text order.
/// Lines Python adds around the message (Traceback, File "...", "During handling ...") are
/// skipped; a message repeated by a chained traceback is reported once.
std::vector<ErrorFinding> parseErrorText(QStringView text);

/// The nodes of `document` a finding names: layer envelopes (any object with class_name and
/// config) whose class_name or registered_name is one of classNames, whose name (or config.name)
/// is one of layerNames, whose config equals the quoted one; for key errors, the envelopes of
/// the named class whose config has the key. Document order, no duplicates. Iterative.
std::vector<json::NodeId> findErrorNodes(const json::Document& document, const ErrorFinding& finding);

/// One English paragraph: what the error means and how to fix it in this editor.
QString explainError(const ErrorFinding& finding);

/// Parses a Python repr of a value (dict, list, tuple, set, str, bytes, int, float, None,
/// True/False; `<class 'x'>`-style and call-like reprs such as `TensorShape([1])` become strings
/// of their text). Tuples and sets become arrays. Not JSON: single quotes, None, True, tuples.
/// Iterative, so deep nesting cannot exhaust the stack (depth is capped at Value::kMaxDepth).
/// `consumed` (optional) receives the number of characters read.
Result<json::Value> parsePythonRepr(QStringView text, qsizetype* consumed = nullptr);

} // namespace kcs::keras
