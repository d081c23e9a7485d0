// SPDX-License-Identifier: GPL-3.0-or-later
// `bench FILE --check [--keras 3|2]`: the check benchmark's figures, in text and JSON, on a
// generated chain (the shape of the output and the verdict; timings are not asserted).

#include "core/json/Document.h"
#include "support/CliRun.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kcs;

namespace {

using Run = test::CliRun;

Run bench(const QStringList& args)
{
    return test::runCli(QStringList{QStringLiteral("bench")} + args);
}

QStringList linesOf(const QString& out)
{
    return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

const char kUsage[] = "usage: keras-config-studio bench FILE [--repeat N] [--check [--keras 3|2]] [--cpu-time] [--json]\n";

} // namespace

class TestBenchCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportsCheckFiguresAfterTheParse();
    void keras3IsTheDefaultTarget();
    void jsonHasEveryCheckField();
    void jsonWithoutCheckHasNoCheckField();
    void cpuTimeIsSaidInTheHeader();
    void rejectsBadTargets();
    void reportsFilesThatAreNoModel();

private:
    QTemporaryDir m_dir;
    QString m_chain; ///< a generated 10-layer Keras 2 chain
};

void TestBenchCheck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_chain = m_dir.filePath(QStringLiteral("chain.json"));
    const Run r = test::runCli({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("10"),
                                QStringLiteral("-o"), m_chain});
    QCOMPARE(r.code, 0);
}

void TestBenchCheck::reportsCheckFiguresAfterTheParse()
{
    const Run r = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("2"), QStringLiteral("--check"),
                         QStringLiteral("--keras"), QStringLiteral("2")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    const QStringList lines = linesOf(r.out);
    QCOMPARE(lines.size(), 13);
    QVERIFY(lines[0].endsWith(QLatin1String(" nodes, best of 2")));
    QVERIFY(lines[2].startsWith(QLatin1String("  document parse ")));
    const QStringList prefixes{QStringLiteral("  check (keras2)      "), QStringLiteral("  first check          "),
                               QStringLiteral("  open + check         "), QStringLiteral("  summary (shapes)     "),
                               QStringLiteral("  check peak RSS growth")};
    for (int i = 0; i < prefixes.size(); ++i)
        QVERIFY2(lines[7 + i].startsWith(prefixes[i]), qPrintable(lines[7 + i]));
    for (int i : {7, 9}) {
        QVERIFY2(lines[i].contains(QLatin1String(" ms   (")), qPrintable(lines[i]));
        QVERIFY2(lines[i].endsWith(QLatin1String("x simdjson)")), qPrintable(lines[i]));
        QVERIFY2(lines[i].contains(QLatin1String("x parse, ")), qPrintable(lines[i]));
    }
    QVERIFY(lines[8].endsWith(QLatin1String(" ms   (built-in catalog loaded)")));
    QVERIFY(lines[11].endsWith(QLatin1String("x the file)")));
    // InputLayer, the model, and per Dense layer: the layer, relu, GlorotUniform, Zeros and L2.
    QCOMPARE(lines[12], QStringLiteral("  check verdict        loads (0 problems, 52 resolutions)"));
}

void TestBenchCheck::keras3IsTheDefaultTarget()
{
    const Run r = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--check")});
    QCOMPARE(r.code, 0);
    const QStringList lines = linesOf(r.out);
    QCOMPARE(lines.size(), 13);
    QVERIFY(lines[7].startsWith(QLatin1String("  check (keras3)      ")));
    // A tf.keras 2 file without `module` keys: Keras 3 cannot locate its Functional class.
    QCOMPARE(lines[12], QStringLiteral("  check verdict        would not load (1 problem, 1 resolution)"));
}

void TestBenchCheck::jsonHasEveryCheckField()
{
    const Run r = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--check"),
                         QStringLiteral("--keras"), QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    auto doc = json::Document::parse(r.out.trimmed().toUtf8());
    QVERIFY(doc);
    const json::NodeId root = doc->root();
    for (const char* key : {"check_ms", "first_check_ms", "check_to_parse", "check_to_simdjson", "open_and_check_ms",
                            "open_and_check_to_parse", "open_and_check_to_simdjson", "summary_ms",
                            "check_peak_rss_growth_bytes", "check_peak_rss_growth_to_file", "parse_ms",
                            "simdjson_dom_ms"}) {
        const json::NodeId n = doc->member(root, key);
        QVERIFY2(n != json::kNoNode && doc->kind(n) == json::Kind::Number, key);
        QVERIFY2(doc->toDouble(n) >= 0, key);
    }
    QVERIFY(doc->stringEquals(doc->member(root, "check_target"), "keras2"));
    QVERIFY(doc->boolValue(doc->member(root, "check_loads")));
    QCOMPARE(doc->toInt64(doc->member(root, "check_problems")), std::optional<qint64>(0));
    QCOMPARE(doc->toInt64(doc->member(root, "check_resolutions")), std::optional<qint64>(52));
}

void TestBenchCheck::jsonWithoutCheckHasNoCheckField()
{
    const Run r = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    auto doc = json::Document::parse(r.out.trimmed().toUtf8());
    QVERIFY(doc);
    QCOMPARE(doc->member(doc->root(), "check_ms"), json::kNoNode);
    QCOMPARE(doc->member(doc->root(), "summary_ms"), json::kNoNode);
}

void TestBenchCheck::cpuTimeIsSaidInTheHeader()
{
    const Run r = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--cpu-time")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.section(QLatin1Char('\n'), 0, 0).endsWith(QLatin1String(" nodes, best of 1, CPU time")), qPrintable(r.out));
    const Run j = bench({m_chain, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--cpu-time"),
                         QStringLiteral("--check"), QStringLiteral("--json")});
    QCOMPARE(j.code, 0);
    auto doc = json::Document::parse(j.out.trimmed().toUtf8());
    QVERIFY(doc);
    QVERIFY(doc->stringEquals(doc->member(doc->root(), "clock"), "cpu"));
    QVERIFY(doc->stringEquals(doc->member(doc->root(), "check_target"), "keras3"));
}

void TestBenchCheck::rejectsBadTargets()
{
    Run r = bench({m_chain, QStringLiteral("--check"), QStringLiteral("--keras"), QStringLiteral("4")});
    QCOMPARE(r.code, 64);
    QCOMPARE(r.err, QString::fromLatin1(kUsage));
    r = bench({m_chain, QStringLiteral("--keras"), QStringLiteral("2")}); // a target without --check
    QCOMPARE(r.code, 64);
    QCOMPARE(r.err, QString::fromLatin1(kUsage));
    QCOMPARE(r.out, QString());
}

void TestBenchCheck::reportsFilesThatAreNoModel()
{
    const QString path = m_dir.filePath(QStringLiteral("plain.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"a": 1})");
    f.close();
    const Run r = bench({path, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--check")});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, QStringLiteral("%1: error: not a Keras model file: it is a JSON object with keys \"a\"\n").arg(path));
}

QTEST_GUILESS_MAIN(TestBenchCheck)
#include "TestBenchCheck.moc"
