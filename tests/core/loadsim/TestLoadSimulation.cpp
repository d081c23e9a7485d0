// SPDX-License-Identifier: GPL-3.0-or-later
// Crafted configs for every problem kind: the verdict, the problems' codes in loader order, the
// first error's pointer and its exact Keras text, and the unresolved names.
#include "LoadSimTestSupport.h"

#include "core/keras/ModelGraph.h"
#include "core/keras/ScopeFile.h"
#include "core/util/SyntheticConfig.h"

#include <QTest>

using namespace kcs;
using keras::Dialect;
using formats::FileKind;

class TestLoadSimulation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsEveryProblemKind_data();
    void reportsEveryProblemKind();
    void wrapsTheFirstErrorAsKerasDoes_data();
    void wrapsTheFirstErrorAsKerasDoes();
    void locatesProblemsInTheText();
    void resolvesThroughScopesByTargetRules();
    void recordsLambdasWithoutDecodingThem();
    void groupsSharedObjectIds();
    void offersFixIts();
    void listsSharedLayers();
    void stopsWhenCancelled();
    void walksADeepChainWithoutRecursion();
    void reportsTrainingConfigProblemsAfterTheModel();
    void buildsEachTrainingLossBeforeLookingUpTheNext();
    void tfKeras2WrappersRefuseUnknownLayersAsTheirInitDoes_data();
    void tfKeras2WrappersRefuseUnknownLayersAsTheirInitDoes();
    void repeatedNestedObjectsResolveInPlace();
    void checksABigModelsGraphBuiltAlongsideTheWalk();
    void layersWithTheSameKeysLookUpTheirOwnNestedObjects();
};

namespace {

struct Run {
    keras::LoadReport report;
};

/// A tf.keras 2 load with no custom objects beyond the test's own.
keras::LoadOptions keras2Options()
{
    keras::LoadOptions options;
    options.target = Dialect::Keras2;
    options.includeLiveRegistry = false;
    return options;
}

keras::LoadReport simulate(const QString& fixture, FileKind kind, Dialect target, const QString& scopeFile = {})
{
    const json::Document doc = test::loadsimFixture(fixture);
    keras::LoadOptions options;
    options.target = target;
    options.fileKind = kind;
    options.includeLiveRegistry = false;
    if (!scopeFile.isEmpty()) {
        auto set = keras::loadScopeFile(test::dataPath(QStringLiteral("loadsim/") + scopeFile));
        if (!set)
            qFatal("%s", qPrintable(set.error().message));
        options.customObjects = *set;
    }
    return keras::simulateLoad(doc, doc.root(), options);
}

} // namespace

