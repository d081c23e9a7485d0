// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio summary FILE [--json]`: the table, the JSON contract and the exit codes.
#include "app/cli/Cli.h"
#include "support/CliRun.h"
#include "core/json/Document.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kcs;

namespace {

using Run = kcs::test::CliRun;

Run summary(const QStringList& args)
{
    return kcs::test::runCli(QStringList{QStringLiteral("summary")} + args);
}

} // namespace

class TestSummaryCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void printsJson();
    void printsTable();
    void reportsGraphProblemsWithPositions();
    void rejectsUnreadableFilesAndBadUsage();
    void summarizesCorpusDenseNet();
};

void TestSummaryCommand::printsJson()
{
    const Run r = summary({test::dataPath("model/k2_nested_shared_functional.json"), "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto doc = json::Document::parse(r.out.toUtf8());
    QVERIFY(doc.has_value());
    const json::NodeId root = doc->root();
    QCOMPARE(doc->toInt64(doc->member(root, "total_params")), std::optional<qint64>(23));
    QCOMPARE(doc->toInt64(doc->member(root, "trainable_params")), std::optional<qint64>(15));
    QCOMPARE(doc->toInt64(doc->member(root, "non_trainable_params")), std::optional<qint64>(8));
    QVERIFY(doc->boolValue(doc->member(root, "complete")));
    const json::NodeId layers = doc->member(root, "layers");
    QCOMPARE(doc->childCount(layers), 4);
    const json::NodeId inner = doc->child(layers, 1);
    QCOMPARE(doc->string(doc->member(inner, "name")), QStringLiteral("inner"));
    QCOMPARE(doc->string(doc->member(inner, "class_name")), QStringLiteral("Model"));
    QCOMPARE(doc->string(doc->member(inner, "output_shape")), QStringLiteral("(None, 3)"));
    QCOMPARE(doc->toInt64(doc->member(inner, "params")), std::optional<qint64>(15));
    // Key order of the contract.
    QStringList keys;
    for (int i = 0; i < doc->childCount(inner); ++i)
        keys.append(doc->key(doc->child(inner, i)));
    QCOMPARE(keys, (QStringList{"name", "class_name", "output_shape", "params"}));
}

void TestSummaryCommand::printsTable()
{
    const Run r = summary({test::dataPath("model/k3_custom_layer_recorded_shapes.json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith(QStringLiteral("Model: \"with_custom\"\n")));
    QVERIFY(r.out.contains(QStringLiteral(" Total params: 12 (48.00 B)\n")));
    QVERIFY(r.out.contains(QStringLiteral(" Incomplete: ")));
    QVERIFY(r.err.isEmpty());
}

void TestSummaryCommand::reportsGraphProblemsWithPositions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("cycle.json");
    QVERIFY(test::writeFile(path, R"({"class_name": "Model", "config": {"name": "m", "layers": [
{"name": "a", "class_name": "Dense", "config": {"units": 1}, "inbound_nodes": [[["ghost", 0, 0, {}]]]}],
"input_layers": [], "output_layers": [["a", 0, 0]]}})"));
    const Run r = summary({path});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err, path + QStringLiteral(":2:81: error: Invalid Functional model configuration. Missing node: ghost\n"));
}

void TestSummaryCommand::rejectsUnreadableFilesAndBadUsage()
{
    QCOMPARE(summary({}).code, int(cli::Usage));
    QCOMPARE(summary({"a.json", "--bogus"}).code, int(cli::Usage));
    QCOMPARE(summary({test::dataPath("model/does-not-exist.json")}).code, int(cli::Unreadable));
    QTemporaryDir dir;
    const QString path = dir.filePath("layer.json");
    QVERIFY(test::writeFile(path, R"({"class_name": "Dense", "config": {"units": 3}})"));
    QCOMPARE(summary({path}).code, int(cli::Unreadable));
}

void TestSummaryCommand::summarizesCorpusDenseNet()
{
    KCS_REQUIRE_CORPUS(dir);
    const Run r = summary({dir + "/keras2_densenet121_tf224.json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral(" Total params: 8,062,504 (30.76 MB)\n")));
    QVERIFY(r.out.contains(QStringLiteral(" Trainable params: 7,978,856 (30.44 MB)\n")));
    QVERIFY(r.out.contains(QStringLiteral(" Non-trainable params: 83,648 (326.75 KB)\n")));
}

QTEST_GUILESS_MAIN(TestSummaryCommand)
#include "TestSummaryCommand.moc"
