// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QHash>
#include <QString>

#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <atomic>
#include <vector>

namespace kcs::keras {

/// A vector that keeps its first N items inside itself and allocates only past them: most
/// layers are called once and most calls take one tensor, so a graph of 100,000s of layers
/// needs no allocation per layer or call for these lists. The std::vector interface the
/// graph's users read (size, [], iteration, front/back) is the same.
template <typename T, size_t N>
class InlineVector {
public:
    using value_type = T;
    using size_type = size_t;
    using iterator = T*;
    using const_iterator = const T*;

    InlineVector() = default;
    InlineVector(const InlineVector& other) { append(other); }
    InlineVector(InlineVector&& other) noexcept { take(other); }
    InlineVector& operator=(const InlineVector& other)
    {
        if (this != &other) {
            clear();
            append(other);
        }
        return *this;
    }
    InlineVector& operator=(InlineVector&& other) noexcept
    {
        if (this != &other) {
            clear();
            releaseHeap();
            take(other);
        }
        return *this;
    }
    ~InlineVector()
    {
        clear();
        releaseHeap();
    }

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T* data() { return m_data; }
    const T* data() const { return m_data; }
    T* begin() { return m_data; }
    T* end() { return m_data + m_size; }
    const T* begin() const { return m_data; }
    const T* end() const { return m_data + m_size; }
    T& operator[](size_t i) { return m_data[i]; }
    const T& operator[](size_t i) const { return m_data[i]; }
    T& front() { return m_data[0]; }
    const T& front() const { return m_data[0]; }
    T& back() { return m_data[m_size - 1]; }
    const T& back() const { return m_data[m_size - 1]; }

    void push_back(const T& value) { emplace_back(value); }
    void push_back(T&& value) { emplace_back(std::move(value)); }
    template <typename... Args>
    T& emplace_back(Args&&... args)
    {
        if (m_size == m_capacity) {
            // Made first and moved in after: args may refer to an item of this vector.
            T value(std::forward<Args>(args)...);
            grow(m_capacity * 2);
            return *::new (static_cast<void*>(m_data + m_size++)) T(std::move(value));
        }
        return *::new (static_cast<void*>(m_data + m_size++)) T(std::forward<Args>(args)...);
    }
    void reserve(size_t capacity)
    {
        if (capacity > m_capacity)
            grow(capacity);
    }
    void clear()
    {
        std::destroy_n(m_data, m_size);
        m_size = 0;
    }

private:
    bool isInline() const { return m_data == reinterpret_cast<const T*>(m_inline); }
    T* inlineData() { return reinterpret_cast<T*>(m_inline); }
    void append(const InlineVector& other)
    {
        reserve(other.size());
        for (const T& value : other)
            emplace_back(value);
    }
    /// Moves other's items here (this is empty and inline); other is left empty.
    void take(InlineVector& other) noexcept
    {
        if (other.isInline()) {
            std::uninitialized_move_n(other.m_data, other.m_size, m_data);
            m_size = other.m_size;
            other.clear();
            return;
        }
        m_data = std::exchange(other.m_data, other.inlineData());
        m_size = std::exchange(other.m_size, 0u);
        m_capacity = std::exchange(other.m_capacity, quint32(N));
    }
    void grow(size_t capacity)
    {
        T* heap = std::allocator<T>().allocate(capacity);
        std::uninitialized_move_n(m_data, m_size, heap);
        std::destroy_n(m_data, m_size);
        releaseHeap();
        m_data = heap;
        m_capacity = quint32(capacity);
    }
    void releaseHeap()
    {
        if (!isInline())
            std::allocator<T>().deallocate(m_data, m_capacity);
        m_data = inlineData();
        m_capacity = quint32(N);
    }