void TestLoadSimulation::reportsEveryProblemKind_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<bool>("loads");
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<QString>("firstPointer");
    QTest::addColumn<QStringList>("unresolved");

    const int json = int(FileKind::KerasJson), zip = int(FileKind::KerasZip), h5 = int(FileKind::H5);
    const int k3 = int(Dialect::Keras3), k2 = int(Dialect::Keras2);
    QTest::newRow("unknown-class")
        << "k3_custom_layer.json" << json << k3 << QString() << false
        << QStringList{"unknown-class"} << "/config/layers/1" << QStringList{"layers:my_pkg>MyLayer"};
    QTest::newRow("unknown-class resolved by scope file")
        << "k3_custom_layer.json" << json << k3 << "scopes_my_pkg.json" << true
        << QStringList{} << QString() << QStringList{};
    QTest::newRow("unrecognized-kwargs")
        << "k3_dense_unknown_key.json" << json << k3 << QString() << false
        << QStringList{"unrecognized-kwargs"} << "/config/layers/0/config/foo" << QStringList{};
    QTest::newRow("missing-required")
        << "k3_dense_missing_units.json" << json << k3 << QString() << false
        << QStringList{"missing-required"} << "/config/layers/0/config" << QStringList{};
    QTest::newRow("registered-name-on-builtin")
        << "k3_registered_name_builtin.json" << json << k3 << QString() << false
        << QStringList{"registered-name-on-builtin"} << "/config/layers/0/registered_name"
        << QStringList{"layers:Dense"};
    QTest::newRow("non-modeling-api")
        << "k3_non_modeling.json" << json << k3 << QString() << false
        << QStringList{"non-modeling-api"} << "/config/layers/0" << QStringList{"layers:load_model"};
    QTest::newRow("module-not-importable")
        << "k3_old_functional_module.json" << zip << k3 << QString() << false
        << QStringList{"module-not-importable"} << "" << QStringList{"models:Functional"};
    QTest::newRow("old module imports under tf.keras")
        << "k3_old_functional_module.json" << zip << k2 << QString() << true
        << QStringList{} << QString() << QStringList{};
    QTest::newRow("config-not-dict")
        << "k3_config_not_dict.json" << json << k3 << QString() << false
        << QStringList{"config-not-dict"} << "" << QStringList{};
    QTest::newRow("sequential-missing-name")
        << "k3_sequential_no_name.json" << json << k3 << QString() << false
        << QStringList{"sequential-missing-name"} << "/config" << QStringList{};
    QTest::newRow("unknown-function and unknown-identifier")
        << "k3_unknown_initializer_activation.json" << json << k3 << QString() << false
        << QStringList{"unknown-function", "unknown-identifier"} << "/config/layers/0/config/activation"
        << QStringList{"activations:relux", "initializers:glorot_uniformx"};
    QTest::newRow("lambda-safe-mode (K3 marker)")
        << "k3_lambda_marker.json" << json << k3 << QString() << false
        << QStringList{"lambda-safe-mode"} << "/config/layers/0/config/function" << QStringList{};
    QTest::newRow("K2 to_json under Keras 3")
        << "k2_sequential_unknown_layer.json" << json << k3 << QString() << false
        << QStringList{"unknown-class"} << "" << QStringList{"models:Sequential"};
    QTest::newRow("K2 legacy unknown layer")
        << "k2_sequential_unknown_layer.json" << json << k2 << QString() << false
        << QStringList{"unknown-class", "unknown-class"} << "/config/layers/1"
        << QStringList{"layers:BinaryDense", "constraints:Clip"};
    QTest::newRow("K2 legacy: the registered key does not match the bare name")
        << "k2_sequential_unknown_layer.json" << json << k2 << "scopes_my_pkg.json" << false
        << QStringList{"unknown-class"} << "/config/layers/1" << QStringList{"layers:BinaryDense"};
    QTest::newRow("tf.keras functional: an unknown layer fails when it is called")
        << "k2_functional_unknown_layer.json" << json << k2 << QString() << false
        << QStringList{"unknown-class"} << "/config/layers/1" << QStringList{"layers:LRN"};
    QTest::newRow("groups on DepthwiseConv2D (K3 .h5)")
        << "k2_h5_depthwise_groups.json" << h5 << k3 << QString() << false
        << QStringList{"unrecognized-kwargs"} << "/config/layers/1/config/groups" << QStringList{};
    QTest::newRow("groups on DepthwiseConv2D (tf.keras .h5)")
        << "k2_h5_depthwise_groups.json" << h5 << k2 << QString() << true
        << QStringList{} << QString() << QStringList{};
    QTest::newRow("lambda-safe-mode (K3 .h5 Lambda)")
        << "k2_h5_lambda.json" << h5 << k3 << QString() << false
        << QStringList{"lambda-safe-mode"} << "/config/layers/1/config/function" << QStringList{};
    QTest::newRow("lambda-safe-mode (tf.keras functional .h5)")
        << "k2_h5_lambda.json" << h5 << k2 << QString() << false
        << QStringList{"lambda-safe-mode"} << "/config/layers/1/config/function" << QStringList{};
    QTest::newRow("list-config (Keras 1 .h5 under Keras 3)")
        << "k1_list_sequential.json" << h5 << k3 << QString() << false
        << QStringList{"list-config"} << "/config" << QStringList{};
    QTest::newRow("list-config loads under tf.keras, not its Keras 1 keys")
        << "k1_list_sequential.json" << h5 << k2 << QString() << false
        << QStringList{"missing-required"} << "/config/0/config" << QStringList{};
    QTest::newRow("graph-unknown-layer")
        << "k3_graph_unknown_layer.json" << json << k3 << QString() << false
        << QStringList{"graph-unknown-layer"} << "/config/layers/1/inbound_nodes/0/args/0" << QStringList{};
    QTest::newRow("shared-id-config-differs")
        << "k3_shared_ids.json" << zip << k3 << QString() << true
        << QStringList{"shared-id-config-differs"} << QString() << QStringList{};
}

void TestLoadSimulation::reportsEveryProblemKind()
{
    QFETCH(QString, fixture);
    QFETCH(int, kind);
    QFETCH(int, target);
    QFETCH(QString, scopes);
    QFETCH(bool, loads);
    QFETCH(QStringList, codes);
    QFETCH(QString, firstPointer);
    QFETCH(QStringList, unresolved);

    const keras::LoadReport r = simulate(fixture, FileKind(kind), Dialect(target), scopes);
    QVERIFY2(test::problemCodes(r) == codes, qPrintable(test::describeProblems(r)));
    QCOMPARE(r.loads, loads);
    QCOMPARE(test::unresolvedNames(r), unresolved);
    if (loads) {
        QCOMPARE(r.firstError, -1);
        QVERIFY(!r.firstErrorProblem());
    } else {
        QVERIFY(r.firstErrorProblem());
        QCOMPARE(r.firstErrorProblem()->pointer, firstPointer);
        QVERIFY(r.firstErrorProblem()->firstError);
        QVERIFY(r.firstErrorProblem()->fatal);
    }
}

