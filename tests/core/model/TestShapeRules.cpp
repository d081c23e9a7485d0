// SPDX-License-Identifier: GPL-3.0-or-later
// Output shapes and parameter counts of each built-in layer family, as Keras computes them,
// including Keras 1 key spellings and multi-input layers called in both node dialects.
#include "core/json/Document.h"
#include "core/keras/ModelGraph.h"
#include "core/keras/ShapeInference.h"

#include <QTest>

#include <limits>

using namespace kcs;

namespace {

struct Outcome {
    QString shape;
    qint64 params = -1;
    qint64 nonTrainable = -1;
    bool known = false;
};

/// Builds Sequential([InputLayer(batch_input_shape), layer]) and evaluates the layer.
Outcome evaluateOne(const QByteArray& inputShape, const QByteArray& layer)
{
    const QByteArray text = R"({"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": )"
        + inputShape + R"(, "name": "in"}}, )" + layer + "]}}";
    auto doc = json::Document::parse(text);
    if (!doc)
        qFatal("row does not parse: %s", qPrintable(doc.error().message));
    const keras::ModelGraph g = keras::ModelGraph::build(*doc);
    const keras::ShapeInference shapes = keras::ShapeInference::run(*doc, g);
    const int l = g.root().layers.back();
    return Outcome{keras::shapesText(shapes.layerOutputs(l)), shapes.params(l), shapes.nonTrainableParams(0),
                   shapes.isKnown(l)};
}

QByteArray layer(const char* className, const char* config)
{
    return QByteArray(R"({"class_name": ")") + className + R"(", "config": {"name": "under_test", )" + config + "}}";
}

} // namespace

class TestShapeRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void computesShapesAndParams_data();
    void computesShapesAndParams();
    void mergesAndAttendsInBothDialects_data();
    void mergesAndAttendsInBothDialects();
    void marksUnknownLayers();
    void readsConfigKeysAsPythonDoes();
    void formatsShapes();
};