    T* m_data = inlineData();
    quint32 m_size = 0; ///< 32 bits, as m_capacity: an InlineVector<int, 1> is as big as a std::vector
    quint32 m_capacity = quint32(N);
    alignas(T) unsigned char m_inline[sizeof(T) * N];
};

/// What is wrong with a model's graph. Stable: the command line prints codeName().
enum class GraphProblemCode {
    NotAModel,            ///< the value is not a Sequential/Functional config
    MalformedLayer,       ///< a layers entry that is not an envelope with class_name/config
    MalformedNode,        ///< an inbound node or input/output entry of the wrong shape
    UnknownLayer,         ///< a K3 node names a layer the model does not have
    MissingNode,          ///< a K2 list node names a layer the model does not have
    BadReferenceLength,   ///< a K2 reference with other than 3 or 4 items
    DanglingReference,    ///< a reference to a call (node index) or tensor that does not exist
    UnknownIoLayer,       ///< input_layers/output_layers name an unknown layer
    CycleOrDisconnected,  ///< calls that can never run (a loop, or inputs that never exist)
    DuplicateLayerName,   ///< two layers of one model share a name
};

/// "graph-unknown-layer", ... (kebab case, stable).
QString graphProblemCodeName(GraphProblemCode code);

/// One problem of the graph, located at the node of the file it is about. The message is
/// Keras's own text (spec 7.7) where Keras has one.
struct GraphProblem {
    GraphProblemCode code = GraphProblemCode::MalformedNode;
    QString message;
    json::NodeId node = json::kNoNode;
};

/// A reference to one output tensor of one call of a layer: an edge of the graph.
struct TensorRef {
    int layer = -1;          ///< index into ModelGraph::layers(); -1 when the name is unknown
    int call = -1;           ///< index into that layer's calls; -1 when it names no call
    int tensor = 0;          ///< which output of the call
    qint64 nodeIndex = 0;    ///< the node index as written in the file (before the 7.4 rules)
    QString layerName;       ///< as written
    QString argument;        ///< keyword the tensor was passed as; empty for the first argument
    json::NodeId node = json::kNoNode; ///< the reference in the file (list or __keras_tensor__)

    bool isResolved() const { return layer >= 0 && call >= 0; }
};

/// One call of a layer inside its model (one inbound_nodes entry, or the implicit call of an
/// InputLayer or of a Sequential member).
struct CallNode {
    int layer = -1;
    int index = 0;            ///< position among the layer's calls
    json::NodeId node = json::kNoNode; ///< the inbound_nodes entry; the layer envelope when implicit
    InlineVector<TensorRef, 1> inputs; ///< every tensor argument, in argument order
};

/// One layer entry of a model.
struct GraphLayer {
    QString name;
    QString className;
    json::NodeId envelope = json::kNoNode; ///< the {"class_name", "config", ...} object
    json::NodeId config = json::kNoNode;   ///< its "config" value (kNoNode when absent)
    int model = -1;                        ///< owning model (index into models())
    int submodel = -1;                     ///< the model this layer is, when it is a nested model
    json::NodeId wrapped = json::kNoNode;  ///< a wrapper's inner layer envelope (config.layer)
    InlineVector<int, 1> calls;            ///< indexes into ModelGraph::calls(), in call order

    bool isInputLayer() const;
};

/// One model: the root, or a model nested as a layer of another.
struct GraphModel {
    enum class Kind { Sequential, Functional };
    Kind kind = Kind::Functional;
    QString name;
    QString className;
    json::NodeId envelope = json::kNoNode; ///< kNoNode for a bare layer list
    json::NodeId config = json::kNoNode;
    json::NodeId layersNode = json::kNoNode; ///< the layers array
    int ownerLayer = -1;                   ///< the layer that is this model; -1 for the root
    bool keras3Nodes = false;              ///< inbound nodes use the K3 {"args", "kwargs"} form
    std::vector<int> layers;               ///< indexes into ModelGraph::layers(), in file order
    std::vector<TensorRef> inputs;         ///< input_layers leaves (Sequential: the input layer)
    std::vector<TensorRef> outputs;        ///< output_layers leaves (Sequential: the last layer)
    std::vector<int> order;                ///< calls in an order where inputs come first

