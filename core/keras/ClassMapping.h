// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/FileKind.h"
#include "core/json/Document.h"
#include "core/keras/Catalog.h"
#include "core/keras/ScopeFile.h"
#include "core/util/Result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kcs::keras {

/// One `OLD=NEW` mapping: every object the file names OLD is rewritten to name NEW.
struct MappingRule {
    QString from; ///< the name as the file spells it: a class_name, a registered key, a function key
    QString to;   ///< a registered key "pkg>Name", a bare custom name or a built-in class name
};

/// Reads "OLD=NEW" (both sides non-empty, trimmed). The error names the text.
Result<MappingRule> parseMappingRule(QStringView text);

/// What NEW turned out to be, and what a rewritten envelope must say.
struct MappingTarget {
    enum class Kind {
        Registered, ///< a registered custom object "pkg>Name"
        Custom,     ///< a bare custom name (a scope or custom_objects key)
        BuiltIn,    ///< a Keras built-in of the catalog
    };
    Kind kind = Kind::Custom;
    QString key;       ///< "pkg>Name", "Name", or the built-in's lookup name
    QString className; ///< the bare class name Keras 3 writes in class_name
    /// Keras 3 `registered_name` to write: the key, the bare name, or nullopt for null (built-ins).
    std::optional<QString> registeredName;
    QString module;    ///< the module to write; empty keeps the envelope's own
    const BuiltinEntry* builtin = nullptr;    ///< BuiltIn only (catalog-owned)
    const ObjectDescriptor* descriptor = nullptr; ///< when NEW matched a descriptor (caller-owned)
};

/// Resolves NEW: a descriptor key (exact, or the short name of one) first, then a registered key
/// (contains '>'), then a built-in class of `dialect`'s catalog (in `category` when given, else
/// layers, models and the other class families in turn), else a bare custom name.
MappingTarget resolveMappingTarget(QStringView name, Dialect dialect,
                                   const std::vector<ObjectDescriptor>& descriptors = {},
                                   std::optional<Category> category = std::nullopt);

/// One object of the file that a rule rewrites, with how its config fits the target.
struct MappingOccurrence {
    json::NodeId envelope = json::kNoNode; ///< the {class_name, config, ...} object
    QString pointer;          ///< JSON Pointer of the envelope
    bool isFunction = false;  ///< a function envelope (class_name "function"): its config is rewritten
    QStringList configKeys;   ///< keys of the old inner config, in file order
    QStringList unknownKeys;  ///< old keys the target's constructor does not accept
    QStringList missingKeys;  ///< parameters the target requires that the old config lacks
    bool checked = false;     ///< false: the target's parameters are unknown (nothing compared)
};

/// A rule, its resolved target and every occurrence in the document (document order).
struct MappingPlan {
    MappingRule rule;
    MappingTarget target;
    std::vector<MappingOccurrence> occurrences;
};

/// The envelopes of `document` naming `from`: class_name or registered_name equal to it (any
/// depth: layers, nested objects, compile and training configs), and function envelopes whose
/// config string equals it. Iterative (no recursion on nesting depth).
std::vector<MappingOccurrence> findMappingOccurrences(const json::Document& document, QStringView from);

/// The plan of one rule: occurrences and the parameter differences against the target
/// (catalog keys of `dialect` for built-ins, descriptor params for custom objects). Nothing is
/// changed. Fails (NotFound) when the file does not name `rule.from`.
Result<MappingPlan> planMapping(const json::Document& document, formats::FileDialect dialect,
                                const MappingRule& rule,
                                const std::vector<ObjectDescriptor>& descriptors = {});

/// Applies the rules to every occurrence as ONE Compound edit (description "Map OLD → NEW, ..."),
/// touching only the bytes of the names it changes. Each envelope is rewritten the way Keras
/// reads its shape: Keras 3 envelopes (with module or registered_name; also the Keras 3-style
/// ones inside tf.keras 2.13+ files): class_name becomes the bare class name, registered_name
/// the key (null for a built-in; inserted after config when absent and needed), module the
/// built-in's module (custom targets keep the file's). Legacy {class_name, config} dicts (Keras 2
/// files, the layer entries of Keras 3 `.h5` configs): class_name becomes the registered key,
/// the bare name or the built-in's name. The dialect picks the catalog. On failure the
/// document is left unchanged.
Result<json::Edit> applyMappings(json::Document& document, formats::FileDialect dialect,
                                 const std::vector<MappingRule>& rules,
                                 const std::vector<ObjectDescriptor>& descriptors = {});

/// What `save FILE -o OUT --map OLD=NEW [--scope SCOPEFILE]...` does to the model config: reads
/// the scope files (every entry of their scopes, global registry and custom_objects becomes a
/// possible target, so NEW may name a scope entry by its short name), parses the OLD=NEW texts
/// and applies them as one edit. Errors name the scope file or the mapping at fault.
/// `differences` (optional) receives one line per occurrence whose config does not fit the
/// target: "/config/layers/1: OldDense -> Dense: not accepted: groups; missing: units".
Result<json::Edit> applyMappingArguments(json::Document& document, formats::FileDialect dialect,
                                         const QStringList& mappings, const QStringList& scopeFiles = {},
                                         QStringList* differences = nullptr);

/// The parameter differences of a plan as lines (the format `differences` above uses).
QStringList describeDifferences(const MappingPlan& plan);

/// The catalog dialect that checks a file of `dialect` (Keras 1 files are read by Keras 2 rules).
Dialect catalogDialectFor(formats::FileDialect dialect);

} // namespace kcs::keras
