// SPDX-License-Identifier: GPL-3.0-or-later
// Document edits: the exact bytes each mutator writes (compact and indented layouts), undo and
// redo restoring bytes exactly, node ids surviving, and the listener notifications.

#include "core/json/Document.h"

#include <QTest>

#include <functional>

using namespace kcs::json;

namespace {

/// Records the notifications as text lines.
class Recorder : public DocumentListener {
public:
    QStringList log;
    void childrenAboutToBeInserted(NodeId, int f, int l) override { log << QStringLiteral("aboutToInsert %1-%2").arg(f).arg(l); }
    void childrenInserted(NodeId, int f, int l) override { log << QStringLiteral("inserted %1-%2").arg(f).arg(l); }
    void childrenAboutToBeRemoved(NodeId, int f, int l) override { log << QStringLiteral("aboutToRemove %1-%2").arg(f).arg(l); }
    void childrenRemoved(NodeId, int f, int l) override { log << QStringLiteral("removed %1-%2").arg(f).arg(l); }
    void valueChanged(NodeId) override { log << QStringLiteral("value"); }
    void keyChanged(NodeId) override { log << QStringLiteral("key"); }
    void documentAboutToBeReset() override { log << QStringLiteral("aboutToReset"); }
    void documentReset() override { log << QStringLiteral("reset"); }
};

Document parsed(const QByteArray& text)
{
    auto doc = Document::parse(text);
    if (!doc)
        qFatal("fixture does not parse: %s", qPrintable(doc.error().message));
    return std::move(*doc);
}

/// Every node's spans must describe the text exactly as a fresh parse does.
bool sameIndexAsFreshParse(const Document& doc)
{
    auto fresh = Document::parse(doc.text());
    if (!fresh)
        return false;
    std::vector<std::pair<NodeId, NodeId>> stack{{doc.root(), fresh->root()}};
    while (!stack.empty()) {
        auto [a, b] = stack.back();
        stack.pop_back();
        if (doc.span(a) != fresh->span(b) || doc.keySpan(a) != fresh->keySpan(b) || doc.kind(a) != fresh->kind(b)
            || doc.childCount(a) != fresh->childCount(b) || doc.indexInParent(a) != fresh->indexInParent(b))
            return false;
        for (int i = 0; i < doc.childCount(a); ++i) {
            if (doc.parent(doc.child(a, i)) != a)
                return false;
            stack.push_back({doc.child(a, i), fresh->child(b, i)});
        }
    }
    return true;
}

const QByteArray kCompact = R"({"class_name": "Dense", "config": {"units": 4, "use_bias": true, "shape": [null, 8]}})";
const QByteArray kIndented = "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      1,\n      2\n    ]\n  }\n}";

} // namespace

class TestJsonDocumentEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsWriteExactBytes_data();
    void editsWriteExactBytes();
    void editingOneNumberChangesOnlyThatToken();
    void replaceKeepsIdAndNotifies();
    void insertAndRemoveNotifyRows();
    void moveElementIsOneUndoStep();
    void replaceTextResetsAndReverts();
    void renameUpdatesDuplicates();
    void rejectsInvalidEdits();
    void prefetchIsSafeForAnyArguments();
};

using Op = std::function<kcs::Result<Edit>(Document&)>;
Q_DECLARE_METATYPE(Op)

