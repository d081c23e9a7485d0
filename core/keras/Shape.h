// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace kcs::keras {

/// One dimension of a symbolic tensor: a size, or None (unknown, e.g. the batch dimension).
using Dim = std::optional<qint64>;

/// The shape of one symbolic tensor as Keras tracks it: a list of dimensions, the first usually
/// the batch (None). A shape can also be wholly unknown (the output of a custom layer): then it
/// has no rank at all and text() is "?".
struct TensorShape {
    std::vector<Dim> dims;
    bool known = true;

    static TensorShape unknown() { return TensorShape{{}, false}; }
    int rank() const { return int(dims.size()); }
    /// Dimension i counted from the front, or from the back when negative (Python indexing).
    /// Out of range gives None.
    Dim at(int i) const;
    /// Keras 3's summary spelling: "(None, 32, 32, 3)" ("?" when unknown).
    QString text() const;
    friend bool operator==(const TensorShape&, const TensorShape&) = default;
};

/// A shape with a None batch dimension followed by the given sizes.
TensorShape batchShape(std::vector<Dim> rest);

/// One weight variable a layer creates: name as Keras names it ("kernel", "bias",
/// "moving_mean", ...), its shape and whether it is trainable.
struct WeightSpec {
    QString name;
    std::vector<qint64> shape;
    bool trainable = true;

    qint64 count() const; ///< number of scalars (1 for a scalar weight)
};

/// How Keras prints a list of shapes in a summary: one shape as is, several as "[(..), (..)]".
QString shapesText(const std::vector<TensorShape>& shapes);

/// Python's format(n, ",") — "8,062,504".
QString groupedNumber(qint64 n);

} // namespace kcs::keras
