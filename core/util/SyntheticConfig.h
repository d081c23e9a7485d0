// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace kcs {

/// What syntheticChainConfig writes.
struct SyntheticOptions {
    int layers = 1000;      ///< Dense layers after the input
    int units = 64;         ///< width of every layer
    bool sequential = false; ///< Sequential instead of a Functional graph with inbound nodes
};

/// A Keras 2 (tf.keras 2.15) `model.to_json()` text: an input and a chain of Dense layers with L2
/// kernel regularizers, in Python's compact layout. Used by the benchmarks and the scale tests;
/// every layer has units*(units+1) parameters.
QByteArray syntheticChainConfig(const SyntheticOptions& options);

} // namespace kcs
