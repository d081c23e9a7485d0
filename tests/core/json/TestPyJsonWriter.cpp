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
    void escapesAtEveryPositionOfLongStrings();
    void dumpsCompactAndIndented();
    void dumpAppendsToExistingText();
    void dumpHonoursSeparatorsIndentUnitAndBaseDepth();
    void keepsNumberSpellingFromSource();
};

namespace {

/// json.dumps's string rule written the plain way, one unit at a time: the reference the
/// writer's eight-units-at-a-time path is held to.
QByteArray referenceQuote(QStringView text)
{
    QByteArray out = "\"";
    for (QChar qc : text) {
        const char16_t c = qc.unicode();
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c >= 0x20 && c < 0x7f)
                out += char(c);
            else
                out += "\\u" + QByteArray::number(c, 16).rightJustified(4, '0');
        }
    }
    return out + '"';
}

} // namespace

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

void TestPyJsonWriter::escapesAtEveryPositionOfLongStrings()
{
    // Every special unit (short escapes, controls, DEL, non-ASCII, surrogates, units from 0x8000
    // up) at every position of plain strings of every length up to 40: before, inside and after
    // each block of eight, and in the last block, which overlaps units already written.
    const QString specials = QStringLiteral("\"\\\n\r\t\b\f") + QChar(0x01) + QChar(0x1f) + QChar(0x7f)
                             + QChar(0xe9) + QChar(0x4e2d) + QChar(0xd83d) + QChar(0xde00) + QChar(0xffff) + QChar(0x8000);
    for (int length = 1; length <= 40; ++length) {
        QString plain;
        for (int i = 0; i < length; ++i)
            plain += QChar(u' ' + (i * 7) % 95); // printable ASCII, '"' and '\\' included
        QCOMPARE(quoteString(plain), referenceQuote(plain));
        for (int at = 0; at < length; ++at) {
            for (QChar special : specials) {
                QString text = plain;
                text[at] = special;
                const QByteArray expected = referenceQuote(text);
                QCOMPARE(quoteString(text), expected);
                QCOMPARE(dumps(Value(text)), expected);
            }
        }
    }
    const QString allEscaped(33, QChar(0x2603));
    QCOMPARE(quoteString(allEscaped), referenceQuote(allEscaped));
    QCOMPARE(quoteString(QString()), QByteArray(R"("")"));
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

void TestPyJsonWriter::dumpAppendsToExistingText()
{
    // check --json writes its rows one at a time into one buffer it clears in between.
    QByteArray out = "prefix ";
    dump(Value(Value::Array{1, QStringLiteral("a")}), out);
    QCOMPARE(out, QByteArray(R"(prefix [1, "a"])"));
    out.resize(0);
    dump(Value(2.5), out);
    QCOMPARE(out, QByteArray("2.5"));

    // A document larger than the writer's first allocation, several times over.
    Value big = Value::array();
    for (int i = 0; i < 5000; ++i)
        big.append(Value(Value::Array{i, QStringLiteral("layer_%1").arg(i), i * 0.5}));
    QByteArray expected = "[";
    for (int i = 0; i < 5000; ++i) {
        expected += (i > 0 ? ", [" : "[") + QByteArray::number(i) + ", \"layer_" + QByteArray::number(i) + "\", "
                    + formatFloat(i * 0.5) + ']';
    }
    expected += ']';
    QCOMPARE(dumps(big), expected);
    QByteArray appended = "x";
    dump(big, appended);
    QCOMPARE(appended, "x" + expected);
}

void TestPyJsonWriter::dumpHonoursSeparatorsIndentUnitAndBaseDepth()
{
    Value v = Value::object();
    v.append(QStringLiteral("a"), Value(Value::Array{1, Value()}));
    v.append(QStringLiteral("b"), Value::object());
    DumpOptions compact;
    compact.itemSeparator = ",";
    compact.keySeparator = ":";
    QCOMPARE(dumps(v, compact), QByteArray(R"({"a":[1,null],"b":{}})"));
    DumpOptions tabs;
    tabs.indentUnit = "\t";
    tabs.newline = "\r\n";
    tabs.baseDepth = 1;
    QCOMPARE(dumps(v, tabs), QByteArray("{\r\n\t\t\"a\": [\r\n\t\t\t1,\r\n\t\t\tnull\r\n\t\t],\r\n\t\t\"b\": {}\r\n\t}"));
    DumpOptions zero;
    zero.indent = 0;
    QCOMPARE(dumps(v, zero), QByteArray("{\n\"a\": [\n1,\nnull\n],\n\"b\": {}\n}"));
}

void TestPyJsonWriter::keepsNumberSpellingFromSource()
{
    QCOMPARE(dumps(Value(Value::Float{100000.0, "1e5"})), QByteArray("1e5"));
    QCOMPARE(dumps(Value(Value::BigInt{"123456789012345678901234567890"})), QByteArray("123456789012345678901234567890"));
    QCOMPARE(dumps(Value(qint64(-9007199254740993LL))), QByteArray("-9007199254740993"));
}

QTEST_APPLESS_MAIN(TestPyJsonWriter)
#include "TestPyJsonWriter.moc"
