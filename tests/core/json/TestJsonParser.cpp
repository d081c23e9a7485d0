// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON reader: valid documents (kinds, spans, decoding, pointers) and invalid ones (exact
// message and position).

#include "core/json/Document.h"
#include "core/json/PyJson.h"

#include <QTest>

#include <cmath>

using namespace kcs::json;

class TestJsonParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectsInvalidText_data();
    void rejectsInvalidText();
    void indexesSpansAndKinds();
    void decodesStringsAndNumbersOnDemand();
    void acceptsPythonNonFiniteNumbers();
    void keepsDuplicateKeysLastWins();
    void memberComparesWholeKeysEscapedOrNot();
    void memberKeysListsEveryMemberInOrder();
    void resolvesPointers_data();
    void resolvesPointers();
    void findsNodeAtOffset();
    void reportsLineAndColumnInCodePoints();
    void detectsLayout();
    void materialisesValues();
    void readsNothingForMissingNodes();
};

void TestJsonParser::rejectsInvalidText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray("") << 0LL << 1 << 1
                           << "no JSON value in the text (it is empty or only whitespace)";
    QTest::newRow("whitespace only") << QByteArray("  \n ") << 4LL << 2 << 2
                                     << "no JSON value in the text (it is empty or only whitespace)";
    QTest::newRow("trailing garbage") << QByteArray("{} x") << 3LL << 1 << 4
                                      << "unexpected 'x' after the JSON value (only whitespace may follow it)";
    QTest::newRow("two values") << QByteArray("1 2") << 2LL << 1 << 3
                                << "unexpected '2' after the JSON value (only whitespace may follow it)";
    QTest::newRow("unclosed object") << QByteArray("{\"a\": 1") << 7LL << 1 << 8
                                     << "unexpected end of input: the object opened at line 1, column 1 is not closed";
    QTest::newRow("unclosed nested array") << QByteArray("{\"a\": [1,\n 2") << 12LL << 2 << 3
                                           << "unexpected end of input: the array opened at line 1, column 7 is not closed";
    QTest::newRow("unterminated string") << QByteArray("[\"abc") << 1LL << 1 << 2
                                         << "unterminated string (the input ends before its closing quote)";
    QTest::newRow("missing comma") << QByteArray("[1 2]") << 3LL << 1 << 4
                                   << "unexpected '2', expected ',' or ']' after an array element";
    QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << 5LL << 1 << 6
                                   << "unexpected '1', expected ':' after the key";
    QTest::newRow("unquoted key") << QByteArray("{a: 1}") << 1LL << 1 << 2 << "unexpected 'a', expected a string key";
    QTest::newRow("trailing comma in object") << QByteArray("{\"a\": 1,}") << 8LL << 1 << 9
                                              << "unexpected '}', expected a string key";
    QTest::newRow("trailing comma in array") << QByteArray("[1,]") << 3LL << 1 << 4
                                             << "unexpected ']', expected a JSON value";
    QTest::newRow("object member separator") << QByteArray("{\"a\": 1 \"b\": 2}") << 8LL << 1 << 9
                                             << "unexpected '\"', expected ',' or '}' after an object member";
    QTest::newRow("control char in string") << QByteArray("[\"a\nb\"]") << 3LL << 1 << 4
                                            << "control character U+000A in string (it must be escaped)";
    QTest::newRow("tab in string") << QByteArray("\"a\tb\"") << 2LL << 1 << 3
                                   << "control character U+0009 in string (it must be escaped)";
    QTest::newRow("bad escape") << QByteArray("\"a\\x\"") << 2LL << 1 << 3 << "invalid escape '\\x' in string";
    QTest::newRow("short unicode escape") << QByteArray("\"\\u12G4\"") << 1LL << 1 << 2
                                          << "invalid \\u escape in string: four hex digits must follow \\u";
    QTest::newRow("leading zero") << QByteArray("[01]") << 1LL << 1 << 2
                                  << "invalid number: leading zeros are not allowed";
    QTest::newRow("dot without digits") << QByteArray("1.") << 2LL << 1 << 3
                                        << "invalid number: a digit must follow the decimal point";
    QTest::newRow("exponent without digits") << QByteArray("1e+") << 3LL << 1 << 4
                                             << "invalid number: a digit must follow the exponent";
    QTest::newRow("lone minus") << QByteArray("-") << 0LL << 1 << 1 << "invalid number: a digit must follow '-'";
    QTest::newRow("bad literal") << QByteArray("[tru]") << 1LL << 1 << 2 << "unexpected 't', expected a JSON value";
    QTest::newRow("python None") << QByteArray("None") << 0LL << 1 << 1 << "unexpected 'N', expected a JSON value";
    QTest::newRow("invalid utf8 byte") << QByteArray("[\"a\xff\"]") << 3LL << 1 << 4 << "invalid UTF-8 byte 0xff";
    QTest::newRow("truncated utf8") << QByteArray("\"\xc3") << 1LL << 1 << 2 << "invalid UTF-8 byte 0xc3";
    QTest::newRow("overlong utf8") << QByteArray("\"\xc0\xaf\"") << 1LL << 1 << 2 << "invalid UTF-8 byte 0xc0";
    QTest::newRow("surrogate in utf8") << QByteArray("\"\xed\xa0\x80\"") << 1LL << 1 << 2 << "invalid UTF-8 byte 0xed";
    QTest::newRow("non-ascii after value") << QByteArray("1 \xc3\xa9") << 2LL << 1 << 3
                                           << QString::fromUtf8("unexpected '\xc3\xa9' after the JSON value (only whitespace may follow it)");
    QTest::newRow("column counts code points") << QByteArray("[\"\xc3\xa9\xc3\xa9\", x]") << 9LL << 1 << 8
                                               << "unexpected 'x', expected a JSON value";
    QTest::newRow("nul byte") << QByteArray("[1,\0]", 5) << 3LL << 1 << 4
                              << "unexpected character U+0000, expected a JSON value";
}

