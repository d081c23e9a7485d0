// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/ObjectMap.h"
#include "core/serialization/Symbol.h"
#include "core/util/Result.h"

#include <QMutex>
#include <QString>

namespace kcs::saving {

/// What re-registering an existing key or object does.
enum class OnDuplicate {
    Overwrite, ///< Keras 3 and tf.keras >= 2.13: silently replace
    Raise,     ///< tf.keras <= 2.12: ValueError "... has already been registered to ..."
};

/// The process-wide registry of custom objects: Keras's GLOBAL_CUSTOM_OBJECTS (`objects`, what
/// `get_custom_objects()` returns, live) and GLOBAL_CUSTOM_NAMES (`names`, object -> key).
/// Every lookup honours whatever is in `objects`, including keys callers put there by hand
/// (a bare class name). Thread-safe: each call takes a lock; snapshot() copies under the lock.
class CustomObjects {
public:
    QStringList keys() const;
    qsizetype size() const;
    bool contains(const QString& key) const;
    PyValue value(const QString& key) const; ///< None when absent
    /// get_custom_objects()[key] = value. Does not touch `names` (as in Keras).
    void insert(const QString& key, PyValue value);
    bool remove(const QString& key);
    /// get_custom_objects().clear(); the names map is cleared too so the registry is pristine.
    void clear();
    ObjectMap snapshot() const;
    /// The same snapshot, shared and cached until the registry next changes (cheap to call).
    std::shared_ptr<const ObjectMap> sharedSnapshot() const;
    /// Increases with every change (insert, remove, clear, registration).
    quint64 generation() const;

    /// GLOBAL_CUSTOM_NAMES lookup: the key object was registered under, or empty.
    QString registeredKey(const SymbolRef& object) const;

    /// objects[key] = object; names[object] = key -- atomically, after the duplicate checks.
    Result<void> registerObject(const SymbolRef& object, const QString& key, OnDuplicate onDuplicate);

private:
    mutable QMutex m_mutex;
    ObjectMap m_objects;
    QHash<quintptr, std::pair<SymbolRef, QString>> m_names;
    quint64 m_generation = 0;
    mutable std::shared_ptr<const ObjectMap> m_cached; ///< snapshot for m_generation, or null

    void changed() { ++m_generation; m_cached.reset(); } ///< call with m_mutex held
};

/// keras.saving.get_custom_objects(): the live global registry.
CustomObjects& customObjects();

/// keras.saving.register_keras_serializable(package="Custom", name=None)(object): registers a class
/// or function under "package>name" (name defaults to the object's own name; neither part is
/// validated). A class without get_config is refused with Keras's ValueError; functions are never
/// checked. Returns the object unchanged.
Result<SymbolRef> registerKerasSerializable(SymbolRef object,
                                            const QString& package = QStringLiteral("Custom"),
                                            const QString& name = {},
                                            OnDuplicate onDuplicate = OnDuplicate::Overwrite);

/// keras.saving.get_registered_name(object): the registered key, else the object's plain name.
QString registeredNameOf(const SymbolRef& object);

/// Lookup order of spec 1.3: this thread's scope map, the global registry, customObjects (caller
/// dict), moduleObjects (built-ins); None when not found. (keras.saving.get_registered_object.)
PyValue registeredObjectFor(const QString& name, const ObjectMap& customObjects = {},
                            const ObjectMap* moduleObjects = nullptr);

/// Python's repr of a class or function as error messages print it: `<class 'module.Name'>`,
/// `<function name>` (Python adds an address there, which no file can reproduce).
QString symbolRepr(const SymbolRef& object);

} // namespace kcs::saving
