// SPDX-License-Identifier: GPL-3.0-or-later
// The compiled-in Keras built-in catalogs: loading, lookup tables, exports, parameters.
#include "core/keras/Catalog.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using kcs::json::Value;
using namespace kcs::keras;

Q_DECLARE_METATYPE(kcs::keras::Dialect)
Q_DECLARE_METATYPE(kcs::keras::Category)
Q_DECLARE_METATYPE(kcs::keras::ClassResolution::Route)

namespace {

const Catalog& k3() { return Catalog::forDialect(Dialect::Keras3); }
const Catalog& k2() { return Catalog::forDialect(Dialect::Keras2); }

QStringList paramNames(const std::vector<Param>& params)
{
    QStringList out;
    for (const Param& p : params)
        out.append(p.name);
    return out;
}

} // namespace

class TestCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void concurrentFirstUseLoadsOnce(); // first: the catalogs are not loaded yet
    void dialectAndCategoryNames();
    void loadsBothDialects();
    void categorySizesMatchTheCatalog_data();
    void categorySizesMatchTheCatalog();
    void denseParametersAndDefaults_data();
    void denseParametersAndDefaults();
    void conv2dDefaultsAndAlias_data();
    void conv2dDefaultsAndAlias();
    void aliasesResolve_data();
    void aliasesResolve();
    void optimizersLowerCaseAndLegacyVariants();
    void optimizerTableFollowsTheConfig();
    void adamDefaults();
    void exportsAndAliases();
    void pythonModuleForm();
    void resolvesConfigClasses_data();
    void resolvesConfigClasses();
    void legacyH5Table();
    void moduleStringsKerasWrites_data();
    void moduleStringsKerasWrites();
    void resolutionFacts();
    void baseLayerKeys();
    void rejectsBrokenCatalogText_data();
    void rejectsBrokenCatalogText();
    void loadsAMinimalCatalog();
};

void TestCatalog::dialectAndCategoryNames()
{
    QCOMPARE(dialectName(Dialect::Keras2), QStringLiteral("keras2"));
    QCOMPARE(dialectName(Dialect::Keras3), QStringLiteral("keras3"));
    QCOMPARE(dialectFromName(u"keras2"), std::optional<Dialect>(Dialect::Keras2));
    QCOMPARE(dialectFromName(u"Keras3"), std::optional<Dialect>());
    for (Category c : allCategories())
        QCOMPARE(categoryFromName(categoryName(c)), std::optional<Category>(c));
    QCOMPARE(categoryName(Category::LearningRateSchedules), QStringLiteral("learning_rate_schedules"));
    QCOMPARE(categoryName(Category::DtypePolicies), QStringLiteral("dtype_policies"));
    QCOMPARE(categoryFromName(u"layer"), std::optional<Category>());
    QCOMPARE(identifierKindWord(Category::Activations), QStringLiteral("activation function"));
    QCOMPARE(identifierKindWord(Category::Optimizers), QStringLiteral("optimizer"));
    QCOMPARE(kwargsPolicyName(KwargsPolicy::Closed), QStringLiteral("closed"));
}

void TestCatalog::loadsBothDialects()
{
    QCOMPARE(k3().dialect(), Dialect::Keras3);
    QCOMPARE(k3().version(), QStringLiteral("3.15.1"));
    QCOMPARE(k2().dialect(), Dialect::Keras2);
    QCOMPARE(k2().version(), QStringLiteral("2.21.0"));
    QVERIFY(k3().hasCategory(Category::Ops));
    QVERIFY(!k2().hasCategory(Category::Ops));
    QVERIFY(&Catalog::forDialect(Dialect::Keras3) == &k3()); // loaded once
}

void TestCatalog::concurrentFirstUseLoadsOnce()
{
    // The first slot of the test: the threads race to the first use of both catalogs, and every
    // thread must see the same, fully loaded object.
    std::vector<const Catalog*> seen(8, nullptr);
    std::vector<std::thread> threads;
    std::atomic<int> lookups{0};
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&, i] {
            seen[i] = &Catalog::forDialect(i % 2 ? Dialect::Keras2 : Dialect::Keras3);
            if (seen[i]->lookup(Category::Layers, u"Dense"))
                ++lookups;
        });
    }
    for (auto& t : threads)
        t.join();
    for (std::size_t i = 0; i < seen.size(); ++i)
        QCOMPARE(seen[i], &Catalog::forDialect(i % 2 ? Dialect::Keras2 : Dialect::Keras3));
    QCOMPARE(lookups.load(), 8);
}