void TestLoadSimulation::wrapsTheFirstErrorAsKerasDoes_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("message");

    const QString pleaseEnsure = QStringLiteral(
        " could not be deserialized properly. Please ensure that components that are Python object "
        "instances (layers, models, etc.) returned by `get_config()` are explicitly deserialized in "
        "the model's `from_config()` method.\n\nconfig=");
    QTest::newRow("K3 unknown key in Dense inside Sequential")
        << "k3_dense_unknown_key.json" << int(FileKind::KerasJson) << int(Dialect::Keras3)
        << QString("<class 'keras.src.models.sequential.Sequential'>" + pleaseEnsure
                   + "{'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 's', 'layers': "
                     "[{'module': 'keras.layers', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 2, "
                     "'foo': 1}, 'registered_name': None}]}, 'registered_name': None}.\n\nException encountered: "
                     "<class 'keras.src.layers.core.dense.Dense'>" + pleaseEnsure
                   + "{'module': 'keras.layers', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 2, "
                     "'foo': 1}, 'registered_name': None}.\n\nException encountered: Error when deserializing "
                     "class 'Dense' using config={'name': 'd', 'units': 2, 'foo': 1, 'quantization_config': "
                     "None}.\n\nException encountered: Unrecognized keyword arguments passed to Dense: "
                     "{'foo': 1}");
    QTest::newRow("K3 .h5 groups on DepthwiseConv2D (legacy path: only from_config wraps)")
        << "k2_h5_depthwise_groups.json" << int(FileKind::H5) << int(Dialect::Keras3)
        << QString("Error when deserializing class 'DepthwiseConv2D' using config={'name': 'dw', "
                   "'kernel_size': [3, 3], 'groups': 1}.\n\nException encountered: Unrecognized keyword "
                   "arguments passed to DepthwiseConv2D: {'groups': 1}");
    QTest::newRow("K3 legacy unknown layer is a bare ValueError")
        << "k2_sequential_unknown_layer.json" << int(FileKind::H5) << int(Dialect::Keras3)
        << QString("Unknown layer: 'BinaryDense'. Please ensure you are using a "
                   "`keras.utils.custom_object_scope` and that this object is included in the scope. See "
                   "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object "
                   "for details.");
    QTest::newRow("K3 non-modeling API (ValueError passes the wrappers)")
        << "k3_non_modeling.json" << int(FileKind::KerasJson) << int(Dialect::Keras3)
        << QString("Cannot deserialize `keras.models.load_model` because it is not a modeling function. "
                   "Non-modeling APIs are disallowed during deserialization for security. Model "
                   "configuration should only contains operations, layers, metrics, losses, or registered "
                   "custom objects and functions.");
    QTest::newRow("K3 Sequential without name")
        << "k3_sequential_no_name.json" << int(FileKind::KerasJson) << int(Dialect::Keras3)
        << QString("A Sequential model configuration must be a dictionary containing the 'name' and "
                   "'layers' keys. Received: config={'layers': []}");
    QTest::newRow("K3 config not a dict")
        << "k3_config_not_dict.json" << int(FileKind::KerasJson) << int(Dialect::Keras3)
        << QString("Expected 'config' to be a dict for Dense,\ninstead got <class 'list'>\nFull config: "
                   "{'module': 'keras.layers', 'class_name': 'Dense', 'config': [1, 2, 3], 'registered_name': None}");
    QTest::newRow("K3 activation string (ValueError inside Dense, wrapped)")
        << "k3_unknown_initializer_activation.json" << int(FileKind::KerasJson) << int(Dialect::Keras3)
        << QString("<class 'keras.src.models.sequential.Sequential'>" + pleaseEnsure
                   + "{'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 's', 'layers': "
                     "[{'module': 'keras.layers', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 2, "
                     "'activation': 'relux', 'kernel_initializer': 'glorot_uniformx'}, 'registered_name': None}]}, "
                     "'registered_name': None}.\n\nException encountered: <class 'keras.src.layers.core.dense.Dense'>"
                   + pleaseEnsure
                   + "{'module': 'keras.layers', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 2, "
                     "'activation': 'relux', 'kernel_initializer': 'glorot_uniformx'}, 'registered_name': None}.\n\n"
                     "Exception encountered: Error when deserializing class 'Dense' using config={'name': 'd', "
                     "'units': 2, 'activation': 'relux', 'kernel_initializer': 'glorot_uniformx', "
                     "'quantization_config': None}.\n\nException encountered: Could not interpret activation "
                     "function identifier: relux");
    QTest::newRow("tf.keras functional: the name comes back as a str")
        << "k2_functional_unknown_layer.json" << int(FileKind::KerasJson) << int(Dialect::Keras2)
        << QString("'str' object is not callable");
    QTest::newRow("K3 .h5 Lambda")
        << "k2_h5_lambda.json" << int(FileKind::H5) << int(Dialect::Keras3)
        << QString("Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
                   "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
                   "default. If you trust the source of the artifact, you can override this error by passing "
                   "`safe_mode=False` to the loading function, or calling "
                   "`keras.config.enable_unsafe_deserialization().");
    QTest::newRow("tf.keras Lambda")
        << "k2_h5_lambda.json" << int(FileKind::H5) << int(Dialect::Keras2)
        << QString("Requested the deserialization of a Lambda layer with a Python `lambda` inside it. This "
                   "carries a potential risk of arbitrary code execution and thus it is disallowed by default. "
                   "If you trust the source of the saved model, you can pass `safe_mode=False` to the loading "
                   "function in order to allow Lambda layer loading.");
    QTest::newRow("K3 Keras 1 list config")
        << "k1_list_sequential.json" << int(FileKind::H5) << int(Dialect::Keras3)
        << QString("pop expected at most 1 argument, got 2");
    QTest::newRow("tf.keras Keras 1 keys (from_config wraps, the general path does not)")
        << "k1_list_sequential.json" << int(FileKind::H5) << int(Dialect::Keras2)
        << QString("Error when deserializing class 'Dense' using config={'name': 'd', 'output_dim': 2}.\n\n"
                   "Exception encountered: Dense.__init__() missing 1 required positional argument: 'units'");
}

void TestLoadSimulation::wrapsTheFirstErrorAsKerasDoes()
{
    QFETCH(QString, fixture);
    QFETCH(int, kind);
    QFETCH(int, target);
    QFETCH(QString, message);
    const keras::LoadReport r = simulate(fixture, FileKind(kind), Dialect(target));
    QVERIFY(r.firstErrorProblem());
    QCOMPARE(r.firstErrorProblem()->message, message);
}

