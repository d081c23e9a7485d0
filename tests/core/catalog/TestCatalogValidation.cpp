// SPDX-License-Identifier: GPL-3.0-or-later
// Checking configs against built-in constructors: accepted keys, unknown and missing keys, and
// the exact error texts Keras / Python raise (spec 5.5).
#include "core/json/Document.h"
#include "core/keras/Catalog.h"
#include "core/keras/CatalogErrors.h"
#include "core/serialization/PyRepr.h"

#include <QTest>

using kcs::ErrorCode;
using kcs::json::Value;
using namespace kcs::keras;

Q_DECLARE_METATYPE(kcs::keras::Dialect)
Q_DECLARE_METATYPE(kcs::keras::Category)
Q_DECLARE_METATYPE(kcs::ErrorCode)

namespace {

Value parse(const QByteArray& text)
{
    auto doc = kcs::json::Document::parse(text);
    if (!doc)
        qFatal("bad test JSON %s", text.constData());
    auto v = doc->toValue(doc->root());
    if (!v)
        qFatal("toValue failed");
    return *v;
}

const BuiltinEntry& entryOf(Dialect d, Category c, QStringView name)
{
    const BuiltinEntry* e = Catalog::forDialect(d).lookup(c, name);
    if (!e)
        e = Catalog::forDialect(d).legacyLookup(name);
    if (!e)
        e = Catalog::forDialect(d).entry(c, name);
    if (!e)
        qFatal("no catalog entry %s", qPrintable(name.toString()));
    return *e;
}

constexpr Catalog::ReprFunction kRepr = &kcs::serialization::pyRepr;

} // namespace

class TestCatalogValidation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptedKeysFollowTheRecipe();
    void keyChecks_data();
    void keyChecks();
    void constructorErrors_data();
    void constructorErrors();
    void validConfigsPass_data();
    void validConfigsPass();
    void messageHelpers();
};

void TestCatalogValidation::acceptedKeysFollowTheRecipe()
{
    const Catalog& c3 = Catalog::forDialect(Dialect::Keras3);
    // Keras 3 Dense: its params, then the base Layer's keys not already listed, then the keys
    // its custom from_config reads.
    QCOMPARE(c3.acceptedKeys(entryOf(Dialect::Keras3, Category::Layers, u"Dense")),
             (QStringList{"units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                          "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                          "bias_constraint", "lora_rank", "lora_alpha", "quantization_config", "autocast", "dtype",
                          "input_dim", "input_shape", "name", "trainable"}));
    // Keras 3 LSTM: inherited (zero_output_for_mask) and consumed (implementation) keys too.
    const QStringList lstm = c3.acceptedKeys(entryOf(Dialect::Keras3, Category::Layers, u"LSTM"));
    QVERIFY(lstm.contains(QStringLiteral("zero_output_for_mask")));
    QVERIFY(lstm.contains(QStringLiteral("implementation")));
    QVERIFY(!lstm.contains(QStringLiteral("time_major")));
    // ActivityRegularization passes activity_regularizer itself: not accepted from the config.
    QVERIFY(!c3.acceptedKeys(entryOf(Dialect::Keras3, Category::Layers, u"ActivityRegularization"))
                 .contains(QStringLiteral("activity_regularizer")));
    // Open signatures accept anything.
    const BuiltinEntry& input = entryOf(Dialect::Keras3, Category::Layers, u"InputLayer");
    QVERIFY(c3.acceptsAnyKey(input));
    QVERIFY(c3.acceptedKeys(input).isEmpty());
    // Keras 2 base Layer keys (batch_input_shape, weights, ...) reach Dense.
    const QStringList k2dense = Catalog::forDialect(Dialect::Keras2).acceptedKeys(entryOf(Dialect::Keras2, Category::Layers, u"Dense"));
    QVERIFY(k2dense.contains(QStringLiteral("batch_input_shape")));
    QVERIFY(k2dense.contains(QStringLiteral("kernel_layout")));
    QCOMPARE(k2dense.size(), QSet<QString>(k2dense.begin(), k2dense.end()).size());
}