void TestCatalog::categorySizesMatchTheCatalog_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<int>("entries");
    QTest::addColumn<int>("names");
    // README "Counts" (Keras 3 layers: 148 entries + 14 legacy-only ones).
    const struct { Dialect d; Category c; int e; int n; } rows[] = {
        {Dialect::Keras3, Category::Layers, 162, 163},       {Dialect::Keras3, Category::Activations, 30, 32},
        {Dialect::Keras3, Category::Initializers, 17, 41},   {Dialect::Keras3, Category::Regularizers, 5, 10},
        {Dialect::Keras3, Category::Constraints, 5, 10},     {Dialect::Keras3, Category::Losses, 44, 56},
        {Dialect::Keras3, Category::Metrics, 46, 102},       {Dialect::Keras3, Category::Optimizers, 17, 17},
        {Dialect::Keras3, Category::LearningRateSchedules, 7, 7}, {Dialect::Keras3, Category::Models, 3, 3},
        {Dialect::Keras3, Category::DtypePolicies, 8, 8},    {Dialect::Keras3, Category::Ops, 335, 335},
        {Dialect::Keras2, Category::Layers, 149, 174},       {Dialect::Keras2, Category::Activations, 24, 24},
        {Dialect::Keras2, Category::Initializers, 16, 57},   {Dialect::Keras2, Category::Regularizers, 6, 9},
        {Dialect::Keras2, Category::Constraints, 6, 14},     {Dialect::Keras2, Category::Losses, 36, 51},
        {Dialect::Keras2, Category::Metrics, 71, 85},        {Dialect::Keras2, Category::Optimizers, 19, 16},
        {Dialect::Keras2, Category::LearningRateSchedules, 9, 9}, {Dialect::Keras2, Category::Models, 3, 3},
        {Dialect::Keras2, Category::DtypePolicies, 1, 2},    {Dialect::Keras2, Category::Ops, 0, 0},
    };
    for (const auto& r : rows)
        QTest::addRow("%s/%s", qPrintable(dialectName(r.d)), qPrintable(categoryName(r.c))) << r.d << r.c << r.e << r.n;
}

void TestCatalog::categorySizesMatchTheCatalog()
{
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(int, entries);
    QFETCH(int, names);
    const Catalog& c = Catalog::forDialect(dialect);
    QCOMPARE(int(c.entries(category).size()), entries);
    QCOMPARE(int(c.lookupNames(category).size()), names);
    for (const BuiltinEntry* e : c.entries(category)) {
        QCOMPARE(e->category, category);
        QCOMPARE(c.entry(category, e->key), e);
    }
}

void TestCatalog::denseParametersAndDefaults_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QStringList>("params");
    const QStringList common{"units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                             "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                             "kernel_constraint", "bias_constraint"};
    QTest::newRow("keras3") << Dialect::Keras3
                            << (common + QStringList{"lora_rank", "lora_alpha", "quantization_config"});
    QTest::newRow("keras2") << Dialect::Keras2 << common;
}

void TestCatalog::denseParametersAndDefaults()
{
    QFETCH(Dialect, dialect);
    QFETCH(QStringList, params);
    const Catalog& c = Catalog::forDialect(dialect);
    const BuiltinEntry* dense = c.lookup(Category::Layers, u"Dense");
    QVERIFY(dense);
    QCOMPARE(dense->key, QStringLiteral("Dense"));
    QCOMPARE(dense->kind, EntryKind::Class);
    QCOMPARE(dense->className, QStringLiteral("Dense"));
    QCOMPARE(dense->module, QStringLiteral("keras.layers"));
    QCOMPARE(dense->canonicalPath, QStringLiteral("keras.layers.Dense"));
    QCOMPARE(paramNames(dense->params), params);
    QCOMPARE(dense->required, QStringList{"units"});
    QVERIFY(dense->params[0].required);
    QVERIFY(!dense->params[0].hasDefault);
    const Param* activation = dense->param(u"activation");
    QVERIFY(activation && activation->hasDefault && activation->defaultValue.isNull());
    QCOMPARE(dense->param(u"use_bias")->defaultValue, Value(true));
    QVERIFY(dense->param(u"use_bias")->defaultValue.isBool());
    QCOMPARE(dense->param(u"kernel_initializer")->defaultValue, Value("glorot_uniform"));
    QCOMPARE(dense->param(u"bias_initializer")->defaultValue, Value("zeros"));
    QCOMPARE(dense->kwargsPolicy, KwargsPolicy::Base);
    QVERIFY(dense->baseKwargs);
    QVERIFY(dense->kwargs);
    QVERIFY(dense->param(u"nope") == nullptr);
    if (dialect == Dialect::Keras2)
        QCOMPARE(paramNames(dense->kwargsConsumed), (QStringList{"bias_layout", "kernel_layout"}));
    else
        QCOMPARE(dense->fromConfig.reads, QStringList{"quantization_config"});
}

