// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to the load simulation: the walker that follows the target loader through a config.

#include "core/json/PointerWriter.h"
#include "core/keras/Catalog.h"
#include "core/keras/LoadSimulation.h"
#include "core/keras/ModelGraph.h"

#include <QHash>
#include <QSet>

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <new>
#include <type_traits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kcs::keras {

/// A custom object visible to the loader, with where it came from.
struct CustomObjectEntry {
    ObjectDescriptor descriptor;
    ResolutionSource source = ResolutionSource::CustomObjects;
    QString sourceName; ///< the scope's name for scope entries
};

/// The custom objects of one simulated load, looked up in Keras's order (spec 1.3): the thread's
/// scope map (Keras 3: only the innermost scope; Keras 2: all scopes merged, inner wins), the
/// global registry, then the custom_objects argument.
class CustomObjectTable {
public:
    CustomObjectTable(Dialect target, const ScopeSet& set, bool includeLiveRegistry);
    const CustomObjectEntry* find(QStringView key) const;
    /// The first entry (in lookup order) whose key ends with ">" + name (spec 5.4.3).
    const CustomObjectEntry* findBySuffix(QStringView name) const;
    /// Every visible key (for fix-it candidates).
    std::vector<const CustomObjectEntry*> all() const;
    bool isEmpty() const { return m_size == 0; }

private:
    void addLayer(std::vector<CustomObjectEntry> entries);
    std::vector<std::vector<CustomObjectEntry>> m_layers; ///< in lookup order
    std::vector<QHash<QString, int>> m_index;
    size_t m_size = 0; ///< entries over all layers
};

/// One scheduled step of the walk: a callable stored in place (no allocation per step, unlike
/// std::function for captures beyond two words). Move-only.
class TaskFn {
public:
    template <typename F>
        requires(!std::is_same_v<std::decay_t<F>, TaskFn>)
    TaskFn(F f) // NOLINT: implicit, as std::function is
    {
        static_assert(sizeof(F) <= kCapacity && alignof(F) <= alignof(std::max_align_t), "capture too large");
        static_assert(std::is_nothrow_move_constructible_v<F>);
        new (m_storage) F(std::move(f));
        m_ops = &kOps<F>;
    }
    TaskFn(TaskFn&& other) noexcept : m_ops(other.m_ops) { m_ops->move(other.m_storage, m_storage); }
    TaskFn& operator=(TaskFn&& other) noexcept
    {
        if (this != &other) {
            m_ops->destroy(m_storage);
            m_ops = other.m_ops;
            m_ops->move(other.m_storage, m_storage);
        }
        return *this;
    }
    TaskFn(const TaskFn&) = delete;
    TaskFn& operator=(const TaskFn&) = delete;
    ~TaskFn() { m_ops->destroy(m_storage); }
    void operator()() { m_ops->invoke(m_storage); }

private:
    static constexpr size_t kCapacity = 48;
    struct Ops {
        void (*invoke)(void*);
        void (*move)(void* from, void* to);
        void (*destroy)(void*);
    };
    template <typename F>
    static constexpr Ops kOps{[](void* f) { (*static_cast<F*>(f))(); },
                              [](void* from, void* to) { new (to) F(std::move(*static_cast<F*>(from))); },
                              [](void* f) { static_cast<F*>(f)->~F(); }};
    alignas(std::max_align_t) unsigned char m_storage[kCapacity];
    const Ops* m_ops;
};
/// The steps one function schedules together, in order. The first kInline are stored in place:
/// a layer schedules three to six, and a big model has hundreds of thousands of layers (a long
/// list of steps, such as a plain dict's values, spills into the heap).
class TaskList {
public:
    TaskList() = default;
    TaskList(const TaskList&) = delete;
    TaskList& operator=(const TaskList&) = delete;
    ~TaskList()
    {
        for (size_t i = 0; i < m_inline; ++i)
            slot(i)->~TaskFn();
    }
    template <typename F>
    void push_back(F&& f)
    {
        if (m_inline < kInline) {
            new (slot(m_inline)) TaskFn(std::forward<F>(f));
            ++m_inline;
        } else {
            m_spill.emplace_back(std::forward<F>(f));
        }
    }
    size_t size() const { return m_inline + m_spill.size(); }
    bool empty() const { return m_inline == 0; }
    TaskFn& operator[](size_t i) { return i < kInline ? *slot(i) : m_spill[i - kInline]; }

private:
    static constexpr size_t kInline = 8;
    TaskFn* slot(size_t i) { return std::launder(reinterpret_cast<TaskFn*>(m_storage) + i); }
    alignas(TaskFn) unsigned char m_storage[kInline * sizeof(TaskFn)];
    size_t m_inline = 0;
    std::vector<TaskFn> m_spill;
};