void TestCatalogValidation::keyChecks_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<bool>("checked");
    QTest::addColumn<QStringList>("unknown");
    QTest::addColumn<QStringList>("missing");
    const auto K3 = Dialect::Keras3;
    const auto K2 = Dialect::Keras2;
    const auto L = Category::Layers;
    QTest::newRow("K3 DepthwiseConv2D groups unknown")
        << K3 << L << "DepthwiseConv2D" << QByteArray(R"({"name": "dw", "kernel_size": [3, 3], "groups": 1, "trainable": true})")
        << true << QStringList{"groups"} << QStringList{};
    QTest::newRow("K2 DepthwiseConv2D groups accepted")
        << K2 << L << "DepthwiseConv2D" << QByteArray(R"({"name": "dw", "kernel_size": [3, 3], "groups": 1, "trainable": true})")
        << true << QStringList{} << QStringList{};
    QTest::newRow("K3 SpatialDropout2D closed")
        << K3 << L << "SpatialDropout2D" << QByteArray(R"({"name": "sd", "trainable": true, "rate": 0.1, "noise_shape": null})")
        << true << QStringList{"trainable", "noise_shape"} << QStringList{};
    QTest::newRow("K3 InputLayer open")
        << K3 << L << "InputLayer" << QByteArray(R"({"batch_input_shape": [null, 3], "whatever": 1})")
        << true << QStringList{} << QStringList{};
    QTest::newRow("unknown keys in config order, duplicates once")
        << K3 << L << "Dense" << QByteArray(R"({"zeta": 1, "units": 2, "alpha": 3, "zeta": 4})")
        << true << QStringList{"zeta", "alpha"} << QStringList{};
    QTest::newRow("missing required")
        << K3 << L << "Conv2D" << QByteArray(R"({"name": "c"})") << true << QStringList{}
        << QStringList{"filters", "kernel_size"};
    QTest::newRow("functions are not constructor-checked")
        << K3 << Category::Activations << "relu" << QByteArray(R"({"x": 1, "bogus": 2})") << false
        << QStringList{} << QStringList{};
    QTest::newRow("K3 Functional constructor: open, but inputs/outputs required")
        << K3 << Category::Models << "Functional" << QByteArray(R"({"name": "m", "layers": []})") << true
        << QStringList{} << QStringList{"inputs", "outputs"};
    QTest::newRow("K3 Model: unknown policy")
        << K3 << Category::Models << "Model" << QByteArray(R"({"name": "m", "layers": []})") << false
        << QStringList{} << QStringList{};
    QTest::newRow("K3 Sequential from_config does not call init")
        << K3 << L << "Sequential" << QByteArray(R"({"name": "s", "layers": [], "bogus": 1})") << false
        << QStringList{} << QStringList{};
    QTest::newRow("K2 external activation")
        << K2 << Category::Activations << "relu6" << QByteArray("{}") << false << QStringList{} << QStringList{};
    QTest::newRow("K3 custom from_config reads accepted")
        << K3 << L << "Dense" << QByteArray(R"({"units": 1, "quantization_config": null})") << true << QStringList{}
        << QStringList{};
}

void TestCatalogValidation::keyChecks()
{
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(QString, name);
    QFETCH(QByteArray, config);
    QFETCH(bool, checked);
    QFETCH(QStringList, unknown);
    QFETCH(QStringList, missing);
    const Catalog& c = Catalog::forDialect(dialect);
    const KeyCheck check = c.checkConfig(entryOf(dialect, category, name), parse(config));
    QCOMPARE(check.checked, checked);
    QCOMPARE(check.unknown, unknown);
    QCOMPARE(check.missing, missing);
    QCOMPARE(check.ok(), unknown.isEmpty() && missing.isEmpty());
}