void TestCatalog::conv2dDefaultsAndAlias_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("keras3") << Dialect::Keras3;
    QTest::newRow("keras2") << Dialect::Keras2;
}

void TestCatalog::conv2dDefaultsAndAlias()
{
    QFETCH(Dialect, dialect);
    const Catalog& c = Catalog::forDialect(dialect);
    const BuiltinEntry* conv = c.lookup(Category::Layers, u"Conv2D");
    QVERIFY(conv);
    QCOMPARE(c.lookup(Category::Layers, u"Convolution2D"), conv);
    QCOMPARE(conv->aliases, QStringList{"Convolution2D"});
    QCOMPARE(conv->required, (QStringList{"filters", "kernel_size"}));
    const Param* strides = conv->param(u"strides");
    QCOMPARE(strides->defaultValue, Value(Value::Array{Value(1), Value(1)}));
    QVERIFY(strides->defaultIsTuple);
    QCOMPARE(conv->param(u"padding")->defaultValue, Value("valid"));
    QVERIFY(conv->param(u"data_format")->defaultValue.isNull());
    QCOMPARE(conv->param(u"dilation_rate")->defaultValue, Value(Value::Array{Value(1), Value(1)}));
    QCOMPARE(conv->param(u"groups")->defaultValue, Value(1));
    QVERIFY(conv->param(u"groups")->defaultValue.isInt());
}

void TestCatalog::aliasesResolve_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("key");
    for (Dialect d : {Dialect::Keras3, Dialect::Keras2}) {
        const QByteArray n = dialectName(d).toLatin1();
        QTest::addRow("%s glorot_uniform", n.data()) << d << Category::Initializers << "glorot_uniform" << "GlorotUniform";
        QTest::addRow("%s GlorotUniform", n.data()) << d << Category::Initializers << "GlorotUniform" << "GlorotUniform";
        QTest::addRow("%s mse", n.data()) << d << Category::Losses << "mse" << "mean_squared_error";
        QTest::addRow("%s relu", n.data()) << d << Category::Activations << "relu" << "relu";
        QTest::addRow("%s unknown", n.data()) << d << Category::Activations << "relu6x" << "";
    }
    QTest::newRow("keras3 l1l2 (snake case of L1L2)") << Dialect::Keras3 << Category::Regularizers << "l1l2" << "L1L2";
    QTest::newRow("keras3 has no l1_l2") << Dialect::Keras3 << Category::Regularizers << "l1_l2" << "";
    QTest::newRow("keras2 l1_l2 function") << Dialect::Keras2 << Category::Regularizers << "l1_l2" << "l1_l2";
    QTest::newRow("keras2 ReLU layer as activation") << Dialect::Keras2 << Category::Activations << "ReLU" << "ReLU";
    QTest::newRow("keras3 GroupQueryAttention") << Dialect::Keras3 << Category::Layers << "GroupQueryAttention"
                                                << "GroupedQueryAttention";
}

void TestCatalog::aliasesResolve()
{
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(QString, name);
    QFETCH(QString, key);
    const BuiltinEntry* e = Catalog::forDialect(dialect).lookup(category, name);
    QCOMPARE(e ? e->key : QString(), key);
}