void TestLoadSimulation::locatesProblemsInTheText()
{
    const keras::LoadReport r = simulate(QStringLiteral("k3_dense_unknown_key.json"), FileKind::KerasJson, Dialect::Keras3);
    QCOMPARE(r.problems.size(), size_t(1));
    const keras::Problem& p = r.problems[0];
    // {"module": ... "config": {"name": "d", "units": 2, "foo": 1} -- the member "foo": 1.
    const QByteArray text = test::readFile(test::dataPath(QStringLiteral("loadsim/k3_dense_unknown_key.json")));
    QCOMPARE(text.mid(p.offset, p.length), QByteArray("\"foo\": 1"));
    QCOMPARE(p.line, 1);
    QCOMPARE(p.column, int(text.indexOf("\"foo\"")) + 1);
    QCOMPARE(p.severity, keras::Severity::Error);
    QCOMPARE(p.pythonKind, ErrorCode::TypeError);
}

void TestLoadSimulation::resolvesThroughScopesByTargetRules()
{
    // The scope file nests "outer" (binary_tanh) around "project" (my_pkg>MyLayer); the global
    // registry holds hls4ml>BinaryDense, custom_objects Clip.
    const keras::LoadReport k3 = simulate(QStringLiteral("k3_custom_layer.json"), FileKind::KerasJson,
                                          Dialect::Keras3, QStringLiteral("scopes_my_pkg.json"));
    QVERIFY(k3.loads);
    bool found = false;
    for (const keras::Resolution& res : k3.resolutions) {
        if (res.identifier() != u"my_pkg>MyLayer")
            continue;
        found = true;
        QCOMPARE(res.source(), keras::ResolutionSource::Scope);
        QCOMPARE(res.sourceName(), QStringLiteral("project"));
        QCOMPARE(res.resolvedTo(), QStringLiteral("my_pkg>MyLayer"));
        // The same text parses to the same node ids.
        QCOMPARE(test::loadsimFixture(QStringLiteral("k3_custom_layer.json")).pointer(res.node),
                 QStringLiteral("/config/layers/1"));
    }
    QVERIFY(found);
    // Its nested initializer is a built-in, still listed.
    QCOMPARE(k3.resolutions.back().identifier(), QStringLiteral("GlorotUniform"));
    QCOMPARE(k3.resolutions.back().source(), keras::ResolutionSource::Builtin);
    QCOMPARE(k3.resolutions.back().sourceName(), QStringLiteral("keras.initializers"));

    // Keras 3 replaces the scope map: only the innermost scope is visible. Keras 2 merges.
    keras::ScopeSet set;
    set.scopes.push_back({QStringLiteral("outer"), {{QStringLiteral("my_pkg>MyLayer"), false, keras::Category::Layers, {}, false}}});
    set.scopes.push_back({QStringLiteral("inner"), {{QStringLiteral("other>Thing"), false, keras::Category::Layers, {}, false}}});
    const json::Document doc = test::loadsimFixture(QStringLiteral("k3_custom_layer.json"));
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.customObjects = set;
    options.target = Dialect::Keras3;
    QVERIFY(!keras::simulateLoad(doc, doc.root(), options).loads);
    options.customObjects.scopes.pop_back();
    QVERIFY(keras::simulateLoad(doc, doc.root(), options).loads);
}

void TestLoadSimulation::recordsLambdasWithoutDecodingThem()
{
    const keras::LoadReport r = simulate(QStringLiteral("k3_lambda_marker.json"), FileKind::KerasJson, Dialect::Keras3);
    QCOMPARE(r.lambdas.size(), size_t(1));
    QCOMPARE(r.lambdas[0].pointer, QStringLiteral("/config/layers/0"));
    QCOMPARE(r.lambdas[0].layerName, QStringLiteral("l"));
    QCOMPARE(r.lambdas[0].functionType, QStringLiteral("__lambda__"));
    QCOMPARE(r.lambdas[0].base64Length, qsizetype(125)); // 124 base64 characters and the newline
    QVERIFY(r.lambdas[0].refusedInSafeMode);

    const keras::LoadReport h5 = simulate(QStringLiteral("k2_h5_lambda.json"), FileKind::H5, Dialect::Keras2);
    QCOMPARE(h5.lambdas.size(), size_t(1));
    QCOMPARE(h5.lambdas[0].functionType, QStringLiteral("lambda"));
    QCOMPARE(h5.lambdas[0].base64Length, qsizetype(13));

    // With safe mode off Keras would run the bytecode: the lambda is still listed, not refused.
    const json::Document doc = test::loadsimFixture(QStringLiteral("k3_lambda_marker.json"));
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.safeMode = false;
    const keras::LoadReport unsafe = keras::simulateLoad(doc, doc.root(), options);
    QVERIFY(unsafe.loads);
    QCOMPARE(unsafe.lambdas.size(), size_t(1));
    QVERIFY(!unsafe.lambdas[0].refusedInSafeMode);
}

void TestLoadSimulation::groupsSharedObjectIds()
{
    const keras::LoadReport zip = simulate(QStringLiteral("k3_shared_ids.json"), FileKind::KerasZip, Dialect::Keras3);
    QCOMPARE(zip.sharedObjects.size(), size_t(1));
    QCOMPARE(zip.sharedObjects[0].id, QStringLiteral("140000000000001"));
    QCOMPARE(zip.sharedObjects[0].pointers,
             (QStringList{"/config/layers/0/config/kernel_initializer", "/config/layers/1/config/kernel_initializer"}));
    QVERIFY(zip.sharedObjects[0].configsDiffer);
    QCOMPARE(zip.problems[0].severity, keras::Severity::Warning);
    QCOMPARE(zip.problems[0].pointer, QStringLiteral("/config/layers/1/config/kernel_initializer"));
    // to_json / model_from_json never honour ids (spec 4.1).
    const keras::LoadReport json = simulate(QStringLiteral("k3_shared_ids.json"), FileKind::KerasJson, Dialect::Keras3);
    QVERIFY(json.sharedObjects.empty());
    QVERIFY(json.problems.empty());
}