void TestJsonParser::rejectsInvalidText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(qint64, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    auto doc = Document::parse(text);
    QVERIFY(!doc);
    QCOMPARE(doc.error().code, kcs::ErrorCode::Syntax);
    QCOMPARE(doc.error().message, message);
    QCOMPARE(doc.error().where.offset, offset);
    QCOMPARE(doc.error().where.line, line);
    QCOMPARE(doc.error().where.column, column);
}

void TestJsonParser::indexesSpansAndKinds()
{
    const QByteArray text = R"( {"a": [1, 2.5, "x"], "b": {"c": null}, "d": true} )";
    auto doc = Document::parse(text);
    QVERIFY(doc);
    const NodeId root = doc->root();
    QCOMPARE(doc->kind(root), Kind::Object);
    QCOMPARE(doc->span(root), (Span{1, 50}));
    QCOMPARE(doc->childCount(root), 3);
    const NodeId a = doc->child(root, 0);
    QCOMPARE(doc->rawKey(a), QByteArrayView("\"a\""));
    QCOMPARE(doc->keySpan(a), (Span{2, 5}));
    QCOMPARE(doc->memberSpan(a), (Span{2, 20}));
    QCOMPARE(doc->raw(a), QByteArrayView("[1, 2.5, \"x\"]"));
    QCOMPARE(doc->kind(doc->child(a, 1)), Kind::Number);
    QCOMPARE(doc->indexInParent(doc->child(a, 2)), 2);
    QCOMPARE(doc->parent(doc->child(a, 2)), a);
    QCOMPARE(doc->depth(doc->child(a, 2)), 2);
    QCOMPARE(doc->kind(doc->member(root, "d")), Kind::Bool);
    QVERIFY(doc->boolValue(doc->member(root, "d")));
    QCOMPARE(doc->kind(doc->member(doc->member(root, "b"), "c")), Kind::Null);
    QCOMPARE(doc->member(root, "zz"), kNoNode);
    QCOMPARE(doc->child(root, 3), kNoNode);
    QCOMPARE(doc->nodeCount(), 8);
}

