// SPDX-License-Identifier: GPL-3.0-or-later
// model.summary() without Python: per-corpus-file totals, rows and shared layers; the table's
// text; stored-weight comparison.
#include "core/formats/ModelFile.h"
#include "core/keras/Summary.h"
#include "support/TestSupport.h"

#include <QTest>

using namespace kcs;

namespace {

struct CorpusExpectation {
    const char* file;
    int rows;
    qint64 total;
    qint64 trainable;
    qint64 nonTrainable;
    bool complete;
    QStringList shared;
};

// Totals Keras itself reports for the well-known architectures: DenseNet121 8,062,504,
// InceptionV3 23,851,784, ResNet50V2 25,613,800, NASNetMobile 5,326,716, ResNet50 25,636,712,
// the Keras MNIST MLP 101,770. The small models were checked by hand (LSTM/GRU/Bidirectional
// formulas); models with custom layers are incomplete and count only their built-in layers.
const CorpusExpectation kCorpus[] = {
    {"h5_keras122_theano_simple_lstm.h5", 2, 10451, 10451, 0, true, {}},
    {"h5_keras205_mini_xception_emotion.hdf5", 46, 58423, 56951, 1472, true, {}},
    {"h5_keras213_space_to_depth_lambda_multi_input.h5", 4, 0, 0, 0, false, {}},
    {"h5_keras231_hls4ml_3layer.h5", 5, 4389, 4389, 0, true, {}},
    {"h5_keras333_speech_sequential.h5", 14, 209672, 209672, 0, true, {}},
    {"h5_tfkeras2131_hgq_jet_classifier_custom.h5", 16, 0, 0, 0, false, {}},
    {"h5_tfkeras224_mnist_sequential_optimizer_weights.h5", 3, 101770, 101770, 0, true, {}},
    {"h5_tfkeras224_stacked_bidirectional_lstm.h5", 6, 928, 928, 0, true, {}},
    {"h5_tfkeras224_tensorflowoplayer_reshape.h5", 3, 0, 0, 0, false, {}},
    {"h5_tfkeras240_functional_metric_objects.hdf5", 7, 44, 44, 0, true, {}},
    {"h5_tfkeras240_loss_object_training_config.h5", 3, 101770, 101770, 0, true, {}},
    {"h5_tfkeras29_siamese_subclassed_basenetwork.h5", 4, 0, 0, 0, false, {"base_network"}},
    {"keras1_cnn_theano_no_keras_version.json", 10, 64, 64, 0, true, {}},
    {"keras1_embedding_conv1d.json", 7, 1000316, 1000316, 0, true, {}},
    {"keras1_imdb_bidirectional_lstm.json", 4, 1304897, 1304897, 0, true, {}},
    {"keras1_lstm_timedistributeddense.json", 4, 129, 129, 0, true, {}},
    {"keras1_mnist_vae_decoder_deconvolution.json", 8, 1709121, 1709121, 0, true, {}},
    {"keras1_resnet50_merge.json", 177, 25636712, 25583592, 53120, true, {}},
    {"keras1_tiny_yolo_sequential_leakyrelu.json", 29, 45089374, 45089374, 0, true, {}},
    {"keras2_alexnet_custom_lrn.json", 25, 34944, 34944, 0, false, {}},
    {"keras2_alphazero_dual_res_multi_output.json", 155, 23881170, 23860172, 20998, true, {}},
    {"keras2_bidirectional_lstm_sequential.json", 4, 2665217, 2665217, 0, true, {}},
    {"keras2_concat_embedding_bidirectional_multi_input.json", 9, 136554, 136554, 0, true, {}},
    {"keras2_denoising_autoencoder_gaussiannoise.json", 15, 4385, 4385, 0, true, {}},
    {"keras2_densenet121_tf224.json", 429, 8062504, 7978856, 83648, true, {}},
    {"keras2_embedding_flatten_graph_multi_input.json", 36, 339481, 339481, 0, true, {}},
    {"keras2_hls4ml_3layer_dense_regularizers.json", 5, 4389, 4389, 0, true, {}},
    {"keras2_hls4ml_binarydense_custom_activation.json", 11, 0, 0, 0, false, {}},
    {"keras2_hls4ml_conv1d.json", 7, 251281, 251281, 0, true, {}},
    {"keras2_hls4ml_garnet_1layer_custom.json", 5, 0, 0, 0, false, {}},
    {"keras2_inceptionv3_tf224.json", 313, 23851784, 23817352, 34432, true, {}},
    {"keras2_l1l2_regularizer_dense.json", 7, 4993, 4993, 0, true, {}},
    {"keras2_lenet_regularizers_constraints.json", 8, 631334, 631334, 0, true, {}},
    {"keras2_lenet_varied_initializers.json", 8, 844326, 844326, 0, true, {}},
    {"keras2_lstm_sequential_tf240.json", 8, 95849, 95849, 0, true, {}},
    {"keras2_mnist_mlp_constraints.json", 7, 932362, 932362, 0, true, {}},
    {"keras2_nasnetmobile_tf224.json", 771, 5326716, 5289978, 36738, true, {}},
    {"keras2_prelu_sequential.json", 3, 7115, 7115, 0, true, {}},
    {"keras2_qkeras_mnist_cnn_custom.json", 10, 0, 0, 0, false, {}},
    {"keras2_resnet50v2_tf224.json", 192, 25613800, 25568360, 45440, true, {}},
    {"keras2_separableconv_regularizers_constraints.json", 1, 73, 73, 0, true, {}},
    {"keras2_seq2seq_lang_lstm.json", 5, 718940, 718940, 0, true, {}},
    {"keras2_tf2131_efficientnet_vit_hybrid.json", 250, 8651435, 5510072, 3141363, true, {}},
    {"keras2_tf2131_hgq_proxy_jet_module_registered.json", 16, 4389, 4389, 0, false, {}},
    {"keras2_timedistributed_dense.json", 2, 12, 12, 0, true, {}},
    {"keras2_vqa_lstm_multi_input.json", 18, 13707240, 13707240, 0, true, {}},
    {"keras2_zf_unet_224.json", 85, 31466757, 31454723, 12034, true, {}},
    {"keras3_mobilenetv2_style_160_layers.json", 160, 4100167, 4065031, 35136, true, {}},
    {"keras3_tsn_temporal_shift_bilstm_from_h5.json", 4, 722176, 722176, 0, false, {}},
    {"keraszip_keras310_retail_transformer_mha.keras", 23, 68293, 68293, 0, true, {}},
    {"keraszip_keras310_textvectorization_assets.keras", 2, 0, 0, 0, true, {}},
    {"keraszip_keras35_siamese_custom_l1distance.keras", 5, 12161, 12161, 0, false, {"functional_4"}},
    {"keraszip_tfkeras215_ecg_transformer_addons_loss.keras", 15, 12947, 12947, 0, true, {}},
    {"tfjs_esrgan_psnr_small_keras23tf.json", 124, 2619635, 2619635, 0, true, {}},
    {"tfjs_esrgan_slim_x4_functional.json", 24, 233451, 233451, 0, true, {}},
    {"tfjs_esrgan_thick_x4_custom_multiplybeta_pixelshuffle.json", 477, 241600, 241600, 0, false, {}},
    {"tfjs_layers_gru_sequential_e2e_fixture.json", 2, 2300, 2300, 0, true, {}},
    {"tfjs_nsfwjs_mobilenet_v2_training_config.json", 162, 2619461, 2279365, 340096, true, {}},
    {"tfjs_pixel_upsampler_x4_tfjs_native_sequential.json", 1, 0, 0, 0, true, {}},
    {"tfjs_teachable_machine_pose_dense.json", 3, 1474400, 1474400, 0, true, {}},
};

struct Loaded {
    formats::ModelFile file;
    keras::ModelGraph graph;
    keras::ShapeInference shapes;
};

std::optional<Loaded> load(const QString& path)
{
    auto file = formats::ModelFile::open(path);
    if (!file)
        return std::nullopt;
    keras::ModelGraph graph = keras::ModelGraph::build(file->config(), file->modelNode());
    keras::ShapeInference shapes = keras::ShapeInference::run(file->config(), graph);
    return Loaded{std::move(*file), std::move(graph), std::move(shapes)};
}

json::Document parse(const QByteArray& text)
{
    auto doc = json::Document::parse(text);
    if (!doc)
        qFatal("fixture does not parse: %s", qPrintable(doc.error().message));
    return std::move(*doc);
}

} // namespace

