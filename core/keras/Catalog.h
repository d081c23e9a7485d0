// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Value.h"
#include "core/keras/Dialect.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace kcs::keras {

/// The deserializer families of Keras (the catalog's "categories"), plus the two extras real
/// configs contain: dtype policies and (Keras 3 only) ops.
enum class Category {
    Layers,
    Activations,
    Initializers,
    Regularizers,
    Constraints,
    Losses,
    Metrics,
    Optimizers,
    LearningRateSchedules,
    Models,
    DtypePolicies,
    Ops,
};
inline constexpr int kCategoryCount = 12;
/// Every category in declaration order (for loops).
const std::array<Category, kCategoryCount>& allCategories();

/// The catalog's key for a category: "layers", "learning_rate_schedules", "dtype_policies", ...
QString categoryName(Category category);
std::optional<Category> categoryFromName(QStringView name);
/// The word Keras uses in "Could not interpret {kind} identifier: ..." ("activation function",
/// "initializer", "regularizer", "constraint", "loss", "metric", "optimizer"); for the other
/// categories a lower-case singular noun ("layer", "learning rate schedule", ...).
QString identifierKindWord(Category category);

enum class EntryKind {
    Class,
    Function,
    External, ///< Keras 2 activations that are TensorFlow functions; no signature known
};

/// What a constructor does with keyword arguments it does not name (catalog "kwargs_policy").
enum class KwargsPolicy {
    None,      ///< functions: no policy recorded
    Base,      ///< forwarded to the category base (Layer), which raises on unknown keys
    Validated, ///< checked against an allow-list by the class itself (raises)
    Closed,    ///< no **kwargs: Python's own TypeError
    Open,      ///< swallowed silently
    Unknown,   ///< not analysable (Keras 3 Model)
};
QString kwargsPolicyName(KwargsPolicy policy); ///< "base", "validated", ...

/// One constructor (or function) parameter. Exactly one of required / hasDefault /
/// defaultExpr-not-empty holds, except for kwargs_consumed keys (neither, see `from`).
struct Param {
    enum class Kind { Normal, KeywordOnly, PositionalOnly };
    QString name;
    bool required = false;
    bool hasDefault = false;
    json::Value defaultValue;     ///< a JSON literal default (tuples as lists)
    bool defaultIsTuple = false;  ///< the Python default was a tuple
    QString defaultExpr;          ///< source text of a non-literal default ("backend.floatx()")
    Kind kind = Kind::Normal;
    QString from; ///< inherited params / consumed kwargs: the class that takes it
};

/// What a class's from_config does (catalog "from_config").
struct FromConfigInfo {
    QString owner;                    ///< class defining the nearest from_config
    bool custom = false;              ///< overridden below the category root
    QStringList reads;                ///< keys it reads or pops itself
    bool callsInitWithConfig = true;  ///< ends in cls(**config); false: no constructor check
};

/// One built-in object of Keras: a class, a function or an external (TensorFlow) function,
/// as described by the catalog. Owned by its Catalog; pointers stay valid for the process.
struct BuiltinEntry {
    QString key;  ///< unique entry key inside its category ("Dense", "legacy.Adam")
    Category category = Category::Layers;
    EntryKind kind = EntryKind::Class;
    QString module;          ///< what Keras writes as `module` ("keras.layers")
    QString className;       ///< classes: what Keras writes as `class_name`
    QString functionName;    ///< functions
    QString registeredName;  ///< unexported classes only ("Functional"); else empty
    QString canonicalPath;   ///< first export path; empty when unexported
    QStringList exportPaths;
    QString pythonModule;    ///< installed module ("keras.src.layers.core.dense")
    QString pythonObject;    ///< external entries: the TensorFlow object
    QString definedIn;       ///< "file.py:line" in the source tag
    QStringList bases;
    QStringList mro;
    QString initFrom;        ///< class whose __init__ is used (its name is in Python's messages)
    std::vector<Param> params;           ///< in signature order (self dropped)
    QString varargs;                     ///< name of *args, if any
    bool kwargs = false;                 ///< has **kwargs
    std::vector<Param> inheritedParams;  ///< accepted through **kwargs by intermediate parents
    std::vector<Param> kwargsConsumed;   ///< popped out of **kwargs (name + from only)
    KwargsPolicy kwargsPolicy = KwargsPolicy::None;
    bool baseKwargs = false;             ///< layers: the chain reaches the base Layer
    QStringList baseExcluded;            ///< base keys the class passes itself (not accepted)
    std::optional<QStringList> baseRestrictedTo; ///< allow-list applied before the base
    QStringList required;                ///< required keys (own + inherited), signature order
    FromConfigInfo fromConfig;
    QStringList getConfigKeys;
    QStringList aliases;                 ///< other lookup names of this entry
    QStringList notes;
    bool legacyOnly = false;             ///< Keras 3 layers reachable only via the legacy H5 table
    /// What a resolution to this entry records (made once at load: a big model resolves it
    /// hundreds of thousands of times): the canonical path, or the installed module's path
    /// when unexported; and the module it resolved in (module, else pythonModule).
    QString resolvedTo;
    QString resolvedIn;
    QString pythonNameText; ///< pythonName(), made once at load

