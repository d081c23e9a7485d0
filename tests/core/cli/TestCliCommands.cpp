// SPDX-License-Identifier: GPL-3.0-or-later
// The command-line front: dispatch, --help, usage errors, generate and bench.

#include "app/cli/Cli.h"
#include "core/json/Document.h"
#include "support/CliRun.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kcs;

namespace {

using Run = test::CliRun;

Run run(const QStringList& args)
{
    return test::runCli(args);
}

} // namespace

class TestCliCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recognisesSubcommands();
    void helpListsEverySubcommand();
    void unknownCommandIsAUsageError();
    void generateWritesAKeras2Chain();
    void generateWritesAKeras3Chain();
    void generateRejectsBadArguments();
    void benchReportsEveryFigure();
    void benchReportsSyntaxErrors();
};

void TestCliCommands::recognisesSubcommands()
{
    QVERIFY(cli::isCommandLine({QStringLiteral("kcs"), QStringLiteral("save")}));
    QVERIFY(cli::isCommandLine({QStringLiteral("kcs"), QStringLiteral("--help")}));
    QVERIFY(!cli::isCommandLine({QStringLiteral("kcs")}));
    QVERIFY(!cli::isCommandLine({QStringLiteral("kcs"), QStringLiteral("model.keras")}));
}

void TestCliCommands::helpListsEverySubcommand()
{
    const Run r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char* word : {"  save FILE -o OUT", "  bench FILE", "  generate --layers N"})
        QVERIFY2(r.out.contains(QLatin1String(word)), word);
    QVERIFY(r.out.contains(QLatin1String("Exit codes: 0 success, 1 problems found, 2 the file cannot be read, 64 usage error.")));
}

void TestCliCommands::unknownCommandIsAUsageError()
{
    const Run r = run({QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 64);
    QVERIFY(r.err.startsWith(QLatin1String("keras-config-studio: unknown command 'frobnicate'\n")));
}

void TestCliCommands::generateWritesAKeras2Chain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.json"));
    const Run r = run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("25"), QStringLiteral("-o"), path});
    QCOMPARE(r.code, 0);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto doc = json::Document::parse(f.readAll());
    QVERIFY(doc);
    QVERIFY(!doc->layout().multiLine);
    const json::NodeId layers = doc->find(u"/config/layers");
    QCOMPARE(doc->childCount(layers), 26);
    QCOMPARE(doc->string(doc->find(u"/config/layers/25/inbound_nodes/0/0/0")), QStringLiteral("dense_23"));
    QCOMPARE(doc->string(doc->find(u"/config/output_layers/0/0")), QStringLiteral("dense_24"));
    QCOMPARE(doc->string(doc->find(u"/keras_version")), QStringLiteral("2.15.0"));
    QCOMPARE(r.out, QStringLiteral("%1: %2 bytes, 26 layers\n").arg(path).arg(f.size()));

    const QString seq = dir.filePath(QStringLiteral("seq.json"));
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("3"), QStringLiteral("--sequential"),
                  QStringLiteral("-o"), seq}).code, 0);
    QFile s(seq);
    QVERIFY(s.open(QIODevice::ReadOnly));
    auto sdoc = json::Document::parse(s.readAll());
    QVERIFY(sdoc);
    QCOMPARE(sdoc->string(sdoc->find(u"/class_name")), QStringLiteral("Sequential"));
    QCOMPARE(sdoc->childCount(sdoc->find(u"/config/layers")), 4);
}

