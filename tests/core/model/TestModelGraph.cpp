// SPDX-License-Identifier: GPL-3.0-or-later
// The model graph: Sequential forms, both inbound-node dialects, shared layers, nested models
// under both node-index rules, graph problems with Keras's messages, and huge/deep inputs.
#include "core/json/Document.h"
#include "core/keras/ModelGraph.h"
#include "core/keras/ShapeInference.h"
#include "core/util/SyntheticConfig.h"
#include "support/TestSupport.h"

#include <QTest>

using namespace kcs;
using keras::GraphProblemCode;
using keras::ModelGraph;

namespace {

json::Document parse(const QByteArray& text)
{
    auto doc = json::Document::parse(text);
    if (!doc)
        qFatal("fixture does not parse: %s", qPrintable(doc.error().message));
    return std::move(*doc);
}

QStringList layerNames(const ModelGraph& g, int model)
{
    QStringList names;
    for (int l : g.models()[size_t(model)].layers)
        names.append(g.layers()[size_t(l)].name);
    return names;
}

/// "layer:call" of every input of the (only) call of the named root layer.
QStringList inputsOf(const ModelGraph& g, const QString& layer, int callIndex = 0)
{
    const int l = g.findLayer(0, layer);
    QStringList out;
    for (const keras::TensorRef& ref : g.calls()[size_t(g.layers()[size_t(l)].calls[size_t(callIndex)])].inputs)
        out.append(QStringLiteral("%1:%2").arg(ref.layer >= 0 ? g.layers()[size_t(ref.layer)].name : QStringLiteral("?"))
                       .arg(ref.call));
    return out;
}

/// A K2 functional config from layer entries and io lists (text).
QByteArray functionalK2(const QByteArray& layers, const QByteArray& inputs, const QByteArray& outputs)
{
    return R"({"class_name": "Model", "config": {"name": "m", "layers": [)" + layers + R"(], "input_layers": )" + inputs
        + R"(, "output_layers": )" + outputs + "}}";
}

const QByteArray kInputX = R"({"name": "x", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "x"}, "inbound_nodes": []})";

QByteArray denseK2(const QByteArray& name, const QByteArray& nodes)
{
    return R"({"name": ")" + name + R"(", "class_name": "Dense", "config": {"name": ")" + name
        + R"(", "units": 4}, "inbound_nodes": )" + nodes + "}";
}

} // namespace

class TestModelGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsSequentialForms_data();
    void readsSequentialForms();
    void readsSharedLayersInBothDialects_data();
    void readsSharedLayersInBothDialects();
    void appliesNestedModelIndexRules_data();
    void appliesNestedModelIndexRules();
    void reportsGraphProblems_data();
    void reportsGraphProblems();
    void readsWrappersAndKerasTensorKwargs();
    void looksNamesUpAmongAllLayersOfTheModel();
    void unwrapsFileWrappers();
    void handlesTwoHundredThousandLayerChain();
    void handlesDeeplyNestedModels();
    void connectedToKeepsNamesAsWritten();
    void readsEmptyKeras2NodeAsCallWithoutInputs();
    void looksUpNamesWrittenWithEscapes();
    void layerNamesOutliveTheGraphAndChangeAlone();
    void inlineVectorKeepsItemsThroughCopiesAndMoves();
    void stopsWhenCancelled();
};

void TestModelGraph::readsSequentialForms_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("layers");
    QTest::addColumn<QString>("firstInputOfLast");

    const QByteArray d1 = R"({"class_name": "Dense", "config": {"name": "d1", "units": 2, "batch_input_shape": [null, 3]}})";
    const QByteArray d2 = R"({"class_name": "Dense", "config": {"name": "d2", "units": 1}})";
    QTest::newRow("k2-config-dict") << (R"({"class_name": "Sequential", "config": {"name": "s", "layers": [)" + d1 + ", " + d2 + "]}}")
                                    << QStringList{"d1", "d2"} << "d1:0";
    QTest::newRow("k1-config-list") << (R"({"class_name": "Sequential", "config": [)" + d1 + ", " + d2 + "]}")
                                    << QStringList{"d1", "d2"} << "d1:0";
    QTest::newRow("bare-layer-list") << ("[" + d1 + ", " + d2 + "]") << QStringList{"d1", "d2"} << "d1:0";
    QTest::newRow("k3-with-input-layer")
        << QByteArray(R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "trainable": true, "layers": [
             {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "in"}},
             {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}]}})")
        << QStringList{"in", "d"} << "in:0";
}