void TestCatalog::optimizersLowerCaseAndLegacyVariants()
{
    QCOMPARE(k2().legacyOptimizerLookup(u"adam")->pythonName(), QStringLiteral("Adam"));
    const BuiltinEntry* gqa = k3().lookup(Category::Layers, u"GroupQueryAttention");
    QCOMPARE(gqa->name(), QStringLiteral("GroupQueryAttention"));
    QCOMPARE(gqa->pythonName(), QStringLiteral("GroupedQueryAttention"));
    QCOMPARE(k3().lookup(Category::Optimizers, u"Adam")->key, QStringLiteral("Adam"));
    QCOMPARE(k3().lookup(Category::Optimizers, u"ADAM")->key, QStringLiteral("Adam"));
    QCOMPARE(k3().lookup(Category::Optimizers, u"RMSprop")->key, QStringLiteral("RMSprop"));
    QVERIFY(k3().legacyOptimizerLookup(u"adam") == nullptr);
    QCOMPARE(k2().lookup(Category::Optimizers, u"Adam")->key, QStringLiteral("Adam"));
    const BuiltinEntry* legacy = k2().legacyOptimizerLookup(u"Adam");
    QVERIFY(legacy);
    QCOMPARE(legacy->key, QStringLiteral("legacy.Adam"));
    QCOMPARE(legacy->className, QStringLiteral("Adam"));
    QCOMPARE(legacy->module, QStringLiteral("keras.optimizers.legacy"));
    QCOMPARE(k2().legacyOptimizerLookup(u"experimentaladam")->key, QStringLiteral("Adam"));
    QVERIFY(k2().legacyOptimizerLookup(u"adamw") == nullptr);
    QCOMPARE(k2().lookup(Category::Optimizers, u"adamw")->key, QStringLiteral("AdamW"));
}

void TestCatalog::optimizerTableFollowsTheConfig()
{
    const auto key = [](const Catalog& c, const char* name, const QByteArray& inner) {
        Value config = Value::object();
        if (inner == "legacy-true")
            config.append(QStringLiteral("is_legacy_optimizer"), Value(true));
        else if (inner == "legacy-false")
            config.append(QStringLiteral("is_legacy_optimizer"), Value(false));
        else if (inner == "pre-2.11")
            config.append(QStringLiteral("learning_rate"), Value(0.001));
        const BuiltinEntry* e = c.lookupOptimizer(QString::fromLatin1(name), config);
        return e ? e->key : QString();
    };
    QCOMPARE(key(k2(), "Adam", "empty"), QStringLiteral("Adam"));
    QCOMPARE(key(k2(), "Adam", "legacy-false"), QStringLiteral("Adam"));
    QCOMPARE(key(k2(), "Adam", "legacy-true"), QStringLiteral("legacy.Adam"));
    QCOMPARE(key(k2(), "Adam", "pre-2.11"), QStringLiteral("legacy.Adam"));
    QCOMPARE(key(k2(), "AdamW", "pre-2.11"), QString()); // the legacy table has no AdamW
    QCOMPARE(key(k2(), "AdamW", "legacy-false"), QStringLiteral("AdamW"));
    QCOMPARE(key(k3(), "Adam", "legacy-true"), QStringLiteral("Adam"));
}

void TestCatalog::adamDefaults()
{
    for (const BuiltinEntry* adam : {k3().lookup(Category::Optimizers, u"adam"), k2().lookup(Category::Optimizers, u"adam"),
                                     k2().legacyOptimizerLookup(u"adam")}) {
        QVERIFY(adam);
        QCOMPARE(adam->param(u"learning_rate")->defaultValue, Value(0.001));
        QVERIFY(adam->param(u"learning_rate")->defaultValue.isFloat());
        QCOMPARE(adam->param(u"beta_1")->defaultValue, Value(0.9));
        QCOMPARE(adam->param(u"beta_2")->defaultValue, Value(0.999));
        QCOMPARE(adam->param(u"epsilon")->defaultValue, Value(1e-07));
        QCOMPARE(adam->param(u"amsgrad")->defaultValue, Value(false));
    }
    QVERIFY(k3().lookup(Category::Optimizers, u"adam")->param(u"name")->defaultValue.isNull());
    QCOMPARE(k2().lookup(Category::Optimizers, u"adam")->param(u"name")->defaultValue, Value("Adam"));
}

