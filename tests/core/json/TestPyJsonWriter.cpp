// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist item 54: every value prints exactly as Python's json.dumps prints it.

#include "core/json/PyJson.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace kcs::json;

class TestPyJsonWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void floatsPrintLikePythonRepr_data();
    void floatsPrintLikePythonRepr();
    void stringsAreAsciiEscaped_data();
    void stringsAreAsciiEscaped();
    void dumpsCompactAndIndented();
    void keepsNumberSpellingFromSource();
};

void TestPyJsonWriter::floatsPrintLikePythonRepr_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("1.0") << 1.0 << QByteArray("1.0");
    QTest::newRow("1e-05") << 1e-05 << QByteArray("1e-05");
    QTest::newRow("1e+16") << 1e16 << QByteArray("1e+16");
    QTest::newRow("0.0001") << 0.0001 << QByteArray("0.0001");
    QTest::newRow("100000.0") << 100000.0 << QByteArray("100000.0");
    QTest::newRow("NaN") << std::nan("") << QByteArray("NaN");
    QTest::newRow("Infinity") << HUGE_VAL << QByteArray("Infinity");
    QTest::newRow("-Infinity") << -HUGE_VAL << QByteArray("-Infinity");
    QTest::newRow("-0.0") << -0.0 << QByteArray("-0.0");
    QTest::newRow("float32 0.001") << double(0.001f) << QByteArray("0.0010000000474974513");
    QTest::newRow("1e15 positional") << 1e15 << QByteArray("1000000000000000.0");
    QTest::newRow("1.5e-07") << 1.5e-07 << QByteArray("1.5e-07");
    QTest::newRow("big repr") << 1.2345678901234568e+17 << QByteArray("1.2345678901234568e+17");
    QTest::newRow("0.1") << 0.1 << QByteArray("0.1");
    QTest::newRow("123.456") << 123.456 << QByteArray("123.456");
    QTest::newRow("1e-4 boundary") << 0.00012 << QByteArray("0.00012");
    QTest::newRow("1e100") << 1e100 << QByteArray("1e+100");
    QTest::newRow("5e-324") << 5e-324 << QByteArray("5e-324");
    QTest::newRow("max") << std::numeric_limits<double>::max() << QByteArray("1.7976931348623157e+308");
    QTest::newRow("-2.5") << -2.5 << QByteArray("-2.5");
}

void TestPyJsonWriter::floatsPrintLikePythonRepr()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatFloat(value), expected);
    QCOMPARE(dumps(Value(value)), expected);
}

void TestPyJsonWriter::stringsAreAsciiEscaped_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("e-acute") << QStringLiteral("\u00e9") << QByteArray(R"("\u00e9")");
    QTest::newRow("emoji surrogate pair") << QString::fromUtf8("\xF0\x9F\x98\x80") << QByteArray(R"("\ud83d\ude00")");
    QTest::newRow("DEL") << QString(QChar(0x7f)) << QByteArray(R"("\u007f")");
    QTest::newRow("slash not escaped") << QStringLiteral("a/b") << QByteArray(R"("a/b")");
    QTest::newRow("short escapes") << QStringLiteral("\"\\\n\r\t\b\f") << QByteArray(R"("\"\\\n\r\t\b\f")");
    QTest::newRow("other control") << QString(QChar(0x01)) << QByteArray(R"("\u0001")");
    QTest::newRow("plain") << QStringLiteral("dense_1") << QByteArray(R"("dense_1")");
    QTest::newRow("CJK") << QStringLiteral("\u4e2d") << QByteArray(R"("\u4e2d")");
}

void TestPyJsonWriter::stringsAreAsciiEscaped()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(quoteString(text), expected);
}

void TestPyJsonWriter::dumpsCompactAndIndented()
{
    Value v = Value::object();
    v.append(QStringLiteral("class_name"), QStringLiteral("Dense"));
    Value cfg = Value::object();
    cfg.append(QStringLiteral("units"), 64);
    cfg.append(QStringLiteral("l2"), 0.01);
    cfg.append(QStringLiteral("shape"), Value(Value::Array{Value(), 32}));
    cfg.append(QStringLiteral("empty"), Value::array());
    cfg.append(QStringLiteral("none"), Value::object());
    cfg.append(QStringLiteral("flag"), true);
    v.append(QStringLiteral("config"), cfg);
    QCOMPARE(dumps(v), QByteArray(R"({"class_name": "Dense", "config": {"units": 64, "l2": 0.01, "shape": [null, 32], "empty": [], "none": {}, "flag": true}})"));
    DumpOptions indented;
    indented.indent = 2;
    QCOMPARE(dumps(v, indented), QByteArray("{\n  \"class_name\": \"Dense\",\n  \"config\": {\n    \"units\": 64,\n"
                                            "    \"l2\": 0.01,\n    \"shape\": [\n      null,\n      32\n    ],\n"
                                            "    \"empty\": [],\n    \"none\": {},\n    \"flag\": true\n  }\n}"));
}

void TestPyJsonWriter::keepsNumberSpellingFromSource()
{
    QCOMPARE(dumps(Value(Value::Float{100000.0, "1e5"})), QByteArray("1e5"));
    QCOMPARE(dumps(Value(Value::BigInt{"123456789012345678901234567890"})), QByteArray("123456789012345678901234567890"));
    QCOMPARE(dumps(Value(qint64(-9007199254740993LL))), QByteArray("-9007199254740993"));
}

QTEST_APPLESS_MAIN(TestPyJsonWriter)
#include "TestPyJsonWriter.moc"