void TestLoadSimulation::offersFixIts()
{
    const keras::LoadReport groups = simulate(QStringLiteral("k2_h5_depthwise_groups.json"), FileKind::H5, Dialect::Keras3);
    QCOMPARE(groups.problems.size(), size_t(1));
    QCOMPARE(groups.problems[0].fixIts.size(), size_t(1));
    QCOMPARE(groups.problems[0].fixIts[0].edits,
             (std::vector<keras::FixEdit>{{keras::FixEdit::Op::Remove, QStringLiteral("/config/layers/1/config/groups"), {}, {}}}));

    const keras::LoadReport reg = simulate(QStringLiteral("k3_registered_name_builtin.json"), FileKind::KerasJson, Dialect::Keras3);
    QCOMPARE(reg.problems[0].fixIts.size(), size_t(2));
    QCOMPARE(reg.problems[0].fixIts[0].edits[0].op, keras::FixEdit::Op::Remove);
    QCOMPARE(reg.problems[0].fixIts[0].edits[0].pointer, QStringLiteral("/config/layers/0/registered_name"));

    // An unknown activation: similar built-in names.
    const keras::LoadReport act = simulate(QStringLiteral("k3_unknown_initializer_activation.json"), FileKind::KerasJson, Dialect::Keras3);
    QStringList titles;
    for (const keras::FixIt& f : act.problems[0].fixIts)
        titles << f.title;
    QVERIFY2(titles.contains(QStringLiteral("Use 'relu' (similar built-in name)")), qPrintable(titles.join(u'|')));

    // A Keras 3 InputLayer read by tf.keras 2: rename batch_shape first, removing it second.
    const QByteArray k2 = R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
 {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "inp"}},
 {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}, "keras_version": "2.15.0", "backend": "tensorflow"})";
    auto doc = json::Document::parse(k2);
    QVERIFY(doc);
    const keras::LoadOptions options = keras2Options();
    const keras::LoadReport input = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(!input.loads);
    QCOMPARE(input.problems.size(), size_t(1));
    QCOMPARE(input.problems[0].fixIts.size(), size_t(2));
    QCOMPARE(input.problems[0].fixIts[0].title, QStringLiteral("Rename 'batch_shape' to 'batch_input_shape'"));
    QCOMPARE(input.problems[0].fixIts[0].edits,
             (std::vector<keras::FixEdit>{{keras::FixEdit::Op::RenameKey, QStringLiteral("/config/layers/0/config/batch_shape"),
                                           {}, QStringLiteral("batch_input_shape")}}));
    QCOMPARE(input.problems[0].fixIts[1].title, QStringLiteral("Remove 'batch_shape' (InputLayer does not accept it)"));
}

void TestLoadSimulation::stopsWhenCancelled()
{
    // A 2,000-layer chain: far more than the 1,024 steps between two looks at the flag.
    auto doc = json::Document::parse(syntheticChainConfig({.layers = 2000, .units = 4}));
    QVERIFY(doc);
    keras::LoadOptions options = keras2Options();
    const keras::LoadReport whole = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(!whole.cancelled);
    QVERIFY(whole.loads);
    QCOMPARE(whole.resolutions.size(), size_t(2000 * 5 + 2));

    std::atomic<bool> cancel{false};
    options.cancel = &cancel;
    const keras::LoadReport running = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(!running.cancelled); // a flag that stays false changes nothing
    QCOMPARE(running.resolutions.size(), whole.resolutions.size());

    cancel = true;
    const keras::LoadReport stopped = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(stopped.cancelled);
    QVERIFY(stopped.resolutions.size() < whole.resolutions.size());
    QVERIFY(stopped.sharedLayers.empty());
}

void TestLoadSimulation::listsSharedLayers()
{
    const QByteArray text = R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [
 {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "a"}, "registered_name": null, "name": "a", "inbound_nodes": []},
 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 4}, "registered_name": null, "name": "d", "inbound_nodes": [
   {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["a", 0, 0]}}], "kwargs": {}},
   {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["d", 0, 0]}}], "kwargs": {}}]}],
 "input_layers": [["a", 0, 0]], "output_layers": [["d", 1, 0]]}, "registered_name": "Functional"})";
    auto doc = json::Document::parse(text);
    QVERIFY(doc);
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(r.loads);
    QCOMPARE(r.sharedLayers.size(), size_t(1));
    QCOMPARE(r.sharedLayers[0].name, QStringLiteral("d"));
    QCOMPARE(r.sharedLayers[0].calls, 2);
    QCOMPARE(r.sharedLayers[0].callPointers, (QStringList{"/config/layers/1/inbound_nodes/0", "/config/layers/1/inbound_nodes/1"}));
}

void TestLoadSimulation::walksADeepChainWithoutRecursion()
{
    // 20,000 Dense layers in a K3 Sequential, one of them with an unknown key: found, located.
    QByteArray text = R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [)";
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        if (i)
            text += ", ";
        text += R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": "d)" + QByteArray::number(i)
            + R"(", "units": 2)" + (i == n - 2 ? R"(, "bogus": true)" : "") + R"(}, "registered_name": null})";
    }
    text += "]}, \"registered_name\": null}";
    auto doc = json::Document::parse(text);
    QVERIFY(doc);
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QCOMPARE(test::problemCodes(r), QStringList{"unrecognized-kwargs"});
    QCOMPARE(r.problems[0].pointer, QStringLiteral("/config/layers/%1/config/bogus").arg(n - 2));
    QCOMPARE(r.resolutions.size(), size_t(n + 1));
}

