// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist items 43-46: safe mode and Lambda (spec section 6). Nothing here is ever executed:
// an allowed lambda comes back as opaque data.
#include "SerializationTestSupport.h"

#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Messages.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::loads;
using keras::Category;

namespace {

const QByteArray kMarker = R"({"class_name": "__lambda__", "config": {"value": ["4wEAAAAAAAAA\n", null, null]}})";

const QString kL1 = QStringLiteral("Requested the deserialization of a Python lambda. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the artifact, you can override this error by passing `safe_mode=False` to the loading function, or calling `keras.config.enable_unsafe_deserialization().");
const QString kL2 = QStringLiteral("Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the artifact, you can override this error by passing `safe_mode=False` to the loading function, or calling `keras.config.enable_unsafe_deserialization().");
const QString kL3 = QStringLiteral("Requested the deserialization of a `lambda` object. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the saved model, you can pass `safe_mode=False` to the loading function in order to allow `lambda` loading.");
const QString kL4 = QStringLiteral("Requested the deserialization of a Lambda layer with a Python `lambda` inside it. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the saved model, you can pass `safe_mode=False` to the loading function in order to allow Lambda layer loading.");

QByteArray k3LambdaLayer()
{
    return R"({"module": "keras.layers", "class_name": "Lambda", "config": {"name": "lambda", "trainable": true, "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA\n", "defaults": null, "closure": null}}, "arguments": {}}, "registered_name": null})";
}

QByteArray k2Sequential(const char* functionType)
{
    return QByteArray("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Lambda\", \"config\": {\"name\": \"l\", \"function\": [\"4wEAAAAAAAAA\\n\", null, null], \"function_type\": \"")
        + functionType + "\", \"module\": \"__main__\", \"output_shape\": null, \"output_shape_type\": \"raw\", \"output_shape_module\": null, \"arguments\": {}}}]}}";
}

QString errorOf(const Result<PyValue>& r)
{
    return r ? QStringLiteral("<no error>") : r.error().message;
}

} // namespace

class TestSafeMode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        customObjects().clear();
        clearSession();
    }

    void item43_lambdaMarker()
    {
        // The texts in the library are the spec's, word for word.
        QCOMPARE(messages::lambdaGenericK3(), kL1);
        auto k3 = deserializeKerasObject(loads(kMarker));
        QCOMPARE(errorOf(k3), kL1);
        QCOMPARE(k3.error().code, ErrorCode::ValueError);
        DeserializeOptions k2;
        k2.version = KerasVersion::keras2();
        QCOMPARE(errorOf(deserializeKerasObject(loads(kMarker), k2)), kL3);
        DeserializeOptions unsafe;
        unsafe.safeMode = false;
        auto allowed = deserializeKerasObject(loads(kMarker), unsafe);
        QVERIFY(allowed);
        QCOMPARE(allowed->type(), PyValue::Type::Lambda); // kept as inspectable data
        QCOMPARE(allowed->lambdaValue().code(), QStringLiteral("4wEAAAAAAAAA\n"));
    }

    void item44_kerasLambdaLayer()
    {
        QCOMPARE(errorOf(deserializeKerasObject(loads(k3LambdaLayer()))), kL2);
        DeserializeOptions unsafe;
        unsafe.safeMode = false;
        auto allowed = deserializeKerasObject(loads(k3LambdaLayer()), unsafe);
        QVERIFY2(allowed, qPrintable(errorOf(allowed)));
        QCOMPARE(allowed->instance()->cls()->name, QStringLiteral("Lambda"));
        // A direct from_config with no flag set fails closed.
        const SymbolRef lambda = kcs::test::builtin(Category::Layers, QStringLiteral("Lambda"));
        auto direct = lambda->fromConfig(lambda, loads(k3LambdaLayer()).value(u"config"));
        QCOMPARE(errorOf(direct), kL2);
        // output_shape is checked too.
        SafeModeScope scope(true);
        auto shape = lambda->fromConfig(lambda, loads(R"({"function": "relu", "output_shape": {"class_name": "__lambda__", "config": {"code": "x", "defaults": null, "closure": null}}})"));
        QCOMPARE(errorOf(shape), kL2);
    }

    void item45_enclosingScopeOverridesArgument()
    {
        {
            SafeModeScope scope(false);
            DeserializeOptions safe; // safe_mode=True explicitly
            QVERIFY(deserializeKerasObject(loads(kMarker), safe));
        }
        {
            SafeModeScope scope(true);
            DeserializeOptions unsafe;
            unsafe.safeMode = false;
            QCOMPARE(errorOf(deserializeKerasObject(loads(kMarker), unsafe)), kL1);
        }
        QCOMPARE(inSafeMode(), std::optional<bool>()); // restored
        enableUnsafeDeserialization();
        QVERIFY(deserializeKerasObject(loads(kMarker))); // permanently for this thread
    }

    void item46_keras2LambdaLayer()
    {
        // tf.keras <= 2.12: the legacy path never sets the flag, so lambdas load.
        LegacyDeserializeOptions legacy;
        legacy.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
        legacy.printableModuleName = QStringLiteral("layer");
        legacy.version = KerasVersion::keras2(12);
        auto old = legacyDeserializeKerasObject(loads(k2Sequential("lambda")), legacy);
        QVERIFY2(old, qPrintable(errorOf(old)));
        // tf.keras 2.13-2.15 model_from_json: serialization_lib opens a safe-mode scope -> L4.
        DeserializeOptions modern;
        modern.version = KerasVersion::keras2(15);
        modern.moduleObjects = legacy.moduleObjects;
        auto refused = deserializeKerasObject(loads(k2Sequential("lambda")), modern);
        QCOMPARE(errorOf(refused), kL4);
        QCOMPARE(refused.error().code, ErrorCode::ValueError);
        auto bad = legacyDeserializeKerasObject(loads(k2Sequential("bytecode")), legacy);
        QCOMPARE(errorOf(bad), QStringLiteral("Unsupported value for `function_type` argument. Received: function_type=bytecode. Expected one of ['function', 'lambda', 'raw']"));
    }
};

QTEST_GUILESS_MAIN(TestSafeMode)
#include "TestSafeMode.moc"
