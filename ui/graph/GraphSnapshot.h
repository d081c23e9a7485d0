// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/keras/LoadSimulation.h"
#include "core/keras/ModelGraph.h"
#include "core/keras/ShapeInference.h"
#include "core/keras/Summary.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace kcs::ui::graph {

/// What the snapshot is computed from: the config text and how the file reaches Keras.
struct SnapshotInput {
    QByteArray text;
    QString fileKind;   ///< LoadedFile::kind ("keras-json", "keras-zip", "h5", "tfjs")
    std::vector<keras::StoredWeight> storedWeights; ///< empty when the file has none
    quint64 generation = 0;
};

/// Everything the graph, summary and shared-object views show about one version of the config,
/// computed together off the GUI thread from a private copy of the text. It is immutable once
/// built and handed around as shared_ptr<const GraphSnapshot>, so any thread may read it.
/// NodeIds inside refer to the snapshot's own document; views map them to the live document
/// by JSON pointer (pointer()), which the two share while the text is unchanged.
struct GraphSnapshot {
    std::shared_ptr<const json::Document> doc;
    keras::ModelGraph graph;     ///< address stable: shapes keeps a pointer to it
    keras::ShapeInference shapes;
    keras::ModelSummary summary;
    keras::LoadReport report;    ///< for shared layers and shared_object_id groups
    std::vector<keras::WeightMismatch> mismatches;
    std::vector<keras::StoredWeight> storedWeights; ///< what mismatches compares with
    QString error;               ///< why there is no graph (parse error, not a model)
    quint64 generation = 0;

    bool hasGraph() const { return graph.isValid(); }
    QString pointer(json::NodeId node) const;
    /// "(None, 32)" of a layer, "?" when unknown.
    QString layerShape(int layer) const;
    /// The layer whose envelope is at pointer, or -1.
    int layerAt(const QString& pointer) const;
    /// Index into report.sharedObjects of the group one of whose envelopes is pointer or holds
    /// it, and which copy (0 = the one the loader uses); {-1, -1} when none.
    std::pair<int, int> sharedGroupOf(const QString& pointer) const;

    /// Builds the snapshot; never fails (what goes wrong is in error). Safe on any thread.
    static std::shared_ptr<const GraphSnapshot> build(const SnapshotInput& input);
};

/// True when pointer is ancestor itself or lies inside it.
bool pointerWithin(const QString& pointer, const QString& ancestor);

} // namespace kcs::ui::graph