void TestJsonDocumentEdits::editsWriteExactBytes_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<Op>("op");
    QTest::addColumn<QByteArray>("after");

    QTest::newRow("replace number with Python float")
        << kCompact << Op([](Document& d) { return d.replaceValue(d.find(u"/config/units"), Value(1e-05)); })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 1e-05, "use_bias": true, "shape": [null, 8]}})");
    QTest::newRow("replace scalar with object")
        << kCompact << Op([](Document& d) {
               Value v = Value::object();
               v.append(QStringLiteral("class_name"), QStringLiteral("L2"));
               v.append(QStringLiteral("config"), Value::object());
               return d.replaceValue(d.find(u"/config/use_bias"), v);
           })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 4, "use_bias": {"class_name": "L2", "config": {}}, "shape": [null, 8]}})");
    QTest::newRow("rename key with escape")
        << kCompact << Op([](Document& d) { return d.renameKey(d.find(u"/class_name"), u"cl\u00e4ss"); })
        << QByteArray(R"({"cl\u00e4ss": "Dense", "config": {"units": 4, "use_bias": true, "shape": [null, 8]}})");
    QTest::newRow("insert member first")
        << kCompact << Op([](Document& d) { return d.insertMember(d.find(u"/config"), 0, u"name", Value("d")); })
        << QByteArray(R"({"class_name": "Dense", "config": {"name": "d", "units": 4, "use_bias": true, "shape": [null, 8]}})");
    QTest::newRow("insert member last")
        << kCompact << Op([](Document& d) { return d.insertMember(d.find(u"/config"), 3, u"z", Value()); })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 4, "use_bias": true, "shape": [null, 8], "z": null}})");
    QTest::newRow("insert element middle")
        << kCompact << Op([](Document& d) { return d.insertElement(d.find(u"/config/shape"), 1, Value(3)); })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 4, "use_bias": true, "shape": [null, 3, 8]}})");
    QTest::newRow("remove first member")
        << kCompact << Op([](Document& d) { return d.removeChild(d.find(u"/config"), 0); })
        << QByteArray(R"({"class_name": "Dense", "config": {"use_bias": true, "shape": [null, 8]}})");
    QTest::newRow("remove last member")
        << kCompact << Op([](Document& d) { return d.removeChild(d.find(u"/config"), 2); })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 4, "use_bias": true}})");
    QTest::newRow("remove only element")
        << QByteArray("[ [ 7 ] ]") << Op([](Document& d) { return d.removeChild(d.find(u"/0"), 0); })
        << QByteArray("[ [] ]");
    QTest::newRow("insert into empty object")
        << QByteArray(R"({"a": {}})") << Op([](Document& d) { return d.insertMember(d.find(u"/a"), 0, u"k", Value(0.5)); })
        << QByteArray(R"({"a": {"k": 0.5}})");
    QTest::newRow("insert into object with one member (JS separators)")
        << QByteArray(R"({"a":{"x":1}})") << Op([](Document& d) { return d.insertMember(d.find(u"/a"), 1, u"y", Value(2)); })
        << QByteArray(R"({"a":{"x":1,"y":2}})");
    QTest::newRow("indented: insert object member")
        << kIndented << Op([](Document& d) {
               Value v = Value::object();
               v.append(QStringLiteral("p"), Value(Value::Array{1, 2}));
               return d.insertMember(d.find(u"/b"), 1, u"n", v);
           })
        << QByteArray("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      1,\n      2\n    ],\n    \"n\": {\n      \"p\": [\n"
                      "        1,\n        2\n      ]\n    }\n  }\n}");
    QTest::newRow("indented: insert into empty array")
        << QByteArray("{\n  \"a\": []\n}") << Op([](Document& d) { return d.insertElement(d.find(u"/a"), 0, Value("x")); })
        << QByteArray("{\n  \"a\": [\n    \"x\"\n  ]\n}");
    QTest::newRow("indented: remove middle element")
        << kIndented << Op([](Document& d) { return d.removeChild(d.find(u"/b/c"), 0); })
        << QByteArray("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      2\n    ]\n  }\n}");
    QTest::newRow("replace value by user text keeps spelling")
        << kCompact << Op([](Document& d) { return d.replaceValueText(d.find(u"/config/units"), "1e5"); })
        << QByteArray(R"({"class_name": "Dense", "config": {"units": 1e5, "use_bias": true, "shape": [null, 8]}})");
    QTest::newRow("move element forward")
        << QByteArray("[1, 2, 3]") << Op([](Document& d) { return d.moveElement(d.root(), 0, 2); })
        << QByteArray("[2, 3, 1]");
}