void TestJsonParser::decodesStringsAndNumbersOnDemand()
{
    auto doc = Document::parse(R"(["plain", "esc\"\\\/\n\t\u00e9\ud83d\ude00", 42, -0, 1.10, 1e5, 123456789012345678901234])");
    QVERIFY(doc);
    const NodeId r = doc->root();
    QCOMPARE(doc->string(doc->child(r, 0)), QStringLiteral("plain"));
    QCOMPARE(doc->string(doc->child(r, 1)), QString::fromUtf8("esc\"\\/\n\t\xc3\xa9\xF0\x9F\x98\x80"));
    QVERIFY(doc->stringEquals(doc->child(r, 0), "plain"));
    QVERIFY(doc->stringEquals(doc->child(r, 1), "esc\"\\/\n\t\xc3\xa9\xF0\x9F\x98\x80"));
    QCOMPARE(doc->toInt64(doc->child(r, 2)), std::optional<qint64>(42));
    QCOMPARE(doc->toInt64(doc->child(r, 3)), std::optional<qint64>(0));
    QVERIFY(doc->isIntegerSpelling(doc->child(r, 3)));
    QVERIFY(!doc->isIntegerSpelling(doc->child(r, 4)));
    QCOMPARE(doc->toDouble(doc->child(r, 4)), 1.1);
    QCOMPARE(doc->raw(doc->child(r, 4)), QByteArrayView("1.10"));
    QCOMPARE(doc->toDouble(doc->child(r, 5)), 100000.0);
    QCOMPARE(doc->toInt64(doc->child(r, 6)), std::nullopt);
    QVERIFY(doc->isIntegerSpelling(doc->child(r, 6)));
}

void TestJsonParser::acceptsPythonNonFiniteNumbers()
{
    auto doc = Document::parse("[NaN, Infinity, -Infinity]");
    QVERIFY(doc);
    QVERIFY(std::isnan(doc->toDouble(doc->child(doc->root(), 0))));
    QCOMPARE(doc->toDouble(doc->child(doc->root(), 1)), HUGE_VAL);
    QCOMPARE(doc->toDouble(doc->child(doc->root(), 2)), -HUGE_VAL);
    auto strict = Document::parse("[NaN]", ParseOptions{false});
    QVERIFY(!strict);
    QCOMPARE(strict.error().message, QStringLiteral("unexpected 'N', expected a JSON value"));
}

void TestJsonParser::keepsDuplicateKeysLastWins()
{
    auto doc = Document::parse(R"({"a": 1, "b": 2, "a": 3, "\u0062": 4})");
    QVERIFY(doc);
    QCOMPARE(doc->childCount(doc->root()), 4);
    QCOMPARE(doc->raw(doc->member(doc->root(), "a")), QByteArrayView("3"));
    QCOMPARE(doc->raw(doc->member(doc->root(), "b")), QByteArrayView("4"));
    QCOMPARE(doc->duplicateKeys().size(), size_t(2));
    QCOMPARE(doc->duplicateKeys()[0].member, doc->child(doc->root(), 2));
    QCOMPARE(doc->duplicateKeys()[0].earlier, doc->child(doc->root(), 0));
    QCOMPARE(doc->duplicateKeys()[1].member, doc->child(doc->root(), 3));
    QCOMPARE(doc->duplicateKeys()[1].earlier, doc->child(doc->root(), 1));
}

void TestJsonParser::memberComparesWholeKeysEscapedOrNot()
{
    auto doc = Document::parse(R"({"ab": 1, "a": 2, "abc": 3, "": 4, "\u0061": 5, "b": 6, "\u0062c": 7, "k\"": 8, "x": [1]})");
    QVERIFY(doc);
    const NodeId root = doc->root();
    QCOMPARE(doc->raw(doc->member(root, "a")), QByteArrayView("5"));   // the escaped spelling is later
    QCOMPARE(doc->raw(doc->member(root, "ab")), QByteArrayView("1"));  // a longer key is no match
    QCOMPARE(doc->raw(doc->member(root, "abc")), QByteArrayView("3"));
    QCOMPARE(doc->raw(doc->member(root, "")), QByteArrayView("4"));
    QCOMPARE(doc->raw(doc->member(root, "b")), QByteArrayView("6"));   // "\u0062c" decodes to "bc"
    QCOMPARE(doc->raw(doc->member(root, "bc")), QByteArrayView("7"));
    QCOMPARE(doc->raw(doc->member(root, "k\"")), QByteArrayView("8"));
    QCOMPARE(doc->raw(doc->member(root, QStringLiteral("bc"))), QByteArrayView("7"));
    QCOMPARE(doc->member(root, "abcd"), kNoNode);
    QCOMPARE(doc->member(root, "\\u0061"), kNoNode); // the spelling is not the key
    QCOMPARE(doc->member(doc->member(root, "x"), "0"), kNoNode); // not an object
    QCOMPARE(doc->member(doc->child(doc->member(root, "x"), 0), "a"), kNoNode);
}

