// SPDX-License-Identifier: GPL-3.0-or-later
// The Summary dock shows the core's summary: rows, totals equal to keras::summarize's, the
// incomplete marker for custom layers, stored-weight mismatches; a row click selects the layer.
#include "GraphTestSupport.h"
#include "ui/graph/SummaryDock.h"

#include <QTableView>

using namespace kcs;
using namespace kcs::ui::graph;

class TestSummaryDock : public QObject {
    Q_OBJECT
private:
    QStringList column(const SummaryDock& dock, int c) const
    {
        QStringList out;
        for (int row = 0; row < dock.model()->rowCount(); ++row)
            out << dock.model()->index(row, c).data().toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }

    void table_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QString>("totals");
        QTest::newRow("shared layer") << "shared_layer.json"
                                      << QStringList{"in_a", "in_b", "shared_dense", "merge", "out"}
                                      << QStringList{"0", "0", "28", "0", "9"}
                                      << "Total params: 37 (148.00 B)   Trainable: 37 (148.00 B)   Non-trainable: 0 (0.00 B)";
        QTest::newRow("custom layer") << "custom_layer.json" << QStringList{"in_a", "scale", "out"}
                                      << QStringList{"0", "?", "7"} // out's input shape is recorded in its inbound node
                                      << "Total params: 7 (28.00 B)   Trainable: 7 (28.00 B)   Non-trainable: 0 (0.00 B)\n"
                                         "Incomplete: layers marked ? are custom (or fed by one); their parameters are not counted";
    }

    void table()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, names);
        QFETCH(QStringList, params);
        QFETCH(QString, totals);
        test::GraphFixture f;
        SummaryDock dock(&f.service);
        QVERIFY(f.load(test::graphData(file)));
        QCOMPARE(column(dock, SummaryTableModel::LayerColumn), names);
        QCOMPARE(column(dock, SummaryTableModel::ParamsColumn), params);
        QCOMPARE(dock.totalsText(), totals);
        // The totals are the core's, computed here from the file on its own.
        auto doc = json::Document::parse(test::readFile(test::graphData(file)));
        QVERIFY(doc);
        const keras::ModelSummary core = keras::summarize(*doc);
        QCOMPARE(dock.model()->summary()->totalParams, core.totalParams);
        QCOMPARE(dock.model()->summary()->trainableParams, core.trainableParams);
        QCOMPARE(dock.model()->summary()->nonTrainableParams, core.nonTrainableParams);
        QCOMPARE(dock.model()->summary()->complete, core.complete);
        QCOMPARE(int(core.rows.size()), names.size());
        for (int row = 0; row < names.size(); ++row)
            QCOMPARE(column(dock, SummaryTableModel::ShapeColumn).at(row), core.rows[size_t(row)].outputShape);
    }

    void connectedTo()
    {
        test::GraphFixture f;
        SummaryDock dock(&f.service);
        QVERIFY(f.load(test::graphData(QStringLiteral("shared_layer.json"))));
        QCOMPARE(column(dock, SummaryTableModel::ConnectedColumn).at(3),
                 QStringLiteral("shared_dense[0][0], shared_dense[1][0]"));
        QCOMPARE(column(dock, SummaryTableModel::ShapeColumn).at(3), QStringLiteral("(None, 8)"));
    }

    void rowSelectsLayerBothWays()
    {
        test::GraphFixture f;
        SummaryDock dock(&f.service);
        QVERIFY(f.load(test::graphData(QStringLiteral("shared_layer.json"))));
        QSignalSpy activated(&dock, &SummaryDock::nodeActivated);
        Q_EMIT dock.table()->clicked(dock.model()->index(2, 0));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<json::NodeId>(), f.document.json().find(u"/config/layers/2"));
        dock.showNode(f.document.json().find(u"/config/layers/4/config/units"));
        QCOMPARE(dock.table()->selectionModel()->selectedRows().value(0).row(), 4);
        dock.showNode(f.document.json().find(u"/config/name"));
        QVERIFY(dock.table()->selectionModel()->selectedRows().isEmpty());
    }

    void weightMismatches()
    {
        test::GraphFixture f;
        SummaryDock dock(&f.service);
        QVERIFY(f.load(test::graphData(QStringLiteral("shared_layer.json"))));
        f.service.setStoredWeights({{"shared_dense", "shared_dense/kernel:0", {5, 4}},
                                    {"shared_dense", "shared_dense/bias:0", {4}},
                                    {"out", "out/kernel:0", {8, 1}},
                                    {"out", "out/bias:0", {1}},
                                    {"ghost", "ghost/kernel:0", {2}}});
        QVERIFY(f.waitForSnapshot());
        QCOMPARE(dock.mismatchTexts(),
                 (QStringList{"Layer 'shared_dense': weight 0 (shared_dense/kernel:0) has shape (5, 4) in the file; "
                              "the config implies (6, 4).",
                              "The file stores weights for 'ghost', which is not a layer of the model."}));
    }
};

QTEST_MAIN(TestSummaryDock)
#include "TestSummaryDock.moc"
