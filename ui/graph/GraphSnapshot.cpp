// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphSnapshot.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

namespace kcs::ui::graph {

namespace {

formats::FileKind loaderKind(const SnapshotInput& input)
{
    if (input.fileKind == QLatin1String("h5"))
        return formats::FileKind::H5;
    if (input.fileKind == QLatin1String("tfjs"))
        return formats::FileKind::Tfjs;
    // shared_object_id only means something inside load_model's sharing scope (a .keras
    // archive); a config.json opened on its own is judged as the archive it came from, so its
    // id groups are listed.
    if (input.fileKind == QLatin1String("keras-zip") || input.text.contains("\"shared_object_id\""))
        return formats::FileKind::KerasZip;
    return formats::FileKind::KerasJson;
}

} // namespace

bool pointerWithin(const QString& pointer, const QString& ancestor)
{
    if (!pointer.startsWith(ancestor))
        return false;
    return pointer.size() == ancestor.size() || pointer.at(ancestor.size()) == QLatin1Char('/');
}

QString GraphSnapshot::pointer(json::NodeId node) const
{
    return node == json::kNoNode ? QString() : doc->pointer(node);
}

QString GraphSnapshot::layerShape(int layer) const
{
    const std::vector<keras::TensorShape> outputs = shapes.layerOutputs(layer);
    return outputs.empty() ? QStringLiteral("?") : keras::shapesText(outputs);
}

int GraphSnapshot::layerAt(const QString& pointer) const
{
    const json::NodeId node = doc->find(pointer);
    if (node == json::kNoNode)
        return -1;
    const auto& layers = graph.layers();
    for (size_t i = 0; i < layers.size(); ++i)
        if (layers[i].envelope == node)
            return int(i);
    return -1;
}

std::pair<int, int> GraphSnapshot::sharedGroupOf(const QString& pointer) const
{
    // The innermost envelope wins: a nested copy inside another group's copy is its own group.
    std::pair<int, int> best{-1, -1};
    qsizetype bestLength = -1;
    for (size_t g = 0; g < report.sharedObjects.size(); ++g) {
        const QStringList& copies = report.sharedObjects[g].pointers;
        for (int c = 0; c < copies.size(); ++c) {
            if (copies[c].size() > bestLength && pointerWithin(pointer, copies[c])) {
                best = {int(g), c};
                bestLength = copies[c].size();
            }
        }
    }
    return best;
}

namespace {

/// A snapshot of a big model is hundreds of megabytes in small allocations (the document's
/// nodes, the graph, the load report's values): freeing it takes long enough to freeze the
/// window, and the last reference is usually dropped on the GUI thread when a newer snapshot
/// replaces it. So the last owner on the GUI thread hands the memory to a pool thread.
void disposeSnapshot(const GraphSnapshot* snapshot)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (app && QThread::currentThread() == app->thread())
        QThreadPool::globalInstance()->start([snapshot] { delete snapshot; });
    else
        delete snapshot;
}

} // namespace

std::shared_ptr<const GraphSnapshot> GraphSnapshot::build(const SnapshotInput& input)
{
    std::shared_ptr<GraphSnapshot> snapshot(new GraphSnapshot, disposeSnapshot);
    snapshot->generation = input.generation;
    snapshot->storedWeights = input.storedWeights;
    auto parsed = json::Document::parse(input.text);
    if (!parsed) {
        snapshot->doc = std::make_shared<json::Document>();
        snapshot->error = parsed.error().message;
        return snapshot;
    }
    snapshot->doc = std::make_shared<const json::Document>(std::move(*parsed));
    const json::Document& doc = *snapshot->doc;
    snapshot->graph = keras::ModelGraph::build(doc);
    if (!snapshot->graph.isValid()) {
        snapshot->error = snapshot->graph.problems().empty()
            ? QCoreApplication::translate("kcs::ui::graph::GraphSnapshot", "The config holds no model")
            : snapshot->graph.problems().front().message;
        return snapshot;
    }
    snapshot->shapes = keras::ShapeInference::run(doc, snapshot->graph);
    snapshot->summary = keras::summarize(doc, snapshot->graph, snapshot->shapes);
    snapshot->mismatches = keras::compareWeights(snapshot->graph, snapshot->shapes, input.storedWeights);
    keras::LoadOptions options;
    options.fileKind = loaderKind(input);
    options.includeLiveRegistry = false; // the window's process registers nothing of the user's
    options.graph = &snapshot->graph;     // built above, from the same document
    snapshot->report = keras::simulateLoad(doc, keras::ModelGraph::locateModel(doc, doc.root()), options);
    return snapshot;
}

} // namespace kcs::ui::graph
