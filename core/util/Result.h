// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

namespace kcs {

/// What kind of failure an Error reports. The Python exception kinds (TypeError, ...) are kept
/// for errors that reproduce a Keras message, so callers can tell what Python would raise.
enum class ErrorCode {
    Syntax,          ///< malformed JSON text
    Io,              ///< a file could not be read or written
    Format,          ///< the file is not of the kind it claims, or is damaged
    NotAModel,       ///< readable, but not a Keras model file
    Limit,           ///< a size or count limit was hit (zip bomb, huge attribute, ...)
    Cancelled,
    Unsupported,
    NotFound,        ///< a JSON Pointer or name that does not exist
    InvalidArgument, ///< a caller passed something the API does not accept
    TypeError,       ///< Python TypeError
    ValueError,      ///< Python ValueError
    RuntimeError,    ///< Python RuntimeError
    IndexError,      ///< Python IndexError
    AttributeError,  ///< Python AttributeError
};

/// Where in a text an error or a node is. offset and length count bytes of the UTF-8 text
/// (from 0); line and column count from 1, the column in Unicode code points. Fields that are
/// unknown stay at -1 / 0 / empty.
struct SourceLocation {
    qint64 offset = -1;
    qint64 length = 0;
    int line = 0;
    int column = 0;
    QString pointer; ///< RFC 6901 JSON Pointer of the node involved, when there is one
};

/// An error as a value: nothing in the core throws across its API.
struct Error {
    ErrorCode code = ErrorCode::InvalidArgument;
    QString message; ///< one line (Keras messages may contain their own newlines)
    SourceLocation where;

    Error() = default;
    Error(ErrorCode c, QString msg, SourceLocation loc = {})
        : code(c), message(std::move(msg)), where(std::move(loc)) {}
};

template <class T>
using Result = std::expected<T, Error>;

/// Shorthand for returning an error from a function that returns Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, QString message, SourceLocation where = {})
{
    return std::unexpected<Error>(Error(code, std::move(message), std::move(where)));
}

/// Name of the Python exception kind for the Python error codes ("TypeError"), else "Error".
QString pythonExceptionName(ErrorCode code);

} // namespace kcs
