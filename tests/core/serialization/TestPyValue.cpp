// SPDX-License-Identifier: GPL-3.0-or-later
// The value model: Python semantics, repr, and conversion from/to JSON.
#include "SerializationTestSupport.h"

#include "core/registry/Registry.h"
#include "core/serialization/Repr.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::dumps;
using kcs::test::loads;

class TestPyValue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reprLikePython_data()
    {
        QTest::addColumn<PyValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("config") << loads(R"({"units": 4, "use_bias": true, "name": null, "rate": 1e-07, "s": "it's"})")
                                << QStringLiteral(R"({'units': 4, 'use_bias': True, 'name': None, 'rate': 1e-07, 's': "it's"})");
        QTest::newRow("tuple of one") << PyValue::tuple({1}) << QStringLiteral("(1,)");
        QTest::newRow("empty tuple") << PyValue::tuple() << QStringLiteral("()");
        QTest::newRow("bytes") << PyValue::bytes("a'\x01") << QStringLiteral("b\"a'\\x01\"");
        QTest::newRow("slice") << PyValue::slice(1, PyValue(), 2) << QStringLiteral("slice(1, None, 2)");
        QTest::newRow("ellipsis") << PyValue::ellipsis() << QStringLiteral("Ellipsis");
        QTest::newRow("nan") << PyValue(std::nan("")) << QStringLiteral("nan");
        QTest::newRow("class") << PyValue(symbols::descriptorClass(QStringLiteral("MyDense"), QStringLiteral("my_pkg")))
                               << QStringLiteral("<class 'my_pkg.MyDense'>");
        QTest::newRow("function") << PyValue(symbols::descriptorFunction(QStringLiteral("swish")))
                                  << QStringLiteral("<function swish>");
    }

    void reprLikePython()
    {
        QFETCH(PyValue, value);
        QFETCH(QString, expected);
        QCOMPARE(repr(value), expected);
    }

    void typeRepr()
    {
        QCOMPARE(saving::typeRepr(PyValue::list()), QStringLiteral("<class 'list'>"));
        QCOMPARE(saving::typeRepr(PyValue()), QStringLiteral("<class 'NoneType'>"));
        QCOMPARE(saving::typeRepr(PyValue(QStringLiteral("x"))), QStringLiteral("<class 'str'>"));
    }

    void pythonEquality()
    {
        QVERIFY(PyValue(1) == PyValue(1.0));
        QVERIFY(PyValue(true) == PyValue(1));
        QVERIFY(!(PyValue(std::nan("")) == PyValue(std::nan(""))));
        QVERIFY(!(PyValue::list({1}) == PyValue::tuple({1})));
        QVERIFY(equalAsJson(PyValue::list({1}), PyValue::tuple({1})));
        QVERIFY(loads(R"({"a": 1, "b": 2})") == loads(R"({"b": 2, "a": 1})"));
    }

    void referenceSemanticsAndDeepCopy()
    {
        PyValue a = PyValue::dict({{QStringLiteral("k"), PyValue::list({1})}});
        PyValue alias = a;
        alias.dictValue().set(QStringLiteral("n"), 2);
        QVERIFY(a.get(u"n")); // same dict, like Python
        PyValue copy = a.deepCopy();
        copy.dictValue().find(u"k")->listItems().push_back(3);
        QCOMPARE(a.value(u"k").items().size(), size_t(1));
        QVERIFY(!a.isSameObject(copy));
    }

    void jsonInAndOutKeepsOrderAndSpelling()
    {
        const QByteArray text = R"({"z": 1, "a": [1.10, 1e5, -0.0, 123456789012345678901234567890], "dup": 1, "dup": 2})";
        const PyValue v = loads(text);
        // Duplicate keys: first position, last value (Python's dict); float spellings kept.
        QCOMPARE(dumps(v), QByteArray(R"({"z": 1, "a": [1.10, 1e5, -0.0, 123456789012345678901234567890], "dup": 2})"));
        auto bytes = toJson(PyValue::bytes("x"));
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().code, ErrorCode::TypeError);
        QCOMPARE(bytes.error().message, QStringLiteral("Object of type bytes is not JSON serializable"));
        QCOMPARE(fromJson(*toJson(v)), v);
    }

    void hostileNestingIsRefused()
    {
        const int depth = 100000;
        QByteArray text(depth, '[');
        text += QByteArray(depth, ']');
        auto doc = json::Document::parse(text);
        QVERIFY(doc);
        auto v = fromDocument(*doc, doc->root());
        QVERIFY(!v);
        QCOMPARE(v.error().code, ErrorCode::Limit);
        // Nesting within the limit converts; deserialize guards its own recursion.
        QByteArray ok(kMaxNesting - 1, '[');
        ok += QByteArray(kMaxNesting - 1, ']');
        auto okDoc = json::Document::parse(ok);
        auto okValue = fromDocument(*okDoc, okDoc->root());
        QVERIFY(okValue);
        auto d = deserializeKerasObject(*okValue);
        QVERIFY(!d);
        QCOMPARE(d.error().code, ErrorCode::RuntimeError);
        QCOMPARE(d.error().message, QStringLiteral("maximum recursion depth exceeded"));
    }
};

QTEST_GUILESS_MAIN(TestPyValue)
#include "TestPyValue.moc"
