// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/PyValue.h"

#include <optional>

namespace kcs::saving {

/// Keras 3's ObjectSharingScope (spec 4.1), opened by the `.keras` save and load paths only.
/// While alive on this thread: serializing the same object twice gives both envelopes one
/// `shared_object_id` (the object's identity, a large integer); deserializing an envelope whose
/// `shared_object_id` was already built returns that object without looking further.
/// Scopes do not nest: destroying any scope ends sharing for the rest of an enclosing one.
class ObjectSharingScope {
public:
    ObjectSharingScope();
    ~ObjectSharingScope();
    ObjectSharingScope(const ObjectSharingScope&) = delete;
    ObjectSharingScope& operator=(const ObjectSharingScope&) = delete;
};

/// tf.keras's SharedObjectSavingScope (spec 4.2), opened by Functional.get_config: ids are a
/// counter from 0 in first-serialization order; a nested scope reuses the outer one.
class LegacySharedObjectSavingScope {
public:
    LegacySharedObjectSavingScope();
    ~LegacySharedObjectSavingScope();
    LegacySharedObjectSavingScope(const LegacySharedObjectSavingScope&) = delete;
    LegacySharedObjectSavingScope& operator=(const LegacySharedObjectSavingScope&) = delete;
};

/// tf.keras's SharedObjectLoadingScope (spec 4.2), opened by Model.from_config: id -> object.
/// Leaving it installs the no-op scope (it does not restore an enclosing one).
class LegacySharedObjectLoadingScope {
public:
    LegacySharedObjectLoadingScope();
    ~LegacySharedObjectLoadingScope();
    LegacySharedObjectLoadingScope(const LegacySharedObjectLoadingScope&) = delete;
    LegacySharedObjectLoadingScope& operator=(const LegacySharedObjectLoadingScope&) = delete;
};

namespace sharing {
/// K3: after serializing obj into envelope (a dict): `__main__` module -> None, then record.
void recordAfterSerialization(const PyValue& obj, PyValue& envelope);
/// K3: the object already built for this id in the current scope, if any.
std::optional<PyValue> sharedObject(const PyValue& id);
void recordAfterDeserialization(const PyValue& obj, const PyValue& id);

/// K2: wraps {class_name, config} through the saving scope (same envelope for a repeat).
PyValue legacyEnvelope(const QString& className, PyValue config, const PyValue& obj);
/// K2 loading scope: the object for an id, if the scope is active and has it.
std::optional<PyValue> legacySharedObject(const PyValue& id);
void legacyRecord(const PyValue& id, const PyValue& obj);
} // namespace sharing

} // namespace kcs::saving