void TestModelGraph::readsSequentialForms()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, layers);
    QFETCH(QString, firstInputOfLast);
    const json::Document doc = parse(json);
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.isValid());
    QVERIFY(g.problems().empty());
    QVERIFY(g.root().isSequential());
    QCOMPARE(layerNames(g, 0), layers);
    QCOMPARE(inputsOf(g, layers.last()), QStringList{firstInputOfLast});
    QCOMPARE(g.root().order.size(), size_t(layers.size()));
    // Every layer points at its envelope in the file.
    const int last = g.findLayer(0, layers.last());
    QCOMPARE(doc.kind(g.layers()[size_t(last)].envelope), json::Kind::Object);
    QVERIFY(doc.pointer(g.layers()[size_t(last)].envelope).endsWith(QLatin1Char('1')));
}

void TestModelGraph::readsSharedLayersInBothDialects_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray k2 = functionalK2(
        kInputX + ", " + denseK2("shared", R"([[["x", 0, 0, {}]], [["shared", 0, 0, {}]]])") + ", "
            + denseK2("out", R"([[["shared", 1, 0, {}]]])"),
        R"([["x", 0, 0]])", R"([["out", 0, 0]])");
    QTest::newRow("k2-lists") << k2;
    const QByteArray kt = R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": [%1]}})";
    const auto tensor = [&kt](const char* history) { return QByteArray(kt).replace("%1", history); };
    const QByteArray k3 = R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [)"
        + kInputX + R"(, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "shared", "units": 4}, "name": "shared", "inbound_nodes": [)"
        + R"({"args": [)" + tensor(R"("x", 0, 0)") + R"(], "kwargs": {}}, {"args": [)" + tensor(R"("shared", 0, 0)")
        + R"(], "kwargs": {}}]}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 4}, "name": "out", "inbound_nodes": [{"args": [)"
        + tensor(R"("shared", 1, 0)") + R"(], "kwargs": {"mask": null}}]}], "input_layers": ["x", 0, 0], "output_layers": ["out", 0, 0]}})";
    QTest::newRow("k3-args-kwargs") << k3;
}

void TestModelGraph::readsSharedLayersInBothDialects()
{
    QFETCH(QByteArray, json);
    const json::Document doc = parse(json);
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY2(g.problems().empty(), g.problems().empty() ? "" : qPrintable(g.problems().front().message));
    const std::vector<int> shared = g.sharedLayers();
    QCOMPARE(shared.size(), size_t(1));
    QCOMPARE(g.layers()[size_t(shared.front())].name, QStringLiteral("shared"));
    QCOMPARE(g.layers()[size_t(shared.front())].calls.size(), size_t(2));
    QCOMPARE(inputsOf(g, "shared", 0), QStringList{"x:0"});
    QCOMPARE(inputsOf(g, "shared", 1), QStringList{"shared:0"});
    QCOMPARE(inputsOf(g, "out"), QStringList{"shared:1"});
    QCOMPARE(g.connectedTo(shared.front()), QStringLiteral("x[0][0], shared[0][0]"));
    QCOMPARE(g.root().inputs.size(), size_t(1));
    QCOMPARE(g.root().outputs.size(), size_t(1));
    QCOMPARE(g.root().outputs.front().layerName, QStringLiteral("out"));
    // Each call points to its inbound_nodes entry.
    const int second = g.layers()[size_t(shared.front())].calls[1];
    QCOMPARE(doc.pointer(g.calls()[size_t(second)].node), QStringLiteral("/config/layers/1/inbound_nodes/1"));
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    QCOMPARE(shapes.params(shared.front()), qint64(20)); // counted once for both calls
    QCOMPARE(shapes.trainableParams(0), qint64(40));
}