void TestCliCommands::generateWritesAKeras3Chain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain3.json"));
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("25"), QStringLiteral("--keras"),
                  QStringLiteral("3"), QStringLiteral("-o"), path}).code, 0);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto doc = json::Document::parse(f.readAll());
    QVERIFY(doc);
    QCOMPARE(doc->string(doc->find(u"/module")), QStringLiteral("keras.src.models.functional"));
    QCOMPARE(doc->string(doc->find(u"/registered_name")), QStringLiteral("Functional"));
    QCOMPARE(doc->childCount(doc->find(u"/config/layers")), 26);
    QCOMPARE(doc->string(doc->find(u"/config/layers/25/inbound_nodes/0/args/0/config/keras_history/0")),
             QStringLiteral("dense_23"));
    QCOMPARE(doc->string(doc->find(u"/config/layers/25/config/kernel_regularizer/module")), QStringLiteral("keras.regularizers"));
    // Keras 3 loads it; tf.keras 2 stops at the Keras 3 InputLayer's batch_shape.
    const Run k3 = run({QStringLiteral("check"), path});
    QCOMPARE(k3.code, 0);
    QCOMPARE(k3.out, QStringLiteral("%1: loads with Keras 3 (0 errors, 0 warnings)\n").arg(path));
    const Run k2 = run({QStringLiteral("check"), path, QStringLiteral("--keras"), QStringLiteral("2")});
    QCOMPARE(k2.code, 1);
    QVERIFY(k2.out.contains(QLatin1String("Exception encountered: Unrecognized keyword arguments: ['batch_shape']")));
    const Run summary = run({QStringLiteral("summary"), path});
    QVERIFY(summary.out.contains(QLatin1String(" Total params: 104,000 (406.25 KB)")));

    const QString seq = dir.filePath(QStringLiteral("seq3.json"));
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("3"), QStringLiteral("--sequential"),
                  QStringLiteral("--keras"), QStringLiteral("3"), QStringLiteral("-o"), seq}).code, 0);
    QCOMPARE(run({QStringLiteral("check"), seq}).code, 0);
    QVERIFY(run({QStringLiteral("summary"), seq}).out.contains(QLatin1String(" Total params: 12,480 (48.75 KB)")));
}

void TestCliCommands::generateRejectsBadArguments()
{
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("5"), QStringLiteral("--keras"),
                  QStringLiteral("4"), QStringLiteral("-o"), QStringLiteral("x")}).code, 64);
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("5")}).code, 64);
    const Run r = run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("-3"), QStringLiteral("-o"), QStringLiteral("x")});
    QCOMPARE(r.code, 64);
    QCOMPARE(r.err, QStringLiteral("generate: --layers must be 0..10000000 and --units positive\n"));
}

void TestCliCommands::benchReportsEveryFigure()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.json"));
    QCOMPARE(run({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("10"), QStringLiteral("-o"), path}).code, 0);
    const Run r = run({QStringLiteral("bench"), path, QStringLiteral("--repeat"), QStringLiteral("1")});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QVERIFY(lines[0].startsWith(QLatin1String("chain.json: ")));
    QVERIFY(lines[0].endsWith(QLatin1String(" nodes, best of 1")));
    QVERIFY(lines[1].startsWith(QLatin1String("  simdjson DOM parse ")));
    QVERIFY(lines[2].startsWith(QLatin1String("  document parse ")));
    QVERIFY(lines[2].contains(QLatin1String("x simdjson)")));
    QVERIFY(lines[5].startsWith(QLatin1String("  document memory ")));
    const Run j = run({QStringLiteral("bench"), path, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(j.code, 0);
    auto doc = json::Document::parse(j.out.trimmed().toUtf8());
    QVERIFY(doc);
    QVERIFY(doc->member(doc->root(), "parse_to_simdjson") != json::kNoNode);
    QFile generated(path);
    QVERIFY(generated.open(QIODevice::ReadOnly));
    auto chain = json::Document::parse(generated.readAll());
    QVERIFY(chain);
    QCOMPARE(doc->toInt64(doc->member(doc->root(), "nodes")), std::optional<qint64>(chain->nodeCount()));
    QCOMPARE(doc->toInt64(doc->member(doc->root(), "bytes")), std::optional<qint64>(generated.size()));
}

void TestCliCommands::benchReportsSyntaxErrors()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"a\": [1,\n 2}");
    f.close();
    const Run r = run({QStringLiteral("bench"), path, QStringLiteral("--repeat"), QStringLiteral("1")});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err, QStringLiteral("%1:2:3: error: unexpected '}', expected ',' or ']' after an array element\n").arg(path));
}

QTEST_GUILESS_MAIN(TestCliCommands)
#include "TestCliCommands.moc"
