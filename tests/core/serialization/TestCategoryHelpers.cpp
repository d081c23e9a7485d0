// SPDX-License-Identifier: GPL-3.0-or-later
// Module-objects mode (spec 5.2) through the category helpers, and keras.layers.deserialize.
#include "SerializationTestSupport.h"

#include "core/registry/Registry.h"
#include "core/serialization/CategoryHelpers.h"

using namespace kcs;
using namespace kcs::saving;
using kcs::test::loads;
using keras::Category;

namespace {
QString errorOf(const Result<PyValue>& r)
{
    return r ? QStringLiteral("<no error>") : r.error().message;
}
} // namespace

class TestCategoryHelpers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { customObjects().clear(); }

    void namesResolveThroughTheCategoryTable()
    {
        auto relu = deserializeIdentifier(Category::Activations, PyValue(QStringLiteral("relu")));
        QVERIFY2(relu, qPrintable(errorOf(relu)));
        QVERIFY(relu->isFunction());
        QCOMPARE(relu->symbol()->exportPath, QStringLiteral("keras.activations.relu"));
        auto init = deserializeIdentifier(Category::Initializers, loads(R"({"class_name": "GlorotUniform", "config": {"seed": null}})"));
        QVERIFY2(init, qPrintable(errorOf(init)));
        QCOMPARE(init->instance()->cls()->name, QStringLiteral("GlorotUniform"));
        // Aliases are table keys too.
        auto alias = deserializeIdentifier(Category::Initializers, PyValue(QStringLiteral("glorot_uniform")));
        QVERIFY2(alias, qPrintable(errorOf(alias)));
        QVERIFY(deserializeIdentifier(Category::Activations, PyValue())->isNone());
    }

    void unknownNamesAreNotInterpretable()
    {
        auto r = deserializeIdentifier(Category::Activations, PyValue(QStringLiteral("relu6x")));
        QCOMPARE(errorOf(r), QStringLiteral("Could not interpret activation function identifier: 'relu6x'"));
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        auto dict = deserializeIdentifier(Category::Initializers, loads(R"({"class_name": "Nope", "config": {}})"));
        QCOMPARE(errorOf(dict), QStringLiteral("Could not interpret initializer identifier: {'class_name': 'Nope', 'config': {}}"));
    }

    void moduleObjectsModeErrors()
    {
        auto noClass = deserializeIdentifier(Category::Regularizers, loads(R"({"config": {}})"));
        QCOMPARE(errorOf(noClass), QStringLiteral("Unknown `config` as a `dict`, config={'config': {}}"));
        QCOMPARE(noClass.error().code, ErrorCode::ValueError);
        auto nullModule = deserializeIdentifier(Category::Constraints, loads(R"({"module": null, "class_name": "MyConstraint", "config": {}})"));
        QCOMPARE(errorOf(nullModule), QStringLiteral("Cannot deserialize object of type `MyConstraint`. If `MyConstraint` is a custom class, please register it using the `@keras.saving.register_keras_serializable()` decorator."));
        QCOMPARE(nullModule.error().code, ErrorCode::TypeError);
        // A registered custom object is found before the table is consulted.
        const SymbolRef mine = symbols::descriptorClass(QStringLiteral("MyConstraint"));
        QVERIFY(registerKerasSerializable(mine, QStringLiteral("pkg")));
        auto custom = deserializeIdentifier(Category::Constraints, loads(R"({"module": null, "class_name": "MyConstraint", "config": {}, "registered_name": "pkg>MyConstraint"})"));
        QVERIFY2(custom, qPrintable(errorOf(custom)));
        QCOMPARE(custom->instance()->cls().get(), mine.get());
    }

    void layerHelper()
    {
        auto notLayer = deserializeLayer(loads(R"({"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null})"));
        QCOMPARE(errorOf(notLayer), QStringLiteral("`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. Received: {'module': 'keras.initializers', 'class_name': 'Zeros', 'config': {}, 'registered_name': None}"));
        DeserializeOptions k2;
        k2.version = KerasVersion::keras2();
        QCOMPARE(errorOf(deserializeLayer(loads("{}"), k2)), QStringLiteral("Cannot deserialize empty config. Received: config={}"));
        auto dense = deserializeLayer(loads(R"({"class_name": "Dense", "config": {"units": 3}})"), k2);
        QVERIFY2(dense, qPrintable(errorOf(dense)));
        QCOMPARE(dense->instance()->cls()->name, QStringLiteral("Dense"));
    }
};

QTEST_GUILESS_MAIN(TestCategoryHelpers)
#include "TestCategoryHelpers.moc"
