// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiTestSupport.h"
#include "ui/NodeSearch.h"

#include <QTest>

using namespace kcs;
using namespace kcs::ui;

/// Search over keys and values, and the layer list behind "Go to Layer".
class TestNodeSearch : public QObject {
    Q_OBJECT
private:
    static QStringList pointers(const json::Document& doc, const std::vector<SearchHit>& hits)
    {
        QStringList out;
        for (const SearchHit& hit : hits)
            out << doc.pointer(hit.node);
        return out;
    }

private Q_SLOTS:
    void findsKeysAndScalarValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("key") << QByteArray(R"({"units": 3, "b": {"units": 4}})") << "units"
                             << QStringList{"/units", "/b/units"};
        QTest::newRow("value, case-insensitive") << QByteArray(R"({"a": "ReLU", "b": ["relu6"]})") << "relu"
                                                 << QStringList{"/a", "/b/0"};
        QTest::newRow("number") << QByteArray(R"({"a": 128, "b": 12})") << "12"
                                << QStringList{"/a", "/b"};
        QTest::newRow("punctuation alone never matches a container") << QByteArray(R"({"a": [1, 2]})") << ", "
                                                                     << QStringList{};
        QTest::newRow("one hit per node") << QByteArray(R"({"aaaa": 1})") << "aa" << QStringList{"/aaaa"};
        QTest::newRow("nothing") << QByteArray(R"({"a": 1})") << "zzz" << QStringList{};
    }

    void findsKeysAndScalarValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        auto doc = json::Document::parse(json);
        QVERIFY(doc);
        QCOMPARE(pointers(*doc, NodeSearch::find(*doc, query)), expected);
    }

    void hitSpansTheMatchedBytes()
    {
        auto doc = json::Document::parse(R"({"name": "Dense_1"})");
        QVERIFY(doc);
        const auto hits = NodeSearch::find(*doc, QStringLiteral("dense"));
        QCOMPARE(hits.size(), size_t(1));
        QCOMPARE(hits[0].match.begin, qint64(10));
        QCOMPARE(hits[0].match.end, qint64(15));
    }

    void listsLayersIncludingNestedModels()
    {
        const QByteArray bytes = test::readFile(QStringLiteral(KCS_SOURCE_DIR "/resources/examples/example_model.json"));
        auto doc = json::Document::parse(bytes);
        QVERIFY(doc);
        QStringList names;
        QStringList classes;
        for (const LayerRef& layer : NodeSearch::layers(*doc)) {
            names << layer.name;
            classes << layer.className;
        }
        QCOMPARE(names, (QStringList{"features", "encoder", "scaled_residual", "shared_projection", "halve",
                                     "merge", "classifier_head", "head_input", "head_hidden", "head_dropout",
                                     "head_output"}));
        QCOMPARE(classes.mid(0, 7), (QStringList{"InputLayer", "Dense", "ScaledResidual", "Dense", "Lambda", "Add",
                                                 "Sequential"}));
    }
};

QTEST_GUILESS_MAIN(TestNodeSearch)
#include "TestNodeSearch.moc"