/// How an object reached its from_config: Keras's general path (5.3), a get() helper's
/// module-objects path (5.2), or the legacy path (8).
enum class LoadPath { General, ModuleObjects, Legacy };

/// Walks a config the way the target loader would, with an explicit work stack (no recursion on
/// the input's depth). Tasks run in the loader's order; each task sees the "frames" (enclosing
/// from_config calls) that were active when it was scheduled, so the first error can be wrapped
/// exactly as Keras wraps it.
class LoadWalker {
public:
    LoadWalker(const json::Document& doc, const LoadOptions& options);
    LoadReport run(json::NodeId config);

private:
    // --- frames and tasks (LoadSimulation.cpp) -----------------------------------------------
    struct Frame {
        /// Shadow: a region whose code we do not have (inside an unknown or custom class): what is
        /// found there is reported as a warning, never as the loader's error.
        enum class Kind { General, LayerFromConfig, Shadow } kind = Kind::General;
        /// The class whose from_config runs (General: printed as <class '...'>; LayerFromConfig:
        /// as cls.__name__). Texts are only made for the first error, never per frame.
        const BuiltinEntry* entry = nullptr;
        json::NodeId node = json::kNoNode;   ///< the envelope / inner config printed
        std::shared_ptr<const json::Value> value; ///< printed instead of node when set
        const BuiltinEntry* publicEnvelope = nullptr; ///< print {'module': ..., 'config': <node's config>, ...}
        bool k3LayerConfig = false;   ///< print as K3 Operation.from_config does (dtype dict -> name)
        bool addQuantizationConfig = false; ///< Dense/EinsumDense/Embedding add quantization_config
    };
    struct Task {
        int frames = 0;
        TaskFn run;
    };
    /// Schedules the functions to run in the given order, before anything scheduled earlier.
    void schedule(TaskList&& fns);
    void scheduleOne(TaskFn fn);
    void pushFrame(Frame frame) { m_frames.push_back(std::move(frame)); }

    // --- problems ------------------------------------------------------------------------------
    using MessageFn = std::function<QString(bool full)>;
    /// Records an error the loader raises here. The first one gets the full, wrapped message.
    Problem& raise(json::NodeId node, const char* code, ErrorCode kind, const MessageFn& message);
    Problem& warn(json::NodeId node, const char* code, QString message, Severity severity = Severity::Warning);
    /// Keras's wrapping of an error raised inside the active frames; kind becomes the kind of
    /// the exception that finally escapes.
    QString wrapForFrames(QString message, ErrorCode& kind) const;
    QString frameRepr(const Frame& frame) const;
    /// pyrepr of a node; when !full and the node is large, a short placeholder.
    QString repr(json::NodeId node, bool full) const;
    void locate(Problem& p, json::NodeId node) const;

    // --- entry points (LoadSimulation.cpp) ------------------------------------------------------
    void startGeneral(json::NodeId root);
    void startKeras2Json(json::NodeId root);
    void startLegacyFile(json::NodeId root);