class TestModelSummary : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void matchesKerasOnCorpus_data();
    void matchesKerasOnCorpus();
    void summarizesNestedSharedModel();
    void summarizesCustomLayerWithRecordedShapes();
    void formatsTable();
    void wrapsLongCells();
    void formatsMemorySizes_data();
    void formatsMemorySizes();
    void comparesStoredWeights();
    void comparesCorpusH5Weights();
    void convertsSnakeCase_data();
    void convertsSnakeCase();
    void mapsKerasZipWeightPaths();
    void comparesCorpusKerasZipWeights();
};

void TestModelSummary::matchesKerasOnCorpus_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("trainable");
    QTest::addColumn<qint64>("nonTrainable");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QStringList>("shared");
    for (const CorpusExpectation& e : kCorpus)
        QTest::newRow(e.file) << QString::fromLatin1(e.file) << e.rows << e.total << e.trainable << e.nonTrainable
                              << e.complete << e.shared;
}

void TestModelSummary::matchesKerasOnCorpus()
{
    KCS_REQUIRE_CORPUS(dir);
    QFETCH(QString, file);
    QFETCH(int, rows);
    QFETCH(qint64, total);
    QFETCH(qint64, trainable);
    QFETCH(qint64, nonTrainable);
    QFETCH(bool, complete);
    QFETCH(QStringList, shared);
    auto loaded = load(dir + QLatin1Char('/') + file);
    QVERIFY(loaded);
    QVERIFY(loaded->graph.problems().empty());
    const keras::ModelSummary s = keras::summarize(loaded->file.config(), loaded->graph, loaded->shapes);
    QCOMPARE(int(s.rows.size()), rows);
    QCOMPARE(s.totalParams, total);
    QCOMPARE(s.trainableParams, trainable);
    QCOMPARE(s.nonTrainableParams, nonTrainable);
    QCOMPARE(s.complete, complete);
    QStringList sharedNames;
    for (int l : loaded->graph.sharedLayers())
        sharedNames.append(loaded->graph.layers()[size_t(l)].name);
    QCOMPARE(sharedNames, shared);
    // Every row points at its layer's envelope in the file.
    for (const keras::SummaryRow& r : s.rows)
        QCOMPARE(loaded->file.config().kind(r.node), json::Kind::Object);
}

