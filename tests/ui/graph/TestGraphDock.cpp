// SPDX-License-Identifier: GPL-3.0-or-later
// The Graph dock on its own: layout off the GUI thread, boxes coloured like the tree, nested
// models expanded and collapsed in place, huge models in blocks, SVG and PNG export.
#include "GraphTestSupport.h"
#include "core/util/SyntheticConfig.h"
#include "ui/ConfigTreeModel.h"
#include "ui/StatusIcons.h"
#include "ui/graph/GraphDock.h"
#include "ui/graph/GraphItems.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTimer>

using namespace kcs;
using namespace kcs::ui;
using namespace kcs::ui::graph;

class TestGraphDock : public QObject {
    Q_OBJECT
private:
    struct Setup {
        test::GraphFixture f;
        ConfigTreeModel model{&f.document};
        GraphDock dock{&model, &f.service};

        bool loadAndLayOut(const QString& path)
        {
            QSignalSpy laidOut(&dock, &GraphDock::layoutFinished);
            return f.load(path) && (laidOut.count() > 0 || laidOut.wait(120000));
        }
    };

    static bool relayout(GraphDock& dock)
    {
        QSignalSpy laidOut(&dock, &GraphDock::layoutFinished);
        return laidOut.wait(60000);
    }

    static int boxNamed(const GraphView* view, const QString& name)
    {
        const auto& nodes = view->visible().nodes;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].name == name)
                return int(i);
        return -1;
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }

    void coloursFollowTheTree()
    {
        Setup s;
        QVERIFY(s.loadAndLayOut(test::graphData(QStringLiteral("custom_layer.json"))));
        GraphView* view = s.dock.view();
        QCOMPARE(int(view->visible().nodes.size()), 3);
        QCOMPARE(s.dock.statusText(), QStringLiteral("3 layers"));
        for (int i = 0; i < 3; ++i) {
            const json::NodeId envelope = s.f.document.json().find(view->visible().nodes[size_t(i)].pointer);
            QCOMPARE(view->nodeItem(i)->statusColor(), StatusIcons::color(s.model.resolution(envelope)));
        }
        // The custom class and the built-ins differ, as in the tree.
        QCOMPARE(view->nodeItem(1)->statusColor(), StatusIcons::color(Resolution::Custom));
        QCOMPARE(view->nodeItem(2)->statusColor(), StatusIcons::color(Resolution::BuiltIn));
        // The load simulation's verdicts recolour the boxes.
        QHash<qint64, Resolution> verdicts;
        verdicts.insert(s.f.document.json().span(s.f.document.json().find(u"/config/layers/1")).begin, Resolution::Error);
        s.model.setResolutions(verdicts);
        QCOMPARE(view->nodeItem(1)->statusColor(), StatusIcons::color(Resolution::Error));
    }

    void expandAndCollapseInPlace()
    {
        Setup s;
        QVERIFY(s.loadAndLayOut(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        GraphView* view = s.dock.view();
        QCOMPARE(int(view->visible().nodes.size()), 5);
        const int encoder = boxNamed(view, QStringLiteral("encoder"));
        QCOMPARE(view->visible().nodes[size_t(encoder)].kind, VisibleNode::Kind::CollapsedModel);
        s.dock.resize(900, 700);
        s.dock.show();
        view->centerOn(view->nodeRect(encoder).center());
        QSignalSpy laidOut(&s.dock, &GraphDock::layoutFinished);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(view->nodeRect(encoder).center()));
        QVERIFY(laidOut.wait(60000));
        QCOMPARE(int(view->visible().nodes.size()), 7);
        QCOMPARE(int(view->visible().clusters.size()), 1);
        QCOMPARE(view->visible().clusters[0].label, QStringLiteral("encoder (Functional)"));
        QCOMPARE(s.dock.viewState().expandedModels, QSet<int>{1});
        // Double-clicking the frame's title folds it back.
        const QRectF frame = view->scene()->itemsBoundingRect();
        Q_UNUSED(frame);
        QGraphicsItem* cluster = nullptr;
        for (QGraphicsItem* item : view->scene()->items())
            if (item->type() == ClusterItem::Type)
                cluster = item;
        QVERIFY(cluster);
        const QPointF title = cluster->boundingRect().topLeft() + QPointF(12, 10);
        view->centerOn(title);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(title));
        QVERIFY(laidOut.wait(60000));
        QCOMPARE(int(view->visible().nodes.size()), 5);
        QVERIFY(s.dock.viewState().expandedModels.isEmpty());
    }

    void editsRedrawAndKeepSelection()
    {
        Setup s;
        QVERIFY(s.loadAndLayOut(test::graphData(QStringLiteral("shared_layer.json"))));
        s.dock.showNode(s.f.document.json().find(u"/config/layers/4"));
        const int out = boxNamed(s.dock.view(), QStringLiteral("out"));
        QCOMPARE(s.dock.view()->selectedNode(), out);
        QVERIFY(s.f.document.replaceValueText(s.f.document.json().find(u"/config/layers/4/config/units"), "3"));
        QVERIFY(relayout(s.dock));
        QCOMPARE(s.dock.view()->visible().nodes[size_t(out)].detail, QStringLiteral("(None, 3)"));
        QCOMPARE(s.dock.view()->selectedNode(), out);
    }

    void hugeModelsStartInBlocks()
    {
        SyntheticOptions options;
        options.layers = 1600;
        Setup s;
        QSignalSpy laidOut(&s.dock, &GraphDock::layoutFinished);
        QVERIFY(s.f.loadText(syntheticChainConfig(options)));
        QVERIFY(laidOut.count() > 0 || laidOut.wait(120000));
        QVERIFY(s.dock.view()->visible().collapsedByBlocks);
        QCOMPARE(int(s.dock.view()->visible().nodes.size()), (1601 + 24) / 25);
        QCOMPARE(s.dock.statusText(), QStringLiteral("1601 layers — a large model: shown collapsed into blocks of 25 "
                                                     "layers; double-click a block to open it"));
    }

    void corpusNasnetLaysOutWhileTheWindowRuns()
    {
        KCS_REQUIRE_CORPUS(dir);
        Setup s;
        QVERIFY(s.f.load(dir + QStringLiteral("/keras2_nasnetmobile_tf224.json")));
        // The layout runs on a worker: the GUI thread's timers keep firing meanwhile.
        int ticks = 0;
        QTimer timer;
        timer.setInterval(5);
        connect(&timer, &QTimer::timeout, this, [&] {
            if (s.dock.isLayingOut())
                ++ticks;
        });
        timer.start();
        QSignalSpy laidOut(&s.dock, &GraphDock::layoutFinished);
        QVERIFY(laidOut.count() > 0 || laidOut.wait(300000));
        QVERIFY(ticks > 0);
        const auto& snapshot = *s.f.service.current();
        QCOMPARE(int(s.dock.view()->visible().nodes.size()), int(snapshot.graph.root().layers.size()));
        QVERIFY(snapshot.graph.root().layers.size() > 700);
        QVERIFY(!s.dock.view()->visible().collapsedByBlocks);
    }

    void exportSvgAndPng()
    {
        Setup s;
        QVERIFY(s.loadAndLayOut(test::graphData(QStringLiteral("shared_layer.json"))));
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("graph.svg"));
        const QString png = dir.filePath(QStringLiteral("graph.png"));
        QVERIFY(s.dock.exportSvg(svg));
        QVERIFY(s.dock.exportPng(png));
        const QByteArray svgText = test::readFile(svg);
        QVERIFY(svgText.contains("<svg"));
        for (const char* name : {"shared_dense", "merge", "Concatenate", "(None, 8)", "×2", "#1"})
            QVERIFY2(svgText.contains(name), name);
        const QImage image(png);
        QVERIFY(!image.isNull());
        const QSizeF scene = s.dock.view()->scene()->sceneRect().size() * 1.5;
        QCOMPARE(image.size(), scene.toSize());
        QVERIFY(!s.dock.exportSvg(dir.filePath(QStringLiteral("missing/dir/graph.svg"))));
    }
};

QTEST_MAIN(TestGraphDock)
#include "TestGraphDock.moc"