void TestCatalog::exportsAndAliases()
{
    ExportMatch m = k3().resolveExport(u"keras.layers", u"Dense");
    QVERIFY(m);
    QCOMPARE(m.entry->key, QStringLiteral("Dense"));
    QVERIFY(!m.viaAlias);
    m = k3().resolveExport(u"keras.layers", u"Convolution2D");
    QVERIFY(m);
    QCOMPARE(m.entry->key, QStringLiteral("Conv2D"));
    QVERIFY(m.viaAlias);
    m = k3().resolveExport(u"keras.initializers", u"glorot_uniform");
    QCOMPARE(m.entry->key, QStringLiteral("GlorotUniform"));
    QVERIFY(m.viaAlias);
    m = k3().resolveExport(u"keras", u"Model");
    QCOMPARE(m.entry->category, Category::Models);
    QVERIFY(!m.viaAlias);
    QVERIFY(!k3().resolveExport(u"keras.layers", u"Model"));
    QVERIFY(!k3().resolveExport(u"keras.layers", u"NoSuchLayer"));
    QVERIFY(!k3().resolveExport(u"keras.src.models.functional", u"Functional"));
    m = k2().resolveExport(u"keras.layers", u"Dense");
    QCOMPARE(m.entry->key, QStringLiteral("Dense"));
    m = k2().resolveExport(u"compat.v1.keras.layers", u"Dense");
    QCOMPARE(m.entry->key, QStringLiteral("Dense"));
    QVERIFY(!m.viaAlias);
}

void TestCatalog::pythonModuleForm()
{
    const BuiltinEntry* functional = k3().findByPythonModule(u"keras.src.models.functional", u"Functional");
    QVERIFY(functional);
    QCOMPARE(functional->module, QStringLiteral("keras.src.models.functional"));
    QCOMPARE(functional->registeredName, QStringLiteral("Functional"));
    QVERIFY(functional->canonicalPath.isEmpty());
    const BuiltinEntry* abs = k3().findByPythonModule(u"keras.src.ops.numpy", u"Abs");
    QVERIFY(abs);
    QCOMPARE(abs->category, Category::Ops);
    QCOMPARE(k3().lookup(Category::Ops, u"keras.src.ops.numpy.Abs"), abs);
    QCOMPARE(k3().findByPythonModule(u"keras.src.layers.core.dense", u"Dense")->key, QStringLiteral("Dense"));
    QVERIFY(k3().findByPythonModule(u"keras.src.ops.numpy", u"NoSuchOp") == nullptr);
}

void TestCatalog::resolvesConfigClasses_data()
{
    using Route = ClassResolution::Route;
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("className");
    QTest::addColumn<QString>("key");
    QTest::addColumn<Route>("route");
    const auto K3 = Dialect::Keras3;
    const auto L = Category::Layers;
    QTest::newRow("K3 export") << K3 << L << "keras.layers" << "Dense" << "Dense" << Route::Export;
    QTest::newRow("K3 export of a renamed class") << K3 << L << "keras.layers" << "GroupQueryAttention"
                                                  << "GroupedQueryAttention" << Route::Export;
    QTest::newRow("K3 alias path") << K3 << L << "keras.layers" << "Convolution2D" << "Conv2D" << Route::ExportAlias;
    QTest::newRow("K3 module-less legacy") << K3 << L << "" << "Functional" << "Functional" << Route::Legacy;
    QTest::newRow("K3 module-less alias unknown") << K3 << L << "" << "Convolution2D" << "" << Route::None;
    QTest::newRow("K3 Functional by python module") << K3 << Category::Models << "keras.src.models.functional"
                                                    << "Functional" << "Functional" << Route::PythonModule;
    QTest::newRow("K3 Model export") << K3 << Category::Models << "keras" << "Model" << "Model" << Route::Export;
    QTest::newRow("K3 op") << K3 << Category::Ops << "keras.src.ops.numpy" << "Abs" << "Abs" << Route::PythonModule;
    QTest::newRow("K3 custom module") << K3 << L << "my_pkg.layers" << "MyLayer" << "" << Route::None;
    QTest::newRow("K3 Model is not under keras.layers") << K3 << L << "keras.layers" << "Model" << "" << Route::None;
    QTest::newRow("K3 initializer ignores module") << K3 << Category::Initializers << "somewhere" << "glorot_uniform"
                                                   << "GlorotUniform" << Route::ModuleObjects;
    QTest::newRow("K3 optimizer lower-cased") << K3 << Category::Optimizers << "keras.optimizers" << "Adam" << "Adam"
                                              << Route::ModuleObjects;
    QTest::newRow("K2 layer alias") << Dialect::Keras2 << L << "keras.layers" << "Convolution2D" << "Conv2D"
                                    << Route::ModuleObjects;
    QTest::newRow("K2 module-less") << Dialect::Keras2 << L << "" << "TFOpLambda" << "TFOpLambda" << Route::ModuleObjects;
}

