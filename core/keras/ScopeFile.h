// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kcs::keras {

/// A custom object the user declared without its code: what Keras would find under `key` in a
/// scope, the global registry or the custom_objects argument.
struct ObjectDescriptor {
    QString key;        ///< the lookup key: "pkg>Name" (registered) or a bare name
    bool isFunction = false;
    std::optional<Category> category; ///< nullopt: any category
    /// Constructor parameters when known (keys the class accepts); nullopt: accepts anything.
    std::optional<QStringList> params;
    bool acceptsExtraKwargs = false;  ///< params given but the class also takes **kwargs
    /// Non-empty: this entry is an alias, `custom_objects={"OldName": NewClass}`: `key` is the
    /// old name the config uses and aliasOf the key of the object it stands for ("pkg>NewClass"
    /// or a built-in's name); kind, category and params are then the new target's.
    QString aliasOf;

    bool operator==(const ObjectDescriptor&) const = default;
    /// The part after the last '>' ("MyDense" for "my_pkg>MyDense").
    QString shortName() const;
    /// The part before the last '>' ("my_pkg"); empty for a bare name.
    QString package() const;
};

/// A named custom-object scope (`with custom_object_scope({...}):`).
struct NamedScope {
    QString name;
    std::vector<ObjectDescriptor> objects;
    /// A disabled scope is kept (the Scopes panel can switch it back on) but not entered.
    bool enabled = true;

    bool operator==(const NamedScope&) const = default;
};

/// Everything a scope file declares. `scopes` are nested in file order: the first is the
/// outermost, the last the innermost (Keras 3 sees only the innermost one, Keras 2 all merged,
/// spec 1.2). `global` entries stand for the global registry (register_keras_serializable /
/// get_custom_objects()), `customObjects` for the custom_objects argument of the loader.
struct ScopeSet {
    std::vector<NamedScope> scopes;
    std::vector<ObjectDescriptor> global;
    std::vector<ObjectDescriptor> customObjects;

    bool isEmpty() const { return scopes.empty() && global.empty() && customObjects.empty(); }
    bool operator==(const ScopeSet&) const = default;
    /// Appends another set: its enabled scopes nest inside this one's (disabled ones are not
    /// entered, so they are left out), its global and custom_objects entries follow ours.
    void append(const ScopeSet& other);
    /// The set a loader sees: this one without its disabled scopes.
    ScopeSet inForce() const;
};

/// Reads our scope-file format (JSON):
///
///     {
///       "format": "kcs-scopes/1",                      (optional)
///       "scopes": [                                    (outermost first)
///         {"name": "training", "enabled": true, "objects": [
///           {"key": "my_pkg>MyDense", "kind": "class", "category": "layer",
///            "params": ["units", "activation"], "kwargs": true},
///           {"key": "binary_tanh", "kind": "function", "category": "activation"}
///         ]}
///       ],
///       "global": [ <descriptor>, ... ],               (optional: the global registry)
///       "custom_objects": [ <descriptor>, ... ]        (optional: the loader argument)
///     }
///
/// A descriptor names its key either as "key" or as "package" + "name" (key = package>name);
/// "kind" is "class" (default) or "function"; "category" is a catalog category in singular or
/// plural ("layer"/"layers", "activation", "initializer", "regularizer", "constraint", "loss",
/// "metric", "optimizer", "learning_rate_schedule", "model", "dtype_policy", "op") or absent
/// (any); "params" lists accepted keys (strings, or objects with a "name"); "kwargs": true
/// means extra keys are accepted too; "alias_of" names the object an alias entry stands for.
/// A scope with "enabled": false is read but not entered. Errors say where:
/// "FILE:LINE:COL: message".
Result<ScopeSet> parseScopeFile(const QByteArray& text, const QString& fileName = {});
/// Reads and parses a scope file from disk (ErrorCode::Io when unreadable).
Result<ScopeSet> loadScopeFile(const QString& path);

/// The scope-file text of set, the way the Scopes panel saves it: two-space indentation, one
/// scope per block and one descriptor per line, keys in the order the reader documents,
/// defaults left out (kind "class", no category, "enabled": true). parseScopeFile reads it
/// back to an equal set.
QByteArray writeScopeFile(const ScopeSet& set);
/// Writes writeScopeFile(set) to path atomically (ErrorCode::Io on failure).
Result<void> saveScopeFile(const ScopeSet& set, const QString& path);

/// The singular word of a category as scope files write it ("layer", "activation", ...).
QString categoryWord(Category category);
/// A category from its singular or plural word ("layer", "layers", "activation", ...).
std::optional<Category> categoryFromWord(QStringView word);

} // namespace kcs::keras
