// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the serialization library: pieces of deserialization shared by its files.

#include "core/registry/ObjectMap.h"
#include "core/serialization/KerasVersion.h"
#include "core/serialization/PyValue.h"
#include "core/util/Result.h"

#include <memory>

namespace kcs::saving::detail {

enum class ObjectKind { Class, Function };

/// Python truthiness of a value (None, False, 0, "", empty containers are false).
bool isTruthy(const PyValue& value);

/// custom_objects overlaid with the thread's scope map and then the global registry, in
/// Python's {**custom, **scope, **global} key order.
std::shared_ptr<const ObjectMap> mergedCustomObjects(const ObjectMap& customObjects);

/// Spec 5.4: resolves a class or function named in an envelope. fullConfig is the envelope (for
/// messages); merged the merged custom objects.
Result<PyValue> resolveClassOrFunction(const QString& name, const PyValue& registeredName,
                                       const PyValue& module, ObjectKind kind,
                                       const PyValue& fullConfig, const ObjectMap& merged,
                                       const KerasVersion& version);

/// The recursion limit of the deserializers (Python's RecursionError, as a RuntimeError).
inline constexpr int kMaxDepth = 1000;
Error recursionError();
/// Counts nested deserialization calls on this thread, across from_config boundaries (a model's
/// from_config deserializes its layers through fresh calls).
class DepthGuard {
public:
    DepthGuard();
    ~DepthGuard();
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    bool exceeded() const;
};

/// The version of the deserialize_keras_object call currently building objects on this thread
/// (the built-ins' from_config need it to pick their rules); Keras 3.15.1 outside any call.
KerasVersion currentVersion();
class VersionScope {
public:
    explicit VersionScope(const KerasVersion& version);
    ~VersionScope();
    VersionScope(const VersionScope&) = delete;
    VersionScope& operator=(const VersionScope&) = delete;

private:
    KerasVersion m_saved;
};

} // namespace kcs::saving::detail
