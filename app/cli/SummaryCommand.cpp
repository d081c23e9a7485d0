// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio summary FILE [--json]`: model.summary() without Python — output shapes
// and parameter counts of every layer, the totals, and stored weights that disagree with them.
#include "app/cli/Cli.h"
#include "core/formats/ModelFile.h"
#include "core/json/PyJson.h"
#include "core/keras/Summary.h"

namespace kcs::cli {

namespace {

using json::Value;

/// Stored weights per layer name: h5 and tfjs files name their layers; `.keras` archives name
/// weight groups by position ("layers/dense_1"), mapped back through the graph.
std::vector<keras::StoredWeight> storedWeights(const formats::ModelFile& file, const keras::ModelGraph& graph)
{
    std::vector<keras::StoredWeight> out;
    auto weights = file.weights();
    if (!weights)
        return out;
    for (const formats::WeightInfo& w : *weights) {
        QString layer = w.layerPath;
        if (file.kind() == formats::FileKind::Tfjs)
            layer = layer.section(QLatin1Char('/'), 0, 0); // "lstm/lstm_cell" -> "lstm"
        out.push_back(keras::StoredWeight{layer, w.name, w.shape});
    }
    return file.kind() == formats::FileKind::KerasZip ? keras::weightsFromKerasZip(graph, out) : out;
}

Value summaryJson(const QString& path, const keras::ModelSummary& s, const keras::ModelGraph& graph,
                  const std::vector<keras::WeightMismatch>& mismatches)
{
    Value layers = Value::array();
    for (const keras::SummaryRow& r : s.rows) {
        Value row = Value::object();
        row.append(QStringLiteral("name"), r.name);
        row.append(QStringLiteral("class_name"), r.className);
        row.append(QStringLiteral("output_shape"), r.outputShape);
        row.append(QStringLiteral("params"), r.known ? Value(std::int64_t(r.params)) : Value());
        layers.append(std::move(row));
    }
    Value problems = Value::array();
    for (const keras::GraphProblem& p : graph.problems()) {
        Value item = Value::object();
        item.append(QStringLiteral("code"), keras::graphProblemCodeName(p.code));
        item.append(QStringLiteral("message"), p.message);
        problems.append(std::move(item));
    }
    Value weights = Value::array();
    for (const keras::WeightMismatch& m : mismatches) {
        Value item = Value::object();
        item.append(QStringLiteral("layer"), m.layer);
        item.append(QStringLiteral("message"), m.message);
        weights.append(std::move(item));
    }
    Value root = Value::object();
    root.append(QStringLiteral("file"), path);
    root.append(QStringLiteral("model"), s.modelName);
    root.append(QStringLiteral("layers"), std::move(layers));
    root.append(QStringLiteral("total_params"), std::int64_t(s.totalParams));
    root.append(QStringLiteral("trainable_params"), std::int64_t(s.trainableParams));
    root.append(QStringLiteral("non_trainable_params"), std::int64_t(s.nonTrainableParams));
    root.append(QStringLiteral("complete"), s.complete);
    root.append(QStringLiteral("graph_problems"), std::move(problems));
    root.append(QStringLiteral("weight_mismatches"), std::move(weights));
    return root;
}

} // namespace

int runSummary(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString path;
    bool asJson = false;
    for (const QString& a : args) {
        if (a == QLatin1String("--json"))
            asJson = true;
        else if (path.isEmpty() && !a.startsWith(QLatin1String("--")))
            path = a;
        else {
            err << "usage: keras-config-studio summary FILE [--json]\n";
            return Usage;
        }
    }
    if (path.isEmpty()) {
        err << "usage: keras-config-studio summary FILE [--json]\n";
        return Usage;
    }
    auto file = formats::ModelFile::open(path);
    if (!file) {
        err << formats::formatFileError(path, file.error()) << '\n';
        return Unreadable;
    }
    const json::Document& doc = file->config();
    const keras::ModelGraph graph = keras::ModelGraph::build(doc, file->modelNode());
    if (!graph.isValid()) {
        err << path << ": error: " << graph.problems().front().message << '\n';
        return Unreadable;
    }
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, graph);
    const keras::ModelSummary summary = keras::summarize(doc, graph, shapes);
    const auto mismatches = keras::compareWeights(graph, shapes, storedWeights(*file, graph));
    if (asJson) {
        out << QString::fromUtf8(json::dumps(summaryJson(path, summary, graph, mismatches), {.indent = 2})) << '\n';
    } else {
        out << keras::formatSummary(summary);
        for (const keras::GraphProblem& p : graph.problems()) {
            const SourceLocation where = doc.location(p.node);
            err << path << ':' << where.line << ':' << where.column << ": error: " << p.message << '\n';
        }
        for (const keras::WeightMismatch& m : mismatches)
            err << path << ": warning: " << m.message << '\n';
    }
    return graph.problems().empty() && mismatches.empty() ? Ok : Problems;
}

} // namespace kcs::cli