void TestModelSummary::summarizesNestedSharedModel()
{
    const json::Document doc = parse(test::readFile(test::dataPath("model/k3_nested_shared_functional.json")));
    const keras::ModelSummary s = keras::summarize(doc);
    QCOMPARE(s.modelName, QStringLiteral("outer"));
    QVERIFY(!s.sequentialLike);
    QCOMPARE(s.rows.size(), size_t(4));
    QCOMPARE(s.rows[1].name, QStringLiteral("inner"));
    QCOMPARE(s.rows[1].className, QStringLiteral("Functional"));
    QCOMPARE(s.rows[1].outputShape, QStringLiteral("(None, 3)"));
    QCOMPARE(s.rows[1].params, qint64(15));
    QCOMPARE(s.rows[1].connectedTo, QStringLiteral("x[0][0], x[0][0]"));
    QCOMPARE(s.rows[2].connectedTo, QStringLiteral("inner[0][0], inner[1][0]"));
    QCOMPARE(doc.pointer(s.rows[3].node), QStringLiteral("/config/layers/3"));
    QCOMPARE(s.totalParams, qint64(23));
    QCOMPARE(s.nonTrainableParams, qint64(8));
    QVERIFY(s.complete);
}

void TestModelSummary::summarizesCustomLayerWithRecordedShapes()
{
    const json::Document doc = parse(test::readFile(test::dataPath("model/k3_custom_layer_recorded_shapes.json")));
    const keras::ModelSummary s = keras::summarize(doc);
    QCOMPARE(s.rows.size(), size_t(3));
    QVERIFY(!s.rows[1].known);
    QCOMPARE(s.rows[1].outputShape, QStringLiteral("(None, 5)")); // from the consumer's __keras_tensor__
    QVERIFY(s.rows[2].known);
    QCOMPARE(s.rows[2].params, qint64(12));
    QVERIFY(!s.complete);
    QCOMPARE(s.totalParams, qint64(12));
    QVERIFY(keras::formatSummary(s).contains(QStringLiteral("\u2502 mine (MyLayer) ")));
}