void TestModelGraph::appliesNestedModelIndexRules_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("k2-node-0-is-internal") << "model/k2_nested_shared_functional.json";
    QTest::newRow("k3-history-from-0-io-from-1") << "model/k3_nested_shared_functional.json";
}

void TestModelGraph::appliesNestedModelIndexRules()
{
    QFETCH(QString, fixture);
    const json::Document doc = parse(test::readFile(test::dataPath(fixture)));
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY2(g.problems().empty(), g.problems().empty() ? "" : qPrintable(g.problems().front().message));
    QCOMPARE(g.models().size(), size_t(2));
    const int inner = g.findLayer(0, u"inner");
    QCOMPARE(g.layers()[size_t(inner)].submodel, 1);
    QCOMPARE(g.models()[1].ownerLayer, inner);
    QCOMPARE(layerNames(g, 1), (QStringList{"inner_in", "inner_dense"}));
    QCOMPARE(inputsOf(g, "add"), (QStringList{"inner:0", "inner:1"}));
    QCOMPARE(g.root().outputs.size(), size_t(2));
    QCOMPARE(g.root().outputs[1].call, 1);
    QCOMPARE(g.models()[1].outputs.size(), size_t(1));
    QCOMPARE(g.models()[1].outputs.front().layerName, QStringLiteral("inner_dense"));

    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    QCOMPARE(shapes.params(inner), qint64(15));
    QCOMPARE(shapes.trainableParams(0), qint64(15));
    QCOMPARE(shapes.nonTrainableParams(0), qint64(8)); // "head" is frozen
    QCOMPARE(keras::shapesText(shapes.layerOutputs(inner)), QStringLiteral("(None, 3)"));
    QCOMPARE(keras::shapesText(shapes.layerOutputs(g.findLayer(0, u"head"))), QStringLiteral("(None, 2)"));
}

