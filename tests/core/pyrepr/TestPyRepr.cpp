// SPDX-License-Identifier: GPL-3.0-or-later
// Python repr rendering (spec 12.3): every rule, with the exact text Python prints.
#include "core/json/Document.h"
#include "core/serialization/PyRepr.h"

#include <QTest>

#include <cmath>
#include <limits>

using kcs::json::Document;
using kcs::json::Value;
using namespace kcs::serialization;

namespace {

QString ucs4(std::initializer_list<char32_t> cps)
{
    QString s;
    for (char32_t c : cps) {
        if (QChar::requiresSurrogates(c)) {
            s += QChar(QChar::highSurrogate(c));
            s += QChar(QChar::lowSurrogate(c));
        } else {
            s += QChar(char16_t(c));
        }
    }
    return s;
}

Value parseValue(const QByteArray& text)
{
    auto doc = Document::parse(text);
    if (!doc)
        qFatal("test JSON does not parse: %s", qPrintable(doc.error().message));
    auto v = doc->toValue(doc->root());
    if (!v)
        qFatal("toValue failed: %s", qPrintable(v.error().message));
    return *v;
}

} // namespace

class TestPyRepr : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersStrings_data();
    void rendersStrings();
    void rendersFloats_data();
    void rendersFloats();
    void rendersValues_data();
    void rendersValues();
    void documentNodesRenderLikeValues_data();
    void documentNodesRenderLikeValues();
    void rendersTuples();
    void rendersTypesAndClasses();
    void rendersSubsetsInConfigOrder();
    void rendersStringLists();
    void invalidNodeIsNone();
    void deepDocumentDoesNotRecurse();
    void deepValueDoesNotRecurse();
};

void TestPyRepr::rendersStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("relu") << QStringLiteral("'relu'");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("single quote switches to double") << QStringLiteral("it's") << QStringLiteral("\"it's\"");
    QTest::newRow("double quote stays single") << QStringLiteral("say \"hi\"") << QStringLiteral("'say \"hi\"'");
    QTest::newRow("both quotes escape the single") << QStringLiteral("a'b\"c") << QStringLiteral("'a\\'b\"c'");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("'a\\\\b'");
    QTest::newRow("newline tab cr") << QStringLiteral("a\nb\tc\rd") << QStringLiteral("'a\\nb\\tc\\rd'");
    QTest::newRow("nul") << ucs4({0x0}) << QStringLiteral("'\\x00'");
    QTest::newRow("other C0") << ucs4({0x1b, 0x0c, 0x08}) << QStringLiteral("'\\x1b\\x0c\\x08'");
    QTest::newRow("DEL") << ucs4({0x7f}) << QStringLiteral("'\\x7f'");
    QTest::newRow("C1 control NEL") << ucs4({0x85}) << QStringLiteral("'\\x85'");
    QTest::newRow("no-break space Zs") << ucs4({0xa0}) << QStringLiteral("'\\xa0'");
    QTest::newRow("soft hyphen Cf") << ucs4({0xad}) << QStringLiteral("'\\xad'");
    QTest::newRow("latin-1 letter kept") << ucs4({0xe9}) << ucs4({'\'', 0xe9, '\''});
    QTest::newRow("zero width space Cf") << ucs4({0x200b}) << QStringLiteral("'\\u200b'");
    QTest::newRow("line separator Zl") << ucs4({0x2028}) << QStringLiteral("'\\u2028'");
    QTest::newRow("paragraph separator Zp") << ucs4({0x2029}) << QStringLiteral("'\\u2029'");
    QTest::newRow("ideographic space Zs") << ucs4({0x3000}) << QStringLiteral("'\\u3000'");
    QTest::newRow("private use Co") << ucs4({0xe000}) << QStringLiteral("'\\ue000'");
    QTest::newRow("unassigned Cn") << ucs4({0x0378}) << QStringLiteral("'\\u0378'");
    QTest::newRow("BOM Cf") << ucs4({0xfeff}) << QStringLiteral("'\\ufeff'");
    QTest::newRow("CJK kept") << ucs4({0x4e2d, 0x6587}) << ucs4({'\'', 0x4e2d, 0x6587, '\''});
    QTest::newRow("emoji kept") << ucs4({0x1f600}) << ucs4({'\'', 0x1f600, '\''});
    QTest::newRow("astral tag Cf") << ucs4({0xe0001}) << QStringLiteral("'\\U000e0001'");
    QTest::newRow("astral private use") << ucs4({0x10fffd}) << QStringLiteral("'\\U0010fffd'");
    QTest::newRow("lone high surrogate") << QString(QChar(char16_t(0xd800))) << QStringLiteral("'\\ud800'");
    QTest::newRow("lone low surrogate") << QString(QChar(char16_t(0xdc01))) + QLatin1Char('x')
                                        << QStringLiteral("'\\udc01x'");
    QTest::newRow("space kept") << QStringLiteral("a b") << QStringLiteral("'a b'");
}