void TestJsonDocumentEdits::editsWriteExactBytes()
{
    QFETCH(QByteArray, before);
    QFETCH(Op, op);
    QFETCH(QByteArray, after);
    Document doc = parsed(before);
    auto edit = op(doc);
    QVERIFY2(edit, edit ? "" : qPrintable(edit.error().message));
    QCOMPARE(doc.text(), after);
    QVERIFY(sameIndexAsFreshParse(doc));
    QVERIFY(doc.revert(*edit));
    QCOMPARE(doc.text(), before);
    QVERIFY(sameIndexAsFreshParse(doc));
    QVERIFY(doc.apply(*edit));
    QCOMPARE(doc.text(), after);
    QVERIFY(sameIndexAsFreshParse(doc));
}

void TestJsonDocumentEdits::editingOneNumberChangesOnlyThatToken()
{
    QByteArray text = R"({"layers": [)";
    for (int i = 0; i < 50; ++i)
        text += QByteArray(R"({"class_name": "Dense", "config": {"units": 1.10, "l2": 1e-4}}, )");
    text += R"({"class_name": "Dense", "config": {"units": 7, "l2": 0.0}}]})";
    Document doc = parsed(text);
    const NodeId target = doc.find(u"/layers/37/config/units");
    const qint64 at = doc.span(target).begin;
    auto e = doc.replaceValue(target, Value(64));
    QVERIFY(e);
    QByteArray expected = text;
    expected.replace(at, 4, "64");
    QCOMPARE(doc.text(), expected);
    QCOMPARE(doc.raw(doc.find(u"/layers/38/config/l2")), QByteArrayView("1e-4"));
}

void TestJsonDocumentEdits::replaceKeepsIdAndNotifies()
{
    Document doc = parsed(R"({"a": [1, 2], "b": 3})");
    Recorder rec;
    doc.addListener(&rec);
    const NodeId a = doc.find(u"/a");
    const NodeId b = doc.find(u"/b");
    auto e = doc.replaceValue(a, Value(Value::Array{Value("x")}));
    QVERIFY(e);
    QCOMPARE(doc.find(u"/a"), a);
    QCOMPARE(doc.find(u"/b"), b);
    QCOMPARE(doc.raw(b), QByteArrayView("3"));
    QCOMPARE(rec.log, QStringList({"aboutToRemove 0-1", "removed 0-1", "aboutToInsert 0-0", "inserted 0-0", "value"}));
    QCOMPARE(doc.nodeCount(), 4);
    doc.removeListener(&rec);
}

void TestJsonDocumentEdits::insertAndRemoveNotifyRows()
{
    Document doc = parsed(R"({"a": 1, "b": 2})");
    Recorder rec;
    doc.addListener(&rec);
    const NodeId b = doc.find(u"/b");
    auto ins = doc.insertMember(doc.root(), 1, u"m", Value(true));
    QVERIFY(ins);
    QCOMPARE(doc.indexInParent(b), 2);
    auto rem = doc.removeChild(doc.root(), 0);
    QVERIFY(rem);
    QCOMPARE(doc.indexInParent(b), 1);
    QCOMPARE(doc.text(), QByteArray(R"({"m": true, "b": 2})"));
    QVERIFY(doc.revert(*rem));
    QVERIFY(doc.revert(*ins));
    QCOMPARE(doc.text(), QByteArray(R"({"a": 1, "b": 2})"));
    QCOMPARE(rec.log, QStringList({"aboutToInsert 1-1", "inserted 1-1", "aboutToRemove 0-0", "removed 0-0",
                                   "aboutToInsert 0-0", "inserted 0-0", "aboutToRemove 1-1", "removed 1-1"}));
    doc.removeListener(&rec);
}

void TestJsonDocumentEdits::moveElementIsOneUndoStep()
{
    Document doc = parsed("[\"a\", {\"x\": 1.50}, 3]");
    auto e = doc.moveElement(doc.root(), 1, 0);
    QVERIFY(e);
    QCOMPARE(e->type, Edit::Type::Compound);
    QCOMPARE(doc.text(), QByteArray("[{\"x\": 1.50}, \"a\", 3]"));
    QVERIFY(doc.revert(*e));
    QCOMPARE(doc.text(), QByteArray("[\"a\", {\"x\": 1.50}, 3]"));
}

