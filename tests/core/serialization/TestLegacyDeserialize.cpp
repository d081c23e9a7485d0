// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist items 38-42: the legacy deserializer (spec section 8) and Keras 3's .h5 converter.
#include "SerializationTestSupport.h"

#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/ModelObject.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::dumps;
using kcs::test::loads;
using keras::Category;

namespace {

QString errorOf(const Result<PyValue>& r)
{
    return r ? QStringLiteral("<no error>") : r.error().message;
}

const ObjectMap& k2Layers()
{
    return Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
}

/// The config a ConfigObject was built with.
PyValue heldConfig(const PyValue& object)
{
    return static_cast<const ConfigObject&>(*object.instance()).config();
}

} // namespace

class TestLegacyDeserialize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        customObjects().clear();
        clearSession();
    }

    void item38_unknownClassNamesThePrintableModuleName_data()
    {
        QTest::addColumn<KerasVersion>("version");
        QTest::addColumn<QString>("expected");
        QTest::newRow("2.15") << KerasVersion::keras2() << QStringLiteral("Unknown layer: 'MyLayer'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.");
        QTest::newRow("2.10") << KerasVersion::keras2(10) << QStringLiteral("Unknown layer: MyLayer. Please ensure this object is passed to the `custom_objects` argument. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.");
        QTest::newRow("tf-keras 2.16+") << KerasVersion::keras2(16) << QStringLiteral("Unknown layer: 'MyLayer'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/tf_keras/save_and_serialize#registering_the_custom_object for details.");
    }

    void item38_unknownClassNamesThePrintableModuleName()
    {
        QFETCH(KerasVersion, version);
        QFETCH(QString, expected);
        LegacyDeserializeOptions options;
        options.moduleObjects = &k2Layers();
        options.printableModuleName = QStringLiteral("layer");
        options.version = version;
        auto r = legacyDeserializeKerasObject(loads(R"({"class_name": "MyLayer", "config": {}})"), options);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        QCOMPARE(r.error().message, expected);
        // The same name as a string identifier.
        auto s = legacyDeserializeKerasObject(PyValue(QStringLiteral("MyLayer")), options);
        QCOMPARE(errorOf(s), expected);
        auto improper = legacyDeserializeKerasObject(loads(R"({"class_name": "Dense"})"), options);
        QCOMPARE(errorOf(improper), QStringLiteral("Improper config format for {'class_name': 'Dense'}. Expecting python dict contains `class_name` and `config` as keys"));
        auto uninterpretable = legacyDeserializeKerasObject(PyValue(3), options);
        QCOMPARE(errorOf(uninterpretable), QStringLiteral("Could not interpret serialized layer: 3"));
    }

    void item39_stringIdentifiers()
    {
        LegacyDeserializeOptions options;
        options.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).moduleObjects(Category::Initializers);
        options.printableModuleName = QStringLiteral("initializer");
        auto instance = legacyDeserializeKerasObject(PyValue(QStringLiteral("glorot_uniform")), options);
        QVERIFY2(instance, qPrintable(errorOf(instance)));
        QVERIFY(instance->isObject()); // a class named by a string is instantiated with no arguments
        QCOMPARE(instance->instance()->cls()->name, QStringLiteral("GlorotUniform"));
        QCOMPARE(dumps(heldConfig(*instance)), QByteArray("{}"));
        options.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).moduleObjects(Category::Activations);
        auto fn = legacyDeserializeKerasObject(PyValue(QStringLiteral("relu")), options);
        QVERIFY(fn && fn->isFunction()); // a function comes back as the function
        QCOMPARE(fn->symbol()->name, QStringLiteral("relu"));
        auto same = legacyDeserializeKerasObject(*fn, options);
        QVERIFY(same && same->isSameObject(*fn));
    }

    void item40_functionNamesInConfigsAreResolvedButNotName()
    {
        const SymbolRef fn = symbols::descriptorFunction(QStringLiteral("swishy"));
        const SymbolRef cls = symbols::descriptorClass(QStringLiteral("MyLayer"));
        LegacyDeserializeOptions options;
        options.customObjects = {{QStringLiteral("swishy"), PyValue(fn)}, {QStringLiteral("MyLayer"), PyValue(cls)}};
        auto r = legacyDeserializeKerasObject(loads(R"({"class_name": "MyLayer", "config": {"name": "swishy", "activation": "swishy", "other": "relu"}})"), options);
        QVERIFY2(r, qPrintable(errorOf(r)));
        const PyValue cfg = heldConfig(*r);
        QCOMPARE(cfg.value(u"name"), PyValue(QStringLiteral("swishy")));
        QVERIFY(cfg.value(u"activation").isFunction());
        QCOMPARE(cfg.value(u"activation").symbol().get(), fn.get());
        QCOMPARE(cfg.value(u"other"), PyValue(QStringLiteral("relu"))); // not a known function here
        // Passive objects are deserialized.
        auto passive = legacyDeserializeKerasObject(loads(R"({"class_name": "MyLayer", "config": {"init": {"class_name": "MyLayer", "config": {}, "__passive_serialization__": true}}})"), options);
        QVERIFY(passive);
        QVERIFY(heldConfig(*passive).value(u"init").isObject());
    }

    void item41_tf12SequentialWithListConfigLoads()
    {
        LegacyDeserializeOptions options;
        options.moduleObjects = &k2Layers();
        options.printableModuleName = QStringLiteral("layer");
        auto r = legacyDeserializeKerasObject(loads(R"({"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 3]}}, {"class_name": "Activation", "config": {"name": "a", "activation": "relu"}}]})"), options);
        QVERIFY2(r, qPrintable(errorOf(r)));
        const auto model = std::dynamic_pointer_cast<ModelObject>(r->instance());
        QVERIFY(model);
        QCOMPARE(model->layers().size(), size_t(2));
        QCOMPARE(model->layers()[1].instance()->cls()->name, QStringLiteral("Activation"));
    }

    void item42_keras3H5Conversion_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<QByteArray>("converted");
        QTest::newRow("InputLayer") << QByteArray(R"({"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "name": "in"}})")
                                    << QByteArray(R"({"dtype": "float32", "name": "in", "batch_shape": [null, 3]})");
        QTest::newRow("Dense") << QByteArray(R"({"class_name": "Dense", "config": {"name": "d", "batch_input_shape": [null, 3], "units": 2}})")
                               << QByteArray(R"({"name": "d", "units": 2, "input_shape": [null, 3]})");
        QTest::newRow("axis list") << QByteArray(R"({"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [1], "momentum": 0.99}})")
                                   << QByteArray(R"({"name": "bn", "momentum": 0.99, "axis": 1})");
        QTest::newRow("Lambda") << QByteArray(R"({"class_name": "Lambda", "config": {"name": "l", "function": ["YWJj\n", null, null], "function_type": "lambda", "module": "__main__", "output_shape": null, "output_shape_type": "raw", "output_shape_module": null, "arguments": {}}})")
                                << QByteArray(R"({"name": "l", "function": {"class_name": "__lambda__", "config": {"code": "YWJj\n", "defaults": null, "closure": null}}, "output_shape": null, "arguments": {}})");
    }

    void item42_keras3H5Conversion()
    {
        QFETCH(QByteArray, entry);
        QFETCH(QByteArray, converted);
        enableUnsafeDeserialization(); // the Lambda row: allowed, never executed
        auto r = modelFromConfig(loads(entry));
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(dumps(heldConfig(*r)), converted);
        clearSession();
        auto list = modelFromConfig(loads("[]"));
        QCOMPARE(errorOf(list), QStringLiteral("`model_from_config` expects a dictionary, not a list. Received: config=[]. Did you meant to use `Sequential.from_config(config)`?"));
    }
};


QTEST_GUILESS_MAIN(TestLegacyDeserialize)
#include "TestLegacyDeserialize.moc"