void TestCatalogValidation::constructorErrors_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");
    const auto K3 = Dialect::Keras3;
    const auto K2 = Dialect::Keras2;
    const auto L = Category::Layers;
    const auto O = Category::Optimizers;
    QTest::newRow("K3 unknown kwargs (DepthwiseConv2D groups)")
        << K3 << L << "DepthwiseConv2D" << QByteArray(R"({"kernel_size": 3, "groups": 1})") << ErrorCode::ValueError
        << "Unrecognized keyword arguments passed to DepthwiseConv2D: {'groups': 1}";
    QTest::newRow("K3 messages print the Python class name")
        << K3 << L << "GroupQueryAttention" << QByteArray(R"({"head_dim": 8, "num_query_heads": 4, "num_key_value_heads": 2, "foo": 1})")
        << ErrorCode::ValueError << "Unrecognized keyword arguments passed to GroupedQueryAttention: {'foo': 1}";
    QTest::newRow("K3 LSTM time_major")
        << K3 << L << "LSTM" << QByteArray(R"({"units": 4, "time_major": false, "implementation": 2})")
        << ErrorCode::ValueError << "Unrecognized keyword arguments passed to LSTM: {'time_major': False}";
    QTest::newRow("K3 several unknown, config order, last duplicate wins")
        << K3 << L << "Dense" << QByteArray(R"({"b": "x", "units": 1, "a": [1.5, null], "b": "it's"})")
        << ErrorCode::ValueError
        << "Unrecognized keyword arguments passed to Dense: {'b': \"it's\", 'a': [1.5, None]}";
    QTest::newRow("K3 closed signature")
        << K3 << L << "SpatialDropout1D" << QByteArray(R"({"rate": 0.5, "trainable": true, "noise_shape": null})")
        << ErrorCode::TypeError << "SpatialDropout1D.__init__() got an unexpected keyword argument 'trainable'";
    QTest::newRow("K3 op inherits Operation.__init__")
        << K3 << Category::Ops << "keras.src.ops.numpy.Abs" << QByteArray(R"({"name": "abs", "dtype": "float32"})")
        << ErrorCode::TypeError << "Operation.__init__() got an unexpected keyword argument 'dtype'";
    QTest::newRow("missing one")
        << K3 << L << "Dense" << QByteArray(R"({"name": "d"})") << ErrorCode::TypeError
        << "Dense.__init__() missing 1 required positional argument: 'units'";
    QTest::newRow("K2 missing one")
        << K2 << L << "Dense" << QByteArray(R"({"name": "d", "bogus": 1})") << ErrorCode::TypeError
        << "Dense.__init__() missing 1 required positional argument: 'units'";
    QTest::newRow("missing two")
        << K3 << L << "Conv2D" << QByteArray(R"({})") << ErrorCode::TypeError
        << "Conv2D.__init__() missing 2 required positional arguments: 'filters' and 'kernel_size'";
    QTest::newRow("missing five")
        << K3 << L << "IndexLookup" << QByteArray(R"({"name": "lookup"})") << ErrorCode::TypeError
        << "IndexLookup.__init__() missing 5 required positional arguments: 'max_tokens', 'num_oov_indices', "
           "'mask_token', 'oov_token', and 'vocabulary_dtype'";
    QTest::newRow("closed: unexpected keyword wins over missing")
        << K3 << L << "SpatialDropout2D" << QByteArray(R"({"trainable": true})") << ErrorCode::TypeError
        << "SpatialDropout2D.__init__() got an unexpected keyword argument 'trainable'";
    QTest::newRow("K2 keyword not understood")
        << K2 << L << "Dense" << QByteArray(R"({"units": 1, "quantization_config": null, "lora_rank": 2})")
        << ErrorCode::TypeError << "('Keyword argument not understood:', 'quantization_config')";
    QTest::newRow("K2 key needing double quotes")
        << K2 << L << "Dense" << QByteArray(R"({"units": 1, "it's": 1})") << ErrorCode::TypeError
        << "('Keyword argument not understood:', \"it's\")";
    QTest::newRow("K3 base key passed twice")
        << K3 << L << "ActivityRegularization" << QByteArray(R"({"l1": 0.1, "activity_regularizer": null})")
        << ErrorCode::TypeError
        << "keras.src.layers.layer.Layer.__init__() got multiple values for keyword argument 'activity_regularizer'";
    QTest::newRow("K3 optimizer allow-list")
        << K3 << O << "adam" << QByteArray(R"({"learning_rate": 0.1, "decay": 0.0, "lr": 0.1})") << ErrorCode::ValueError
        << "Argument(s) not recognized: {'lr': 0.1}";
    QTest::newRow("K3 lookup layer allow-list")
        << K3 << L << "StringLookup" << QByteArray(R"({"vocabulary_size": 3, "foo": "bar"})") << ErrorCode::ValueError
        << "Unrecognized keyword argument(s): {'foo': 'bar'}";
    QTest::newRow("K2 new optimizer: deprecated decay")
        << K2 << O << "adam" << QByteArray(R"({"learning_rate": 0.1, "decay": 0.0})") << ErrorCode::ValueError
        << "decay is deprecated in the new TF-Keras optimizer, please check the docstring for valid arguments, or use "
           "the legacy optimizer, e.g., tf.keras.optimizers.legacy.Adam.";
    QTest::newRow("K2 new optimizer: other key")
        << K2 << O << "sgd" << QByteArray(R"({"foo": 1})") << ErrorCode::TypeError
        << "foo is not a valid argument, kwargs should be empty  for `optimizer_experimental.Optimizer`.";
    QTest::newRow("K2 legacy optimizer")
        << K2 << O << "legacy.Adam" << QByteArray(R"({"decay": 0.0, "foo": 1})") << ErrorCode::TypeError
        << "Unexpected keyword argument passed to optimizer: foo";
    QTest::newRow("K2 InputLayer")
        << K2 << L << "InputLayer" << QByteArray(R"({"batch_input_shape": [null, 2], "foo": 1, "bar": 2})")
        << ErrorCode::ValueError << "Unrecognized keyword arguments: ['foo', 'bar']";
    QTest::newRow("K3 Functional revived from a non-functional config")
        << K3 << Category::Models << "Functional" << QByteArray(R"({"name": "m", "layers": [], "foo": 1})")
        << ErrorCode::TypeError << "Functional.__init__() missing 2 required positional arguments: 'inputs' and 'outputs'";
    QTest::newRow("K3 trainable must be a bool (str prints bare)")
        << K3 << L << "Dense" << QByteArray(R"({"units": 1, "trainable": "yes"})") << ErrorCode::ValueError
        << "Expected `trainable` to be a boolean. Received: trainable=yes (of type <class 'str'>)";
    QTest::newRow("K3 trainable null")
        << K3 << L << "DepthwiseConv2D" << QByteArray(R"({"kernel_size": 3, "trainable": null})") << ErrorCode::ValueError
        << "Expected `trainable` to be a boolean. Received: trainable=None (of type <class 'NoneType'>)";
    QTest::newRow("K3 unknown keys are checked before trainable")
        << K3 << L << "Dense" << QByteArray(R"({"units": 1, "trainable": 1, "foo": [1]})") << ErrorCode::ValueError
        << "Unrecognized keyword arguments passed to Dense: {'foo': [1]}";
    QTest::newRow("K3 trainable int")
        << K3 << L << "Dense" << QByteArray(R"({"units": 1, "trainable": 1})") << ErrorCode::ValueError
        << "Expected `trainable` to be a boolean. Received: trainable=1 (of type <class 'int'>)";
    QTest::newRow("K2 L1 regularizer")
        << K2 << Category::Regularizers << "L1" << QByteArray(R"({"l": 0.1, "foo": 1})") << ErrorCode::TypeError
        << "Argument(s) not recognized: {'foo': 1}";
}

void TestCatalogValidation::constructorErrors()
{
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(QString, name);
    QFETCH(QByteArray, config);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    const Catalog& c = Catalog::forDialect(dialect);
    const auto error = c.constructorError(entryOf(dialect, category, name), parse(config), kRepr);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, message);
    QCOMPARE(error->code, code);
}

