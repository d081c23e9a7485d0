// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the Catalog*.cpp files: the tables a loaded catalog is made of.

#include "core/keras/Catalog.h"

#include <QHash>
#include <QSet>

#include <deque>

namespace kcs::keras {

/// One category's tables. Entry pointers point into Catalog::Impl::storage.
struct CategoryTable {
    bool present = false;
    std::vector<const BuiltinEntry*> entries;         ///< catalog order, legacy-only last
    QHash<QString, const BuiltinEntry*> byKey;
    QHash<QString, const BuiltinEntry*> lookup;       ///< the module_objects table
    QStringList lookupNames;
    QSet<QString> incidental;
};

struct Catalog::Impl {
    Dialect dialect = Dialect::Keras3;
    QString version;
    std::deque<BuiltinEntry> storage; ///< a deque: growing it never moves an entry
    std::array<CategoryTable, kCategoryCount> categories;
    QHash<QString, const BuiltinEntry*> legacyLookup;
    QHash<QString, const BuiltinEntry*> legacyOptimizers;
    QHash<QString, const BuiltinEntry*> exports;
    QHash<QString, const BuiltinEntry*> exportAliases;
    QHash<QString, const BuiltinEntry*> byPythonModule; ///< "<python module>.<name>"
    QStringList nonModelingApis;
    QSet<QString> nonModelingSet;
    QStringList builtinModules;
    QStringList specialClassNames;
    QSet<QString> specialSet;
    QStringList lambdaDroppedKeys;
    BaseLayerInfo base;
    /// acceptedKeys() of every class entry, computed once after loading (the key check of a
    /// large model then costs one hash lookup per key).
    struct AcceptedKeys {
        QStringList list;
        QSet<QString> set;
    };
    QHash<const BuiltinEntry*, AcceptedKeys> accepted;

    CategoryTable& table(Category c) { return categories[std::size_t(c)]; }
    const CategoryTable& table(Category c) const { return categories[std::size_t(c)]; }
};

/// Fills a Catalog::Impl from catalog JSON text (CatalogLoader.cpp).
Result<void> loadCatalog(const QByteArray& text, Catalog::Impl& impl);
/// Fills impl.accepted (CatalogValidation.cpp).
void computeAcceptedKeys(Catalog::Impl& impl);

} // namespace kcs::keras
