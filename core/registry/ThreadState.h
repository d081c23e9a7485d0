// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/ObjectMap.h"

#include <QHash>

#include <memory>
#include <optional>

namespace kcs::saving {

/// K3 ObjectSharingScope maps (spec 4.1): id of a saved object -> the first envelope written for
/// it; shared_object_id read -> the object built for it.
struct SharingMaps {
    /// Keyed by identity; the object is held so its address cannot be reused meanwhile.
    QHash<quintptr, std::pair<PyValue /*object*/, PyValue /*envelope*/>> idToConfig;
    QHash<qint64, PyValue> idToObject;
};

/// K2 legacy SharedObjectSavingScope / SharedObjectLoadingScope state (spec 4.2).
struct LegacySaving {
    int depth = 0;     ///< nested scopes reuse the outermost one
    qint64 nextId = 0; ///< the counter, from 0, in first-serialization order
    struct Entry {
        PyValue object; ///< held so its address cannot be reused while the scope is open
        PyValue envelope;
        qint64 id = 0;
    };
    QHash<quintptr, Entry> byObject;
};
struct LegacyLoading {
    bool active = false; ///< false: the no-op scope (also what leaving a scope installs)
    QHash<qint64, PyValue> byId;
};

/// Everything Keras keeps per thread: the custom-object scope map, the safe-mode flag and the
/// object-sharing maps. clearSession() resets it in every thread (each thread notices on its next
/// access). Internal to the registry and serialization; use the scope classes instead.
struct ThreadState {
    std::shared_ptr<const ObjectMap> scope; ///< null: no scope (empty map)
    std::optional<bool> safeMode;           ///< None: no scope has set it
    std::shared_ptr<SharingMaps> sharing;   ///< null: not inside an ObjectSharingScope
    LegacySaving legacySaving;
    LegacyLoading legacyLoading;
    quint64 generation = 0;
    /// Set while a from_config runs: the scope map is deserialize's merged map, which already
    /// holds the global registry as of registryGeneration (so nested calls need not merge again).
    std::shared_ptr<const ObjectMap> mergedScope;
    quint64 registryGeneration = 0;
};

/// This thread's state (reset first if clearSession() ran since it was last used).
ThreadState& threadState();

/// This thread's scope map (an empty map when no scope is open).
const ObjectMap& currentScopeObjects();

/// keras.backend.clear_session(): wipes every thread's scope map, safe-mode flag and sharing maps.
void clearSession();

} // namespace kcs::saving