void TestPyRepr::rendersStrings()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(pyReprString(text), expected);
    QCOMPARE(pyRepr(Value(text)), expected);
}

void TestPyRepr::rendersFloats_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one") << 1.0 << QStringLiteral("1.0");
    QTest::newRow("small") << 1e-07 << QStringLiteral("1e-07");
    QTest::newRow("1e-05") << 1e-05 << QStringLiteral("1e-05");
    QTest::newRow("0.0001") << 0.0001 << QStringLiteral("0.0001");
    QTest::newRow("100000.0") << 100000.0 << QStringLiteral("100000.0");
    QTest::newRow("1e+16") << 1e16 << QStringLiteral("1e+16");
    QTest::newRow("float32 expansion") << double(0.001f) << QStringLiteral("0.0010000000474974513");
    QTest::newRow("negative zero") << -0.0 << QStringLiteral("-0.0");
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("nan");
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QStringLiteral("inf");
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-inf");
}

void TestPyRepr::rendersFloats()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(pyReprFloat(value), expected);
    QCOMPARE(pyRepr(Value(value)), expected);
}

void TestPyRepr::rendersValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("envelope") << QByteArray(R"({"class_name": "Dense", "config": {"units": 4}, "module": "keras.layers", "registered_name": null})")
                              << QStringLiteral("{'class_name': 'Dense', 'config': {'units': 4}, 'module': 'keras.layers', 'registered_name': None}");
    QTest::newRow("empty dict") << QByteArray("{}") << QStringLiteral("{}");
    QTest::newRow("empty list") << QByteArray("[]") << QStringLiteral("[]");
    QTest::newRow("list") << QByteArray("[1, 2]") << QStringLiteral("[1, 2]");
    QTest::newRow("null true false") << QByteArray("[null, true, false]") << QStringLiteral("[None, True, False]");
    QTest::newRow("ints") << QByteArray("[0, -7, 42]") << QStringLiteral("[0, -7, 42]");
    QTest::newRow("big int") << QByteArray("123456789012345678901234567890")
                             << QStringLiteral("123456789012345678901234567890");
    QTest::newRow("float spellings are re-rendered") << QByteArray("[1e5, 1.10, 1E-7, 2.50]")
                                                     << QStringLiteral("[100000.0, 1.1, 1e-07, 2.5]");
    QTest::newRow("non-finite") << QByteArray("[NaN, Infinity, -Infinity]") << QStringLiteral("[nan, inf, -inf]");
    QTest::newRow("escaped JSON string") << QByteArray(R"(["\u00e9\n", "it's"])")
                                         << (ucs4({'[', '\'', 0xe9}) + QStringLiteral("\\n', \"it's\"]"));
    QTest::newRow("lone surrogate escape from JSON") << QByteArray(R"(["\ud800x", "\ud83d\ude00"])")
                                                     << (QStringLiteral("['\\ud800x', '") + ucs4({0x1f600}) + QStringLiteral("']"));
    QTest::newRow("nested empties") << QByteArray(R"({"a": [], "b": {}, "c": [[]]})")
                                    << QStringLiteral("{'a': [], 'b': {}, 'c': [[]]}");
    QTest::newRow("duplicate keys fold like a dict") << QByteArray(R"({"a": 1, "b": 2, "a": 3})")
                                                     << QStringLiteral("{'a': 3, 'b': 2}");
    QTest::newRow("key with quote") << QByteArray(R"({"it's": "x"})") << QStringLiteral("{\"it's\": 'x'}");
    QTest::newRow("escaped key repeats a plain one") << QByteArray(R"({"a": 1, "b": 2, "\u0061": 3})")
                                                     << QStringLiteral("{'a': 3, 'b': 2}");
    QTest::newRow("double quotes only") << QByteArray(R"({"say \"x\"": "\"y\""})")
                                        << QStringLiteral("{'say \"x\"': '\"y\"'}");
    QTest::newRow("both quotes") << QByteArray(R"(["it's \"x\""])") << QStringLiteral("['it\\'s \"x\"']");
    QTest::newRow("DEL and tab") << QByteArray("[\"a\x7f\", \"\\t\"]") << QStringLiteral("['a\\x7f', '\\t']");
    QTest::newRow("long object, last key repeated")
        << QByteArray(R"({"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k0": 17})")
        << QStringLiteral("{'k0': 17, 'k1': 1, 'k2': 2, 'k3': 3, 'k4': 4, 'k5': 5, 'k6': 6, 'k7': 7, 'k8': 8, 'k9': 9, 'k10': 10, 'k11': 11, 'k12': 12, 'k13': 13, 'k14': 14, 'k15': 15, 'k16': 16}");
    QTest::newRow("mixed nesting") << QByteArray(R"([{"k": [1, {"z": null}]}, 2.5, "s"])")
                                   << QStringLiteral("[{'k': [1, {'z': None}]}, 2.5, 's']");
}