    // --- objects (LoadSimulationObjects.cpp) ----------------------------------------------------
    struct Expect {
        Category category = Category::Layers;
        bool mustBeLayer = false; ///< a layers entry: the result must be a layer
        bool nonFatal = false;    ///< inside an object whose code we do not have: only warn
    };
    void generalDeserialize(json::NodeId node, Expect expect);
    void generalEnvelope(json::NodeId env, Expect expect);
    void moduleObjectsGet(json::NodeId node, Category category, bool nonFatal);
    void moduleObjectsDict(json::NodeId env, Category category, bool nonFatal);
    void activationGet(json::NodeId node, bool nonFatal, bool legacyPath);
    void legacyDeserialize(json::NodeId env, Category category, bool nonFatal);
    void legacyLayerEntry(json::NodeId entry); ///< K3 saving_utils.model_from_config
    void keras2LayerEntry(json::NodeId entry, bool legacy, std::vector<json::NodeId>* unknownOut);

    /// Resolution of a class or function by the general path (5.4). Returns the entry, or null
    /// with a problem raised (or a custom entry in *custom).
    struct Resolved {
        const BuiltinEntry* builtin = nullptr;
        const CustomObjectEntry* custom = nullptr;
        bool ok() const { return builtin || custom; }
    };
    Resolved resolveGeneral(json::NodeId env, const QString& name, const QString& reg,
                            const QString& module, bool isFunction, Expect expect);
    /// 5.4.4 (K3) / tf-keras's import fallback; nullopt: fall through to "Could not locate".
    std::optional<Resolved> resolveByImport(json::NodeId env, const QString& name, const QString& reg,
                                            const QString& module, bool isFunction, Expect expect);
    /// Keras 3.15's refusal of an explicit registered_name on the built-in module.name.
    bool checkRegisteredName(json::NodeId env, const QString& name, const QString& module, Expect expect);
    /// A class or function of a Keras module: Keras 3's non-modeling API check and the catalog's
    /// public export, answered from a small table of recent names.
    struct KerasExport {
        bool valid = false;
        QString module, name;
        bool nonModeling = false; ///< Keras 3 refuses module.name (spec 5.4.2)
        ExportMatch match;
    };
    const KerasExport& kerasExport(const QString& module, const QString& name) const;
    /// The class (or function) a legacy or module-objects lookup finds: custom objects first
    /// (spec 1.3), then the category's table. Records the resolution.
    Resolved lookupModuleObject(json::NodeId node, const QString& name, Category category);
    QString printableName(Category category) const;
    /// publicEnvelope: the object came through module-objects mode, where Keras rebuilds the
    /// envelope from the class's public export around the original inner config.
    void fromConfig(json::NodeId env, json::NodeId inner, const Resolved& target, LoadPath path,
                    Expect expect, bool publicEnvelope = false);
    void builtinLayerFromConfig(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry,
                                LoadPath path, std::shared_ptr<const json::Value> converted = {});
    void builtinObjectFromConfig(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry);
    void customFromConfig(json::NodeId env, json::NodeId inner, const CustomObjectEntry& entry,
                          LoadPath path);
    void checkConstructor(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry,
                          const std::shared_ptr<const json::Value>& converted);
    /// The class and the raw keys of inner (in m_keyScratch); false when the verdict also
    /// depends on values.
    bool keySignature(json::NodeId inner, const BuiltinEntry& entry);
    /// inner's keys are those of the last key signature the constructor of entry accepted (the
    /// usual case in a long model: compared in place, nothing built or hashed).
    bool sameKeysAsLastAccepted(json::NodeId inner, const BuiltinEntry& entry) const;
    void addKeyFixIts(Problem& p, json::NodeId inner, const BuiltinEntry& entry, const QStringList& unknown);
    void scheduleNestedObjects(json::NodeId inner, const BuiltinEntry* entry, LoadPath path,
                               bool nonFatal);
    /// How a nested object of a config is looked up: its family's get() helper, or
    /// activations.get() (on the legacy path or not).
    enum class NestedGet : quint8 { ModuleObjects, Activation, LegacyActivation };
    /// A nested object (initializer, regularizer, constraint, activation, dtype policy) looked
    /// up and built as its get() helper does, remembered by its bytes (LoadSimulationMemo.cpp).
    void nestedGet(json::NodeId node, NestedGet how, Category category, bool nonFatal);
    void finishNestedGet();
    void checkLambdaLayer(json::NodeId env, json::NodeId inner, LoadPath path);
    /// tf-keras: the wrapped layers (under inner's keys) that layers.deserialize handed back as
    /// names; the wrapper's __init__ refuses the first one it checks.
    void refuseHandedBackLayers(json::NodeId inner, const BuiltinEntry& entry,
                                const std::vector<json::NodeId>& handedBack);
    void recordLambda(json::NodeId node, const QString& layerName, const QString& type,
                      json::NodeId code, bool refused);
    void unresolvedFallbackScan(json::NodeId inner);