void TestModelSummary::formatsTable()
{
    const json::Document doc = parse(R"({"class_name": "Sequential", "config": {"name": "mlp", "layers": [
        {"class_name": "Dense", "config": {"name": "dense", "units": 128, "batch_input_shape": [null, 784]}},
        {"class_name": "Dense", "config": {"name": "dense_1", "units": 10}}]}})");
    const QString text = keras::formatSummary(keras::summarize(doc));
    const QStringList lines = text.split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("Model: \"mlp\""));
    QCOMPARE(lines[1].size(), 88);
    QCOMPARE(lines[2].size(), 88);
    QCOMPARE(lines[2], QStringLiteral("\u2503 Layer (type)                         \u2503 Output Shape                 \u2503        Param # \u2503"));
    QCOMPARE(lines[4], QStringLiteral("\u2502 dense (Dense)                        \u2502 (None, 128)                  \u2502        100,480 \u2502"));
    QVERIFY(text.endsWith(QStringLiteral(" Total params: 101,770 (397.54 KB)\n Trainable params: 101,770 (397.54 KB)\n"
                                         " Non-trainable params: 0 (0.00 B)\n")));
}

void TestModelSummary::wrapsLongCells()
{
    // The name cell (36 wide) holds 45 characters: the row takes two lines, the second padded
    // in every column; the functional layout's "Connected to" column wraps the same way.
    const QString name(37, QLatin1Char('n'));
    const json::Document doc = parse(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": ")" + name.toLatin1() + R"(", "units": 10, "batch_input_shape": [null, 4]}}]}})");
    const QStringList lines = keras::formatSummary(keras::summarize(doc)).split(QLatin1Char('\n'));
    const QString cell = name + QStringLiteral(" (Dense)");
    const QChar bar(0x2502);
    QCOMPARE(lines[4], bar + u' ' + cell.left(36) + u' ' + bar + u' ' + QStringLiteral("(None, 10)").leftJustified(28) + u' '
                           + bar + u' ' + QStringLiteral("50").rightJustified(14) + u' ' + bar);
    QCOMPARE(lines[5], bar + u' ' + cell.mid(36).leftJustified(36) + u' ' + bar + u' ' + QString(28, u' ') + u' ' + bar
                           + u' ' + QString(14, u' ') + u' ' + bar);
    QCOMPARE(lines[6].front(), QChar(0x2514)); // the bottom rule: no rule between the lines of a row
}

void TestModelSummary::formatsMemorySizes_data()
{
    QTest::addColumn<double>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << "0.00 B";
    QTest::newRow("bytes") << 1000.0 << "1000.00 B";
    QTest::newRow("kilobytes") << 1024.0 << "1.00 KB";
    QTest::newRow("densenet121") << 8062504.0 * 4 << "30.76 MB";
    QTest::newRow("gigabytes") << 3.0 * 1024 * 1024 * 1024 << "3.00 GB";
}

