// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace kcs {

/// What syntheticChainConfig writes.
struct SyntheticOptions {
    int layers = 1000;      ///< Dense layers after the input
    int units = 64;         ///< width of every layer
    bool sequential = false; ///< Sequential instead of a Functional graph with inbound nodes
    bool keras3 = false;     ///< Keras 3's format instead of tf.keras 2's
};

/// A `model.to_json()` text: an input and a chain of Dense layers with L2 kernel regularizers,
/// in Python's compact layout, as tf.keras 2.15 writes it or (keras3) as Keras 3 does (module
/// and registered_name in every envelope, build_config, calls as args/kwargs with
/// __keras_tensor__ histories). Used by the benchmarks and the scale tests; every layer has
/// units*(units+1) parameters.
QByteArray syntheticChainConfig(const SyntheticOptions& options);

} // namespace kcs