    /// className for classes, functionName for functions, else the key.
    QString name() const;
    /// The Python class/function's own __name__, which Python's and Keras's messages print
    /// (self.__class__.__name__): the key without its disambiguating prefix. Differs from
    /// name() for Keras 3 GroupQueryAttention (class GroupedQueryAttention).
    const QString& pythonName() const { return pythonNameText; }
    /// A parameter by name among params and inheritedParams; nullptr when absent.
    const Param* param(QStringView name) const;
};

/// The base Layer constructor of a dialect, listed once in the catalog.
struct BaseLayerInfo {
    QString className;            ///< "Layer"
    QString pythonModule;
    std::vector<Param> params;
    QStringList kwargsAccepted;   ///< keys taken out of **kwargs
    QStringList acceptedKeys;     ///< params + kwargsAccepted
    QStringList getConfigKeys;
};

/// The outcome of checking a config's keys against a constructor.
struct KeyCheck {
    QStringList unknown;   ///< keys the constructor would reject, in config order
    QStringList missing;   ///< required parameters absent from the config, in signature order
    /// false when no constructor check applies (unknown policy, from_config that does not call
    /// the constructor with the config, functions, externals): unknown/missing stay empty.
    /// Open policies are checked for missing required keys only.
    bool checked = true;
    bool ok() const { return unknown.isEmpty() && missing.isEmpty(); }
};

/// A Keras 3 export match: the entry, and whether the path was a non-canonical alias (those
/// resolve only through the import fallback, so the registered-name check does not apply).
struct ExportMatch {
    const BuiltinEntry* entry = nullptr;
    bool viaAlias = false;
    explicit operator bool() const { return entry != nullptr; }
};

/// How a config's class was found (README "Using it to validate a class config", step 1).
struct ClassResolution {
    enum class Route {
        None,          ///< not a built-in
        ModuleObjects, ///< the category's name table (module ignored)
        Export,        ///< Keras 3: module + class_name is a canonical export
        ExportAlias,   ///< Keras 3: a non-canonical class path (import fallback)
        PythonModule,  ///< Keras 3: <python module>.<class> (ops, Functional)
        Legacy,        ///< Keras 3: module-less layer config through the legacy H5 table
    };
    const BuiltinEntry* entry = nullptr;
    Route route = Route::None;
    explicit operator bool() const { return entry != nullptr; }
};

/// The built-in objects of one Keras dialect, read from the compiled-in catalog resource
/// (:/kcs/catalog/keras3.json, :/kcs/catalog/keras2.json; format: ../shared/catalog/README.md).
/// These are the `module_objects` tables that make validation possible without Python.
/// Immutable after loading; all lookups are const hash lookups and safe from any thread.
class Catalog {
public:
    /// The catalog of a dialect, loaded on first use (thread-safe) and kept for the process.
    /// A broken resource is a build defect: it aborts with qFatal.
    static const Catalog& forDialect(Dialect dialect);
    /// Parses catalog JSON text (tests and tools). Errors name the offending field.
    static Result<std::unique_ptr<Catalog>> fromJson(const QByteArray& text);

    ~Catalog();
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;
    struct Impl; ///< opaque: the tables (CatalogImpl.h, private to the Catalog*.cpp files)

    Dialect dialect() const;
    QString version() const; ///< "3.15.1", "2.21.0"