    // --- models (LoadSimulationModels.cpp) -----------------------------------------------------
    void sequentialFromConfig(json::NodeId env, json::NodeId inner, LoadPath path);
    void functionalFromConfig(json::NodeId env, json::NodeId inner, LoadPath path);
    enum class LayerList { Sequential, Functional };
    /// The task deserializing one entry of a model's layer list as that model class does.
    /// Functional (tf-keras) adds the layers it cannot resolve to `unknown` for its graph checks.
    TaskFn layerEntryTask(json::NodeId layers, int index, LayerList list, std::shared_ptr<std::vector<json::NodeId>> unknown);
    void graphChecks(json::NodeId modelConfig, const std::vector<json::NodeId>& unknownKeras2Layers);
    void compileConfig(json::NodeId compileConfig);
    void lazyCompileStrings(json::NodeId node, Category category);
    void trainingConfig(json::NodeId node);
    /// The losses (metrics) of a training config: one step per identifier, in order, so that
    /// each object is built, its constructor checked, before the next one is looked up, as
    /// Keras deserializes them one by one.
    void eachTrainingIdentifier(json::NodeId node, void (LoadWalker::*step)(json::NodeId));
    /// A loss or metric written as a dict: Keras 3's module-objects mode, tf-keras's legacy path.
    void trainingObjectItem(json::NodeId n, Category category, bool nonFatalInKeras3);
    void trainingLossItem(json::NodeId n);
    void trainingMetricItem(json::NodeId n);
    void trainingOptimizer(json::NodeId node);
    /// Starts building the graph of a big model on another thread (see buildGraph()).
    void startGraph();
    /// The graph of the model, built once (or waited for) when first needed; false when the walk
    /// was cancelled meanwhile (the report then says so, and the graph is not to be used).
    bool buildGraph();
    void collectSharedLayers();

    // --- resolution bookkeeping -----------------------------------------------------------------
    void record(json::NodeId node, const QString& identifier, Category category, bool isFunction,
                ResolutionSource source, const QString& sourceName, const QString& resolvedTo);
    void recordBuiltin(json::NodeId node, const QString& identifier, const BuiltinEntry& entry);
    void recordCustom(json::NodeId node, const QString& identifier, Category category,
                      const CustomObjectEntry& entry);
    void recordUnresolved(json::NodeId node, const QString& identifier, Category category,
                          bool isFunction);
    std::vector<FixIt> classCandidates(json::NodeId env, const QString& name, Category category) const;
    QString classRepr(const BuiltinEntry& entry) const;
    /// The other Keras's catalog (for "did you mean" candidates); loaded on first use only.
    const Catalog& otherCatalog() const;
    /// Every envelope carrying a shared_object_id, grouped, with a warning for copies whose
    /// config differs from the first (a static pass over the document).
    void scanSharedIds(json::NodeId root);
    /// True when the general path already built an object for this envelope's id (so Keras
    /// returns that object and ignores this envelope); records the id otherwise.
    bool seenSharedId(json::NodeId env);
    bool inShadow() const;
    void pushShadow();
    json::Value::Type valueType(json::NodeId node) const;

