// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/ObjectMap.h"
#include "core/serialization/KerasVersion.h"
#include "core/serialization/PyValue.h"
#include "core/util/Result.h"

namespace kcs::saving {

/// The arguments of keras.saving.deserialize_keras_object beyond the config.
struct DeserializeOptions {
    ObjectMap customObjects;              ///< `custom_objects`; never overrides scope or global entries
    bool safeMode = true;                 ///< `safe_mode`; an enclosing SafeModeScope wins
    const ObjectMap* moduleObjects = nullptr; ///< `module_objects` (built-ins of one category)
    /// `printable_module_name`: accepted by tf.keras 2.13-2.15's serialization_lib, ignored by
    /// it and by Keras 3 (the legacy path uses it; see LegacyDeserializeOptions).
    QString printableModuleName;
    KerasVersion version; ///< whose rules and wording (default Keras 3.15.1)
};

/// keras.saving.deserialize_keras_object (spec section 5): None, known strings, lists, plain
/// values, plain dicts, markers and class/function envelopes; lookup order scope -> global ->
/// custom_objects -> module_objects; `module`/`registered_name` handling with the Keras 3.15
/// hardening; shared objects inside an ObjectSharingScope; safe mode for lambdas (a lambda is
/// never executed: with safe mode off it comes back as an opaque PyValue::lambda).
/// Every failure is the error Keras raises, with its exact text and exception kind.
Result<PyValue> deserializeKerasObject(const PyValue& config, const DeserializeOptions& options = {});

/// Arguments of the legacy (tf.keras / Keras 3 `.h5`) deserializer.
struct LegacyDeserializeOptions {
    const ObjectMap* moduleObjects = nullptr;
    ObjectMap customObjects;
    QString printableModuleName = QStringLiteral("object");
    KerasVersion version = KerasVersion::keras2();
};

/// legacy deserialize_keras_object (spec section 8): {class_name, config} dicts resolved by
/// name, `__passive_serialization__` entries, function-name strings in configs, legacy shared
/// ids, string identifiers (classes instantiated with no arguments).
Result<PyValue> legacyDeserializeKerasObject(const PyValue& identifier,
                                             const LegacyDeserializeOptions& options = {});

/// Keras 3's saving_utils.model_from_config (spec 8.1): the converter for layer entries without
/// `module` (legacy `.h5`): batch_input_shape -> batch_shape / input_shape, one-element `axis`
/// lists -> int, Keras 2 Lambda keys -> the Keras 3 form; then legacy deserialization with every
/// layer class as module_objects and printable_module_name "layer". The config is not modified.
Result<PyValue> modelFromConfig(const PyValue& config, const ObjectMap& customObjects = {},
                                const KerasVersion& version = {});

} // namespace kcs::saving
