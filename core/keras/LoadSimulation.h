// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/FileKind.h"
#include "core/json/Document.h"
#include "core/keras/Dialect.h"
#include "core/keras/Problem.h"
#include "core/keras/Resolution.h"
#include "core/keras/ScopeFile.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <vector>

namespace kcs::keras {

class ModelGraph;

/// How the file reaches Keras. Each entry point takes a different loader path:
/// - KerasJson: `model_from_json(text)` (K3: the general deserializer on the whole text;
///   K2: layers.deserialize with module objects);
/// - KerasZip: `load_model("x.keras")` (general deserializer inside a shared-object scope);
/// - H5 and Tfjs: `load_model("x.h5")` (K3: the legacy converter of spec 8.1; K2: tf-keras's
///   hdf5 loader); a tfjs model.json is judged as the .h5 its `model_config` came from.
struct LoadOptions {
    Dialect target = Dialect::Keras3;
    formats::FileKind fileKind = formats::FileKind::KerasJson;
    bool safeMode = true;  ///< load_model(safe_mode=...) (K3 default: on)
    bool compile = true;   ///< load_model(compile=...): compile_config / training_config used
    ScopeSet customObjects; ///< scopes, global registry entries and the custom_objects argument
    /// Also consult the process's live registry (kcs::saving::customObjects()) and this
    /// thread's current scope map, as a load from C++ code would.
    bool includeLiveRegistry = true;
    /// Check each functional model's graph (ModelGraph) and list shared layers.
    bool checkGraph = true;
    /// The .h5 `training_config` attribute (or tfjs modelTopology.training_config) when it lives
    /// in its own document; nullptr when absent. A training_config member of the config
    /// document itself is passed as trainingConfigNode instead.
    const json::Document* trainingConfig = nullptr;
    json::NodeId trainingConfigNode = json::kNoNode; ///< in trainingConfig, or in the config doc
    /// Set from another thread to stop the walk early (an editor re-checking after an edit):
    /// the report then says `cancelled` and is incomplete. nullptr: runs to the end.
    const std::atomic<bool>* cancel = nullptr;
    /// The config's graph when the caller has built it already (ModelGraph::build of the same
    /// document, which must outlive the call): used instead of building it again.
    const ModelGraph* graph = nullptr;
};

/// A Lambda (or generic `__lambda__` marker) found in the config. The bytecode is measured,
/// never decoded into anything that runs.
struct LambdaInfo {
    QString pointer;       ///< the layer envelope (or the marker)
    QString layerName;     ///< empty for a bare marker
    QString functionType;  ///< K2 `function_type` ("lambda", "function", "raw"), or "__lambda__"
    qsizetype base64Length = 0; ///< length of the stored base64 bytecode text, 0 if none
    bool refusedInSafeMode = false;
};

/// Every envelope carrying one `shared_object_id` (spec 4). Keras builds the first one met in
/// load order and ignores the later copies entirely.
struct SharedObjectGroup {
    QString id;            ///< the id as written (decimal text; ids exceed 2^53)
    QStringList pointers;  ///< in load order; the first is the one Keras uses
    bool configsDiffer = false;
};

/// A layer called more than once inside one functional model.
struct SharedLayer {
    QString name;
    QString modelPointer;  ///< the model config holding it
    int calls = 0;
    QStringList callPointers; ///< each inbound node
};

/// The verdict and everything found on the way.
struct LoadReport {
    Dialect target = Dialect::Keras3;
    bool loads = true;                 ///< no fatal problem
    bool cancelled = false;            ///< LoadOptions::cancel stopped the walk: incomplete
    std::vector<Problem> problems;     ///< in the simulated loader's order
    int firstError = -1;               ///< index into problems, -1 when it loads
    std::vector<Resolution> resolutions;
    std::vector<SharedObjectGroup> sharedObjects;
    std::vector<SharedLayer> sharedLayers;
    std::vector<LambdaInfo> lambdas;

    const Problem* firstErrorProblem() const
    {
        return firstError >= 0 ? &problems[size_t(firstError)] : nullptr;
    }
    std::vector<UnresolvedName> unresolved() const { return summarizeUnresolved(resolutions); }
};

/// Simulates what the target Keras does when loading the model whose config is `config` in
/// `document`: walks the whole config in the loader's order, resolves every class and function
/// identifier by the target's rules against the custom objects and the catalog's built-ins,
/// validates every built-in's keys, and does not stop at the first problem. Nothing in the
/// document is executed. Runs in time linear in the document and never recurses on its depth.
LoadReport simulateLoad(const json::Document& document, json::NodeId config,
                        const LoadOptions& options);

} // namespace kcs::keras