void TestLoadSimulation::reportsTrainingConfigProblemsAfterTheModel()
{
    const json::Document model = test::loadsimFixture(QStringLiteral("k2_h5_depthwise_groups.json"));
    auto training = json::Document::parse(R"({"loss": "contrastive_loss", "metrics": ["accuracy"], "optimizer_config": {"class_name": "RMSprop", "config": {"lr": 0.001, "decay": 0.0}}})");
    QVERIFY(training);
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.fileKind = FileKind::H5;
    options.trainingConfig = &*training;
    options.trainingConfigNode = training->root();
    const keras::LoadReport r = keras::simulateLoad(model, model.root(), options);
    QVERIFY2(test::problemCodes(r) == (QStringList{"unrecognized-kwargs", "unrecognized-kwargs", "compile-error"}),
             qPrintable(test::describeProblems(r)));
    QVERIFY(r.problems[0].firstError);
    QCOMPARE(r.problems[1].document, QStringLiteral("training_config"));
    QCOMPARE(r.problems[1].pointer, QStringLiteral("/optimizer_config/config/lr"));
    QCOMPARE(r.problems[1].message, QStringLiteral("Argument(s) not recognized: {'lr': 0.001}"));
    QCOMPARE(r.problems[2].pointer, QStringLiteral("/loss"));
    QCOMPARE(r.problems[2].message, QStringLiteral("string indices must be integers, not 'str'"));
}

void TestLoadSimulation::buildsEachTrainingLossBeforeLookingUpTheNext()
{
    // compile_args_from_training_config deserializes the losses one at a time: the first
    // loss's constructor fails before the second name is looked up.
    auto model = json::Document::parse(syntheticChainConfig({.layers = 1, .units = 4}));
    auto training = json::Document::parse(
        R"({"loss": [{"class_name": "MeanSquaredError", "config": {"reduction": "auto", "name": "mse", "bogus": 1}}, )"
        R"("no_such_loss"], "metrics": ["no_such_metric", "accuracy"], )"
        R"("optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001}}})");
    QVERIFY(model && training);
    keras::LoadOptions options = keras2Options();
    options.fileKind = FileKind::H5;
    options.trainingConfig = &*training;
    options.trainingConfigNode = training->root();
    const keras::LoadReport r = keras::simulateLoad(*model, model->root(), options);
    QVERIFY2(test::problemPointers(r) == (QStringList{"/loss/0/config/bogus", "/loss/1", "/metrics/0"}),
             qPrintable(test::describeProblems(r)));
    QVERIFY(r.problems[0].firstError);
    QCOMPARE(r.problems[1].message, QStringLiteral("Unknown loss function: 'no_such_loss'. Please ensure you are using a "
                                                   "`keras.utils.custom_object_scope` and that this object is included in the scope. "
                                                   "See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details."));
}

void TestLoadSimulation::tfKeras2WrappersRefuseUnknownLayersAsTheirInitDoes_data()
{
    // tf-keras 2.15: Bidirectional, RNN and StackedRNNCells get an unknown wrapped class back as
    // its name from layers.deserialize, and their __init__ refuses it; TimeDistributed
    // (Wrapper.from_config) reads the wrapped layer on the legacy path, which raises at once.
    QTest::addColumn<QByteArray>("layer");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("message");
    QTest::newRow("Bidirectional layer")
        << QByteArray(R"({"class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "MyLSTM", "config": {"name": "f", "units": 2}}, "merge_mode": "concat"}})")
        << "/config/layers/1/config/layer"
        << "Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` instance. Received: MyLSTM";
    QTest::newRow("Bidirectional: the layer is checked before the backward layer")
        << QByteArray(R"({"class_name": "Bidirectional", "config": {"name": "bi", "backward_layer": {"class_name": "MyBack", "config": {}}, "layer": {"class_name": "MyLSTM", "config": {}}}})")
        << "/config/layers/1/config/layer"
        << "Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` instance. Received: MyLSTM";
    QTest::newRow("Bidirectional backward_layer")
        << QByteArray(R"({"class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "f", "units": 2}}, "backward_layer": {"class_name": "MyBack", "config": {}}}})")
        << "/config/layers/1/config/backward_layer"
        << "`backward_layer` need to be a `tf.keras.layers.Layer` instance. Received: MyBack";
    QTest::newRow("RNN cell")
        << QByteArray(R"({"class_name": "RNN", "config": {"name": "rnn", "cell": {"class_name": "MyCell", "config": {"units": 2}}}})")
        << "/config/layers/1/config/cell" << "Argument `cell` should have a `call` method. The RNN was passed: cell=MyCell";
    QTest::newRow("StackedRNNCells cells")
        << QByteArray(R"({"class_name": "RNN", "config": {"name": "rnn", "cell": {"class_name": "StackedRNNCells", "config": {"cells": [{"class_name": "SimpleRNNCell", "config": {"units": 2}}, {"class_name": "MyCell", "config": {}}]}}}})")
        << "/config/layers/1/config/cell/config/cells/1"
        << "All cells must have a `call` method. Received cell without a `call` method: MyCell";
    QTest::newRow("TimeDistributed layer")
        << QByteArray(R"({"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"class_name": "MyDense", "config": {"units": 2}}}})")
        << "/config/layers/1/config/layer"
        << "Unknown layer: 'MyDense'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object "
           "is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.";
}

