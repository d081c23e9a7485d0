// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Value.h"
#include "core/keras/Dialect.h"
#include "core/util/Result.h"

#include <QString>

#include <optional>
#include <vector>

namespace kcs::util {

/// Arguments of to_categorical beyond the labels.
struct ToCategoricalOptions {
    keras::Dialect dialect = keras::Dialect::Keras3;
    /// num_classes as the Python caller would pass it: null (the default) or 0 means "infer
    /// max + 1"; an int is used as is; a float or anything else gives Python's TypeError.
    json::Value numClasses;
    /// Keras 2 only (default "float32"); numpy dtype names. Setting it with Keras 3 is the
    /// TypeError Python raises for an unexpected keyword argument (K3 has no dtype parameter).
    std::optional<QString> dtype;
};

/// The one-hot array to_categorical returns: row-major data of shape `shape`.
struct CategoricalArray {
    std::vector<qint64> shape;
    std::vector<double> data; ///< 0.0 / 1.0 (whatever the dtype, held as doubles)
    QString dtype;            ///< "float64" (Keras 3), the requested dtype (Keras 2)
};

/// keras.utils.to_categorical (spec section 10) for array-like input: nested lists of ints,
/// floats (truncated toward zero), bools and numeric strings, or a scalar. Errors carry
/// Python's exception kind and numpy's exact message (ragged lists, bad labels, empty input
/// without num_classes, negative or non-integer num_classes, out-of-range labels). Python's
/// OverflowError (huge ints, infinite floats) has no ErrorCode and is reported as Limit, as is
/// a result above 2^28 elements (our cap, where numpy might still allocate).
/// Iterative: deep nesting does not recurse (numpy 2's 64-dimension limit applies).
/// Follows numpy ≥ 1.24 (ragged input is an error, not an object array) and a 64-bit int
/// (Keras 2 asks for the platform int, 32-bit on Windows with numpy 1.x).
Result<CategoricalArray> toCategorical(const json::Value& labels, const ToCategoricalOptions& options = {});

} // namespace kcs::util
