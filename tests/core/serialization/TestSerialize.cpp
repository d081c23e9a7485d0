// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist items 9-21: Keras 3 and legacy serialization, shared objects.
#include "SerializationTestSupport.h"

#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Serialize.h"
#include "core/serialization/Sharing.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::builtinObject;
using kcs::test::dumps;
using kcs::test::loads;
using kcs::test::MyDense;
using kcs::test::Wrapper;
using keras::Category;

class TestSerialize : public QObject {
    Q_OBJECT
private:
    SymbolRef m_myDense;
    SymbolRef m_wrapper;

private Q_SLOTS:
    void init()
    {
        customObjects().clear();
        clearSession();
        m_myDense = defineClass<MyDense>(QStringLiteral("MyDense"), QStringLiteral("my_pkg.layers"));
        m_wrapper = defineClass<Wrapper>(QStringLiteral("Wrapper"), QStringLiteral("my_pkg.layers"));
    }

    void item09_builtinLayerEnvelope()
    {
        const PyValue dense = builtinObject(Category::Layers, QStringLiteral("Dense"),
                                            loads(R"({"name": "dense", "units": 4})"));
        auto s = serializeKerasObject(dense);
        QVERIFY(s);
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 4}, "registered_name": null})"));
        QVERIFY(dense.instance()->buildFromConfig(loads(R"({"input_shape": [null, 3]})")));
        s = serializeKerasObject(dense);
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 4}, "registered_name": null, "build_config": {"input_shape": [null, 3]}})"));
    }

    void item10_registeredCustomClass()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        auto s = serializeKerasObject(PyValue(std::make_shared<MyDense>(3)));
        QVERIFY(s);
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "my_pkg.layers", "class_name": "MyDense", "config": {"units": 3}, "registered_name": "my_pkg>MyDense"})"));
        // Defined in __main__: module is written as null.
        m_myDense = defineClass<MyDense>(QStringLiteral("MyDense"));
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        s = serializeKerasObject(PyValue(std::make_shared<MyDense>(3)));
        QCOMPARE(dumps(*s), QByteArray(R"({"module": null, "class_name": "MyDense", "config": {"units": 3}, "registered_name": "my_pkg>MyDense"})"));
    }

    void item11_unregisteredCustomClass()
    {
        auto s = serializeKerasObject(PyValue(std::make_shared<MyDense>(2)));
        QVERIFY(s);
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "my_pkg.layers", "class_name": "MyDense", "config": {"units": 2}, "registered_name": "MyDense"})"));
    }

    void item12_functionEnvelope()
    {
        const SymbolRef fn = symbols::descriptorFunction(QStringLiteral("my_fn"), QStringLiteral("my_pkg.ops"));
        QVERIFY(registerKerasSerializable(fn, QStringLiteral("my_pkg")));
        auto s = serializeKerasObject(PyValue(fn));
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "builtins", "class_name": "function", "config": "my_pkg>my_fn", "registered_name": "function"})"));
        // Before 3.7 the bare function name was written even when registered.
        s = serializeKerasObject(PyValue(fn), {KerasVersion::keras3(6)});
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "builtins", "class_name": "function", "config": "my_fn", "registered_name": "function"})"));
        const SymbolRef relu = kcs::test::builtin(Category::Activations, QStringLiteral("relu"));
        s = serializeKerasObject(PyValue(relu));
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "builtins", "class_name": "function", "config": "relu", "registered_name": "function"})"));
    }

    void item13_markersAndRoundTrip_data()
    {
        QTest::addColumn<PyValue>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("bytes") << PyValue::bytes("abc\xc3\xa9") << QByteArray(R"({"class_name": "__bytes__", "config": {"value": "abc\u00e9"}})");
        QTest::newRow("slice") << PyValue::slice(1, PyValue(), -1) << QByteArray(R"({"class_name": "__slice__", "config": {"start": 1, "stop": null, "step": -1}})");
        QTest::newRow("ellipsis") << PyValue::ellipsis() << QByteArray(R"({"class_name": "__ellipsis__", "config": {}})");
        QTest::newRow("numpy array") << PyValue::numpyArray(PyValue::list({PyValue::list({1.5, 2.0})}), QStringLiteral("float32"))
                                     << QByteArray(R"({"class_name": "__numpy__", "config": {"value": [[1.5, 2.0]], "dtype": "float32"}})");
        QTest::newRow("numpy scalar") << PyValue::numpyArray(PyValue(3), QStringLiteral("int64")) << QByteArray("3");
        QTest::newRow("tensor") << PyValue::tensor(PyValue::list({1, 2}), QStringLiteral("int32"))
                                << QByteArray(R"({"class_name": "__tensor__", "config": {"value": [1, 2], "dtype": "int32"}})");
        QTest::newRow("tuple") << PyValue::tuple({1, PyValue::tuple({2})}) << QByteArray("[1, [2]]");
        QTest::newRow("keras tensor") << PyValue::kerasTensor(PyValue::tuple({PyValue(), 4}), QStringLiteral("float32"),
                                                             PyValue::list({QStringLiteral("dense"), 0, 0}))
                                      << QByteArray(R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["dense", 0, 0]}})");
    }

    void item13_markersAndRoundTrip()
    {
        QFETCH(PyValue, value);
        QFETCH(QByteArray, expected);
        auto s = serializeKerasObject(value);
        QVERIFY(s);
        QCOMPARE(dumps(*s), expected);
        // JSON round trip, deserialize, serialize again: equal structures (tuples as lists).
        const PyValue reread = loads(dumps(*s));
        auto back = deserializeKerasObject(reread);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
        auto again = serializeKerasObject(*back);
        QVERIFY(again);
        QVERIFY(equalAsJson(*again, *s));
        QCOMPARE(dumps(*again), expected);
    }

    void bytesMustBeUtf8_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("message");
        QTest::newRow("start") << QByteArray("\xff") << QStringLiteral("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
        QTest::newRow("truncated") << QByteArray("a\xe2\x82") << QStringLiteral("'utf-8' codec can't decode bytes in position 1-2: unexpected end of data");
        QTest::newRow("continuation") << QByteArray("\xe2" "A") << QStringLiteral("'utf-8' codec can't decode byte 0xe2 in position 0: invalid continuation byte");
        QTest::newRow("second continuation") << QByteArray("\xe2\x82" "A") << QStringLiteral("'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QStringLiteral("'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte");
    }

    void bytesMustBeUtf8()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, message);
        auto s = serializeKerasObject(PyValue::bytes(data));
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::ValueError);
        QCOMPARE(s.error().message, message);
    }

    void item14_modelsAlwaysCarryCompileConfig()
    {
        const PyValue config = loads(R"({"name": "m", "trainable": true, "layers": [], "input_layers": [], "output_layers": []})");
        const PyValue model = builtinObject(Category::Models, QStringLiteral("Functional"), config);
        auto s = serializeKerasObject(model);
        QVERIFY(s);
        QCOMPARE(dumps(*s), QByteArray(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [], "input_layers": [], "output_layers": []}, "registered_name": "Functional", "compile_config": {}})"));
        // Keras <= 3.9 reported no compile config for an uncompiled model.
        s = serializeKerasObject(model, {KerasVersion::keras3(9)});
        QVERIFY(!s->get(u"compile_config"));
        // Layers never carry it.
        const PyValue dense = builtinObject(Category::Layers, QStringLiteral("Dense"), loads(R"({"units": 1})"));
        QVERIFY(!serializeKerasObject(dense)->get(u"compile_config"));
        // A compiled model carries what it was compiled with.
        QVERIFY(model.instance()->compileFromConfig(loads(R"({"loss": "mse"})")));
        QCOMPARE(dumps(serializeKerasObject(model)->value(u"compile_config")), QByteArray(R"({"loss": "mse"})"));
    }

    void item15_keyOrderOfEnvelopesAndConfigs()
    {
        const PyValue config = loads(R"({"name": "seq", "trainable": true, "dtype": "float32", "layers": [], "build_input_shape": [null, 2]})");
        const PyValue model = builtinObject(Category::Models, QStringLiteral("Sequential"), config);
        QVERIFY(model.instance()->buildFromConfig(loads(R"({"input_shape": [null, 2]})")));
        auto s = serializeKerasObject(model);
        QVERIFY(s);
        QStringList keys;
        for (const auto& item : s->dictValue().items())
            keys << item.first;
        QCOMPARE(keys, (QStringList{"module", "class_name", "config", "registered_name", "build_config", "compile_config"}));
        QStringList configKeys;
        for (const auto& item : s->value(u"config").dictValue().items())
            configKeys << item.first;
        QCOMPARE(configKeys, (QStringList{"name", "trainable", "dtype", "layers", "build_input_shape"}));
        QCOMPARE(s->value(u"module").toStr(), QStringLiteral("keras"));
    }

    void item16_legacyClassNameAndPassiveSerialization()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        const PyValue init = builtinObject(Category::Initializers, QStringLiteral("GlorotUniform"),
                                           loads(R"({"seed": null})"), keras::Dialect::Keras2);
        const SymbolRef layerCls = symbols::descriptorClass(QStringLiteral("MyLayer"), QStringLiteral("my_pkg.layers"));
        QVERIFY(registerKerasSerializable(layerCls, QStringLiteral("my_pkg")));
        const PyValue layer(std::make_shared<ConfigObject>(layerCls, PyValue::dict({
            {QStringLiteral("name"), QStringLiteral("l")},
            {QStringLiteral("units"), 4},
            {QStringLiteral("sizes"), PyValue::list({1, 2})},
            {QStringLiteral("nested"), PyValue::dict({{QStringLiteral("a"), init}})},
            {QStringLiteral("kernel_initializer"), init},
            {QStringLiteral("inner"), PyValue(std::make_shared<MyDense>(2))},
        })));
        auto s = legacySerializeKerasObject(layer);
        QVERIFY(s);
        QCOMPARE(s->value(u"class_name").toStr(), QStringLiteral("my_pkg>MyLayer"));
        const PyValue cfg = s->value(u"config");
        QCOMPARE(dumps(cfg.value(u"kernel_initializer")), QByteArray(R"({"class_name": "GlorotUniform", "config": {"seed": null}, "__passive_serialization__": true})"));
        QCOMPARE(dumps(cfg.value(u"inner")), QByteArray(R"({"class_name": "my_pkg>MyDense", "config": {"units": 2}, "__passive_serialization__": true})"));
        QCOMPARE(cfg.value(u"units"), PyValue(4));
        QCOMPARE(dumps(cfg.value(u"sizes")), QByteArray("[1, 2]"));
        // Dicts are not descended into: the initializer object inside stays an object.
        QVERIFY(cfg.value(u"nested").value(u"a").isObject());
    }

    void item17_legacyFunctionIsItsRegisteredKey()
    {
        const SymbolRef fn = symbols::descriptorFunction(QStringLiteral("my_fn"));
        QVERIFY(registerKerasSerializable(fn, QStringLiteral("my_pkg")));
        QCOMPARE(legacySerializeKerasObject(PyValue(fn))->toStr(), QStringLiteral("my_pkg>my_fn"));
        const SymbolRef plain = symbols::descriptorFunction(QStringLiteral("plain_fn"));
        QCOMPARE(legacySerializeKerasObject(PyValue(plain))->toStr(), QStringLiteral("plain_fn"));
        auto bad = legacySerializeKerasObject(PyValue(1));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::ValueError);
        QCOMPARE(bad.error().message, QStringLiteral("Cannot serialize 1 because it doesn't implement `get_config()`."));
    }

    void item18_sharedObjectsInKerasArchives()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        QVERIFY(registerKerasSerializable(m_wrapper, QStringLiteral("my_pkg")));
        const PyValue inner(std::make_shared<MyDense>(5));
        const PyValue model = PyValue::list({PyValue(std::make_shared<Wrapper>(inner)),
                                             PyValue(std::make_shared<Wrapper>(inner))});
        PyValue saved;
        {
            ObjectSharingScope scope;
            auto s = serializeKerasObject(model);
            QVERIFY(s);
            saved = *s;
        }
        const PyValue first = saved.items()[0].value(u"config").value(u"layer");
        const PyValue second = saved.items()[1].value(u"config").value(u"layer");
        QVERIFY(first.value(u"shared_object_id").isInt());
        QCOMPARE(first.value(u"shared_object_id"), second.value(u"shared_object_id"));
        QCOMPARE(qint64(first.value(u"shared_object_id").toInt()), qint64(inner.identity()));
        QCOMPARE(first.dictValue().items().back().first, QStringLiteral("shared_object_id")); // appended last
        QCOMPARE(first.value(u"config"), second.value(u"config")); // both keep their full config

        // Loading rebuilds one object; the later copy is not looked at, so its edit is lost.
        PyValue text = loads(dumps(saved));
        text.listItems()[1].dictValue().find(u"config")->dictValue().find(u"layer")->dictValue()
            .find(u"config")->dictValue().set(QStringLiteral("units"), 99);
        ObjectSharingScope scope;
        auto loaded = deserializeKerasObject(text);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
        const auto& a = static_cast<const Wrapper&>(*loaded->items()[0].instance());
        const auto& b = static_cast<const Wrapper&>(*loaded->items()[1].instance());
        QVERIFY(a.layer().isSameObject(b.layer()));
        QCOMPARE(static_cast<const MyDense&>(*a.layer().instance()).units(), 5);
        // An id carried by a single envelope loads normally.
        auto single = deserializeKerasObject(loads(R"({"module": "my_pkg.layers", "class_name": "MyDense", "config": {"units": 7}, "registered_name": "my_pkg>MyDense", "shared_object_id": 12345})"));
        QVERIFY(single);
        QCOMPARE(static_cast<const MyDense&>(*single->instance()).units(), 7);
    }

    void item19_toJsonNeitherWritesNorHonoursIds()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        const PyValue inner(std::make_shared<MyDense>(5));
        auto s = serializeKerasObject(PyValue::list({inner, inner}));
        QVERIFY(s);
        QVERIFY(!s->items()[0].get(u"shared_object_id"));
        QVERIFY(!s->items()[1].get(u"shared_object_id"));
        const PyValue withIds = loads(R"([{"module": null, "class_name": "MyDense", "config": {"units": 1}, "registered_name": "my_pkg>MyDense", "shared_object_id": 7},
                                          {"module": null, "class_name": "MyDense", "config": {"units": 1}, "registered_name": "my_pkg>MyDense", "shared_object_id": 7}])");
        auto loaded = deserializeKerasObject(withIds);
        QVERIFY(loaded);
        QVERIFY(!loaded->items()[0].isSameObject(loaded->items()[1]));
    }

    void item20_legacySharedIds()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        QVERIFY(registerKerasSerializable(m_wrapper, QStringLiteral("my_pkg")));
        const PyValue once(std::make_shared<MyDense>(1));
        const PyValue twice(std::make_shared<MyDense>(2));
        LegacySharedObjectSavingScope outer;
        auto a = legacySerializeKerasObject(once);   // id 0, seen once: no id printed
        auto b = legacySerializeKerasObject(twice);  // id 1
        PyValue c;
        {
            LegacySharedObjectSavingScope nested; // reuses the outer scope
            c = *legacySerializeKerasObject(twice);
        }
        QCOMPARE(dumps(*a), QByteArray(R"({"class_name": "my_pkg>MyDense", "config": {"units": 1}})"));
        QCOMPARE(dumps(*b), QByteArray(R"({"class_name": "my_pkg>MyDense", "config": {"units": 2}, "shared_object_id": 1})"));
        QCOMPARE(dumps(c), dumps(*b));
        QVERIFY(c.isSameObject(*b)); // the same envelope instance
        // Ids come from a counter starting at 0.
        LegacySharedObjectSavingScope another;
        auto d = legacySerializeKerasObject(once);
        QVERIFY(legacySerializeKerasObject(once));
        QCOMPARE(d->value(u"shared_object_id"), PyValue(0));
    }

    void item21_legacyLoadingReturnsFirstObject()
    {
        QVERIFY(registerKerasSerializable(m_myDense, QStringLiteral("my_pkg")));
        LegacySharedObjectLoadingScope scope;
        auto first = legacyDeserializeKerasObject(loads(R"({"class_name": "my_pkg>MyDense", "config": {"units": 3}, "shared_object_id": 0})"));
        auto second = legacyDeserializeKerasObject(loads(R"({"class_name": "my_pkg>MyDense", "config": {"units": 9}, "shared_object_id": 0})"));
        QVERIFY(first && second);
        QVERIFY(first->isSameObject(*second));
        auto unknown = legacyDeserializeKerasObject(loads(R"({"class_name": "Nope", "config": {}, "shared_object_id": 0})"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().message, QStringLiteral("Unknown object: 'Nope'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details."));
    }
};

QTEST_GUILESS_MAIN(TestSerialize)
#include "TestSerialize.moc"
