// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist items 22-37: Keras 3 deserialization (spec section 5, 7.2, 7.7).
#include "SerializationTestSupport.h"

#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/ModelObject.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::loads;
using kcs::test::MyDense;
using keras::Category;

namespace {

const QString kLocateAdvice = QStringLiteral(
    "Make sure custom classes and functions are decorated with "
    "`@keras.saving.register_keras_serializable()`. If they are already decorated, make sure "
    "they are all imported so that the decorator is run before trying to load them.");

QString errorOf(const Result<PyValue>& r)
{
    return r ? QStringLiteral("<no error>") : r.error().message;
}

} // namespace

class TestDeserialize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        customObjects().clear();
        clearSession();
    }

    void item22_noneStringsAndKnownNames()
    {
        QVERIFY(deserializeKerasObject(PyValue())->isNone());
        const SymbolRef cls = defineClass<MyDense>(QStringLiteral("MyDense"), QStringLiteral("my_pkg"));
        DeserializeOptions options;
        options.customObjects.insert(QStringLiteral("MyDense"), PyValue(cls));
        auto known = deserializeKerasObject(PyValue(QStringLiteral("MyDense")), options);
        QVERIFY(known && known->isClass()); // the class itself, not an instance
        QCOMPARE(known->symbol().get(), cls.get());
        auto unknown = deserializeKerasObject(PyValue(QStringLiteral("relu")));
        QCOMPARE(*unknown, PyValue(QStringLiteral("relu")));
        QCOMPARE(*deserializeKerasObject(PyValue(2.5)), PyValue(2.5));
    }

    void item23_dictWithoutConfigIsPlainDict()
    {
        const PyValue input = loads(R"({"class_name": "Dense", "units": 1, "e": {"class_name": "__ellipsis__", "config": {}}})");
        auto r = deserializeKerasObject(input);
        QVERIFY(r && r->isDict());
        QStringList keys;
        for (const auto& item : r->dictValue().items())
            keys << item.first;
        QCOMPARE(keys, (QStringList{"class_name", "units", "e"}));
        QCOMPARE(r->value(u"units"), PyValue(1));
        QCOMPARE(r->value(u"e").type(), PyValue::Type::Ellipsis); // values are deserialized
    }

    void item24_configMustBeADict()
    {
        auto r = deserializeKerasObject(loads(R"({"class_name": "Dense", "config": [1, 2, 3]})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Expected 'config' to be a dict for Dense,\ninstead got <class 'list'>\nFull config: {'class_name': 'Dense', 'config': [1, 2, 3]}"));
    }

    void item25_typespecConfigMustBeAList()
    {
        auto r = deserializeKerasObject(loads(R"({"class_name": "__typespec__", "config": "x"})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Expected 'config' to be a list or a tuplefor a __typespec__ class name,\ninstead got <class 'str'>\nFull config: {'class_name': '__typespec__', 'config': 'x'}"));
    }

    void item26_functionConfigMustBeAString()
    {
        auto r = deserializeKerasObject(loads(R"({"class_name": "function", "config": ["not", "a", "string"]})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Expected 'config' to be a non-null str fora function classname,\ninstead got <class 'list'>\nFull config: {'class_name': 'function', 'config': ['not', 'a', 'string']}"));
    }

    void item27_unknownClassWithoutModule_data()
    {
        QTest::addColumn<KerasVersion>("version");
        QTest::addColumn<QString>("advice");
        QTest::newRow("3.15") << KerasVersion::keras3() << kLocateAdvice;
        QTest::newRow("3.11") << KerasVersion::keras3(11) << QStringLiteral("Make sure custom classes are decorated with `@keras.saving.register_keras_serializable()`.");
        QTest::newRow("2.15") << KerasVersion::keras2() << QStringLiteral("Make sure custom classes are decorated with `@keras.saving.register_keras_serializable()`.");
        QTest::newRow("2.12") << KerasVersion::keras2(12) << QStringLiteral("Make sure custom classes are decorated with `@keras.utils.register_keras_serializable`.");
    }

    void item27_unknownClassWithoutModule()
    {
        QFETCH(KerasVersion, version);
        QFETCH(QString, advice);
        DeserializeOptions options;
        options.version = version;
        auto r = deserializeKerasObject(loads(R"({"class_name": "MyLayer", "config": {"units": 2}})"), options);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Could not locate class 'MyLayer'. ") + advice
                     + QStringLiteral(" Full object config: {'class_name': 'MyLayer', 'config': {'units': 2}}"));
    }

    void item28_registeredNameOnBuiltinClass_data()
    {
        QTest::addColumn<QByteArray>("registeredName"); // JSON text; empty: key absent
        QTest::addColumn<QString>("reprOfName");        // empty: loads
        QTest::newRow("builtins.eval") << QByteArray("\"builtins.eval\"") << QStringLiteral("'builtins.eval'");
        QTest::newRow("subprocess.Popen") << QByteArray("\"subprocess.Popen\"") << QStringLiteral("'subprocess.Popen'");
        QTest::newRow("not.a.real.name") << QByteArray("\"not.a.real.name\"") << QStringLiteral("'not.a.real.name'");
        QTest::newRow("my_pkg>MyDense") << QByteArray("\"my_pkg>MyDense\"") << QStringLiteral("'my_pkg>MyDense'");
        QTest::newRow("null") << QByteArray("null") << QString();
        QTest::newRow("missing") << QByteArray() << QString();
        QTest::newRow("empty") << QByteArray("\"\"") << QString();
        QTest::newRow("class name") << QByteArray("\"Dense\"") << QString();
    }

    void item28_registeredNameOnBuiltinClass()
    {
        QFETCH(QByteArray, registeredName);
        QFETCH(QString, reprOfName);
        QByteArray text = R"({"module": "keras.layers", "class_name": "Dense", "config": {"units": 4})";
        if (!registeredName.isEmpty())
            text += R"(, "registered_name": )" + registeredName;
        text += "}";
        auto r = deserializeKerasObject(loads(text));
        if (reprOfName.isEmpty()) {
            QVERIFY2(r, qPrintable(errorOf(r)));
            QCOMPARE(r->instance()->cls()->name, QStringLiteral("Dense"));
            return;
        }
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        QCOMPARE(r.error().message,
                 QStringLiteral("`registered_name=%1` was provided in the config, but 'keras.layers.Dense' resolved to a Keras built-in and does not use registered names. Remove the `registered_name` field from the config. Full object config: {'module': 'keras.layers', 'class_name': 'Dense', 'config': {'units': 4}, 'registered_name': %1}")
                     .arg(reprOfName));
        // Before 3.15 the field was ignored.
        DeserializeOptions old;
        old.version = KerasVersion::keras3(14);
        QVERIFY(deserializeKerasObject(loads(text), old));
    }

    void item29_registeredNameOnBuiltinFunction_data()
    {
        QTest::addColumn<QString>("registeredName");
        QTest::addColumn<bool>("loads");
        QTest::newRow("some_other_name") << QStringLiteral("some_other_name") << false;
        QTest::newRow("function") << QStringLiteral("function") << true;
        QTest::newRow("own name") << QStringLiteral("relu") << true;
    }

    void item29_registeredNameOnBuiltinFunction()
    {
        QFETCH(QString, registeredName);
        QFETCH(bool, loads);
        const QByteArray text = "{\"module\": \"builtins\", \"class_name\": \"function\", \"config\": \"relu\", \"registered_name\": \""
            + registeredName.toUtf8() + "\"}";
        auto r = deserializeKerasObject(kcs::test::loads(text));
        if (loads) {
            QVERIFY2(r, qPrintable(errorOf(r)));
            QVERIFY(r->isFunction());
            QCOMPARE(r->symbol()->exportPath, QStringLiteral("keras.activations.relu"));
            return;
        }
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("`registered_name='some_other_name'` was provided in the config, but 'keras.activations.relu' resolved to a Keras built-in and does not use registered names. Remove the `registered_name` field from the config. Full object config: {'module': 'builtins', 'class_name': 'function', 'config': 'relu', 'registered_name': 'some_other_name'}"));
    }

    void item30_bareNameOfRegisteredFunctionFromOldFiles()
    {
        const SymbolRef fn = symbols::descriptorFunction(QStringLiteral("custom_registered_fn"));
        QVERIFY(registerKerasSerializable(fn, QStringLiteral("pkg")));
        auto r = deserializeKerasObject(loads(R"({"module": "builtins", "class_name": "function", "config": "custom_registered_fn", "registered_name": "function"})"));
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(r->symbol().get(), fn.get());
    }

    void item31_nonModelingApisAreRefused_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("api");
        QTest::newRow("function") << QByteArray(R"({"module": "keras.models", "class_name": "function", "config": "load_model", "registered_name": "function"})") << QStringLiteral("keras.models.load_model");
        QTest::newRow("class form") << QByteArray(R"({"module": "keras.config", "class_name": "enable_unsafe_deserialization", "config": {}})") << QStringLiteral("keras.config.enable_unsafe_deserialization");
    }

    void item31_nonModelingApisAreRefused()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, api);
        auto r = deserializeKerasObject(loads(config));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        QCOMPARE(r.error().message, QStringLiteral("Cannot deserialize `%1` because it is not a modeling function. Non-modeling APIs are disallowed during deserialization for security. Model configuration should only contains operations, layers, metrics, losses, or registered custom objects and functions.").arg(api));
    }

    void item32_onlyKerasPackagesAreImported()
    {
        auto r = deserializeKerasObject(loads(R"({"module": "os", "class_name": "system", "config": {}})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Could not locate class 'system'. ") + kLocateAdvice
                     + QStringLiteral(" Full object config: {'module': 'os', 'class_name': 'system', 'config': {}}"));
        auto missing = deserializeKerasObject(loads(R"({"module": "keras.src.no_such_module", "class_name": "X", "config": {}})"));
        QCOMPARE(errorOf(missing), QStringLiteral("Could not deserialize class 'X' because its parent module keras.src.no_such_module cannot be imported. Full object config: {'module': 'keras.src.no_such_module', 'class_name': 'X', 'config': {}}"));
        auto notSaveable = deserializeKerasObject(loads(R"({"module": "keras.layers", "class_name": "NoSuchLayer", "config": {}})"));
        QCOMPARE(errorOf(notSaveable), QStringLiteral("Could not deserialize 'keras.layers.NoSuchLayer' because it is not a KerasSaveable subclass"));
        // The unexported Functional class is found through its Python module.
        auto functional = deserializeKerasObject(loads(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "f", "layers": [], "input_layers": [], "output_layers": []}, "registered_name": "Functional"})"));
        QVERIFY2(functional, qPrintable(errorOf(functional)));
    }

    void item33_classWithoutFromConfig()
    {
        auto cls = std::make_shared<Symbol>(*symbols::descriptorClass(QStringLiteral("NoFromConfig"), QStringLiteral("my_pkg")));
        cls->fromConfig = {};
        QVERIFY(registerKerasSerializable(cls, QStringLiteral("my_pkg")));
        auto r = deserializeKerasObject(loads(R"({"module": "my_pkg", "class_name": "NoFromConfig", "config": {"a": 1}, "registered_name": "my_pkg>NoFromConfig"})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral("Unable to reconstruct an instance of 'NoFromConfig' because the class is missing a `from_config()` method. Full object config: {'module': 'my_pkg', 'class_name': 'NoFromConfig', 'config': {'a': 1}, 'registered_name': 'my_pkg>NoFromConfig'}"));
    }

    void item34_unknownLayerKeyIsADoubledTypeError()
    {
        auto r = deserializeKerasObject(loads(R"({"module": "keras.layers", "class_name": "Dense", "config": {"units": 4, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "foo": 1}, "registered_name": null})"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::TypeError);
        QCOMPARE(r.error().message, QStringLiteral(
            "<class 'keras.src.layers.core.dense.Dense'> could not be deserialized properly. Please ensure that components that are Python object instances (layers, models, etc.) returned by `get_config()` are explicitly deserialized in the model's `from_config()` method.\n\n"
            "config={'module': 'keras.layers', 'class_name': 'Dense', 'config': {'units': 4, 'dtype': {'module': 'keras', 'class_name': 'DTypePolicy', 'config': {'name': 'float32'}, 'registered_name': None}, 'foo': 1}, 'registered_name': None}.\n\n"
            "Exception encountered: Error when deserializing class 'Dense' using config={'units': 4, 'dtype': 'float32', 'foo': 1}.\n\n"
            "Exception encountered: Unrecognized keyword arguments passed to Dense: {'foo': 1}"));
        // tf.keras 2.13+ through its layer table: the two-argument TypeError inside.
        DeserializeOptions k2;
        k2.version = KerasVersion::keras2();
        k2.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
        auto r2 = deserializeKerasObject(loads(R"({"class_name": "Dense", "config": {"units": 4, "foo": 1}})"), k2);
        QVERIFY(!r2);
        QCOMPARE(r2.error().code, ErrorCode::TypeError);
        QVERIFY2(r2.error().message.endsWith(QStringLiteral("Exception encountered: ('Keyword argument not understood:', 'foo')")),
                 qPrintable(r2.error().message));
    }

    void item35_sequentialConfigErrors()
    {
        auto noName = deserializeKerasObject(loads(R"({"module": "keras", "class_name": "Sequential", "config": {"layers": []}, "registered_name": null})"));
        QCOMPARE(errorOf(noName), QStringLiteral("A Sequential model configuration must be a dictionary containing the 'name' and 'layers' keys. Received: config={'layers': []}"));
        QCOMPARE(noName.error().code, ErrorCode::ValueError);
        auto emptyEntry = deserializeKerasObject(loads(R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [{}]}, "registered_name": null})"));
        QCOMPARE(errorOf(emptyEntry), QStringLiteral("The provided configuration is not a valid Keras configuration. Expected a dictionary containing a 'config' key. Received: config={}"));
        auto good = deserializeKerasObject(loads(R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [{"module": "keras.layers", "class_name": "Dense", "config": {"units": 2}, "registered_name": null}, {"class_name": "Dense", "config": {"units": 1}}]}, "registered_name": null})"));
        QVERIFY2(good, qPrintable(errorOf(good)));
        QCOMPARE(std::dynamic_pointer_cast<ModelObject>(good->instance())->layers().size(), size_t(2));
    }

    void item36_functionalGraphErrors()
    {
        const QByteArray input = R"({"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2], "name": "in"}, "registered_name": null, "name": "in", "inbound_nodes": []})";
        auto node = [](const char* from) {
            return QByteArray("[{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 2], \"dtype\": \"float32\", \"keras_history\": [\"") + from + "\", 0, 0]}}], \"kwargs\": {}}]";
        };
        auto dense = [&](const char* name, const char* from) {
            return QByteArray("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"units\": 2, \"name\": \"") + name
                + "\"}, \"registered_name\": null, \"name\": \"" + name + "\", \"inbound_nodes\": " + node(from) + "}";
        };
        auto model = [&](const QByteArray& layers) {
            return loads(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [)"
                         + layers + R"(], "input_layers": [["in", 0, 0]], "output_layers": [["a", 0, 0]]}, "registered_name": "Functional"})");
        };
        QVERIFY(deserializeKerasObject(model(input + ", " + dense("a", "in"))));
        auto missing = deserializeKerasObject(model(input + ", " + dense("a", "ghost")));
        QCOMPARE(errorOf(missing), QStringLiteral("Unknown layer: ghost"));
        QCOMPARE(missing.error().code, ErrorCode::ValueError);
        auto cycle = deserializeKerasObject(model(input + ", " + dense("a", "b") + ", " + dense("b", "a")));
        QCOMPARE(errorOf(cycle), QStringLiteral(
            "Invalid Functional model configuration. The graph of the Functional model either has loops or disconnected nodes. The following nodes failed to be resolved: "
            "{<Dense name=a, built=False>: [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': [None, 2], 'dtype': 'float32', 'keras_history': ['b', 0, 0]}}], 'kwargs': {}}], "
            "<Dense name=b, built=False>: [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': [None, 2], 'dtype': 'float32', 'keras_history': ['a', 0, 0]}}], 'kwargs': {}}]}"));
    }

    void item37_keras2ToJsonFailsUnderKeras3Rules()
    {
        const PyValue k2 = loads(R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": []}, "keras_version": "2.15.0", "backend": "tensorflow"})");
        auto r = deserializeKerasObject(k2);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("Could not locate class 'Sequential'. ") + kLocateAdvice
                     + QStringLiteral(" Full object config: {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': []}, 'keras_version': '2.15.0', 'backend': 'tensorflow'}"));
        // The same text loads through the legacy path (Keras 3's .h5 route).
        QVERIFY(modelFromConfig(k2));
    }
};


QTEST_GUILESS_MAIN(TestDeserialize)
#include "TestDeserialize.moc"

