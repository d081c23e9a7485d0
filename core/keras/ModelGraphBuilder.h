// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/keras: the loops that fill a ModelGraph.

#include "core/keras/ModelGraph.h"

#include <deque>

namespace kcs::keras {

/// Fills a ModelGraph from a document: a queue of models to read (nested models are queued,
/// never entered recursively), then per model its layers, calls, references and call order.
class GraphBuilder {
public:
    GraphBuilder(const json::Document& doc, ModelGraph& graph) : m_doc(doc), m_g(graph) {}
    void run(json::NodeId modelNode);

private:
    /// How a nested model counts its calls (spec 7.4).
    enum class SubKind : quint8 { None, Functional, SequentialWithInput, Sequential };
    struct Pending {
        json::NodeId node;
        int ownerLayer;
    };

    int addModel(json::NodeId node, int ownerLayer);
    void readLayers(int model);
    int addLayer(int model, json::NodeId entry);
    void readSequential(int model);
    void readFunctional(int model);

    // ModelGraphNodes.cpp
    void readInboundNode(int layer, json::NodeId nodeData);
    void readKeras3Node(CallNode& call, json::NodeId nodeData);
    void readKeras2Node(CallNode& call, json::NodeId nodeData);
    void collectListTensors(CallNode& call, json::NodeId root, const QString& argument);
    bool readLeaf(json::NodeId leaf, TensorRef& ref) const;
    void resolve(int model, TensorRef& ref, bool keras2Rule, bool ioRule, GraphProblemCode unknownCode);
    void readIo(int model, json::NodeId value, std::vector<TensorRef>& into);
    void orderCalls(int model, int firstCall);
    void reportUnresolved(int model, int firstCall, const std::vector<int>& waiting);
    int implicitCall(int layer);

    /// How the layer with this class name and config value counts its calls.
    SubKind subKindOf(const QString& className, json::NodeId config) const;
    void problem(GraphProblemCode code, QString message, json::NodeId node);

    const json::Document& m_doc;
    ModelGraph& m_g;
    std::deque<Pending> m_queue;
    std::vector<SubKind> m_subKinds; ///< per layer
};

/// True for the class names that hold a whole model config.
bool isModelClassName(QStringView className);

} // namespace kcs::keras
