// SPDX-License-Identifier: GPL-3.0-or-later
// Models (Sequential, Functional), their graph checks, shared objects, and the compile /
// training configs, in the order Keras meets them.
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"

namespace kcs::keras {

void LoadWalker::sequentialFromConfig(json::NodeId env, json::NodeId inner, LoadPath path)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    json::NodeId layers = json::kNoNode;
    if (isObject(inner) && member(inner, "name") != json::kNoNode) {
        layers = member(inner, "layers");
    } else if (k3) {
        raise(inner != json::kNoNode ? inner : env, problem::kSequentialNoName, ErrorCode::ValueError,
              [this, inner](bool full) { return loadmsg::sequentialNeedsName(repr(inner, full)); });
        return;
    } else if (m_doc.kind(inner) == json::Kind::Array) {
        layers = inner; // tf-keras still takes the pre-2017 bare list
    }
    if (layers == json::kNoNode || m_doc.kind(layers) != json::Kind::Array)
        return;
    if (m_doc.childCount(layers) > 0)
        scheduleOne(layerEntryTask(layers, 0, LayerList::Sequential, nullptr));
    (void)path;
}

TaskFn LoadWalker::layerEntryTask(json::NodeId layers, int index, LayerList list,
                                  std::shared_ptr<std::vector<json::NodeId>> unknown)
{
    // One step per layer, each scheduling the next layer's before its own steps (which thus run
    // first): a model of any size holds one pending step for its list, not one per layer (a
    // 200,000-layer list would fill 25 MB of fresh memory with steps). The entry is read when its
    // step runs, and a big model's layers come from memory, not the cache: each step asks for
    // the next layers while it reads its own.
    return [this, layers, index, list, unknown = std::move(unknown)] {
        if (index + 1 < m_doc.childCount(layers))
            scheduleOne(layerEntryTask(layers, index + 1, list, unknown));
        m_doc.prefetchAfter(layers, index);
        const json::NodeId entry = m_doc.child(layers, index);
        if (m_options.target == Dialect::Keras3) {
            if (envelope(entry).module != json::kNoNode)
                generalDeserialize(entry, Expect{Category::Layers, true, false});
            else
                legacyLayerEntry(entry);
            return;
        }
        // tf-keras: Sequential reads a module-less entry through the layer table (module
        // objects); Functional collects the names it cannot resolve for its graph checks.
        const bool moduleObjects = list == LayerList::Sequential && envelope(entry).module == json::kNoNode;
        keras2LayerEntry(entry, moduleObjects, unknown.get());
    };
}

void LoadWalker::functionalFromConfig(json::NodeId env, json::NodeId inner, LoadPath path)
{
    (void)env;
    (void)path;
    const json::NodeId layers = member(inner, "layers");
    if (m_doc.kind(layers) != json::Kind::Array)
        return;
    auto unknown = std::make_shared<std::vector<json::NodeId>>();
    TaskList fns;
    if (m_doc.childCount(layers) > 0)
        fns.push_back(layerEntryTask(layers, 0, LayerList::Functional, unknown));
    // Every layer is created before any call is replayed (functional_from_config).
    fns.push_back([this, inner, unknown] { graphChecks(inner, *unknown); });
    schedule(std::move(fns));
}

void LoadWalker::startGraph()
{
    // The graph reads nothing the walk writes: on a big model it is built on a second core while
    // the walk runs (each pass reads every layer from memory; together they take the longer
    // one's time). A small one is built when first needed: a thread costs more than its graph.
    constexpr qsizetype kParallelFrom = 100'000; // nodes: about 2,000 layers
    if (!m_options.checkGraph || m_options.graph || m_doc.nodeCount() < kParallelFrom)
        return;
    try {
        m_graphBuild = std::async(std::launch::async, [&doc = m_doc, root = m_rootConfig, cancel = m_options.cancel] {
            return ModelGraph::build(doc, root, cancel);
        });
    } catch (const std::system_error&) {
        // No thread to be had: buildGraph() builds it here.
    }
}

bool LoadWalker::buildGraph()
{
    if (m_graph)
        return !m_report.cancelled;
    if (m_options.graph) {
        m_graph = m_options.graph;
    } else {
        m_ownGraph = std::make_unique<ModelGraph>(m_graphBuild.valid() ? m_graphBuild.get()
                                                                        : ModelGraph::build(m_doc, m_rootConfig));
        m_graph = m_ownGraph.get();
    }
    // A build started on another thread stops when the walk is cancelled, perhaps after the
    // walk's own last look at the flag: its graph may be incomplete, and the walk ends here.
    if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed)) {
        m_tasks.clear();
        m_report.cancelled = true;
        return false;
    }
    QHash<json::NodeId, bool> modelConfigs;
    for (const GraphModel& m : m_graph->models())
        if (m.config != json::kNoNode)
            modelConfigs.insert(m.config, true);
    const auto& problems = m_graph->problems();
    for (int i = 0; i < int(problems.size()); ++i) {
        // The innermost model config around the problem owns it.
        json::NodeId n = problems[size_t(i)].node;
        while (n != json::kNoNode && !modelConfigs.contains(n))
            n = m_doc.parent(n);
        m_graphProblemsByModel[n].push_back(i);
    }
    return true;
}