void TestModelSummary::formatsMemorySizes()
{
    QFETCH(double, bytes);
    QFETCH(QString, text);
    QCOMPARE(keras::readableMemorySize(bytes), text);
}

void TestModelSummary::comparesStoredWeights()
{
    const json::Document doc = parse(test::readFile(test::dataPath("model/k2_nested_shared_functional.json")));
    const keras::ModelGraph g = keras::ModelGraph::build(doc);
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    const std::vector<keras::StoredWeight> stored{
        {"inner", "inner_dense/kernel:0", {4, 3}},
        {"inner", "inner_dense/bias:0", {3}},
        {"head", "head/kernel:0", {3, 2}},
        {"head", "head/bias:0", {4}},
        {"stray", "stray/kernel:0", {1}},
    };
    const auto mismatches = keras::compareWeights(g, shapes, stored);
    QCOMPARE(mismatches.size(), size_t(2));
    QCOMPARE(mismatches[0].layer, QStringLiteral("head"));
    QCOMPARE(mismatches[0].index, 1);
    QCOMPARE(mismatches[0].message,
             QStringLiteral("Layer 'head': weight 1 (head/bias:0) has shape (4) in the file; the config implies (2)."));
    QCOMPARE(doc.pointer(mismatches[0].node), QStringLiteral("/config/layers/3"));
    QCOMPARE(mismatches[1].message,
             QStringLiteral("The file stores weights for 'stray', which is not a layer of the model."));

    QVERIFY(keras::compareWeights(g, shapes, {}).empty());
    const auto missing = keras::compareWeights(g, shapes, {{"inner", "k", {4, 3}}});
    QCOMPARE(missing.size(), size_t(2));
    QCOMPARE(missing[0].message, QStringLiteral("Layer 'inner' stores 1 weight(s); its config implies 2."));
    QCOMPARE(missing[1].message, QStringLiteral("Layer 'head' stores 0 weight(s); its config implies 2."));
}