void TestCatalog::resolvesConfigClasses()
{
    using Route = ClassResolution::Route;
    QFETCH(Dialect, dialect);
    QFETCH(Category, category);
    QFETCH(QString, module);
    QFETCH(QString, className);
    QFETCH(QString, key);
    QFETCH(Route, route);
    const ClassResolution r = Catalog::forDialect(dialect).resolveClass(category, module, className);
    QCOMPARE(r.entry ? r.entry->key : QString(), key);
    QCOMPARE(r.route, route);
}

void TestCatalog::legacyH5Table()
{
    for (const char16_t* name : {u"Functional", u"Sequential", u"InputLayer", u"Model", u"Dense", u"GroupedQueryAttention"})
        QVERIFY2(k3().legacyLookup(name), qPrintable(QString::fromUtf16(name)));
    for (const char16_t* name : {u"GroupQueryAttention", u"Convolution2D", u"TFOpLambda", u"CuDNNLSTM"})
        QVERIFY2(!k3().legacyLookup(name), qPrintable(QString::fromUtf16(name)));
    QVERIFY(k3().legacyLookup(u"Functional")->legacyOnly);
    QVERIFY(!k3().legacyLookup(u"Dense")->legacyOnly);
    QVERIFY(k3().isIncidentalModuleObject(Category::Layers, u"serialize"));
    QVERIFY(!k3().isIncidentalModuleObject(Category::Layers, u"Dense"));
    // Keras 2: the layers table itself, aliases included.
    QCOMPARE(k2().legacyLookup(u"Convolution2D")->key, QStringLiteral("Conv2D"));
    QVERIFY(k2().legacyLookup(u"TFOpLambda"));
}

void TestCatalog::moduleStringsKerasWrites_data()
{
    QTest::addColumn<Category>("category");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("module");
    QTest::newRow("layer") << Category::Layers << "Dense" << "keras.layers";
    QTest::newRow("initializer") << Category::Initializers << "GlorotUniform" << "keras.initializers";
    QTest::newRow("regularizer") << Category::Regularizers << "L2" << "keras.regularizers";
    QTest::newRow("constraint") << Category::Constraints << "MaxNorm" << "keras.constraints";
    QTest::newRow("loss") << Category::Losses << "MeanSquaredError" << "keras.losses";
    QTest::newRow("metric") << Category::Metrics << "AUC" << "keras.metrics";
    QTest::newRow("optimizer") << Category::Optimizers << "adam" << "keras.optimizers";
    QTest::newRow("schedule") << Category::LearningRateSchedules << "ExponentialDecay" << "keras.optimizers.schedules";
    QTest::newRow("activation") << Category::Activations << "relu" << "keras.activations";
    QTest::newRow("model") << Category::Models << "Model" << "keras";
    QTest::newRow("sequential") << Category::Models << "Sequential" << "keras";
    QTest::newRow("dtype policy") << Category::DtypePolicies << "DTypePolicy" << "keras";
    QTest::newRow("functional") << Category::Models << "Functional" << "keras.src.models.functional";
}

void TestCatalog::moduleStringsKerasWrites()
{
    QFETCH(Category, category);
    QFETCH(QString, name);
    QFETCH(QString, module);
    const BuiltinEntry* e = k3().lookup(category, name);
    QVERIFY(e);
    QCOMPARE(e->module, module);
}

void TestCatalog::resolutionFacts()
{
    QCOMPARE(k3().builtinFunctionModules(),
             (QStringList{"activations", "constraints", "initializers", "losses", "metrics", "optimizers", "regularizers"}));
    QCOMPARE(k2().builtinFunctionModules(), k3().builtinFunctionModules());
    QCOMPARE(k3().nonModelingApis().size(), 26);
    QVERIFY(k3().isNonModelingApi(u"keras.models.load_model"));
    QVERIFY(k3().isNonModelingApi(u"keras.utils.get_file"));
    QVERIFY(!k3().isNonModelingApi(u"keras.layers.Dense"));
    QVERIFY(k2().nonModelingApis().isEmpty());
    QVERIFY(k3().isSpecialClassName(u"__lambda__"));
    QVERIFY(k3().isSpecialClassName(u"__ellipsis__"));
    QVERIFY(!k2().isSpecialClassName(u"__ellipsis__"));
    QVERIFY(k2().isSpecialClassName(u"function"));
    QVERIFY(!k3().isSpecialClassName(u"Dense"));
    QCOMPARE(k3().legacyH5LambdaDroppedKeys(),
             (QStringList{"function_type", "module", "output_shape_module", "output_shape_type"}));
}