void TestJsonDocumentEdits::replaceTextResetsAndReverts()
{
    Document doc = parsed("[1]");
    Recorder rec;
    doc.addListener(&rec);
    auto bad = doc.replaceText("[1,");
    QVERIFY(!bad);
    QCOMPARE(doc.text(), QByteArray("[1]"));
    auto e = doc.replaceText("{\"new\": true}");
    QVERIFY(e);
    QCOMPARE(doc.kind(doc.root()), Kind::Object);
    QVERIFY(doc.revert(*e));
    QCOMPARE(doc.text(), QByteArray("[1]"));
    QCOMPARE(rec.log, QStringList({"aboutToReset", "reset", "aboutToReset", "reset"}));
    doc.removeListener(&rec);
}

void TestJsonDocumentEdits::renameUpdatesDuplicates()
{
    Document doc = parsed(R"({"a": 1, "b": 2})");
    QVERIFY(doc.duplicateKeys().empty());
    QVERIFY(doc.renameKey(doc.find(u"/b"), u"a"));
    QCOMPARE(doc.duplicateKeys().size(), size_t(1));
    QCOMPARE(doc.raw(doc.find(u"/a")), QByteArrayView("2"));
    QVERIFY(doc.renameKey(doc.child(doc.root(), 1), u"c"));
    QVERIFY(doc.duplicateKeys().empty());
}

void TestJsonDocumentEdits::rejectsInvalidEdits()
{
    Document doc = parsed(R"({"a": [1]})");
    QCOMPARE(doc.replaceValueText(doc.find(u"/a"), "[1,").error().code, kcs::ErrorCode::Syntax);
    QCOMPARE(doc.text(), QByteArray(R"({"a": [1]})"));
    QCOMPARE(doc.insertElement(doc.root(), 0, Value(1)).error().code, kcs::ErrorCode::NotFound);
    QCOMPARE(doc.insertElement(doc.find(u"/a"), 5, Value(1)).error().code, kcs::ErrorCode::InvalidArgument);
    QCOMPARE(doc.removeChild(doc.find(u"/a"), 1).error().code, kcs::ErrorCode::NotFound);
    auto e = doc.replaceValue(doc.find(u"/a/0"), Value(2));
    QVERIFY(e);
    QVERIFY(doc.replaceValue(doc.find(u"/a/0"), Value(3)));
    // The first edit no longer matches the text: it must refuse, not corrupt.
    QCOMPARE(doc.revert(*e).error().code, kcs::ErrorCode::InvalidArgument);
    QCOMPARE(doc.text(), QByteArray(R"({"a": [3]})"));
}

void TestJsonDocumentEdits::prefetchIsSafeForAnyArguments()
{
    // prefetchAfter is a hint that reads the document's arrays: every argument, in an edited
    // document whose node ids are out of text order too, must stay within them and change
    // nothing (the ASan preset checks the reads).
    auto doc = Document::parse(R"([{"a": [1, 2]}, {"b": {"c": null}}, "s", [], {}])");
    QVERIFY(doc);
    QVERIFY(doc->replaceValueText(doc->find(u"/1/b"), R"({"c": [true, {"d": 1}]})"));
    QVERIFY(doc->removeChild(doc->root(), 3));
    const QByteArray before = doc->text();
    std::vector<NodeId> ids{kNoNode, NodeId(doc->nodeCount() + 10)};
    for (NodeId id = 0; id < NodeId(doc->nodeCount() + 4); ++id)
        ids.push_back(id);
    for (const NodeId id : ids)
        for (int index : {-1, 0, 1, 2, 3, 4, 100})
            doc->prefetchAfter(id, index);
    QCOMPARE(doc->text(), before);
    QCOMPARE(doc->pointer(doc->find(u"/1/b/c/1/d")), QStringLiteral("/1/b/c/1/d"));
}

QTEST_APPLESS_MAIN(TestJsonDocumentEdits)
#include "TestJsonDocumentEdits.moc"