void TestModelSummary::comparesCorpusH5Weights()
{
    KCS_REQUIRE_CORPUS(dir);
    for (const char* name : {"h5_keras205_mini_xception_emotion.hdf5", "h5_tfkeras224_stacked_bidirectional_lstm.h5",
                             "h5_keras333_speech_sequential.h5", "h5_keras122_theano_simple_lstm.h5"}) {
        auto loaded = load(dir + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(loaded);
        auto weights = loaded->file.weights();
        QVERIFY2(weights.has_value(), name);
        std::vector<keras::StoredWeight> stored;
        qint64 storedCount = 0;
        for (const formats::WeightInfo& w : *weights) {
            stored.push_back(keras::StoredWeight{w.layerPath, w.name, w.shape});
            qint64 n = 1;
            for (qint64 d : w.shape)
                n *= d;
            storedCount += n;
        }
        const auto mismatches = keras::compareWeights(loaded->graph, loaded->shapes, stored);
        QVERIFY2(mismatches.empty(), mismatches.empty() ? name : qPrintable(mismatches.front().message));
        QCOMPARE(storedCount, loaded->shapes.trainableParams(0) + loaded->shapes.nonTrainableParams(0));
    }
}

void TestModelSummary::convertsSnakeCase_data()
{
    QTest::addColumn<QString>("className");
    QTest::addColumn<QString>("snake");
    QTest::newRow("dense") << "Dense" << "dense";
    QTest::newRow("conv2d") << "Conv2D" << "conv2d";
    QTest::newRow("words") << "MultiHeadAttention" << "multi_head_attention";
    QTest::newRow("acronym") << "GRU" << "gru";
    QTest::newRow("batchnorm") << "BatchNormalization" << "batch_normalization";
    QTest::newRow("conv-transpose") << "Conv2DTranspose" << "conv2d_transpose";
    QTest::newRow("functional") << "Functional" << "functional";
}

void TestModelSummary::convertsSnakeCase()
{
    QFETCH(QString, className);
    QFETCH(QString, snake);
    QCOMPARE(keras::snakeCase(className), snake);
}

void TestModelSummary::mapsKerasZipWeightPaths()
{
    // Sequential: Dense "a", Dense "b", BatchNormalization "bn".
    const json::Document doc = parse(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "a", "units": 3, "batch_input_shape": [null, 2]}},
        {"class_name": "Dense", "config": {"name": "b", "units": 2}},
        {"class_name": "BatchNormalization", "config": {"name": "bn"}}]}})");
    const keras::ModelGraph g = keras::ModelGraph::build(doc);
    const keras::ShapeInference shapes = keras::ShapeInference::run(doc, g);
    const std::vector<keras::StoredWeight> listing{
        {"layers/batch_normalization", "0", {2}}, {"layers/batch_normalization", "1", {2}},
        {"layers/batch_normalization", "2", {2}}, {"layers/batch_normalization", "3", {2}},
        {"layers\\dense", "1", {3}}, {"layers\\dense", "0", {2, 3}},
        {"layers/dense_1", "0", {3, 2}}, {"layers/dense_1", "1", {5}},
        {"optimizer", "0", {}},
    };
    const std::vector<keras::StoredWeight> mapped = keras::weightsFromKerasZip(g, listing);
    QStringList got;
    for (const keras::StoredWeight& w : mapped)
        got.append(w.layer + QLatin1Char(':') + w.name.section(QLatin1Char('/'), -1));
    QCOMPARE(got, (QStringList{"bn:0", "bn:1", "bn:2", "bn:3", "a:0", "a:1", "b:0", "b:1"}));
    const auto mismatches = keras::compareWeights(g, shapes, mapped);
    QCOMPARE(mismatches.size(), size_t(1));
    QCOMPARE(mismatches[0].message, QStringLiteral("Layer 'b': weight 1 (layers/dense_1/1) has shape (5) in the file; "
                                                   "the config implies (2)."));

    // Sub-object variables carry no Keras order: only their sizes are compared.
    const std::vector<keras::StoredWeight> nested = keras::weightsFromKerasZip(
        g, {{"layers/dense/inner", "0", {3}}, {"layers/dense/inner", "1", {2, 3}}, {"layers/dense_1/cell", "0", {4}}});
    QVERIFY(!nested.front().ordered);
    const auto sizes = keras::compareWeights(g, shapes, nested);
    QCOMPARE(sizes.size(), size_t(2)); // "a" matches in size (9); "b" does not; "bn" stores nothing
    QCOMPARE(sizes[0].message, QStringLiteral("Layer 'b' stores 4 parameter(s); its config implies 8."));
    QCOMPARE(sizes[1].message, QStringLiteral("Layer 'bn' stores 0 weight(s); its config implies 4."));
}

void TestModelSummary::comparesCorpusKerasZipWeights()
{
    KCS_REQUIRE_CORPUS(dir);
    for (const char* name : {"keraszip_keras310_retail_transformer_mha.keras", "keraszip_keras35_siamese_custom_l1distance.keras",
                             "keraszip_tfkeras215_ecg_transformer_addons_loss.keras"}) {
        auto loaded = load(dir + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(loaded);
        auto weights = loaded->file.weights();
        QVERIFY2(weights.has_value(), name);
        std::vector<keras::StoredWeight> listing;
        for (const formats::WeightInfo& w : *weights)
            listing.push_back(keras::StoredWeight{w.layerPath, w.name, w.shape});
        const auto mapped = keras::weightsFromKerasZip(loaded->graph, listing);
        QVERIFY(!mapped.empty());
        const auto mismatches = keras::compareWeights(loaded->graph, loaded->shapes, mapped);
        QVERIFY2(mismatches.empty(), mismatches.empty() ? name : qPrintable(mismatches.front().message));
    }
}

QTEST_GUILESS_MAIN(TestModelSummary)
#include "TestModelSummary.moc"