void TestCatalog::baseLayerKeys()
{
    QCOMPARE(k3().baseLayer().className, QStringLiteral("Layer"));
    QCOMPARE(k3().baseLayer().acceptedKeys,
             (QStringList{"activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"}));
    QCOMPARE(paramNames(k3().baseLayer().params),
             (QStringList{"activity_regularizer", "trainable", "dtype", "autocast", "name"}));
    QCOMPARE(k3().baseLayer().params[1].kind, Param::Kind::KeywordOnly);
    QCOMPARE(k2().baseLayer().acceptedKeys,
             (QStringList{"activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
                          "implementation", "input_dim", "input_shape", "name", "trainable", "weights"}));
    QCOMPARE(k2().baseLayer().pythonModule, QStringLiteral("tf_keras.src.engine.base_layer"));
}

void TestCatalog::rejectsBrokenCatalogText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong format") << QByteArray(R"({"format": "other", "flavor": "keras3"})")
                                  << "catalog: format is not keras-builtin-catalog/1";
    QTest::newRow("wrong flavor") << QByteArray(R"({"format": "keras-builtin-catalog/1", "flavor": "keras4"})")
                                  << "catalog: flavor must be keras2 or keras3";
    QTest::newRow("dangling lookup")
        << QByteArray(R"({"format": "keras-builtin-catalog/1", "flavor": "keras3", "categories": {"activations": {"lookup": {"relu": "relu"}, "entries": {}}}})")
        << "catalog: activations.lookup maps 'relu' to unknown entry 'relu'";
    QTest::newRow("dangling export")
        << QByteArray(R"({"format": "keras-builtin-catalog/1", "flavor": "keras3", "exports": {"keras.layers.X": "layers/X"}})")
        << "catalog: export 'keras.layers.X' names unknown entry 'layers/X'";
}

void TestCatalog::rejectsBrokenCatalogText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    auto c = Catalog::fromJson(text);
    QVERIFY(!c);
    QCOMPARE(c.error().message, message);
    QCOMPARE(c.error().code, kcs::ErrorCode::Format);
    QVERIFY(!Catalog::fromJson("{not json"));
}

void TestCatalog::loadsAMinimalCatalog()
{
    const QByteArray text = R"({"format": "keras-builtin-catalog/1", "flavor": "keras2", "version": "2.0.0",
        "categories": {"activations": {"lookup": {"relu": "relu", "ReLU_alias": "relu"},
            "entries": {"relu": {"kind": "function", "module": "keras.activations", "function_name": "relu",
                "params": [{"name": "x", "required": true}, {"name": "alpha", "default": 0.0}], "kwargs": false,
                "aliases": ["ReLU_alias"]}}}}})";
    auto c = Catalog::fromJson(text);
    QVERIFY2(c, c ? "" : qPrintable(c.error().message));
    const Catalog& cat = **c;
    QCOMPARE(cat.dialect(), Dialect::Keras2);
    QCOMPARE(cat.version(), QStringLiteral("2.0.0"));
    const BuiltinEntry* relu = cat.lookup(Category::Activations, u"ReLU_alias");
    QVERIFY(relu);
    QCOMPARE(relu->kind, EntryKind::Function);
    QCOMPARE(relu->name(), QStringLiteral("relu"));
    QVERIFY(relu->param(u"alpha")->defaultValue.isFloat());
    QCOMPARE(cat.lookupNames(Category::Activations), (QStringList{"relu", "ReLU_alias"}));
    QVERIFY(!cat.hasCategory(Category::Layers));
    QVERIFY(cat.entries(Category::Layers).empty());
    QVERIFY(cat.lookup(Category::Layers, u"Dense") == nullptr);
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "TestCatalog.moc"
