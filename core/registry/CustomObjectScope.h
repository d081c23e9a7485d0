// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Dialect.h"
#include "core/registry/ObjectMap.h"

#include <memory>
#include <optional>
#include <vector>

namespace kcs::saving {

/// keras.saving.CustomObjectScope / custom_object_scope: while alive, its names resolve in this
/// thread (and only this thread). RAII: the destructor restores exactly the map that was current
/// before, whichever way the block is left (return, error value, exception).
///
/// Nesting follows the dialect:
///  - Keras 3: one dict; entering REPLACES the thread's scope map with a copy of it, so names
///    only in an outer scope are hidden inside the inner one.
///  - Keras 2: any number of dicts; entering MERGES them, in order, into a copy of the current
///    map (inner and later dicts win), so outer names stay visible.
/// Scopes must be destroyed in reverse order of creation on their thread (as `with` blocks are).
class CustomObjectScope {
public:
    /// Keras 3 rule, one dict.
    explicit CustomObjectScope(const ObjectMap& objects = {});
    /// Explicit dialect; Keras 3 accepts exactly one dict (extra dicts are merged into the first,
    /// the closest C++ can get to Keras 3's TypeError for extra positional arguments).
    CustomObjectScope(keras::Dialect dialect, const std::vector<ObjectMap>& maps);
    /// Keras 3 rule with a map that is already shared (no copy).
    explicit CustomObjectScope(std::shared_ptr<const ObjectMap> objects);
    ~CustomObjectScope();
    CustomObjectScope(const CustomObjectScope&) = delete;
    CustomObjectScope& operator=(const CustomObjectScope&) = delete;

private:
    std::shared_ptr<const ObjectMap> m_saved;
};

/// Keras's SafeModeScope: sets this thread's safe-mode flag for its lifetime (also to "unset"
/// with nullopt) and restores the previous flag when destroyed.
class SafeModeScope {
public:
    explicit SafeModeScope(std::optional<bool> safeMode = true);
    ~SafeModeScope();
    SafeModeScope(const SafeModeScope&) = delete;
    SafeModeScope& operator=(const SafeModeScope&) = delete;

private:
    std::optional<bool> m_saved;
};

/// keras.config.enable_unsafe_deserialization(): sets this thread's flag to false for good.
void enableUnsafeDeserialization();
/// The thread's safe-mode flag (keras's in_safe_mode()): nullopt when nothing set it.
std::optional<bool> inSafeMode();

} // namespace kcs::saving
