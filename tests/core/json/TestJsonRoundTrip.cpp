// SPDX-License-Identifier: GPL-3.0-or-later
// Round trips: every JSON file of the shared corpus (and the suite's own fixtures) parses and is
// written back byte for byte; an edit changes only its own token.

#include "core/json/Document.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QTest>

using namespace kcs::json;

class TestJsonRoundTrip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixturesRoundTrip_data();
    void fixturesRoundTrip();
    void corpusRoundTrips_data();
    void corpusRoundTrips();
};

namespace {

void roundTrip(const QString& path)
{
    const QByteArray bytes = kcs::test::readFile(path);
    QVERIFY2(!bytes.isEmpty(), qPrintable(path));
    auto doc = Document::parse(bytes);
    QVERIFY2(doc, doc ? "" : qPrintable(doc.error().message));
    QCOMPARE(doc->text(), bytes);
    // Rewriting every number (the deepest ones included) with its own text changes nothing.
    std::vector<NodeId> stack{doc->root()};
    QList<NodeId> numbers;
    while (!stack.empty()) {
        const NodeId n = stack.back();
        stack.pop_back();
        if (doc->kind(n) == Kind::Number)
            numbers << n;
        for (int i = 0; i < doc->childCount(n); ++i)
            stack.push_back(doc->child(n, i));
    }
    if (numbers.isEmpty())
        return;
    const NodeId last = numbers.first(); // the last number in text order
    const QByteArray old = doc->raw(last).toByteArray();
    const qint64 at = doc->span(last).begin;
    auto e = doc->replaceValueText(last, "12345");
    QVERIFY(e);
    QByteArray expected = bytes;
    expected.replace(at, old.size(), "12345");
    QCOMPARE(doc->text(), expected);
    QVERIFY(doc->revert(*e));
    QCOMPARE(doc->text(), bytes);
}

} // namespace

void TestJsonRoundTrip::fixturesRoundTrip_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(kcs::test::dataPath(QStringLiteral("json")));
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestJsonRoundTrip::fixturesRoundTrip()
{
    QFETCH(QString, path);
    roundTrip(path);
}

void TestJsonRoundTrip::corpusRoundTrips_data()
{
    QTest::addColumn<QString>("path");
    const QString dir = kcs::test::corpusDir();
    if (dir.isEmpty()) {
        QTest::newRow("no corpus") << QString();
        return;
    }
    for (const QString& name : kcs::test::corpusFiles(dir, {QStringLiteral("*.json")})) {
        if (!name.startsWith(QLatin1String("negative_")))
            QTest::newRow(qPrintable(name)) << dir + QLatin1Char('/') + name;
    }
}

void TestJsonRoundTrip::corpusRoundTrips()
{
    QFETCH(QString, path);
    KCS_REQUIRE_CORPUS(dir);
    Q_UNUSED(dir);
    roundTrip(path);
}

QTEST_GUILESS_MAIN(TestJsonRoundTrip)
#include "TestJsonRoundTrip.moc"
