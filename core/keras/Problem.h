// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/FixIt.h"
#include "core/util/Result.h"

#include <QString>

#include <vector>

namespace kcs::keras {

enum class Severity { Error, Warning, Info };
/// "error", "warning", "info".
QString severityName(Severity severity);

/// Stable problem codes: scripts and the GUI key on these words, so they never change meaning.
/// (Listed in the report and in README.md.)
namespace problem {
// --- resolution ------------------------------------------------------------------------------
inline constexpr char kUnknownClass[] = "unknown-class";          ///< a class name nothing resolves
inline constexpr char kUnknownFunction[] = "unknown-function";    ///< a function name nothing resolves
inline constexpr char kUnknownIdentifier[] = "unknown-identifier"; ///< a string a get() helper cannot interpret
inline constexpr char kUnregisteredModuleNull[] = "module-null-unregistered"; ///< `module: null` and not registered
inline constexpr char kRegisteredNameOnBuiltin[] = "registered-name-on-builtin";
inline constexpr char kNonModelingApi[] = "non-modeling-api";
inline constexpr char kModuleNotAllowed[] = "module-not-allowed"; ///< a module Keras 3 never imports
inline constexpr char kModuleNotImportable[] = "module-not-importable";
inline constexpr char kNotKerasSaveable[] = "not-keras-saveable";
inline constexpr char kUnverifiableModule[] = "unverifiable-module"; ///< keras_hub/keras_cv/keras_nlp
// --- config shape ----------------------------------------------------------------------------
inline constexpr char kUnrecognizedKwargs[] = "unrecognized-kwargs";
inline constexpr char kMissingRequired[] = "missing-required";
inline constexpr char kConstructorError[] = "constructor-error"; ///< any other constructor refusal
inline constexpr char kConfigNotDict[] = "config-not-dict";
inline constexpr char kFunctionConfigNotString[] = "function-config-not-string";
inline constexpr char kTypespecConfigNotList[] = "typespec-config-not-list";
inline constexpr char kInvalidEntry[] = "invalid-entry";           ///< layer entry without `config`, non-dict
inline constexpr char kSequentialNoName[] = "sequential-missing-name";
inline constexpr char kListConfig[] = "list-config";               ///< Keras 1 list-form Sequential on a loader that cannot take it
inline constexpr char kEmptyConfig[] = "empty-config";
inline constexpr char kNotALayer[] = "not-a-layer";
inline constexpr char kLegacyRewrite[] = "legacy-rewrite";         ///< info: the K3 .h5 converter rewrites a key
// --- safety ----------------------------------------------------------------------------------
inline constexpr char kLambdaSafeMode[] = "lambda-safe-mode";
// --- sharing ---------------------------------------------------------------------------------
inline constexpr char kSharedIdConfigDiffers[] = "shared-id-config-differs";
// --- graph (from ModelGraph, or the simulation's own node checks) ---------------------------
inline constexpr char kGraphUnknownLayer[] = "graph-unknown-layer";
inline constexpr char kGraphBadReference[] = "graph-bad-reference";
inline constexpr char kGraphCycle[] = "graph-cycle";
inline constexpr char kGraphMissingOutput[] = "graph-missing-output";
// --- compile / training config ---------------------------------------------------------------
inline constexpr char kCompileError[] = "compile-error";
// --- file ------------------------------------------------------------------------------------
inline constexpr char kNotAModel[] = "not-a-model";
} // namespace problem

/// One finding of the load simulation, located in the document. Problems are kept in the order
/// the simulated loader meets them; `firstError` marks the one the real loader raises (its
/// `message` is then Keras's exact text, wrapping included). Other problems carry Keras's own
/// innermost wording where Keras has one.
struct Problem {
    Severity severity = Severity::Error;
    QString code;              ///< one of the problem:: codes
    QString message;
    /// Python exception kind of the Keras error (TypeError, ValueError, ...); for warnings the
    /// value is meaningless.
    ErrorCode pythonKind = ErrorCode::ValueError;
    QString pointer;           ///< RFC 6901, "" for the root
    /// The document the pointer is in: "" for the config, "training_config" for an .h5's
    /// separate training_config attribute.
    QString document;
    qint64 offset = -1;        ///< byte offset of the member (key included) in the text
    qint64 length = 0;
    int line = 0;              ///< 1-based; 0 when unknown
    int column = 0;
    bool firstError = false;   ///< the error the real loader would raise first
    bool fatal = false;        ///< the real loader raises here (not just a warning of ours)
    std::vector<FixIt> fixIts;
};

} // namespace kcs::keras