void TestPyRepr::rendersValues()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QCOMPARE(pyRepr(parseValue(json)), expected);
}

void TestPyRepr::documentNodesRenderLikeValues_data()
{
    rendersValues_data();
    QTest::newRow("negative zero int") << QByteArray("-0") << QStringLiteral("0");
}

void TestPyRepr::documentNodesRenderLikeValues()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    auto doc = Document::parse(json);
    QVERIFY(doc.has_value());
    QCOMPARE(pyRepr(*doc, doc->root()), expected);
}

void TestPyRepr::rendersTuples()
{
    QCOMPARE(pyReprTuple({}), QStringLiteral("()"));
    QCOMPARE(pyReprTuple({Value(1)}), QStringLiteral("(1,)"));
    QCOMPARE(pyReprTuple({Value(1), Value("a")}), QStringLiteral("(1, 'a')"));
    QCOMPARE(pyReprTuple({Value(Value::Array{Value(3)})}), QStringLiteral("([3],)"));
}

void TestPyRepr::rendersTypesAndClasses()
{
    QCOMPARE(pyReprType(Value::Type::Null), QStringLiteral("<class 'NoneType'>"));
    QCOMPARE(pyReprType(Value::Type::Bool), QStringLiteral("<class 'bool'>"));
    QCOMPARE(pyReprType(Value::Type::Int), QStringLiteral("<class 'int'>"));
    QCOMPARE(pyReprType(Value::Type::BigInt), QStringLiteral("<class 'int'>"));
    QCOMPARE(pyReprType(Value::Type::Float), QStringLiteral("<class 'float'>"));
    QCOMPARE(pyReprType(Value::Type::String), QStringLiteral("<class 'str'>"));
    QCOMPARE(pyReprType(Value::Type::Array), QStringLiteral("<class 'list'>"));
    QCOMPARE(pyReprType(Value::Type::Object), QStringLiteral("<class 'dict'>"));
    QCOMPARE(pyReprClass(u"keras.src.layers.core.dense.Dense"),
             QStringLiteral("<class 'keras.src.layers.core.dense.Dense'>"));
}

void TestPyRepr::rendersSubsetsInConfigOrder()
{
    const Value config = parseValue(R"({"name": "d", "groups": 1, "units": 4, "foo": "x", "groups": 2})");
    QCOMPARE(pyReprSubset(config, {QStringLiteral("foo"), QStringLiteral("groups")}),
             QStringLiteral("{'groups': 2, 'foo': 'x'}"));
    QCOMPARE(pyReprSubset(config, {}), QStringLiteral("{}"));
    QCOMPARE(pyReprSubset(Value(3), {QStringLiteral("a")}), QStringLiteral("{}"));
}

void TestPyRepr::rendersStringLists()
{
    QCOMPARE(pyReprStringList({}), QStringLiteral("[]"));
    QCOMPARE(pyReprStringList({QStringLiteral("a"), QStringLiteral("it's")}), QStringLiteral("['a', \"it's\"]"));
}

void TestPyRepr::invalidNodeIsNone()
{
    auto doc = Document::parse("[1]");
    QVERIFY(doc.has_value());
    QCOMPARE(pyRepr(*doc, kcs::json::kNoNode), QStringLiteral("None"));
}

void TestPyRepr::deepDocumentDoesNotRecurse()
{
    const int depth = 100000;
    QByteArray text = QByteArray(depth, '[') + "7" + QByteArray(depth, ']');
    auto doc = Document::parse(text);
    QVERIFY2(doc.has_value(), doc ? "" : qPrintable(doc.error().message));
    const QString out = pyRepr(*doc, doc->root());
    QCOMPARE(out.size(), qsizetype(2 * depth + 1));
    QCOMPARE(out.mid(depth - 2, 5), QStringLiteral("[[7]]"));
}

void TestPyRepr::deepValueDoesNotRecurse()
{
    // The deepest a Value may be; rendering walks it with an explicit stack.
    Value v(1);
    for (int i = 0; i < Value::kMaxDepth - 1; ++i)
        v = Value(Value::Array{std::move(v)});
    const QString out = pyRepr(v);
    QCOMPARE(out.size(), qsizetype(2 * (Value::kMaxDepth - 1) + 1));
    QVERIFY(out.startsWith(QStringLiteral("[[[")));
}

QTEST_APPLESS_MAIN(TestPyRepr)
#include "TestPyRepr.moc"