void TestCatalogValidation::validConfigsPass_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("config");
    // What Keras's own get_config writes loads back.
    QTest::newRow("K3 Dense get_config")
        << Dialect::Keras3 << Category::Layers << "Dense"
        << QByteArray(R"({"name": "dense", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 4, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": "zeros", "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null})");
    QTest::newRow("K2 Dense get_config")
        << Dialect::Keras2 << Category::Layers << "Dense"
        << QByteArray(R"({"name": "dense", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 3], "units": 4, "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null})");
    QTest::newRow("K3 InputLayer anything") << Dialect::Keras3 << Category::Layers << "InputLayer"
                                            << QByteArray(R"({"batch_shape": [null, 3], "junk": 1})");
    QTest::newRow("K2 does not check trainable") << Dialect::Keras2 << Category::Layers << "Dense"
                                                 << QByteArray(R"({"units": 1, "trainable": "yes"})");
    QTest::newRow("K3 Adam with decay") << Dialect::Keras3 << Category::Optimizers << "Adam"
                                        << QByteArray(R"({"learning_rate": 0.001, "decay": 0.0, "name": "adam"})");
}

void TestCatalogValidation::validConfigsPass()
{
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(QString, name);
    QFETCH(QByteArray, config);
    const Catalog& c = Catalog::forDialect(dialect);
    const BuiltinEntry& e = entryOf(dialect, category, name);
    QVERIFY(c.checkConfig(e, parse(config)).ok());
    QVERIFY(!c.constructorError(e, parse(config), kRepr).has_value());
}