    // --- small document helpers -----------------------------------------------------------------
    /// The members of an envelope that the loaders read, found in one pass over its keys (the
    /// last of a repeated key, as a Python dict keeps it); kNoNode when absent or when the node
    /// is not an object.
    struct Envelope {
        json::NodeId className = json::kNoNode;
        json::NodeId config = json::kNoNode;
        json::NodeId module = json::kNoNode;
        json::NodeId registeredName = json::kNoNode;
        json::NodeId sharedObjectId = json::kNoNode;
        json::NodeId compileConfig = json::kNoNode;
    };
    /// Every path asks for several of these members of one envelope in a row: the last
    /// envelope read is kept (the document does not change during a walk).
    const Envelope& envelope(json::NodeId env) const;
    json::NodeId member(json::NodeId object, std::string_view key) const;
    QString stringAt(json::NodeId object, std::string_view key) const;
    /// Document::string(n), shared for the short strings that repeat (class and module names).
    QString text(json::NodeId n) const;
    bool isObject(json::NodeId n) const;
    bool isString(json::NodeId n) const;
    /// The key of an object member as UTF-8: a view of the text when it has no escapes, else
    /// decoded into a buffer that the next call reuses.
    std::string_view keyOf(json::NodeId member) const;
    /// A member and its key (UTF-8: a view of the text, or of a decoded copy when the key has
    /// escapes; valid until the next keysOf() of another object).
    using KeyedMember = json::Document::MemberKey;
    /// The members of an object with their keys, in order (empty for a non-object). A layer's
    /// config is read by several steps in a row (its dtype and wrapped layers, the constructor's
    /// key check, its nested objects): the last object asked for is kept.
    const std::vector<KeyedMember>& keysOf(json::NodeId object) const;
    /// The same text as Document::pointer(node), built without a string per token.
    QString pointerOf(json::NodeId node) const { return m_pointers.pointer(node); }