void LoadWalker::graphChecks(json::NodeId modelConfig, const std::vector<json::NodeId>& unknownKeras2Layers)
{
    // tf-keras replays calls in config order; the first unknown layer (kept as its name, a str)
    // that gets called raises Python's TypeError.
    for (json::NodeId entry : unknownKeras2Layers) {
        const json::NodeId nodes = member(entry, "inbound_nodes");
        if (m_doc.kind(nodes) != json::Kind::Array || m_doc.childCount(nodes) == 0)
            continue;
        const QString cn = stringAt(entry, "class_name");
        Problem& p = raise(entry, problem::kUnknownClass, ErrorCode::TypeError,
                           [](bool) { return QStringLiteral("'str' object is not callable"); });
        p.fixIts = classCandidates(entry, cn, Category::Layers);
    }
    if (!m_options.checkGraph || !buildGraph())
        return;
    auto it = m_graphProblemsByModel.constFind(modelConfig);
    if (it == m_graphProblemsByModel.constEnd())
        return;
    for (int i : *it) {
        const GraphProblem& gp = m_graph->problems()[size_t(i)];
        const QByteArray code = graphProblemCodeName(gp.code).toLatin1();
        const ErrorCode kind = gp.code == GraphProblemCode::UnknownIoLayer ? ErrorCode::RuntimeError : ErrorCode::ValueError;
        raise(gp.node, code.constData(), kind, [msg = gp.message](bool) { return msg; });
    }
}

void LoadWalker::collectSharedLayers()
{
    if (!m_options.checkGraph || !buildGraph())
        return;
    for (int li : m_graph->sharedLayers()) {
        const GraphLayer& layer = m_graph->layers()[size_t(li)];
        SharedLayer s;
        s.name = layer.name;
        const GraphModel& model = m_graph->models()[size_t(layer.model)];
        s.modelPointer = pointerOf(model.config);
        for (int ci : layer.calls)
            s.callPointers << pointerOf(m_graph->calls()[size_t(ci)].node);
        s.calls = int(layer.calls.size());
        m_report.sharedLayers.push_back(std::move(s));
    }
}

bool LoadWalker::seenSharedId(json::NodeId env)
{
    const QString id = QString::fromUtf8(m_doc.raw(member(env, "shared_object_id")));
    if (m_builtIds.contains(id))
        return true;
    m_builtIds.insert(id);
    return false;
}

void LoadWalker::scanSharedIds(json::NodeId root)
{
    QHash<QString, int> index;
    std::vector<json::NodeId> first;
    std::vector<json::NodeId> stack{root};
    while (!stack.empty()) {
        const json::NodeId n = stack.back();
        stack.pop_back();
        const json::Kind kind = m_doc.kind(n);
        if (kind != json::Kind::Object && kind != json::Kind::Array)
            continue;
        for (int i = m_doc.childCount(n) - 1; i >= 0; --i)
            stack.push_back(m_doc.child(n, i));
        const json::NodeId idNode = kind == json::Kind::Object ? m_doc.member(n, "shared_object_id") : json::kNoNode;
        if (idNode == json::kNoNode || m_doc.kind(idNode) != json::Kind::Number)
            continue;
        const QString id = QString::fromUtf8(m_doc.raw(idNode));
        auto it = index.constFind(id);
        if (it == index.constEnd()) {
            index.insert(id, int(m_report.sharedObjects.size()));
            first.push_back(n);
            m_report.sharedObjects.push_back({id, {pointerOf(n)}, false});
            continue;
        }
        SharedObjectGroup& g = m_report.sharedObjects[size_t(*it)];
        g.pointers << pointerOf(n);
        // Keras builds the object from the first envelope it meets and ignores this one, so an
        // edit made here is silently lost (spec 4.1).
        const json::NodeId a = member(first[size_t(*it)], "config");
        const json::NodeId b = member(n, "config");
        const Result<json::Value> va = m_doc.toValue(a);
        const Result<json::Value> vb = m_doc.toValue(b);
        if (va && vb && *va == *vb && stringAt(first[size_t(*it)], "class_name") == stringAt(n, "class_name"))
            continue;
        g.configsDiffer = true;
        Problem& p = warn(n, problem::kSharedIdConfigDiffers,
                          QStringLiteral("This envelope carries shared_object_id %1 like %2, which Keras builds "
                                         "first; this copy is ignored on load, so its different config has no "
                                         "effect").arg(id, g.pointers.first()));
        if (va && b != json::kNoNode)
            p.fixIts.push_back({QStringLiteral("Make this copy equal to the one Keras uses"),
                                {{FixEdit::Op::Replace, pointerOf(b), *va, {}}}});
    }
}

} // namespace kcs::keras