void TestModelGraph::reportsGraphProblems_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<QString>("firstMessage");
    QTest::addColumn<QString>("firstPointer");

    QTest::newRow("k2-missing-node")
        << functionalK2(kInputX + ", " + denseK2("d", R"([[["ghost", 0, 0, {}]]])"), R"([["x", 0, 0]])", R"([["d", 0, 0]])")
        << QStringList{"graph-missing-node"} << "Invalid Functional model configuration. Missing node: ghost"
        << "/config/layers/1/inbound_nodes/0/0";
    QTest::newRow("k3-unknown-layer")
        << functionalK2(kInputX + R"(, {"name": "d", "class_name": "Dense", "config": {"units": 1}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["ghost", 0, 0]}}], "kwargs": {}}]})",
                        R"(["x", 0, 0])", R"(["d", 0, 0])")
        << QStringList{"graph-unknown-layer"} << "Unknown layer: ghost" << "/config/layers/1/inbound_nodes/0/args/0";
    QTest::newRow("bad-reference-length")
        << functionalK2(kInputX + ", " + denseK2("d", R"([[["x", 0]]])"), R"([["x", 0, 0]])", R"([["d", 0, 0]])")
        << QStringList{"graph-bad-reference-length"}
        << "Cannot deserialize the model (invalid config data?)" << "/config/layers/1/inbound_nodes/0/0";
    QTest::newRow("dangling-node-index")
        << functionalK2(kInputX + ", " + denseK2("d", R"([[["x", 0, 0, {}]]])") + ", " + denseK2("e", R"([[["d", 3, 0, {}]]])"),
                        R"([["x", 0, 0]])", R"([["e", 0, 0]])")
        << QStringList{"graph-dangling-reference", "graph-cycle-or-disconnected"}
        << "Layer 'd' has no call with node index 3 (it is called 1 time(s) in this model)."
        << "/config/layers/2/inbound_nodes/0/0";
    QTest::newRow("cycle")
        << functionalK2(kInputX + ", " + denseK2("a", R"([[["b", 0, 0, {}]]])") + ", " + denseK2("b", R"([[["a", 0, 0, {}]]])"),
                        R"([["x", 0, 0]])", R"([["b", 0, 0]])")
        << QStringList{"graph-cycle-or-disconnected"}
        << "Invalid Functional model configuration. The graph of the Functional model either has loops or disconnected "
           "nodes. The following nodes failed to be resolved: ['a', 'b']"
        << "/config/layers";
    QTest::newRow("unknown-output-layer")
        << functionalK2(kInputX, R"([["x", 0, 0]])", R"([["ghost", 0, 0]])")
        << QStringList{"graph-unknown-io-layer"} << "Internal error: could not find layer ghost." << "/config/output_layers/0";
    QTest::newRow("duplicate-name")
        << functionalK2(kInputX + ", " + denseK2("x", R"([[["x", 0, 0, {}]]])"), R"([["x", 0, 0]])", R"([["x", 0, 0]])")
        << QStringList{"graph-duplicate-layer-name", "graph-cycle-or-disconnected"}
        << "All layer names should be unique. The name 'x' is used more than once." << "/config/layers/1";
    QTest::newRow("not-a-model") << QByteArray(R"({"class_name": "Dense", "config": {"units": 3}})")
                                 << QStringList{"graph-not-a-model"}
                                 << "A model config needs a 'layers' list (class 'Dense')." << "";
    QTest::newRow("layer-entry-not-an-envelope")
        << functionalK2(kInputX + ", 42", R"([["x", 0, 0]])", R"([["x", 0, 0]])") << QStringList{"graph-malformed-layer"}
        << "The provided configuration is not a valid Keras configuration. Expected a dictionary containing a 'config' key."
        << "/config/layers/1";
    // The layer list's problems come first, also those of entries after a malformed call.
    QTest::newRow("layer-problems-before-call-problems")
        << functionalK2(kInputX + ", " + denseK2("d", "[5]") + ", 42", R"([["x", 0, 0]])", R"([["d", 0, 0]])")
        << QStringList{"graph-malformed-layer", "graph-malformed-node"}
        << "The provided configuration is not a valid Keras configuration. Expected a dictionary containing a 'config' key."
        << "/config/layers/2";
    QTest::newRow("k3-tensor-without-config")
        << functionalK2(kInputX + R"(, {"name": "d", "class_name": "Dense", "config": {"units": 1}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__"}], "kwargs": {}}]})",
                        R"(["x", 0, 0])", R"(["d", 0, 0])")
        << QStringList{"graph-malformed-node"}
        << "A __keras_tensor__ needs keras_history [layer_name, node_index, tensor_index]."
        << "/config/layers/1/inbound_nodes/0/args/0";
}

void TestModelGraph::reportsGraphProblems()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, codes);
    QFETCH(QString, firstMessage);
    QFETCH(QString, firstPointer);
    const json::Document doc = parse(json);
    const ModelGraph g = ModelGraph::build(doc);
    QStringList got;
    for (const keras::GraphProblem& p : g.problems())
        got.append(keras::graphProblemCodeName(p.code));
    QCOMPARE(got, codes);
    QCOMPARE(g.problems().front().message, firstMessage);
    QCOMPARE(doc.pointer(g.problems().front().node), firstPointer);
    // Shapes are still computed as far as they can be, without hanging.
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    if (g.isValid())
        QVERIFY(shapes.trainableParams(0) >= 0);
}

void TestModelGraph::readsWrappersAndKerasTensorKwargs()
{
    // tf.keras 2 MultiHeadAttention: the value tensor is a keyword argument of the reference.
    const QByteArray json = functionalK2(
        kInputX + R"(, {"name": "y", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 4], "name": "y"}, "inbound_nodes": []},
        {"name": "bi", "class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "l", "units": 2}}}, "inbound_nodes": [[["y", 0, 0, {}]]]},
        {"name": "mha", "class_name": "MultiHeadAttention", "config": {"name": "mha", "num_heads": 2, "key_dim": 3}, "inbound_nodes": [[["y", 0, 0, {"value": ["y", 0, 0], "training": false}]]]})",
        R"([["x", 0, 0], ["y", 0, 0]])", R"([["bi", 0, 0], ["mha", 0, 0]])");
    const json::Document doc = parse(json);
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    const keras::GraphLayer& bi = g.layers()[size_t(g.findLayer(0, u"bi"))];
    QCOMPARE(doc.pointer(bi.wrapped), QStringLiteral("/config/layers/2/config/layer"));
    const keras::CallNode& mha = g.calls()[size_t(g.layers()[size_t(g.findLayer(0, u"mha"))].calls.front())];
    QCOMPARE(mha.inputs.size(), size_t(2));
    QCOMPARE(mha.inputs[1].argument, QStringLiteral("value"));
    QCOMPARE(doc.pointer(mha.inputs[1].node), QStringLiteral("/config/layers/3/inbound_nodes/0/0/3/value"));
    QCOMPARE(g.root().inputs.size(), size_t(2));
}