void TestShapeRules::computesShapesAndParams_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("layer");
    QTest::addColumn<QString>("shape");
    QTest::addColumn<qint64>("params");
    QTest::addColumn<qint64>("nonTrainable");

    const auto row = [](const char* tag, const char* in, QByteArray l, const char* shape, qint64 params, qint64 nt = 0) {
        QTest::newRow(tag) << QByteArray(in) << l << QString::fromLatin1(shape) << params << nt;
    };
    // Dense / Embedding
    row("dense", "[null, 32]", layer("Dense", R"("units": 10, "use_bias": true)"), "(None, 10)", 330);
    row("dense-k1-no-bias", "[null, 4]", layer("Dense", R"("output_dim": 8, "bias": false)"), "(None, 8)", 32);
    row("dense-rank3", "[null, 5, 6]", layer("Dense", R"("units": 3)"), "(None, 5, 3)", 21);
    row("timedistributeddense-k1", "[null, 5, 6]", layer("TimeDistributedDense", R"("output_dim": 3)"), "(None, 5, 3)", 21);
    row("maxoutdense-k1", "[null, 6]", layer("MaxoutDense", R"("output_dim": 3, "nb_feature": 4, "bias": true)"), "(None, 3)", 4 * 6 * 3 + 4 * 3);
    row("highway-k1", "[null, 5]", layer("Highway", R"("bias": true)"), "(None, 5)", 2 * 25 + 2 * 5);
    row("randomheight", "[null, 32, 32, 3]", layer("RandomHeight", R"("factor": 0.2)"), "(None, None, 32, 3)", 0);
    row("embedding", "[null, 20]", layer("Embedding", R"("input_dim": 1000, "output_dim": 64)"), "(None, 20, 64)", 64000);
    // Convolutions
    row("conv2d-valid", "[null, 32, 32, 3]", layer("Conv2D", R"("filters": 16, "kernel_size": [3, 3], "padding": "valid")"), "(None, 30, 30, 16)", 448);
    row("conv2d-same-stride2", "[null, 32, 32, 3]", layer("Conv2D", R"("filters": 8, "kernel_size": 5, "strides": [2, 2], "padding": "same")"), "(None, 16, 16, 8)", 608);
    row("conv2d-channels-first", "[null, 3, 32, 32]", layer("Conv2D", R"("filters": 4, "kernel_size": 3, "data_format": "channels_first")"), "(None, 4, 30, 30)", 112);
    row("conv2d-groups", "[null, 8, 8, 8]", layer("Conv2D", R"("filters": 4, "kernel_size": 1, "groups": 2, "use_bias": false)"), "(None, 8, 8, 4)", 16);
    row("convolution2d-k1-th", "[null, 3, 8, 8]", layer("Convolution2D", R"("nb_filter": 2, "nb_row": 3, "nb_col": 2, "subsample": [1, 1], "border_mode": "valid", "dim_ordering": "th", "bias": true)"), "(None, 2, 6, 7)", 38);
    row("conv1d-causal-dilated", "[null, 100, 8]", layer("Conv1D", R"("filters": 4, "kernel_size": [3], "dilation_rate": [2], "padding": "causal")"), "(None, 100, 4)", 100);
    row("convolution1d-k1", "[null, 10, 8]", layer("Convolution1D", R"("nb_filter": 4, "filter_length": 3, "subsample_length": 1, "border_mode": "valid")"), "(None, 8, 4)", 100);
    row("conv3d", "[null, 8, 8, 8, 1]", layer("Conv3D", R"("filters": 2, "kernel_size": [3, 3, 3])"), "(None, 6, 6, 6, 2)", 56);
    row("conv2dtranspose-same", "[null, 7, 7, 16]", layer("Conv2DTranspose", R"("filters": 8, "kernel_size": 3, "strides": 2, "padding": "same")"), "(None, 14, 14, 8)", 1160);
    row("conv2dtranspose-valid", "[null, 7, 7, 16]", layer("Conv2DTranspose", R"("filters": 8, "kernel_size": 3, "strides": 2, "padding": "valid")"), "(None, 15, 15, 8)", 1160);
    row("conv2dtranspose-output-padding", "[null, 7, 7, 16]", layer("Conv2DTranspose", R"("filters": 8, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1)"), "(None, 14, 14, 8)", 1160);
    row("deconvolution2d-k1-output-shape", "[null, 14, 14, 64]", layer("Deconvolution2D", R"("nb_filter": 32, "nb_row": 3, "nb_col": 3, "output_shape": [null, 29, 29, 32], "border_mode": "valid", "subsample": [2, 2], "dim_ordering": "tf")"), "(None, 29, 29, 32)", 18464);
    row("separableconv2d", "[null, 10, 10, 4]", layer("SeparableConv2D", R"("filters": 8, "kernel_size": 3, "padding": "same", "depth_multiplier": 1)"), "(None, 10, 10, 8)", 76);
    row("depthwiseconv2d", "[null, 10, 10, 4]", layer("DepthwiseConv2D", R"("kernel_size": 3, "depth_multiplier": 2)"), "(None, 8, 8, 8)", 80);
    // Pooling, padding, cropping, upsampling
    row("maxpooling2d", "[null, 32, 32, 3]", layer("MaxPooling2D", R"("pool_size": [2, 2], "strides": null)"), "(None, 16, 16, 3)", 0);
    row("averagepooling2d-same", "[null, 15, 15, 3]", layer("AveragePooling2D", R"("pool_size": 3, "strides": 2, "padding": "same")"), "(None, 8, 8, 3)", 0);
    row("maxpooling1d-k1", "[null, 10, 4]", layer("MaxPooling1D", R"("pool_length": 2, "stride": null)"), "(None, 5, 4)", 0);
    row("globalaveragepooling2d", "[null, 7, 7, 32]", layer("GlobalAveragePooling2D", R"("data_format": "channels_last")"), "(None, 32)", 0);
    row("globalmaxpooling2d-keepdims", "[null, 7, 7, 32]", layer("GlobalMaxPooling2D", R"("keepdims": true)"), "(None, 1, 1, 32)", 0);
    row("cropping2d", "[null, 28, 28, 1]", layer("Cropping2D", R"("cropping": [[1, 1], [2, 2]])"), "(None, 26, 24, 1)", 0);
    row("zeropadding2d", "[null, 224, 224, 3]", layer("ZeroPadding2D", R"("padding": [[3, 3], [3, 3]])"), "(None, 230, 230, 3)", 0);
    row("zeropadding2d-k1-pair", "[null, 224, 224, 3]", layer("ZeroPadding2D", R"("padding": [1, 2])"), "(None, 226, 228, 3)", 0);
    row("zeropadding1d", "[null, 10, 3]", layer("ZeroPadding1D", R"("padding": 2)"), "(None, 14, 3)", 0);
    row("cropping1d-pair", "[null, 10, 3]", layer("Cropping1D", R"("cropping": [1, 2])"), "(None, 7, 3)", 0);
    row("upsampling2d", "[null, 8, 8, 3]", layer("UpSampling2D", R"("size": [2, 2])"), "(None, 16, 16, 3)", 0);
    row("upsampling1d-k1", "[null, 8, 3]", layer("UpSampling1D", R"("length": 3)"), "(None, 24, 3)", 0);
    // Normalization
    row("batchnormalization", "[null, 10, 10, 8]", layer("BatchNormalization", R"("axis": -1, "center": true, "scale": true)"), "(None, 10, 10, 8)", 32, 16);
    row("batchnormalization-frozen", "[null, 8]", layer("BatchNormalization", R"("trainable": false)"), "(None, 8)", 32, 32);
    row("batchnormalization-no-scale", "[null, 8]", layer("BatchNormalization", R"("axis": [1], "scale": false)"), "(None, 8)", 24, 16);
    row("layernormalization", "[null, 5, 16]", layer("LayerNormalization", R"("axis": [2])"), "(None, 5, 16)", 32);
    row("groupnormalization", "[null, 8, 16]", layer("GroupNormalization", R"("groups": 4)"), "(None, 8, 16)", 32);
    row("normalization", "[null, 3]", layer("Normalization", R"("axis": -1, "mean": null, "variance": null)"), "(None, 3)", 7, 7);
    // Element-wise and reshaping
    row("dropout", "[null, 10]", layer("Dropout", R"("rate": 0.5)"), "(None, 10)", 0);
    row("activation", "[null, 4, 4]", layer("Activation", R"("activation": "relu")"), "(None, 4, 4)", 0);
    row("prelu", "[null, 10]", layer("PReLU", R"("shared_axes": null)"), "(None, 10)", 10);
    row("prelu-shared-axes", "[null, 8, 8, 3]", layer("PReLU", R"("shared_axes": [1, 2])"), "(None, 8, 8, 3)", 3);
    row("flatten", "[null, 4, 4, 8]", layer("Flatten", R"("data_format": "channels_last")"), "(None, 128)", 0);
    row("reshape-minus-one", "[null, 12]", layer("Reshape", R"("target_shape": [-1, 2])"), "(None, 6, 2)", 0);
    row("permute", "[null, 3, 5]", layer("Permute", R"("dims": [2, 1])"), "(None, 5, 3)", 0);
    row("repeatvector", "[null, 6]", layer("RepeatVector", R"("n": 4)"), "(None, 4, 6)", 0);
    row("rescaling", "[null, 8, 8, 3]", layer("Rescaling", R"("scale": 0.00392156862745098, "offset": 0.0)"), "(None, 8, 8, 3)", 0);
    row("resizing", "[null, 128, 128, 3]", layer("Resizing", R"("height": 64, "width": 32)"), "(None, 64, 32, 3)", 0);
    row("categoryencoding", "[null, 1]", layer("CategoryEncoding", R"("num_tokens": 10, "output_mode": "one_hot")"), "(None, 10)", 0);
    // Recurrent layers and wrappers
    row("simplernn", "[null, 10, 4]", layer("SimpleRNN", R"("units": 8)"), "(None, 8)", 104);
    row("lstm-sequences", "[null, 10, 8]", layer("LSTM", R"("units": 16, "return_sequences": true)"), "(None, 10, 16)", 1600);
    row("lstm-k1-output-dim", "[null, 10, 8]", layer("LSTM", R"("output_dim": 16, "return_sequences": false)"), "(None, 16)", 1600);
    row("lstm-return-state", "[null, 10, 8]", layer("LSTM", R"("units": 4, "return_state": true)"), "[(None, 4), (None, 4), (None, 4)]", 208);
    row("gru-reset-after", "[null, 5, 3]", layer("GRU", R"("units": 4, "reset_after": true)"), "(None, 4)", 108);
    row("gru-k1", "[null, 5, 3]", layer("GRU", R"("output_dim": 4)"), "(None, 4)", 96);
    row("cudnnlstm", "[null, 5, 4]", layer("CuDNNLSTM", R"("units": 8)"), "(None, 8)", 448);
    row("cudnngru", "[null, 5, 4]", layer("CuDNNGRU", R"("units": 8)"), "(None, 8)", 336);
    row("bidirectional-concat", "[null, 10, 4]", layer("Bidirectional", R"("layer": {"class_name": "LSTM", "config": {"name": "l", "units": 8}}, "merge_mode": "concat")"), "(None, 16)", 832);
    row("bidirectional-sum-sequences", "[null, 10, 4]", layer("Bidirectional", R"("layer": {"class_name": "GRU", "config": {"name": "g", "units": 8, "return_sequences": true, "reset_after": false}}, "merge_mode": "sum")"), "(None, 10, 8)", 624);
    row("timedistributed-dense", "[null, 3, 2]", layer("TimeDistributed", R"("layer": {"class_name": "Dense", "config": {"name": "d", "units": 4}})"), "(None, 3, 4)", 12);
    row("timedistributed-conv2d", "[null, 5, 8, 8, 3]", layer("TimeDistributed", R"("layer": {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": 3}})"), "(None, 5, 6, 6, 2)", 56);
    row("convlstm2d", "[null, 5, 10, 10, 3]", layer("ConvLSTM2D", R"("filters": 4, "kernel_size": [3, 3], "padding": "same")"), "(None, 10, 10, 4)", 3 * 3 * 3 * 16 + 3 * 3 * 4 * 16 + 16);
    row("convlstm2d-sequences", "[null, 5, 10, 10, 3]", layer("ConvLSTM2D", R"("filters": 4, "kernel_size": 3, "return_sequences": true)"), "(None, 5, 8, 8, 4)", 3 * 3 * 3 * 16 + 3 * 3 * 4 * 16 + 16);
    // Einsum
    row("einsumdense", "[null, 32]", layer("EinsumDense", R"("equation": "ab,bc->ac", "output_shape": 64, "bias_axes": "c")"), "(None, 64)", 2112);
    row("einsumdense-3d", "[null, 5, 8]", layer("EinsumDense", R"("equation": "abc,cd->abd", "output_shape": [5, 16], "bias_axes": "d")"), "(None, 5, 16)", 144);
    row("einsumdense-ellipsis", "[null, 5, 8]", layer("EinsumDense", R"("equation": "...b,bc->...c", "output_shape": 4, "bias_axes": null)"), "(None, 5, 4)", 32);
}