    // --- name resolution ------------------------------------------------------------------
    /// The category's module_objects table: class_name or string identifier -> entry, aliases
    /// included ("glorot_uniform" -> GlorotUniform). Optimizers: the lower-case form is tried
    /// first when it is a key (Keras's rule). Keras 3 layers: class names under keras.layers.
    const BuiltinEntry* lookup(Category category, QStringView name) const;
    /// Keras 3: the legacy H5 / module-less layer table (keras.src.layers.__dict__ plus
    /// InputLayer, Functional, Model, Sequential). Keras 2: the layers table.
    const BuiltinEntry* legacyLookup(QStringView name) const;
    /// Keras 2 optimizers when the config is a legacy one (is_legacy_optimizer true, or absent
    /// in a non-empty config): variants.legacy. Same lower-case rule. Keras 3: nullptr.
    const BuiltinEntry* legacyOptimizerLookup(QStringView name) const;
    /// The optimizer table an optimizer envelope is resolved with. Keras 2 (tf-keras
    /// optimizers.deserialize): a non-empty inner config picks the legacy table unless its
    /// is_legacy_optimizer is falsy (absent counts as true); an empty one the new table.
    /// Keras 3: always lookup(Optimizers, name).
    const BuiltinEntry* lookupOptimizer(QStringView name, const json::Value& innerConfig) const;
    /// Keras 3: module + "." + name among the canonical exports, then the export aliases.
    /// Keras 2: among all tf_export names (v2 and compat.v1), never viaAlias.
    ExportMatch resolveExport(QStringView module, QStringView name) const;
    /// An entry whose Python module is `module` and whose class/function name is `name`
    /// (Keras 3 ops "keras.src.ops.numpy" + "Abs", "keras.src.models.functional" + "Functional").
    const BuiltinEntry* findByPythonModule(QStringView module, QStringView name) const;
    /// The built-in a class config names, by the README recipe: module_objects categories and
    /// all of Keras 2 by class_name in the name table; Keras 3 layers and models by
    /// module + class_name among the exports, then the aliases, then the layers table (module
    /// "keras.layers"), then the <python module>.<class> form; module-less Keras 3 layer/model
    /// configs through the legacy table; Keras 3 ops by <python module>.<class>.
    ClassResolution resolveClass(Category category, QStringView module, QStringView className) const;
    /// An entry by its entry key (not by lookup name).
    const BuiltinEntry* entry(Category category, QStringView key) const;
    /// Every entry of a category in catalog order (Keras 3 layers: legacy-only ones last).
    std::vector<const BuiltinEntry*> entries(Category category) const;
    /// The lookup names of a category in catalog order.
    QStringList lookupNames(Category category) const;
    /// Names the table contains that are not built-ins (helpers, serialize/get, ...).
    bool isIncidentalModuleObject(Category category, QStringView name) const;
    bool hasCategory(Category category) const; ///< Keras 2 has no Ops

    // --- resolution facts (catalog "resolution") ------------------------------------------
    const QStringList& nonModelingApis() const;   ///< Keras 3 ≥ 3.15 deny-list; Keras 2: empty
    bool isNonModelingApi(QStringView apiPath) const;
    const QStringList& builtinFunctionModules() const; ///< "activations", "constraints", ...
    const QStringList& specialClassNames() const;      ///< "__tensor__", "function", ...
    bool isSpecialClassName(QStringView name) const;
    const QStringList& legacyH5LambdaDroppedKeys() const; ///< Keras 3 only
    const BaseLayerInfo& baseLayer() const;

    // --- validation (README "Using it to validate a class config") -------------------------
    // `entry` must be an entry of this catalog (accepted keys are precomputed per entry).
    /// Keys the constructor chain accepts (params, inherited params, consumed kwargs, the base
    /// Layer's keys when the chain reaches it), plus from_config reads when from_config is
    /// custom. Order: signature order, then the rest as listed. Empty for open policies.
    QStringList acceptedKeys(const BuiltinEntry& entry) const;
    bool acceptsAnyKey(const BuiltinEntry& entry) const; ///< open / unknown policy
    /// Checks config keys (given in config order; duplicates allowed, first occurrence counts).
    /// Not checked (KeyCheck::checked false): functions, externals, unknown policies (Keras 3
    /// Model), custom from_config without cls(**config) (Sequential). Model classes are checked
    /// as constructor calls: ask only when the config is passed to the constructor (not for
    /// complete functional configs, which functional_from_config rebuilds).
    KeyCheck checkKeys(const BuiltinEntry& entry, const QStringList& keys) const;
    /// The same for a config object (its member keys in order).
    KeyCheck checkConfig(const BuiltinEntry& entry, const json::Value& config) const;

    /// The error the constructor call raises first for this config, as Keras/Python words it
    /// (see CatalogErrors.h), or nullopt when the config passes. Argument binding comes first
    /// (closed signatures: unexpected keyword; then missing required), then the body's checks
    /// (base Layer / validated allow-lists; then Keras 3 Layer's `trainable` must be a bool).
    /// Not wrapped in "Error when deserializing ..." —
    /// use deserializingClassMessage for that. `config` must be an object. `repr` renders the
    /// dict of unknown keys for Keras 3's message; pass &kcs::serialization::pyRepr (the catalog
    /// library sits below the serialization library, so it cannot call it itself).
    using ReprFunction = QString (*)(const json::Value&);
    std::optional<Error> constructorError(const BuiltinEntry& entry, const json::Value& config,
                                          ReprFunction repr) const;

private:
    Catalog();
    std::unique_ptr<Impl> d;
};

} // namespace kcs::keras
