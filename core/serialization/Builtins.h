// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/registry/ObjectMap.h"
#include "core/serialization/Symbol.h"

#include <memory>

namespace kcs::saving {

/// The built-in Keras classes and functions of one dialect as Symbols, made from the catalog:
/// the `module_objects` tables, the public-export registry and the "import the module, take the
/// attribute" fallback of Keras 3. A built-in class's from_config checks the config against the
/// constructor (unknown keys, missing required ones) and fails with Keras's words; Lambda,
/// Sequential, Functional and Model have their own from_config (safe mode, model rebuild).
/// Immutable after construction and shared by all threads.
class Builtins {
public:
    /// Loaded on first use (thread-safe) and kept for the process.
    static const Builtins& forDialect(keras::Dialect dialect);

    explicit Builtins(const keras::Catalog& catalog);
    ~Builtins();

    const keras::Catalog& catalog() const { return m_catalog; }
    keras::Dialect dialect() const;
    /// The Symbol of an entry (one per entry, so identity is stable).
    SymbolRef symbol(const keras::BuiltinEntry* entry) const;
    /// A category's module_objects table (lookup names -> Symbols, aliases included).
    const ObjectMap& moduleObjects(keras::Category category) const;
    /// Layers for module-less (legacy / .h5) layer configs: Keras 3 legacy_lookup, Keras 2 the
    /// layers table.
    const ObjectMap& legacyLayerObjects() const;
    /// Keras 3's name registry: the canonical export `module.name` (never an alias), or null.
    SymbolRef publicExport(QStringView module, QStringView name) const;
    /// Keras 3's import fallback: whether `module` is a module Keras has.
    bool isImportableModule(QStringView module) const;
    /// vars(module).get(name): an alias export or a class defined in that Python module; null if
    /// the module has no such attribute (as far as the catalog knows).
    SymbolRef moduleAttribute(QStringView module, QStringView name) const;

private:
    struct Impl;
    const keras::Catalog& m_catalog;
    std::unique_ptr<Impl> d;
};

} // namespace kcs::saving