void TestModelGraph::looksNamesUpAmongAllLayersOfTheModel()
{
    // "a" is named before its entry, and "b" by a call between the entries of two layers "b":
    // the last layer of a name is the one meant, as in Keras's created_layers dict.
    const QByteArray json = functionalK2(
        kInputX + ", " + denseK2("c", R"([[["a", 0, 0, {}]]])") + ", " + denseK2("a", R"([[["x", 0, 0, {}]]])") + ", "
            + denseK2("b", R"([[["x", 0, 0, {}]]])") + ", " + denseK2("d", R"([[["b", 0, 0, {}]]])") + ", "
            + denseK2("b", R"([[["x", 0, 0, {}]]])") + ", "
            + denseK2("e\\u0062", R"([[["b", 0, 0, {"other": ["\u0062", 0, 0]}]]])"),
        R"([["x", 0, 0]])", R"([["c", 0, 0]])");
    const json::Document doc = parse(json);
    const ModelGraph g = ModelGraph::build(doc);
    QStringList got;
    for (const keras::GraphProblem& p : g.problems())
        got.append(keras::graphProblemCodeName(p.code));
    QCOMPARE(got, QStringList{"graph-duplicate-layer-name"});
    QCOMPARE(g.findLayer(0, u"b"), 5);
    QCOMPARE(inputsOf(g, QStringLiteral("c")), QStringList{"a:0"});
    QCOMPARE(g.calls()[size_t(g.layers()[4].calls.front())].inputs.front().layer, 5); // d
    const keras::GraphLayer& eb = g.layers()[6];
    QCOMPARE(eb.name, QStringLiteral("eb"));
    const auto& ebInputs = g.calls()[size_t(eb.calls.front())].inputs;
    QCOMPARE(ebInputs.size(), size_t(2));
    QCOMPARE(ebInputs[1].layerName, QStringLiteral("b")); // spelled with an escape
    QCOMPARE(ebInputs[1].layer, 5);
    QCOMPARE(g.root().order.size(), size_t(7));
}

void TestModelGraph::unwrapsFileWrappers()
{
    const QByteArray model = R"({"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2]}}]}})";
    for (const QByteArray& text : {"{\"model_config\": " + model + "}",
                                   "{\"format\": \"layers-model\", \"modelTopology\": {\"keras_version\": \"2.4.0\", \"model_config\": " + model + "}}",
                                   "{\"modelTopology\": " + model + "}"}) {
        const json::Document doc = parse(text);
        const ModelGraph g = ModelGraph::build(doc);
        QVERIFY(g.isValid());
        QCOMPARE(g.root().name, QStringLiteral("s"));
        QCOMPARE(g.layers().size(), size_t(1));
    }
}

void TestModelGraph::handlesTwoHundredThousandLayerChain()
{
    constexpr int n = 200000;
    QByteArray text = R"({"class_name": "Functional", "config": {"name": "chain", "layers": [{"name": "d0", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 2]}, "inbound_nodes": []})";
    text.reserve(n * 110);
    for (int i = 1; i <= n; ++i)
        text += ", {\"name\": \"d" + QByteArray::number(i) + "\", \"class_name\": \"Dense\", \"config\": {\"units\": 2}, "
                "\"inbound_nodes\": [[[\"d" + QByteArray::number(i - 1) + "\", 0, 0, {}]]]}";
    text += "], \"input_layers\": [[\"d0\", 0, 0]], \"output_layers\": [[\"d" + QByteArray::number(n) + "\", 0, 0]]}}";
    const json::Document doc = parse(text);
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    QCOMPARE(g.layers().size(), size_t(n + 1));
    QCOMPARE(g.root().order.size(), size_t(n + 1));
    QCOMPARE(g.root().outputs.front().call, 0);
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    QCOMPARE(shapes.trainableParams(0), qint64(n) * 6);
    QVERIFY(shapes.isComplete(0));
}