void TestCatalogValidation::messageHelpers()
{
    QCOMPARE(missingArgumentsMessage(u"Foo", {QStringLiteral("a")}, true),
             QStringLiteral("Foo.__init__() missing 1 required keyword-only argument: 'a'"));
    QCOMPARE(missingArgumentsMessage(u"Foo", {QStringLiteral("a"), QStringLiteral("b")}, true),
             QStringLiteral("Foo.__init__() missing 2 required keyword-only arguments: 'a' and 'b'"));
    QCOMPARE(deserializingClassMessage(u"Dense", u"{'units': 1, 'groups': 1}",
                                       u"Unrecognized keyword arguments passed to Dense: {'groups': 1}"),
             QStringLiteral("Error when deserializing class 'Dense' using config={'units': 1, 'groups': 1}.\n\n"
                            "Exception encountered: Unrecognized keyword arguments passed to Dense: {'groups': 1}"));
    // A %1 inside a message stays as it is.
    QCOMPARE(deserializingClassMessage(u"A", u"{}", u"%1 %2"),
             QStringLiteral("Error when deserializing class 'A' using config={}.\n\nException encountered: %1 %2"));
    QCOMPARE(unexpectedKeywordArgumentMessage(u"SpatialDropout1D", u"trainable"),
             QStringLiteral("SpatialDropout1D.__init__() got an unexpected keyword argument 'trainable'"));
    QCOMPARE(keywordArgumentNotUnderstoodMessage(u"'groups'"),
             QStringLiteral("('Keyword argument not understood:', 'groups')"));
    QCOMPARE(unrecognizedKeywordArgumentsMessage(u"Conv2DTranspose", u"{'groups': 1}"),
             QStringLiteral("Unrecognized keyword arguments passed to Conv2DTranspose: {'groups': 1}"));
    QCOMPARE(optimizerArgumentsNotRecognizedMessage(u"{'lr': 0.1}"), QStringLiteral("Argument(s) not recognized: {'lr': 0.1}"));
}

QTEST_GUILESS_MAIN(TestCatalogValidation)
#include "TestCatalogValidation.moc"