void TestJsonParser::memberKeysListsEveryMemberInOrder()
{
    auto doc = Document::parse(R"({"ab": 1, "": 2, "\u0061": 3, "ab": 4, "k\"": {"z": 5}})");
    QVERIFY(doc);
    const NodeId root = doc->root();
    std::vector<Document::MemberKey> keys{{kNoNode, "stale", true}}; // cleared first
    doc->memberKeys(root, keys);
    QCOMPARE(keys.size(), size_t(5));
    const char* texts[] = {"ab", "", "\\u0061", "ab", "k\\\""};
    const bool escaped[] = {false, false, true, false, true};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(keys[size_t(i)].member, doc->child(root, i));
        QCOMPARE(keys[size_t(i)].text, std::string_view(texts[i]));
        QCOMPARE(keys[size_t(i)].escaped, escaped[i]);
    }
    QCOMPARE(doc->key(keys[2].member), QStringLiteral("a"));
    doc->memberKeys(doc->child(root, 4), keys);
    QCOMPARE(keys.size(), size_t(1));
    QCOMPARE(keys[0].text, std::string_view("z"));
    doc->memberKeys(doc->child(root, 0), keys); // a number: no members
    QVERIFY(keys.empty());
}

void TestJsonParser::resolvesPointers_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("root") << "" << QByteArray(R"({"a/b": {"m~n": [10, 20]}, "": 5, "c": [0]})");
    QTest::newRow("escaped slash and tilde") << "/a~1b/m~0n/1" << QByteArray("20");
    QTest::newRow("empty key") << "/" << QByteArray("5");
    QTest::newRow("array index") << "/c/0" << QByteArray("0");
    QTest::newRow("leading zero index") << "/c/00" << QByteArray();
    QTest::newRow("out of range") << "/c/1" << QByteArray();
    QTest::newRow("missing key") << "/x" << QByteArray();
    QTest::newRow("no leading slash") << "c" << QByteArray();
    QTest::newRow("into scalar") << "/c/0/x" << QByteArray();
}

void TestJsonParser::resolvesPointers()
{
    auto doc = Document::parse(R"({"a/b": {"m~n": [10, 20]}, "": 5, "c": [0]})");
    QVERIFY(doc);
    QFETCH(QString, pointer);
    QFETCH(QByteArray, raw);
    const NodeId n = doc->find(pointer);
    if (raw.isEmpty()) {
        QCOMPARE(n, kNoNode);
        return;
    }
    QVERIFY(n != kNoNode);
    QCOMPARE(doc->raw(n), QByteArrayView(raw));
    QCOMPARE(doc->pointer(n), pointer);
}

void TestJsonParser::findsNodeAtOffset()
{
    const QByteArray text = R"({"layers": [{"name": "d1"}, {"name": "d2"}]})";
    auto doc = Document::parse(text);
    QVERIFY(doc);
    QCOMPARE(doc->pointer(doc->nodeAt(text.indexOf("d2"))), QStringLiteral("/layers/1/name"));
    QCOMPARE(doc->pointer(doc->nodeAt(text.indexOf("\"name\""))), QStringLiteral("/layers/0/name"));
    QCOMPARE(doc->pointer(doc->nodeAt(text.indexOf(", {"))), QStringLiteral("/layers"));
    QCOMPARE(doc->pointer(doc->nodeAt(0)), QString());
    QCOMPARE(doc->nodeAt(text.size()), kNoNode);
}