void TestLoadSimulation::tfKeras2WrappersRefuseUnknownLayersAsTheirInitDoes()
{
    QFETCH(QByteArray, layer);
    QFETCH(QString, pointer);
    QFETCH(QString, message);
    auto doc = json::Document::parse(
        R"({"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": )"
        R"({"batch_input_shape": [null, 3, 4], "dtype": "float32", "name": "in"}}, )" + layer + R"(]}, "keras_version": "2.15.0"})");
    QVERIFY(doc);
    const keras::LoadOptions options = keras2Options();
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY(!r.loads);
    const keras::Problem* first = r.firstErrorProblem();
    QVERIFY2(first, qPrintable(test::describeProblems(r)));
    QCOMPARE(first->pointer, pointer);
    QCOMPARE(first->code, QStringLiteral("unknown-class"));
    QCOMPARE(first->message, message);
}

QTEST_GUILESS_MAIN(TestLoadSimulation)
#include "TestLoadSimulation.moc"

namespace {

/// A Keras 3 Sequential model whose two Dense layers carry the same nested objects, byte for
/// byte: a kernel initializer (given), an L1L2 regularizer, and a custom constraint whose config
/// holds an initializer of its own (so a resolution lies below the nested object).
QByteArray twoDenseLayersSharingNestedObjects(const QByteArray& initializer)
{
    const QByteArray nested = R"("kernel_initializer": )" + initializer
        + R"(, "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L1L2", )"
          R"("config": {"l1": 0.0, "l2": 0.01}, "registered_name": null}, )"
          R"("kernel_constraint": {"module": null, "class_name": "MaxOne", "config": {"fill": )"
          R"({"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}}, )"
          R"("registered_name": "pkg>MaxOne"})";
    const auto dense = [&nested](const char* name) {
        return R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": ")" + QByteArray(name)
            + R"(", "units": 4, "activation": "relu", )" + nested + R"(}, "registered_name": null})";
    };
    return R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [)"
           R"({"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], )"
           R"("dtype": "float32", "name": "in"}, "registered_name": null}, )"
        + dense("d1") + ", " + dense("d2") + R"(]}, "registered_name": null})";
}

keras::LoadOptions withMaxOneConstraint()
{
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.customObjects.customObjects.push_back({QStringLiteral("pkg>MaxOne"), false, keras::Category::Constraints, {}, false, {}});
    return options;
}

QStringList resolutionsAt(const json::Document& doc, const keras::LoadReport& r)
{
    QStringList out;
    for (const keras::Resolution& res : r.resolutions)
        out << res.identifier() + QLatin1Char('@') + doc.pointer(res.node);
    return out;
}

} // namespace

void TestLoadSimulation::repeatedNestedObjectsResolveInPlace()
{
    // The second layer's nested objects are not walked again (their verdict is remembered by
    // their bytes), yet every resolution is listed at its own node, in the loader's order.
    const QByteArray glorot = R"({"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null})";
    auto doc = json::Document::parse(twoDenseLayersSharingNestedObjects(glorot));
    QVERIFY(doc);
    const QStringList expected{
        "Sequential@",
        "InputLayer@/config/layers/0",
        "Dense@/config/layers/1",
        "relu@/config/layers/1/config/activation",
        "GlorotUniform@/config/layers/1/config/kernel_initializer",
        "L1L2@/config/layers/1/config/kernel_regularizer",
        "pkg>MaxOne@/config/layers/1/config/kernel_constraint",
        "Zeros@/config/layers/1/config/kernel_constraint/config/fill",
        "Dense@/config/layers/2",
        "relu@/config/layers/2/config/activation",
        "GlorotUniform@/config/layers/2/config/kernel_initializer",
        "L1L2@/config/layers/2/config/kernel_regularizer",
        "pkg>MaxOne@/config/layers/2/config/kernel_constraint",
        "Zeros@/config/layers/2/config/kernel_constraint/config/fill",
    };
    const keras::LoadOptions options = withMaxOneConstraint();
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY2(r.loads, qPrintable(test::describeProblems(r)));
    QCOMPARE(resolutionsAt(*doc, r), expected);
    QCOMPARE(r.resolutions[13].source(), keras::ResolutionSource::Builtin);
    QCOMPARE(r.resolutions[13].sourceName(), QStringLiteral("keras.initializers"));
    QCOMPARE(r.resolutions[12].source(), keras::ResolutionSource::CustomObjects);

    // After an edit the first layer's constraint has fresh node ids, out of document order:
    // the second layer's resolutions still land on its own nodes.
    const json::NodeId fill = doc->find(u"/config/layers/1/config/kernel_constraint");
    QVERIFY(doc->replaceValueText(fill, doc->raw(doc->find(u"/config/layers/2/config/kernel_constraint")).toByteArray()));
    QCOMPARE(resolutionsAt(*doc, keras::simulateLoad(*doc, doc->root(), options)), expected);

    // A nested object with a problem is walked wherever it appears: each copy is reported.
    const QByteArray bad = R"({"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "bogus": 1}, "registered_name": null})";
    auto broken = json::Document::parse(twoDenseLayersSharingNestedObjects(bad));
    QVERIFY(broken);
    const keras::LoadReport b = keras::simulateLoad(*broken, broken->root(), options);
    QVERIFY2(test::problemPointers(b) == (QStringList{"/config/layers/1/config/kernel_initializer/config/bogus",
                                                       "/config/layers/2/config/kernel_initializer/config/bogus"}),
             qPrintable(test::describeProblems(b)));
    QCOMPARE(resolutionsAt(*broken, b), expected);
}

