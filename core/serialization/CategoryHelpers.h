// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/serialization/Deserialize.h"

namespace kcs::saving {

/// keras.layers.deserialize: Keras 3 runs the general path and insists on a layer
/// ("`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`.
/// Received: ..."); tf.keras refuses an empty config ("Cannot deserialize empty config. ...")
/// and uses its layer table as module_objects (the legacy deserializer for configs without
/// `module`). options.version picks the dialect.
Result<PyValue> deserializeLayer(const PyValue& config, const DeserializeOptions& options = {});

/// The `get()` of a category helper (activations, initializers, regularizers, constraints,
/// losses, metrics, optimizers): module-objects mode with the category's built-in table; a
/// name that resolves to nothing fails with
/// `Could not interpret {kind} identifier: {pyrepr(identifier)}` (ValueError).
/// None stays None. options.moduleObjects is ignored (the category's table is used).
Result<PyValue> deserializeIdentifier(keras::Category category, const PyValue& identifier,
                                      const DeserializeOptions& options = {});

} // namespace kcs::saving
