// SPDX-License-Identifier: GPL-3.0-or-later
// The graph, summary and shared docks inside the real window: one selection shared with the
// tree and the text in both directions.
#include "GraphTestSupport.h"
#include "ui/ConfigTreeModel.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"
#include "ui/SelectionSync.h"
#include "ui/graph/GraphDock.h"
#include "ui/graph/SharedObjectsPanel.h"
#include "ui/graph/SummaryDock.h"

#include <QDockWidget>
#include <QLineEdit>
#include <QTableView>
#include <QTreeView>
#include <QTreeWidget>

using namespace kcs;
using namespace kcs::ui;
using namespace kcs::ui::graph;

class TestGraphWindow : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    GraphDock* m_graph = nullptr;

    json::NodeId node(const char* pointer) const
    {
        return m_window->document()->json().find(QString::fromUtf8(pointer));
    }

    int boxNamed(const QString& name) const
    {
        const auto& nodes = m_graph->view()->visible().nodes;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].name == name)
                return int(i);
        return -1;
    }

    void expectSelected(json::NodeId expected)
    {
        QCOMPARE(m_window->selection()->currentNode(), expected);
        QCOMPARE(m_window->treeModel()->nodeFromIndex(m_window->treeView()->currentIndex()), expected);
        const json::Span span = m_window->document()->json().memberSpan(expected);
        const auto selected = m_window->jsonPane()->editor()->selectedBytes();
        QCOMPARE(selected.first, span.begin);
        QCOMPARE(selected.second, span.end);
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateUiTest();
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1200, 800);
        m_window->show();
        m_graph = m_window->findChild<GraphDock*>();
        QVERIFY(m_graph);
        for (const char* name : {"graphDock", "summaryDock", "sharedDock"})
            QVERIFY2(m_window->findChild<QDockWidget*>(QString::fromLatin1(name)), name);
        QSignalSpy laidOut(m_graph, &GraphDock::layoutFinished);
        QVERIFY(test::loadInto(*m_window->document(), test::graphData(QStringLiteral("shared_layer.json"))));
        QVERIFY(laidOut.wait(60000));
        QCOMPARE(int(m_graph->view()->visible().nodes.size()), 5);
    }

    void clickInGraphSelectsTreeAndText()
    {
        GraphView* view = m_graph->view();
        const int shared = boxNamed(QStringLiteral("shared_dense"));
        QVERIFY(shared >= 0);
        view->centerOn(view->nodeRect(shared).center());
        const QPoint at = view->mapFromScene(view->nodeRect(shared).center());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        expectSelected(node("/config/layers/2"));
        QCOMPARE(view->selectedNode(), shared);
        QCOMPARE(view->highlightedEdges().size(), 4); // its two calls: two tensors in, two out
    }

    void treeSelectionSelectsBox()
    {
        m_window->selection()->selectNode(node("/config/layers/3/config/axis"));
        QCOMPARE(m_graph->view()->selectedNode(), boxNamed(QStringLiteral("merge")));
        QCOMPARE(m_graph->view()->highlightedEdges().size(), 3);
        auto* summary = m_window->findChild<SummaryDock*>();
        QCOMPARE(summary->table()->selectionModel()->selectedRows().value(0).row(), 3);
        m_window->selection()->selectNode(node("/config/name"));
        QCOMPARE(m_graph->view()->selectedNode(), -1);
    }

    void summaryRowSelectsEverywhere()
    {
        auto* summary = m_window->findChild<SummaryDock*>();
        Q_EMIT summary->table()->clicked(summary->model()->index(4, 0));
        expectSelected(node("/config/layers/4"));
        QCOMPARE(m_graph->view()->selectedNode(), boxNamed(QStringLiteral("out")));
    }

    void searchFindsAndSelects()
    {
        m_graph->searchField()->setText(QStringLiteral("in_b"));
        m_graph->findNext();
        QCOMPARE(m_graph->view()->selectedNode(), boxNamed(QStringLiteral("in_b")));
        expectSelected(node("/config/layers/1"));
        m_graph->searchField()->setText(QStringLiteral("nothing_like_it"));
        m_graph->findNext();
        QCOMPARE(m_graph->statusText(), QStringLiteral("No layer matches “nothing_like_it”"));
    }

    void sharedPanelClickSelects()
    {
        auto* shared = m_window->findChild<SharedObjectsPanel*>();
        QTreeWidgetItem* call = shared->tree()->topLevelItem(0)->child(0)->child(1);
        Q_EMIT shared->tree()->itemClicked(call, 0);
        expectSelected(node("/config/layers/2/inbound_nodes/1"));
        QCOMPARE(m_graph->view()->selectedNode(), boxNamed(QStringLiteral("shared_dense")));
    }

    void cleanupTestCase()
    {
        m_window->document()->undoStack()->setClean();
        m_window.reset();
    }
};

QTEST_MAIN(TestGraphWindow)
#include "TestGraphWindow.moc"