void TestLoadSimulation::checksABigModelsGraphBuiltAlongsideTheWalk()
{
    // A 5,000-layer functional chain (160,000 nodes) has its graph built on a second thread
    // while the walk runs. Its last layer calls a layer that does not exist: found, located,
    // after the walk's own problem (the loader creates every layer before it replays a call).
    auto doc = json::Document::parse(syntheticChainConfig({.layers = 5000, .units = 4}));
    QVERIFY(doc);
    QVERIFY(doc->nodeCount() > 100'000);
    const json::NodeId called = doc->find(u"/config/layers/5000/inbound_nodes/0/0/0");
    QCOMPARE(doc->string(called), QStringLiteral("dense_4998"));
    QVERIFY(doc->replaceValueText(called, R"("nowhere")"));
    QVERIFY(doc->insertMember(doc->find(u"/config/layers/2500/config"), 0, u"bogus", json::Value(true)));
    const keras::LoadOptions options = keras2Options();
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QVERIFY2(test::problemCodes(r) == (QStringList{"unrecognized-kwargs", "graph-missing-node"}), qPrintable(test::describeProblems(r)));
    QCOMPARE(test::problemPointers(r), (QStringList{"/config/layers/2500/config/bogus", "/config/layers/5000/inbound_nodes/0/0"}));
    QCOMPARE(r.problems[1].message, QStringLiteral("Invalid Functional model configuration. Missing node: nowhere"));

    // A caller that has the graph already (the editor's graph view) hands it over: same report.
    const keras::ModelGraph graph = keras::ModelGraph::build(*doc);
    keras::LoadOptions withGraph = options;
    withGraph.graph = &graph;
    const keras::LoadReport g = keras::simulateLoad(*doc, doc->root(), withGraph);
    QCOMPARE(test::problemCodes(g), test::problemCodes(r));
    QCOMPARE(test::problemPointers(g), test::problemPointers(r));

    // A walk that stops before it asks for the graph waits for the build, and reports nothing of it.
    std::atomic<bool> cancel{true};
    keras::LoadOptions cancelled = options;
    cancelled.cancel = &cancel;
    const keras::LoadReport stopped = keras::simulateLoad(*doc, doc->root(), cancelled);
    QVERIFY(stopped.cancelled);
    QVERIFY(stopped.problems.empty());
}

void TestLoadSimulation::layersWithTheSameKeysLookUpTheirOwnNestedObjects()
{
    // Three Dense layers with the same keys: after the first, their nested objects' places are
    // known, yet each layer's own values decide what is looked up (a null is skipped, an
    // object or a name is resolved, an unknown name is reported at its own place).
    const auto dense = [](const char* name, const char* activation, const char* regularizer) {
        return R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": ")" + QByteArray(name)
            + R"(", "trainable": true, "units": 4, "activation": )" + activation + R"(, "kernel_regularizer": )" + regularizer
            + R"(}, "registered_name": null})";
    };
    const QByteArray l2 = R"({"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null})";
    const QByteArray text = R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [)"
        + dense("d1", R"("relu")", "null") + ", " + dense("d2", "null", l2) + ", " + dense("d3", R"("no_such_act")", "null")
        + ", " + dense("d4", R"("tanh")", l2) + R"(]}, "registered_name": null})";
    auto doc = json::Document::parse(text);
    QVERIFY(doc);
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    const keras::LoadReport r = keras::simulateLoad(*doc, doc->root(), options);
    QCOMPARE(resolutionsAt(*doc, r), (QStringList{
        "Sequential@",
        "Dense@/config/layers/0",
        "relu@/config/layers/0/config/activation",
        "Dense@/config/layers/1",
        "L2@/config/layers/1/config/kernel_regularizer",
        "Dense@/config/layers/2",
        "no_such_act@/config/layers/2/config/activation",
        "Dense@/config/layers/3",
        "tanh@/config/layers/3/config/activation",
        "L2@/config/layers/3/config/kernel_regularizer",
    }));
    QCOMPARE(test::problemPointers(r), QStringList{"/config/layers/2/config/activation"});
    QCOMPARE(r.problems[0].code, QStringLiteral("unknown-function"));

    // A long run of layers with the same nested objects: each one's resolutions at its own nodes.
    auto chain = json::Document::parse(syntheticChainConfig({.layers = 4, .units = 4}));
    QVERIFY(chain);
    const keras::LoadReport c = keras::simulateLoad(*chain, chain->root(), keras2Options());
    QStringList expected{"Functional@", "InputLayer@/config/layers/0"};
    for (int i = 1; i <= 4; ++i) {
        const QString layer = QStringLiteral("/config/layers/%1").arg(i);
        expected << "Dense@" + layer << "relu@" + layer + "/config/activation"
                 << "GlorotUniform@" + layer + "/config/kernel_initializer" << "Zeros@" + layer + "/config/bias_initializer"
                 << "L2@" + layer + "/config/kernel_regularizer";
    }
    QCOMPARE(resolutionsAt(*chain, c), expected);

    // A layer whose trainable is not a bool is checked in full (Keras 3's Layer.__init__ refuses
    // it), though its keys are the same.
    QVERIFY(doc->replaceValueText(doc->find(u"/config/layers/3/config/trainable"), "1"));
    const keras::LoadReport t = keras::simulateLoad(*doc, doc->root(), options);
    QCOMPARE(test::problemPointers(t).size(), qsizetype(2));
    QCOMPARE(test::problemPointers(t)[1], QStringLiteral("/config/layers/3/config"));
    QCOMPARE(resolutionsAt(*doc, t), resolutionsAt(*doc, r));
}