void TestShapeRules::computesShapesAndParams()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, layer);
    QFETCH(QString, shape);
    QFETCH(qint64, params);
    QFETCH(qint64, nonTrainable);
    const Outcome o = evaluateOne(input, layer);
    QVERIFY(o.known);
    QCOMPARE(o.shape, shape);
    QCOMPARE(o.params, params);
    QCOMPARE(o.nonTrainable, nonTrainable);
}

void TestShapeRules::mergesAndAttendsInBothDialects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("shape");
    QTest::addColumn<qint64>("params");

    const auto k2 = [](const char* cls, const char* config, const char* a, const char* b, const char* refs) {
        return QByteArray(R"({"class_name": "Model", "config": {"name": "m", "layers": [
            {"name": "a", "class_name": "InputLayer", "config": {"batch_input_shape": )") + a + R"(}, "inbound_nodes": []},
            {"name": "b", "class_name": "InputLayer", "config": {"batch_input_shape": )" + b + R"(}, "inbound_nodes": []},
            {"name": "op", "class_name": ")" + cls + R"(", "config": )" + config + R"(, "inbound_nodes": [)" + refs + R"(]}],
            "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["op", 0, 0]]}})";
    };
    const auto k3 = [](const char* cls, const char* config, const char* a, const char* b, const char* node) {
        QByteArray n(node);
        n.replace("A", R"({"class_name": "__keras_tensor__", "config": {"shape": [], "keras_history": ["a", 0, 0]}})");
        n.replace("B", R"({"class_name": "__keras_tensor__", "config": {"shape": [], "keras_history": ["b", 0, 0]}})");
        return QByteArray(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "trainable": true, "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": )") + a + R"(, "name": "a"}, "name": "a", "inbound_nodes": []},
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": )" + b + R"(, "name": "b"}, "name": "b", "inbound_nodes": []},
            {"module": "keras.layers", "class_name": ")" + cls + R"(", "config": )" + config + R"(, "name": "op", "inbound_nodes": [)" + n + R"(]}],
            "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["op", 0, 0]]}})";
    };
    QTest::newRow("k2-concatenate") << k2("Concatenate", R"({"axis": -1})", "[null, 4]", "[null, 6]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 10)" << qint64(0);
    QTest::newRow("k3-concatenate") << k3("Concatenate", R"({"axis": 1})", "[null, 4]", "[null, 6]", R"({"args": [[A, B]], "kwargs": {}})") << "(None, 10)" << qint64(0);
    QTest::newRow("k2-add-broadcast") << k2("Add", "{}", "[null, 5, 4]", "[null, 1, 4]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 5, 4)" << qint64(0);
    QTest::newRow("k3-multiply") << k3("Multiply", "{}", "[null, 4]", "[null, 4]", R"({"args": [[A, B]], "kwargs": {}})") << "(None, 4)" << qint64(0);
    QTest::newRow("k2-dot") << k2("Dot", R"({"axes": 1, "normalize": false})", "[null, 4]", "[null, 4]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 1)" << qint64(0);
    QTest::newRow("k2-dot-batch-matmul") << k2("Dot", R"({"axes": [2, 2]})", "[null, 3, 4]", "[null, 5, 4]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 3, 5)" << qint64(0);
    QTest::newRow("k1-merge-concat") << k2("Merge", R"({"mode": "concat", "concat_axis": -1})", "[null, 4]", "[null, 6]", R"([["a", 0, 0], ["b", 0, 0]])") << "(None, 10)" << qint64(0);
    QTest::newRow("k2-mha-value-kwarg") << k2("MultiHeadAttention", R"({"num_heads": 2, "key_dim": 8})", "[null, 10, 16]", "[null, 7, 16]", R"([["a", 0, 0, {"value": ["b", 0, 0]}]])") << "(None, 10, 16)" << qint64(1088);
    QTest::newRow("k3-mha-positional") << k3("MultiHeadAttention", R"({"num_heads": 2, "key_dim": 8, "value_dim": 4, "output_shape": null, "use_bias": false})", "[null, 10, 16]", "[null, 7, 12]", R"({"args": [A, B], "kwargs": {}})")
                                       << "(None, 10, 16)" << qint64(16 * 2 * 8 + 12 * 2 * 8 + 12 * 2 * 4 + 2 * 4 * 16);
    QTest::newRow("k3-mha-kwargs") << k3("MultiHeadAttention", R"({"num_heads": 1, "key_dim": 2})", "[null, 3, 4]", "[null, 3, 4]", R"({"args": [A], "kwargs": {"value": B, "key": B}})") << "(None, 3, 4)" << qint64(10 + 10 + 10 + 12);
    QTest::newRow("k2-tfoplambda-add") << k2("TFOpLambda", R"({"function": "__operators__.add"})", "[null, 5, 4]", "[null, 1, 4]", R"([["a", 0, 0, {"y": ["b", 0, 0], "name": null}]])") << "(None, 5, 4)" << qint64(0);
    QTest::newRow("k2-lambda-no-weights") << k2("Lambda", R"({"function": ["4wEAAAA=", null, null], "function_type": "lambda"})", "[null, 4]", "[null, 4]", R"([["a", 0, 0, {}]])") << "?" << qint64(0);
    QTest::newRow("k2-attention") << k2("Attention", R"({"use_scale": true})", "[null, 3, 4]", "[null, 5, 4]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 3, 4)" << qint64(1);
    QTest::newRow("k2-additive-attention") << k2("AdditiveAttention", "{}", "[null, 3, 4]", "[null, 5, 4]", R"([["a", 0, 0, {}], ["b", 0, 0, {}]])") << "(None, 3, 4)" << qint64(4);
}

void TestShapeRules::mergesAndAttendsInBothDialects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, shape);
    QFETCH(qint64, params);
    auto doc = json::Document::parse(json);
    QVERIFY2(doc.has_value(), doc ? "" : qPrintable(doc.error().message));
    const keras::ModelGraph g = keras::ModelGraph::build(*doc);
    QVERIFY(g.problems().empty());
    const keras::ShapeInference shapes = keras::ShapeInference::run(*doc, g);
    const int op = g.findLayer(0, u"op");
    QVERIFY(shapes.isKnown(op));
    QCOMPARE(keras::shapesText(shapes.layerOutputs(op)), shape);
    QCOMPARE(shapes.params(op), params);
}

void TestShapeRules::marksUnknownLayers()
{
    // A custom layer: unknown shape and params; Dense after it learns its input from the
    // shape Keras 3 recorded in the __keras_tensor__ (5), so only the custom layer is unknown.
    const QByteArray text = R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 2]}},
        {"class_name": "MyCustom", "config": {"name": "c"}},
        {"class_name": "Dense", "config": {"name": "e", "units": 1}}]}})";
    auto doc = json::Document::parse(text);
    const keras::ModelGraph g = keras::ModelGraph::build(*doc);
    const keras::ShapeInference shapes = keras::ShapeInference::run(*doc, g);
    QVERIFY(shapes.isKnown(0));
    QVERIFY(!shapes.isKnown(1));
    QVERIFY(!shapes.isKnown(2)); // no recorded shape in a Keras 2 Sequential
    QCOMPARE(keras::shapesText(shapes.layerOutputs(1)), QStringLiteral("?"));
    QVERIFY(!shapes.isComplete(0));
    QCOMPARE(shapes.trainableParams(0), qint64(9));
}

