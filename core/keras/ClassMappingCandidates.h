// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/keras/ScopeFile.h"

#include <QString>

#include <vector>

namespace kcs::keras {

/// One possible target for an unresolved name, as the mapping dialog offers it.
struct MappingCandidate {
    enum class Source {
        Descriptor, ///< a declared custom object (scope, global registry, custom_objects)
        Rename,     ///< the same built-in under its name in the other dialect (Convolution2D -> Conv2D)
        Similar,    ///< a built-in of the category with a similar spelling
        BuiltIn,    ///< another built-in of the category
    };
    QString name;   ///< what to map to: a descriptor key or a built-in's lookup name
    Source source = Source::BuiltIn;
    QString reason; ///< short English text: "registered custom object", "similar built-in name"

    friend bool operator==(const MappingCandidate&, const MappingCandidate&) = default;
};

/// Every descriptor of a scope set, as mapping targets: the scopes' objects (outermost first),
/// then the global registry, then the custom_objects argument.
std::vector<ObjectDescriptor> allDescriptors(const ScopeSet& set);

/// Targets for the unresolved `name` of `category`, best first: descriptors (same short name
/// first, then by edit distance; a descriptor of another category is left out), the dialect
/// renames the load simulation knows (the other catalog's or a legacy name of a built-in of
/// `dialect`), built-ins with a similar spelling, then the remaining built-ins of the category
/// by edit distance, `maxBuiltIns` at most. No duplicates; `name` itself is never offered.
std::vector<MappingCandidate> mappingCandidates(QStringView name, Category category, Dialect dialect,
                                                const std::vector<ObjectDescriptor>& descriptors = {},
                                                int maxBuiltIns = 40);

} // namespace kcs::keras
