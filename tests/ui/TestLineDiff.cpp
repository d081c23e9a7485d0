// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LineDiff.h"

#include <QTest>

using namespace kcs::ui;

/// The save preview's diff: only changed lines, with their line numbers on each side.
class TestLineDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void changedLinesOnly_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        QTest::addColumn<QString>("rendered");
        QTest::newRow("identical") << QByteArray("a\nb\n") << QByteArray("a\nb\n") << QString();
        QTest::newRow("one line changed") << QByteArray("a\nb\nc") << QByteArray("a\nB\nc") << QStringLiteral("-2 b\n+2 B\n");
        QTest::newRow("line added") << QByteArray("a\nc") << QByteArray("a\nb\nc") << QStringLiteral("+2 b\n");
        QTest::newRow("line removed") << QByteArray("a\nb\nc") << QByteArray("a\nc") << QStringLiteral("-2 b\n");
        QTest::newRow("two separate changes") << QByteArray("a\nb\nc\nd\ne") << QByteArray("A\nb\nc\nd\nE")
                                              << QStringLiteral("-1 a\n+1 A\n-5 e\n+5 E\n");
        QTest::newRow("moved line matched by LCS") << QByteArray("x\na\nb\nc\ny") << QByteArray("x\nb\nc\na\ny")
                                                   << QStringLiteral("-2 a\n+4 a\n");
    }

    void changedLinesOnly()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(QString, rendered);
        QCOMPARE(LineDiff::render(LineDiff::changedLines(before, after)), rendered);
    }

    void oneLineJsonIsLaidOutBeforeDiffing()
    {
        const QByteArray before = R"({"a": 1, "b": {"c": [1, 2]}, "d": "x"})";
        const QByteArray after = R"({"a": 1, "b": {"c": [1, 3]}, "d": "x"})";
        const QByteArray laidOut = LineDiff::diffableText(before);
        QCOMPARE(laidOut, QByteArray("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      1,\n      2\n    ]\n  },\n  \"d\": \"x\"\n}"));
        QCOMPARE(LineDiff::render(LineDiff::changedLines(laidOut, LineDiff::diffableText(after))),
                 QStringLiteral("-6       2\n+6       3\n"));
    }

    void multiLineAndInvalidTextStayAsTheyAre()
    {
        QCOMPARE(LineDiff::diffableText("{\n\"a\": 1}"), QByteArray("{\n\"a\": 1}"));
        QCOMPARE(LineDiff::diffableText("{\"a\": }"), QByteArray("{\"a\": }"));
    }
};

QTEST_APPLESS_MAIN(TestLineDiff)
#include "TestLineDiff.moc"
