// SPDX-License-Identifier: GPL-3.0-or-later
// The README's example of the serialization API, compiled and checked so it cannot rot.
// Keep the block between the markers identical to the README section.
#include "core/json/Document.h"
#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/JsonBridge.h"
#include "core/serialization/Serialize.h"

#include <QtTest>

// --- README example begin ---
using namespace kcs;
using namespace kcs::saving;

// A custom layer written in C++, the way a Python class with get_config/from_config is written.
class ScaledDense : public Instance {
public:
    explicit ScaledDense(int units) : m_units(units) {}
    static Result<std::shared_ptr<ScaledDense>> fromConfig(const PyDict& config)
    {
        const PyValue* units = config.find(u"units");
        if (!units || !units->isInt())
            return fail(ErrorCode::TypeError, QStringLiteral("ScaledDense needs an int 'units'"));
        return std::make_shared<ScaledDense>(int(units->toInt()));
    }
    Result<PyValue> getConfig() const { return PyValue::dict({{QStringLiteral("units"), m_units}}); }
    int units() const { return m_units; }

private:
    int m_units;
};

Result<PyValue> loadLayer(const QByteArray& jsonText)
{
    // @keras.saving.register_keras_serializable(package="my_pkg") -> key "my_pkg>ScaledDense"
    const SymbolRef scaledDense = defineClass<ScaledDense>(QStringLiteral("ScaledDense"),
                                                            QStringLiteral("my_pkg.layers"));
    if (auto ok = registerKerasSerializable(scaledDense, QStringLiteral("my_pkg")); !ok)
        return std::unexpected(ok.error());

    // with keras.saving.custom_object_scope({"MyAttention": ...}): a layer known by name only
    CustomObjectScope scope({{QStringLiteral("MyAttention"),
                              PyValue(symbols::descriptorClass(QStringLiteral("MyAttention")))}});

    auto document = json::Document::parse(jsonText);
    if (!document)
        return std::unexpected(document.error());
    auto config = fromDocument(*document, document->root());
    if (!config)
        return std::unexpected(config.error());
    return deserializeKerasObject(*config); // keras.saving.deserialize_keras_object(config)
}
// --- README example end ---

class TestReadmeExample : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { customObjects().clear(); }

    void registeredClassLoads()
    {
        auto layer = loadLayer(R"({"module": "my_pkg.layers", "class_name": "ScaledDense", "config": {"units": 8}, "registered_name": "my_pkg>ScaledDense"})");
        QVERIFY(layer);
        QCOMPARE(std::static_pointer_cast<ScaledDense>(layer->instance())->units(), 8);
        auto saved = serializeKerasObject(*layer);
        QCOMPARE(saved->value(u"registered_name"), PyValue(QStringLiteral("my_pkg>ScaledDense")));
    }

    void scopedDescriptorLoads()
    {
        auto layer = loadLayer(R"({"module": null, "class_name": "MyAttention", "config": {"heads": 2}, "registered_name": "MyAttention"})");
        QVERIFY(layer);
        QCOMPARE(layer->instance()->cls()->name, QStringLiteral("MyAttention"));
        // Outside the scope the name is unknown again.
        QVERIFY(registeredObjectFor(QStringLiteral("MyAttention")).isNone());
    }

    void errorIsKerasText()
    {
        auto layer = loadLayer(R"({"module": null, "class_name": "Unknown", "config": {}, "registered_name": "Unknown"})");
        QVERIFY(!layer);
        QCOMPARE(layer.error().code, ErrorCode::TypeError);
        QCOMPARE(pythonExceptionName(layer.error().code), QStringLiteral("TypeError"));
        QVERIFY(layer.error().message.startsWith(QStringLiteral("Could not locate class 'Unknown'. ")));
        QVERIFY(layer.error().message.endsWith(QStringLiteral("Full object config: {'module': None, 'class_name': 'Unknown', 'config': {}, 'registered_name': 'Unknown'}")));
    }
};

QTEST_GUILESS_MAIN(TestReadmeExample)
#include "TestReadmeExample.moc"
