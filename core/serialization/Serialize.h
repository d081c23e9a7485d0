// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/KerasVersion.h"
#include "core/serialization/PyValue.h"
#include "core/util/Result.h"

namespace kcs::saving {

struct SerializeOptions {
    /// Keras 3 minor version rules: registered functions serialize their registered key from
    /// 3.7 on (the bare name before); models report `compile_config` `{}` from 3.10 on.
    KerasVersion version;
};

/// keras.saving.serialize_keras_object (Keras 3, spec section 2): plain values unchanged,
/// lists/tuples/dicts element-wise (tuples stay tuples), markers for bytes, slices, Ellipsis,
/// arrays, tensors, symbolic tensors, lambdas and TypeSpecs, and a class envelope
/// {module, class_name, config, registered_name[, build_config][, compile_config]} for objects,
/// classes and functions. Inside an ObjectSharingScope repeated objects get `shared_object_id`.
/// Errors are Keras's TypeErrors (get_config not returning a dict, nothing to serialize).
Result<PyValue> serializeKerasObject(const PyValue& object, const SerializeOptions& options = {});

/// tf.keras's legacy serialize_keras_object (spec section 3): {class_name: registered key,
/// config} with `__passive_serialization__` on nested objects, names for functions and classes,
/// and shared-object ids under a LegacySharedObjectSavingScope.
Result<PyValue> legacySerializeKerasObject(const PyValue& object);

} // namespace kcs::saving