    bool isSequential() const { return kind == Kind::Sequential; }
};

/// The graph of a Keras model config, read straight from a json::Document: models (the root and
/// every nested one), their layers, every call of every layer, and the edges between calls,
/// each pointing to its node in the file. Both inbound-node dialects (K2 lists, K3 args/kwargs)
/// and both node-index rules for nested models (spec 7.4) are understood.
///
/// Building never fails and never recurses on model depth: what cannot be understood becomes a
/// GraphProblem, and a 200,000-layer chain or deeply nested models are handled by loops.
/// The graph holds NodeIds of the document it was built from; it does not own the document.
class ModelGraph {
public:
    /// Builds the graph of the model at node (a model envelope, a Sequential's bare layer list,
    /// or a file wrapper that holds one: {"model_config": ...}, {"modelTopology": ...}).
    /// With kNoNode, the document's root.
    /// With `cancel`: a build that sees it set stops within about a thousand layers, and the
    /// graph it returns is incomplete (for a caller that no longer wants it).
    static ModelGraph build(const json::Document& doc, json::NodeId node = json::kNoNode,
                            const std::atomic<bool>* cancel = nullptr);

    /// The model envelope (or bare list) inside a file wrapper, or kNoNode when there is none.
    static json::NodeId locateModel(const json::Document& doc, json::NodeId node);

    bool isValid() const { return !m_models.empty(); }
    const std::vector<GraphModel>& models() const { return m_models; }
    const std::vector<GraphLayer>& layers() const { return m_layers; }
    const std::vector<CallNode>& calls() const { return m_calls; }
    const std::vector<GraphProblem>& problems() const { return m_problems; }
    const GraphModel& root() const { return m_models.front(); }

    /// The layer of model named name, or -1.
    int findLayer(int model, QStringView name) const;
    /// Layers called more than once inside their model (shared layers), in file order.
    std::vector<int> sharedLayers() const;
    /// "name[node][tensor], ..." as Keras's summary prints a layer's inputs ("-" when none).
    QString connectedTo(int layer) const;

private:
    friend class GraphBuilder;

    /// One model's layer names: name -> index into m_layers (the last layer of that name, as
    /// Keras's created_layers dict keeps it). An open-addressing table over the names m_layers
    /// already holds, so it stores no strings of its own and can be searched with a name still
    /// in the file's bytes (findIf), without making a QString of it first. A name hashes the
    /// same from its UTF-16 units as from its Latin-1 bytes (hashOf), with a seed taken from
    /// QHashSeed when the table is made, so hostile names cannot pick collisions.
    class LayerNames {
    public:
        void reserve(qsizetype layers);
        /// -1 when no layer has that name.
        int find(QStringView name, const std::vector<GraphLayer>& layers) const;
        /// Records layers[layer] under its name, whose hashOf is hash; returns the layer it
        /// replaces there, or -1.
        int insert(int layer, size_t hash, const std::vector<GraphLayer>& layers);
        size_t hashOf(QStringView name) const;
        size_t hashOf(QLatin1StringView name) const;
        /// The layer with this hash that isName(layer) accepts, or -1. (hashOf and findIf are
        /// defined in ModelGraphBuilder.h: only the graph's own sources use them.)
        template <typename IsName>
        int findIf(size_t hash, IsName isName) const;

    private:
        struct Slot {
            int layer = -1;     ///< -1: empty
            quint32 hash = 0;   ///< low bits of the name's hash, checked before the name
        };
        void rehash(size_t size);

        std::vector<Slot> m_slots; ///< a power of two in size, at most half full
        qsizetype m_count = 0;
        size_t m_seed = QHashSeed::globalSeed();
    };

    std::vector<GraphModel> m_models;
    std::vector<GraphLayer> m_layers;
    std::vector<CallNode> m_calls;
    std::vector<GraphProblem> m_problems;
    std::vector<LayerNames> m_names; ///< per model
};

} // namespace kcs::keras