void TestShapeRules::readsConfigKeysAsPythonDoes()
{
    // The last of duplicated keys wins; escaped keys and class names are read decoded.
    Outcome o = evaluateOne("[null, 4]", layer("Dense", R"("units": 5, "use_bias": false, "units": 10)"));
    QCOMPARE(o.shape, QStringLiteral("(None, 10)"));
    QCOMPARE(o.params, qint64(40));
    o = evaluateOne("[null, 4]", layer("Dense", R"("unit\u0073": 7, "use_bia\u0073": false)"));
    QCOMPARE(o.shape, QStringLiteral("(None, 7)"));
    QCOMPARE(o.params, qint64(28));
    o = evaluateOne("[null, 4]", R"({"class_name": "D\u0065nse", "config": {"name": "under_test", "units": 2}})");
    QCOMPARE(o.shape, QStringLiteral("(None, 2)"));
    QCOMPARE(o.params, qint64(10));
    o = evaluateOne("[null, 4]", R"({"class_name": "Dense", "config": {"name": "under_test", "units": 2}, "class_name": "NoSuchLayer"})");
    QVERIFY(!o.known);
    o = evaluateOne("[null, 4]", layer("Dense", R"("units": 3, "trainable": true, "trainable": false)"));
    QCOMPARE(o.nonTrainable, qint64(15));
}