void TestModelGraph::handlesDeeplyNestedModels()
{
    // Sequential(Sequential(...(Dense)...)): each level a model holding the next one.
    constexpr int depth = 5000;
    QByteArray text;
    for (int i = 0; i < depth; ++i)
        text += R"({"class_name": "Sequential", "config": {"name": "s)" + QByteArray::number(i) + R"(", "layers": [)";
    text += R"({"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 2]}})";
    for (int i = 0; i < depth; ++i)
        text += "]}}";
    const json::Document doc = parse(text);
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    QCOMPARE(g.models().size(), size_t(depth));
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    QCOMPARE(shapes.trainableParams(0), qint64(9));
    QCOMPARE(keras::shapesText(shapes.layerOutputs(g.root().layers.front())), QStringLiteral("(None, 3)"));
}

void TestModelGraph::connectedToKeepsNamesAsWritten()
{
    // The "Connected to" column prints each input as name[node][tensor]; a name that looks like
    // a placeholder stays as written.
    const json::Document doc = parse(R"({"class_name": "Functional", "config": {"name": "m", "layers": [)"
                                     R"({"class_name": "InputLayer", "config": {"name": "a%1b", "batch_input_shape": [null, 3]}, "name": "a%1b", "inbound_nodes": []},)"
                                     R"({"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["a%1b", 0, 0, {}], ["a%1b", 0, 0, {}]]]}],)"
                                     R"("input_layers": [["a%1b", 0, 0]], "output_layers": [["add", 0, 0]]}})");
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    QCOMPARE(g.connectedTo(1), QStringLiteral("a%1b[0][0], a%1b[0][0]"));
    QCOMPARE(g.connectedTo(0), QStringLiteral("-"));
}

void TestModelGraph::readsEmptyKeras2NodeAsCallWithoutInputs()
{
    // An inbound node [] has no first reference to tell the bare-reference form by.
    const json::Document doc = parse(functionalK2(denseK2("a", "[[]]") + "," + denseK2("b", R"([[["a", 0, 0, {}]]])"),
                                                  R"([])", R"([["b", 0, 0]])"));
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    const keras::GraphLayer& a = g.layers()[size_t(g.findLayer(0, u"a"))];
    QCOMPARE(a.calls.size(), size_t(1));
    QVERIFY(g.calls()[size_t(a.calls.front())].inputs.empty());
    QCOMPARE(inputsOf(g, QStringLiteral("b")), QStringList{QStringLiteral("a:0")});
    QCOMPARE(g.root().order.size(), size_t(2));
}

void TestModelGraph::looksUpNamesWrittenWithEscapes()
{
    // Keys and names with escapes, and names beyond ASCII, are decoded before they are compared:
    // "d\u00e9" names the layer written "dé", and an escaped "na\u006de" key is its name.
    const json::Document doc = parse(functionalK2(
        kInputX + R"(, {"na\u006de": "d\u00e9", "class_name": "Dense", "config": {"name": "d\u00e9"}, "inbound_nodes": [[["x", 0, 0, {}]]]},)"
            + denseK2("\u0065", R"([[["dé", 0, 0, {}]]])"),
        R"([["x", 0, 0]])", R"([["e", 0, 0]])"));
    const ModelGraph g = ModelGraph::build(doc);
    QVERIFY(g.problems().empty());
    QCOMPARE(layerNames(g, 0), (QStringList{QStringLiteral("x"), QString::fromUtf8("dé"), QStringLiteral("e")}));
    QCOMPARE(inputsOf(g, QStringLiteral("e")), QStringList{QString::fromUtf8("dé:0")});
    QCOMPARE(g.findLayer(0, QString::fromUtf8("dé")), 1);
    QCOMPARE(g.root().outputs.front().layer, 2);
}