    const json::Document& m_doc;
    const LoadOptions& m_options;
    const Catalog& m_catalog;
    CustomObjectTable m_custom;
    LoadReport m_report;
    std::vector<Frame> m_frames;
    std::vector<Task> m_tasks;
    bool m_sharingScope = false;
    json::NodeId m_rootConfig = json::kNoNode;
    QHash<QString, int> m_sharedIds; ///< id text -> index in m_report.sharedObjects
    QSet<QString> m_builtIds;
    const ModelGraph* m_graph = nullptr; ///< LoadOptions::graph, or m_ownGraph once built
    std::unique_ptr<ModelGraph> m_ownGraph;
    /// startGraph()'s build. A walk that ends without asking for the graph (cancelled, or failed
    /// early) waits for it when the walker is destroyed, before simulateLoad() returns: the build
    /// never outlives the call, nor the document it reads.
    std::future<ModelGraph> m_graphBuild;
    QHash<json::NodeId, std::vector<int>> m_graphProblemsByModel; ///< model config -> problem indexes
    mutable QByteArray m_decodedKey; ///< keyOf()'s buffer for keys with escapes
    struct ViewHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    mutable std::unordered_map<std::string, QString, ViewHash, std::equal_to<>> m_interned; ///< text()
    struct RecentText {
        std::string key;
        QString value; ///< null: the slot is empty
    };
    mutable std::array<RecentText, 61> m_recentTexts; ///< text()'s first look
    mutable json::PointerWriter m_pointers; ///< pointerOf()
    mutable json::NodeId m_envelopeNode = json::kNoNode; ///< envelope()'s last node
    mutable Envelope m_envelope;
    mutable std::vector<json::Document::MemberKey> m_envelopeKeys; ///< envelope()'s scratch
    mutable json::NodeId m_keysNode = json::kNoNode; ///< keysOf()'s last object
    mutable std::vector<KeyedMember> m_keys;
    mutable std::deque<std::string> m_keysDecoded; ///< its keys that had escapes (stable addresses)
    std::unordered_set<std::string> m_acceptedKeySets; ///< keySignature()s the constructor accepted
    // --- nested get() memo (LoadSimulationMemo.cpp) --------------------------------------------
    /// A nested object's verdict depends only on its bytes and on how it is looked up (the
    /// custom objects, catalog and options are fixed for a walk). One that raised nothing and
    /// left nothing behind but resolutions is remembered: the next object with the same bytes
    /// gets the same resolutions, at the same places below it, without being walked again.
    struct MemoKey {
        std::string_view bytes; ///< the value's text (the document does not change during a walk)
        quint32 context = 0;    ///< NestedGet, category, nonFatal, sharing scope
        bool operator==(const MemoKey&) const = default;
    };
    /// The memo's key of a nested object; empty bytes when it is too long to remember.
    MemoKey memoKey(json::NodeId node, NestedGet how, Category category, bool nonFatal) const;
    struct MemoKeyHash {
        size_t operator()(const MemoKey& k) const;
    };
    struct MemoResolution {
        std::vector<int> path; ///< child indexes from the object down to the resolution's node
        Resolution resolution; ///< node unset
    };
    struct PendingMemo {
        MemoKey key;
        json::NodeId node = json::kNoNode;
        size_t resolutions = 0, problems = 0, lambdas = 0, sharedObjects = 0, sharedLayers = 0, builtIds = 0;
    };
    /// Per class, the latest key signature its constructor accepted, with its keys as views of
    /// it, and (once a layer with these keys has scheduled them) where its nested objects are.
    struct AcceptedKeys {
        std::string signature;
        std::vector<std::string_view> keys;
        int trainable = -1; ///< index of "trainable" among keys, -1 when absent
        bool nestedKnown = false;
        /// A key holding a nested object, and the object the last layer had there: in a long
        /// model it is most often the same text, told without hashing it.
        struct NestedPlace {
            int index = 0; ///< among the keys
            Category category = Category::Layers; ///< the get() family
            MemoKey last;
            const std::vector<MemoResolution>* lastResolutions = nullptr;
        };
        std::vector<NestedPlace> nested;
        void assign(const std::string& s);
    };
    std::unordered_map<const BuiltinEntry*, AcceptedKeys> m_lastAccepted;
    /// The config (and class) whose keys checkConstructor() last found equal to the class's
    /// accepted signature: scheduleNestedObjects() then takes their places from it.
    json::NodeId m_keysMatchedNode = json::kNoNode;
    const BuiltinEntry* m_keysMatchedEntry = nullptr;
    std::string m_keyScratch;
    mutable std::array<KerasExport, 61> m_kerasExports; ///< kerasExport()'s table
    std::array<QExplicitlySharedDataPointer<ResolvedName>, 64> m_names; ///< record()'s recent names

    std::unordered_map<MemoKey, std::vector<MemoResolution>, MemoKeyHash> m_memo;
    void replay(json::NodeId node, const std::vector<MemoResolution>& resolutions);
    std::vector<PendingMemo> m_pendingMemos;
    std::vector<int> m_memoPath; ///< scratch
public:
    /// The training config of an .h5 (its own document): run by a second walker.
    void runTraining(json::NodeId node);
    /// Runs the scheduled tasks to the end, or until LoadOptions::cancel is set.
    void runTasks();
    LoadReport takeReport() { return std::move(m_report); }
};

/// Python's __name__ of a built-in class ("LSTM" for the entry "lstm_v1.LSTM").
const QString& pythonClassName(const BuiltinEntry& entry);

/// Keys that name nested objects in layer configs, and the category of what they hold.
std::optional<Category> nestedObjectCategory(std::string_view utf8Key);

} // namespace kcs::keras