void TestJsonParser::reportsLineAndColumnInCodePoints()
{
    QByteArray text = "{\n  \"\xc3\xa9t\xc3\xa9\": 1,\r\n  \"b\": [true]\n}";
    auto doc = Document::parse(text);
    QVERIFY(doc);
    const NodeId b = doc->member(doc->root(), "b");
    QCOMPARE(doc->location(b).line, 3);
    QCOMPARE(doc->location(b).column, 3);
    QCOMPARE(doc->location(b).pointer, QStringLiteral("/b"));
    const NodeId one = doc->child(doc->root(), 0);
    QCOMPARE(doc->position(doc->span(one).begin), (TextPosition{2, 10}));
    // A long single line: the checkpoints must give the same answer as a plain count.
    QByteArray longLine = "[";
    for (int i = 0; i < 5000; ++i)
        longLine += "\"\xc3\xa9\xc3\xa9\", ";
    longLine += "1]";
    auto big = Document::parse(longLine);
    QVERIFY(big);
    const NodeId last = big->child(big->root(), 5000);
    QCOMPARE(big->position(big->span(last).begin), positionInText(longLine, big->span(last).begin));
    QCOMPARE(big->position(big->span(last).begin).column, 2 + 5000 * 6);
    // Lines of every length, some ending inside a checkpoint's 4,096 bytes, some on its edge,
    // with two- and three-byte characters: every offset agrees with a plain count.
    QByteArray lines = "[\n";
    for (int i = 0; i < 900; ++i) {
        lines += "\"" + QByteArray(i % 37, 'x') + (i % 3 ? "\xc3\xa9" : "\xe2\x82\xac") + "\"";
        lines += i % 5 ? ", " : ",\r\n";
    }
    lines += "1]";
    auto many = Document::parse(lines);
    QVERIFY(many);
    for (qint64 offset = 0; offset <= lines.size(); offset += 13)
        QCOMPARE(many->position(offset), positionInText(lines, offset));
}

void TestJsonParser::detectsLayout()
{
    auto compact = Document::parse(R"({"a": 1, "b": [1, 2]})");
    QVERIFY(compact);
    QVERIFY(!compact->layout().multiLine);
    QCOMPARE(compact->layout().itemSeparator, QByteArray(", "));
    QCOMPARE(compact->layout().keySeparator, QByteArray(": "));
    auto js = Document::parse(R"({"a":1,"b":2})");
    QVERIFY(js);
    QCOMPARE(js->layout().itemSeparator, QByteArray(","));
    QCOMPARE(js->layout().keySeparator, QByteArray(":"));
    auto indented = Document::parse("{\r\n    \"a\": 1\r\n}");
    QVERIFY(indented);
    QVERIFY(indented->layout().multiLine);
    QCOMPARE(indented->layout().indentUnit, QByteArray("    "));
    QCOMPARE(indented->layout().newline, QByteArray("\r\n"));
}

void TestJsonParser::materialisesValues()
{
    auto doc = Document::parse(R"({"k": [1, 2.50, "s", null, false, {"z": 1e3}], "big": 99999999999999999999})");
    QVERIFY(doc);
    auto v = doc->toValue(doc->root());
    QVERIFY(v);
    QCOMPARE(v->members().size(), size_t(2));
    QCOMPARE((*v)[u"k"].items().size(), size_t(6));
    QCOMPARE((*v)[u"k"].items()[1].toDouble(), 2.5);
    QCOMPARE((*v)[u"big"].type(), Value::Type::BigInt);
    QCOMPARE(dumps(*v), QByteArray(R"({"k": [1, 2.50, "s", null, false, {"z": 1e3}], "big": 99999999999999999999})"));
}

void TestJsonParser::readsNothingForMissingNodes()
{
    // Callers pass kNoNode for a member that is absent (member() returns it): every read
    // accessor answers "nothing there" for it, and for an id beyond the document, instead of
    // reading past its arrays.
    auto doc = Document::parse(R"({"a": [1, {"b": "c"}]})");
    QVERIFY(doc);
    for (const NodeId id : {kNoNode, NodeId(doc->nodeCount()), NodeId(doc->nodeCount() + 1000)}) {
        QVERIFY(!doc->isValid(id));
        QCOMPARE(doc->kind(id), Kind::Null);
        QCOMPARE(doc->parent(id), kNoNode);
        QCOMPARE(doc->childCount(id), 0);
        QCOMPARE(doc->child(id, 0), kNoNode);
        QVERIFY(doc->raw(id).isEmpty());
        QCOMPARE(doc->string(id), QString());
        QCOMPARE(doc->member(id, std::string_view("a")), kNoNode);
        std::vector<Document::MemberKey> keys{{0, "stale", false}};
        doc->memberKeys(id, keys);
        QVERIFY(keys.empty());
    }
    QCOMPARE(doc->member(doc->member(doc->root(), std::string_view("missing")), std::string_view("b")), kNoNode);
}

QTEST_APPLESS_MAIN(TestJsonParser)
#include "TestJsonParser.moc"