void TestModelGraph::layerNamesOutliveTheGraphAndChangeAlone()
{
    // Plain layer names share blocks of text; each still behaves as a string of its own.
    const json::Document doc = parse(functionalK2(kInputX + "," + denseK2("a", R"([[["x", 0, 0, {}]]])") + ","
                                                      + denseK2("b", R"([[["a", 0, 0, {}]]])"),
                                                  R"([["x", 0, 0]])", R"([["b", 0, 0]])"));
    QString a;
    QString b;
    {
        const ModelGraph g = ModelGraph::build(doc);
        QCOMPARE(QString::fromUtf16(reinterpret_cast<const char16_t*>(g.layers()[1].name.utf16())),
                 QStringLiteral("a")); // terminated
        a = g.layers()[1].name;
        b = g.layers()[2].name;
    }
    a.append(QStringLiteral("_longer_than_the_names_after_it"));
    QCOMPARE(a, QStringLiteral("a_longer_than_the_names_after_it"));
    QCOMPARE(b, QStringLiteral("b"));
    b.append(QStringLiteral("_grown_alone"));
    b[0] = u'c';
    QCOMPARE(b, QStringLiteral("c_grown_alone"));
    QCOMPARE(a, QStringLiteral("a_longer_than_the_names_after_it"));
}

void TestModelGraph::inlineVectorKeepsItemsThroughCopiesAndMoves()
{
    using List = keras::InlineVector<QString, 1>;
    const auto texts = [](const List& list) {
        QStringList out;
        for (const QString& s : list)
            out.append(s);
        return out;
    };
    List one;
    one.push_back(QStringLiteral("a"));
    List many;
    for (int i = 0; i < 5; ++i)
        many.emplace_back(QString::number(i));
    many.push_back(many.front()); // an item of the list itself, while the list grows
    QCOMPARE(texts(many), (QStringList{"0", "1", "2", "3", "4", "0"}));
    QCOMPARE(many.size(), size_t(6));
    QCOMPARE(many.back(), QStringLiteral("0"));

    List copyOfOne = one;
    List copyOfMany(many);
    QCOMPARE(texts(copyOfOne), QStringList{"a"});
    QCOMPARE(texts(copyOfMany), texts(many));

    List movedOne(std::move(one));   // inline items move one by one
    List movedMany(std::move(many)); // allocated ones change hands
    QVERIFY(one.empty());
    QVERIFY(many.empty());
    QCOMPARE(texts(movedOne), QStringList{"a"});
    QCOMPARE(movedMany.size(), size_t(6));

    movedOne = movedMany;
    QCOMPARE(texts(movedOne), texts(copyOfMany));
    movedMany = std::move(copyOfOne);
    QCOMPARE(texts(movedMany), QStringList{"a"});
    one.push_back(QStringLiteral("reused after a move"));
    QCOMPARE(texts(one), QStringList{"reused after a move"});
    movedOne.clear();
    QVERIFY(movedOne.empty());
}

void TestModelGraph::stopsWhenCancelled()
{
    // A 5,000-layer chain: the flag is looked at every 1,024 layers, so a build told to stop
    // before it starts has read 1,023 of them; an unset flag changes nothing.
    auto doc = json::Document::parse(syntheticChainConfig({.layers = 5000, .units = 4}));
    QVERIFY(doc);
    std::atomic<bool> cancel{false};
    const keras::ModelGraph whole = keras::ModelGraph::build(*doc, doc->root(), &cancel);
    QCOMPARE(whole.layers().size(), size_t(5001));
    QVERIFY(whole.problems().empty());
    cancel = true;
    const keras::ModelGraph stopped = keras::ModelGraph::build(*doc, doc->root(), &cancel);
    QCOMPARE(stopped.layers().size(), size_t(1023));
}

QTEST_GUILESS_MAIN(TestModelGraph)
#include "TestModelGraph.moc"
