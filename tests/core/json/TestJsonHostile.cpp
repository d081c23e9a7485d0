// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input: every truncation, deep nesting, a 100 MB string, invalid UTF-8 and mutated
// configs get a clear error (or a value) — never a crash, a hang or unbounded memory.

#include "core/json/Document.h"
#include "core/json/PyJson.h"

#include <QRandomGenerator>
#include <QTest>

using namespace kcs::json;

namespace {
const QByteArray kConfig =
    R"({"class_name": "Dense", "config": {"name": "d\u00e9", "units": 64, "l2": 1e-05, "shape": [null, 32], "bias": true, "x": NaN}})";
}

class TestJsonHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTruncationIsAnErrorAtTheEnd();
    void millionOpenBracketsIsAnError();
    void millionDeepNestingIsAValue();
    void hundredMegabyteString();
    void invalidUtf8Sequences_data();
    void invalidUtf8Sequences();
    void mutatedConfigsNeverCrash();
};

void TestJsonHostile::everyTruncationIsAnErrorAtTheEnd()
{
    for (qsizetype n = 0; n < kConfig.size(); ++n) {
        const QByteArray prefix = kConfig.left(n);
        auto doc = Document::parse(prefix);
        QVERIFY2(!doc, qPrintable(QStringLiteral("prefix of %1 bytes parsed").arg(n)));
        QCOMPARE(doc.error().code, kcs::ErrorCode::Syntax);
        QVERIFY(doc.error().where.offset >= 0 && doc.error().where.offset <= n);
        QVERIFY(!doc.error().message.isEmpty());
        QVERIFY(!doc.error().message.contains(QLatin1Char('\n')));
    }
    QVERIFY(Document::parse(kConfig));
}

void TestJsonHostile::millionOpenBracketsIsAnError()
{
    const QByteArray text(1'000'000, '[');
    auto doc = Document::parse(text);
    QVERIFY(!doc);
    QCOMPARE(doc.error().message,
             QStringLiteral("unexpected end of input: the array opened at line 1, column 1000000 is not closed"));
    QCOMPARE(doc.error().where.offset, 1'000'000);
}

void TestJsonHostile::millionDeepNestingIsAValue()
{
    const int depth = 1'000'000;
    const QByteArray text = QByteArray(depth, '[') + QByteArray(depth, ']');
    auto doc = Document::parse(text);
    QVERIFY(doc);
    QCOMPARE(doc->nodeCount(), depth);
    NodeId deepest = doc->nodeAt(depth - 1);
    QCOMPARE(doc->depth(deepest), depth - 1);
    QCOMPARE(doc->pointer(deepest).size(), qsizetype(2 * (depth - 1)));
    auto v = doc->toValue(doc->root());
    QVERIFY(!v);
    QCOMPARE(v.error().code, kcs::ErrorCode::Limit);
    QCOMPARE(v.error().message, QStringLiteral("the value nests deeper than 2000 levels"));
    // Edits deep inside still work without recursion.
    QVERIFY(doc->replaceValue(deepest, Value(1)));
    QCOMPARE(doc->text().size(), qsizetype(2 * depth - 1));
}

void TestJsonHostile::hundredMegabyteString()
{
    QByteArray text;
    text.reserve(100'000'010);
    text += "[\"";
    text += QByteArray(100'000'000, 'a');
    text += "\"]";
    auto doc = Document::parse(text);
    QVERIFY(doc);
    QCOMPARE(doc->span(doc->child(doc->root(), 0)).length(), 100'000'002);
    QVERIFY(doc->memoryUsage() < 2 * text.size());
    text.chop(2);
    auto truncated = Document::parse(text);
    QVERIFY(!truncated);
    QCOMPARE(truncated.error().message, QStringLiteral("unterminated string (the input ends before its closing quote)"));
    QCOMPARE(truncated.error().where.offset, 1);
}

void TestJsonHostile::invalidUtf8Sequences_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    QTest::newRow("lone continuation") << QByteArray("\"ab\x80\"") << 3LL;
    QTest::newRow("5-byte lead") << QByteArray("\"\xf8\x88\x80\x80\x80\"") << 1LL;
    QTest::newRow("above U+10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"") << 1LL;
    QTest::newRow("overlong 3-byte") << QByteArray("\"\xe0\x80\xaf\"") << 1LL;
    QTest::newRow("cut 4-byte") << QByteArray("[\"\xf0\x9f\x98\"]") << 2LL;
    QTest::newRow("in a key") << QByteArray("{\"k\xfe\": 1}") << 3LL;
    QTest::newRow("outside strings") << QByteArray("[1, \xc3]") << 4LL;
}

void TestJsonHostile::invalidUtf8Sequences()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    auto doc = Document::parse(bytes);
    QVERIFY(!doc);
    QVERIFY(doc.error().message.startsWith(QLatin1String("invalid UTF-8 byte 0x")));
    QCOMPARE(doc.error().where.offset, offset);
}

void TestJsonHostile::mutatedConfigsNeverCrash()
{
    QRandomGenerator rng(20261204);
    int parsedCount = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray m = kConfig;
        const int edits = 1 + int(rng.bounded(4));
        for (int k = 0; k < edits; ++k) {
            const int at = int(rng.bounded(m.size()));
            switch (rng.bounded(3)) {
            case 0: m[at] = char(rng.bounded(256)); break;
            case 1: m.remove(at, 1); break;
            default: m.insert(at, "{}[],:\"\\"[rng.bounded(8)]); break;
            }
        }
        auto doc = Document::parse(m);
        if (doc) {
            ++parsedCount;
            QCOMPARE(doc->text(), m);
            QVERIFY(doc->toValue(doc->root()));
        } else {
            QVERIFY(doc.error().where.offset >= 0 && doc.error().where.offset <= m.size());
        }
    }
    QVERIFY(parsedCount > 0);
}

QTEST_APPLESS_MAIN(TestJsonHostile)
#include "TestJsonHostile.moc"