void TestShapeRules::formatsShapes()
{
    QCOMPARE(keras::batchShape({32, 32, 3}).text(), QStringLiteral("(None, 32, 32, 3)"));
    QCOMPARE(keras::batchShape({}).text(), QStringLiteral("(None)"));
    QCOMPARE(keras::TensorShape::unknown().text(), QStringLiteral("?"));
    QCOMPARE(keras::groupedNumber(8062504), QStringLiteral("8,062,504"));
    QCOMPARE(keras::groupedNumber(999), QStringLiteral("999"));
    QCOMPARE(keras::groupedNumber(1000), QStringLiteral("1,000"));
    QCOMPARE(keras::groupedNumber(0), QStringLiteral("0"));
    QCOMPARE(keras::groupedNumber(-1234567), QStringLiteral("-1,234,567"));
    QCOMPARE(keras::groupedNumber(-100), QStringLiteral("-100"));
    QCOMPARE(keras::groupedNumber(std::numeric_limits<qint64>::max()), QStringLiteral("9,223,372,036,854,775,807"));
    QCOMPARE(keras::batchShape({std::nullopt, -1, 1234567890123}).text(), QStringLiteral("(None, None, -1, 1234567890123)"));
    QCOMPARE(keras::shapesText({}), QStringLiteral("?"));
    QCOMPARE(keras::shapesText({keras::batchShape({3})}), QStringLiteral("(None, 3)"));
    QCOMPARE(keras::shapesText({keras::batchShape({3}), keras::TensorShape::unknown(), keras::batchShape({})}),
             QStringLiteral("[(None, 3), ?, (None)]"));
}

QTEST_GUILESS_MAIN(TestShapeRules)
#include "TestShapeRules.moc"
