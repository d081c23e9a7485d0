// SPDX-License-Identifier: GPL-3.0-or-later
// What the graph draws: one box per layer, one edge per call input, shared layers marked with
// their node indexes, nested models collapsed or expanded, blocks for huge models, and the
// Graphviz layout of all of it.
#include "GraphTestSupport.h"
#include "core/formats/ModelFile.h"
#include "core/util/SyntheticConfig.h"
#include "ui/graph/GraphLayout.h"
#include "ui/graph/VisibleGraph.h"

#include <QApplication>

using namespace kcs;
using namespace kcs::ui::graph;

namespace {

/// Edges a graph of model must have when every layer is shown: one per tensor input of each call.
int callInputs(const keras::ModelGraph& graph, int model)
{
    int count = 0;
    for (int layer : graph.models()[size_t(model)].layers)
        for (int call : graph.layers()[size_t(layer)].calls)
            count += int(graph.calls()[size_t(call)].inputs.size());
    return count;
}

QStringList sortedLabels(const VisibleGraph& graph)
{
    QStringList labels;
    for (const VisibleEdge& e : graph.edges)
        if (!e.label.isEmpty())
            labels << e.label;
    labels.sort();
    return labels;
}

QStringList nodeNames(const VisibleGraph& graph)
{
    QStringList names;
    for (const VisibleNode& n : graph.nodes)
        names << n.name;
    return names;
}

} // namespace

class TestVisibleGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }

    void fixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("expand");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QStringList>("shared");
        QTest::newRow("shared layer") << "shared_layer.json" << false
                                      << QStringList{"in_a", "in_b", "shared_dense", "merge", "out"} << 5 << 0
                                      << QStringList{"#0", "#0→", "#1", "#1→"} << QStringList{"shared_dense"};
        QTest::newRow("nested collapsed") << "nested_shared_ids.json" << false
                                          << QStringList{"in_a", "in_b", "encoder", "merge", "out"} << 5 << 0
                                          << QStringList{"#0", "#0→", "#1", "#1→"} << QStringList{"encoder"};
        // Expanded, the encoder's calls feed its input layer and its output layer feeds merge.
        QTest::newRow("nested expanded") << "nested_shared_ids.json" << true
                                         << QStringList{"in_a", "in_b", "merge", "out", "enc_in", "enc_dense", "enc_out"}
                                         << 7 << 1 << QStringList{"#0", "#0→", "#1", "#1→"} << QStringList{};
    }

    void fixtures()
    {
        QFETCH(QString, file);
        QFETCH(bool, expand);
        QFETCH(QStringList, names);
        QFETCH(int, edges);
        QFETCH(int, clusters);
        QFETCH(QStringList, labels);
        QFETCH(QStringList, shared);
        test::GraphFixture f;
        QVERIFY(f.load(test::graphData(file)));
        const GraphSnapshot& s = *f.service.current();
        QVERIFY2(s.hasGraph(), qPrintable(s.error));
        ViewState state;
        if (expand)
            state.expandedModels.insert(1);
        const VisibleGraph g = VisibleGraph::make(s, state);
        QCOMPARE(nodeNames(g), names);
        QCOMPARE(int(g.edges.size()), edges);
        QCOMPARE(int(g.clusters.size()), clusters);
        QCOMPARE(sortedLabels(g), labels);
        QStringList sharedNames;
        for (const VisibleNode& n : g.nodes)
            if (n.isShared())
                sharedNames << n.name;
        QCOMPARE(sharedNames, shared);
        QCOMPARE(g.collapsedByBlocks, false);
    }

    void sharedLayerEdgesAreItsCalls()
    {
        test::GraphFixture f;
        QVERIFY(f.load(test::graphData(QStringLiteral("shared_layer.json"))));
        const GraphSnapshot& s = *f.service.current();
        const VisibleGraph g = VisibleGraph::make(s, {});
        QCOMPARE(int(g.nodes.size()), int(s.graph.root().layers.size()));
        QCOMPARE(int(g.edges.size()), callInputs(s.graph, 0));
        const int shared = g.nodeOfLayer.value(s.graph.findLayer(0, u"shared_dense"));
        QCOMPARE(g.nodes[size_t(shared)].calls, 2);
        QCOMPARE(g.nodes[size_t(shared)].pointer, QStringLiteral("/config/layers/2"));
        QCOMPARE(g.nodes[size_t(shared)].detail, QStringLiteral("(None, 4)"));
        // One incoming edge per call, labelled with the call's node index, from its own input.
        QStringList incoming;
        for (const VisibleEdge& e : g.edges)
            if (e.to == shared)
                incoming << g.nodes[size_t(e.from)].name + QLatin1Char(' ') + e.label;
        QCOMPARE(incoming, (QStringList{"in_a #0", "in_b #1"}));
    }

    void corpusSiamese()
    {
        KCS_REQUIRE_CORPUS(dir);
        auto file = formats::ModelFile::open(dir + QStringLiteral("/keraszip_keras35_siamese_custom_l1distance.keras"));
        QVERIFY2(file, file ? "" : qPrintable(file.error().message));
        test::GraphFixture f;
        QVERIFY(f.loadText(file->config().text()));
        const GraphSnapshot& s = *f.service.current();
        QVERIFY2(s.hasGraph(), qPrintable(s.error));
        const VisibleGraph collapsed = VisibleGraph::make(s, {});
        QCOMPARE(int(collapsed.nodes.size()), 5);
        QCOMPARE(int(collapsed.nodes.size()), int(s.graph.root().layers.size()));
        QCOMPARE(int(collapsed.edges.size()), callInputs(s.graph, 0));
        QCOMPARE(sortedLabels(collapsed), (QStringList{"#0", "#0→", "#1", "#1→"}));
        ViewState open;
        open.expandedModels.insert(1);
        const VisibleGraph expanded = VisibleGraph::make(s, open);
        // functional_4's six layers replace its box.
        QCOMPARE(int(expanded.nodes.size()), 4 + int(s.graph.models()[1].layers.size()));
        QCOMPARE(int(expanded.edges.size()), callInputs(s.graph, 0) + callInputs(s.graph, 1));
        QCOMPARE(int(s.report.sharedLayers.size()), 1);
        QCOMPARE(s.report.sharedLayers.front().name, QStringLiteral("functional_4"));
    }

    void blocksForHugeModels()
    {
        SyntheticOptions options;
        options.layers = 30;
        test::GraphFixture f;
        QVERIFY(f.loadText(syntheticChainConfig(options)));
        const GraphSnapshot& s = *f.service.current();
        QVERIFY2(s.hasGraph(), qPrintable(s.error));
        const int layers = int(s.graph.root().layers.size());
        ViewState state;
        state.blockThreshold = 10;
        state.blockSize = 8;
        VisibleGraph g = VisibleGraph::make(s, state);
        QVERIFY(g.collapsedByBlocks);
        const int blocks = (layers + 7) / 8;
        QCOMPARE(int(g.nodes.size()), blocks);
        QCOMPARE(int(g.edges.size()), blocks - 1); // a chain: one edge between neighbouring blocks
        QCOMPARE(g.nodes[0].detail, QStringLiteral("8 layers, collapsed"));
        state.expandedBlocks.insert(0);
        g = VisibleGraph::make(s, state);
        QCOMPARE(int(g.nodes.size()), 8 + blocks - 1);
        QCOMPARE(int(g.edges.size()), 7 + 1 + blocks - 2);
        state.blockThreshold = 1500;
        QVERIFY(!VisibleGraph::make(s, state).collapsedByBlocks);
    }

    void layout()
    {
        test::GraphFixture f;
        QVERIFY(f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        ViewState state;
        state.expandedModels.insert(1);
        VisibleGraph g = VisibleGraph::make(*f.service.current(), state);
        GraphLayout::measure(g, QApplication::font());
        const GraphLayoutResult r = GraphLayout::run(g);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.nodes.size(), g.nodes.size());
        for (size_t i = 0; i < r.nodes.size(); ++i) {
            QCOMPARE(r.nodes[i].size().toSize(), g.nodes[i].size.toSize()); // fixed sizes are kept
            QVERIFY(r.bounds.adjusted(-1, -1, 1, 1).contains(r.nodes[i]));
        }
        for (const EdgeGeometry& e : r.edges) {
            QVERIFY(!e.path.isEmpty());
            QVERIFY(e.hasArrow);
        }
        // Top to bottom: every edge's target lies below its source.
        for (const VisibleEdge& e : g.edges)
            QVERIFY(r.nodes[size_t(e.to)].center().y() > r.nodes[size_t(e.from)].center().y());
        // The expanded encoder's frame holds its three layers and nothing else.
        QCOMPARE(r.clusters.size(), size_t(1));
        for (size_t i = 0; i < g.nodes.size(); ++i)
            QCOMPARE(r.clusters[0].contains(r.nodes[i]), g.nodes[i].cluster == 0);
        const QStringList labels = sortedLabels(g);
        int labelled = 0;
        for (const EdgeGeometry& e : r.edges)
            labelled += e.hasLabel ? 1 : 0;
        QCOMPARE(labelled, labels.size());
    }
};

QTEST_MAIN(TestVisibleGraph)
#include "TestVisibleGraph.moc"
