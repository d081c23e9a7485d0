// SPDX-License-Identifier: GPL-3.0-or-later
// Fix-its are document edits: applying one changes exactly the bytes involved, a failed one
// leaves the document as it was, and applying the simulation's fixes makes the model load.
#include "LoadSimTestSupport.h"

#include "core/keras/FixIt.h"

#include <QTest>

using namespace kcs;
using keras::FixEdit;

class TestFixIt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appliesEdits_data();
    void appliesEdits();
    void leavesTheDocumentAloneOnFailure();
    void fixesMakeTheModelLoad_data();
    void fixesMakeTheModelLoad();
    void measuresEditDistance_data();
    void measuresEditDistance();
};

void TestFixIt::appliesEdits_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<int>("op");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("arg");
    QTest::addColumn<QByteArray>("after");
    QTest::newRow("replace") << QByteArray(R"({"class_name": "Convolution2D", "config": {}})") << int(FixEdit::Op::Replace)
                             << "/class_name" << "Conv2D" << QByteArray(R"({"class_name": "Conv2D", "config": {}})");
    QTest::newRow("remove") << QByteArray(R"({"config": {"a": 1, "groups": 1, "b": 2}})") << int(FixEdit::Op::Remove)
                            << "/config/groups" << QString() << QByteArray(R"({"config": {"a": 1, "b": 2}})");
    QTest::newRow("rename") << QByteArray(R"({"batch_input_shape": [null, 3]})") << int(FixEdit::Op::RenameKey)
                            << "/batch_input_shape" << "batch_shape" << QByteArray(R"({"batch_shape": [null, 3]})");
}

void TestFixIt::appliesEdits()
{
    QFETCH(QByteArray, before);
    QFETCH(int, op);
    QFETCH(QString, pointer);
    QFETCH(QString, arg);
    QFETCH(QByteArray, after);
    auto doc = json::Document::parse(before);
    QVERIFY(doc);
    FixEdit e{FixEdit::Op(op), pointer, {}, {}};
    if (e.op == FixEdit::Op::Replace)
        e.value = json::Value(arg);
    else
        e.newKey = arg;
    auto edits = keras::applyFixIt(*doc, {QStringLiteral("t"), {e}});
    QVERIFY2(edits, edits ? "" : qPrintable(edits.error().message));
    QCOMPARE(doc->text(), after);
    QCOMPARE(edits->size(), size_t(1));
    QVERIFY(doc->revert(edits->front()));
    QCOMPARE(doc->text(), before);
}

void TestFixIt::leavesTheDocumentAloneOnFailure()
{
    const QByteArray text = R"({"a": 1, "b": 2})";
    auto doc = json::Document::parse(text);
    QVERIFY(doc);
    keras::FixIt fix{QStringLiteral("t"),
                     {{FixEdit::Op::Remove, QStringLiteral("/a"), {}, {}}, {FixEdit::Op::Remove, QStringLiteral("/zzz"), {}, {}}}};
    auto r = keras::applyFixIt(*doc, fix);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::NotFound);
    QCOMPARE(r.error().message, QStringLiteral("The fix cannot be applied: nothing at /zzz"));
    QCOMPARE(doc->text(), text);
}

void TestFixIt::fixesMakeTheModelLoad_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("kind");
    QTest::newRow("groups removed") << "k2_h5_depthwise_groups.json" << int(formats::FileKind::H5);
    QTest::newRow("unknown key removed") << "k3_dense_unknown_key.json" << int(formats::FileKind::KerasJson);
    QTest::newRow("registered_name removed") << "k3_registered_name_builtin.json" << int(formats::FileKind::KerasJson);
}

void TestFixIt::fixesMakeTheModelLoad()
{
    QFETCH(QString, fixture);
    QFETCH(int, kind);
    json::Document doc = test::loadsimFixture(fixture);
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.fileKind = formats::FileKind(kind);
    keras::LoadReport r = keras::simulateLoad(doc, doc.root(), options);
    QVERIFY(!r.loads);
    QVERIFY(!r.problems.empty() && !r.problems[0].fixIts.empty());
    QVERIFY(keras::applyFixIt(doc, r.problems[0].fixIts[0]));
    r = keras::simulateLoad(doc, doc.root(), options);
    QVERIFY(r.loads);
}

void TestFixIt::measuresEditDistance_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("distance");
    QTest::newRow("same") << "Dense" << "Dense" << 0;
    QTest::newRow("case only") << "dense" << "Dense" << 0;
    QTest::newRow("one extra") << "relux" << "relu" << 1;
    QTest::newRow("substitution") << "Conv2E" << "Conv2D" << 1;
    QTest::newRow("empty") << "" << "abc" << 3;
    QTest::newRow("different") << "Merge" << "Concatenate" << 9;
}

void TestFixIt::measuresEditDistance()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, distance);
    QCOMPARE(keras::editDistance(a, b), distance);
    QCOMPARE(keras::editDistance(b, a), distance);
}

QTEST_GUILESS_MAIN(TestFixIt)
#include "TestFixIt.moc"
