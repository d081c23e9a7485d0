// SPDX-License-Identifier: GPL-3.0-or-later
// Opening model files: kind and dialect by content, metadata, where the model and the training
// config are, stored weights, and the "not a model" messages.
#include "FormatFixtures.h"
#include "core/formats/ModelFile.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kcs;
using namespace kcs::formats;

class TestModelFileOpen : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString temp(const QString& name) const { return m_dir.filePath(name); }

    static QString pointerOrEmpty(const json::Document& doc, json::NodeId node)
    {
        return node == json::kNoNode ? QStringLiteral("-") : doc.pointer(node);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void opensJsonKinds_data();
    void opensJsonKinds();
    void unwrapsJsonString();
    void readsTfjsWeightsManifest();
    void readsTfjsWeightValuesFromShards();
    void opensKerasZip();
    void listsKerasZipWeights();
    void opensLegacyH5_data();
    void opensLegacyH5();
    void readsH5TrainingConfigAndWeights_data();
    void readsH5TrainingConfigAndWeights();
    void detectsByContentNotName();
    void opensUnzippedKerasDirectory();
    void reportsWhatANonModelIs_data();
    void reportsWhatANonModelIs();
    void reportsJsonSyntaxErrorWithPosition();
    void namesKindsAndDialects();
};

void TestModelFileOpen::opensJsonKinds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<int>("wrapping");
    QTest::addColumn<QString>("modelPointer");
    QTest::addColumn<QString>("trainingPointer");
    QTest::addColumn<QString>("kerasVersion");
    QTest::addColumn<QString>("backend");

    const int none = int(JsonWrapping::None);
    QTest::newRow("keras1 with version") << "keras1_sequential.json" << "keras-json" << "keras1" << none << "" << "-" << "1.2.2" << "";
    QTest::newRow("keras1 bare layer list") << "keras1_bare_layer_list.json" << "keras-json" << "keras1" << none << "" << "-" << "" << "";
    QTest::newRow("keras2 to_json") << "keras2_functional.json" << "keras-json" << "keras2" << none << "" << "-" << "2.15.0" << "tensorflow";
    QTest::newRow("keras2 without version") << "keras2_sequential_no_version.json" << "keras-json" << "keras2" << none << "" << "-" << "" << "";
    QTest::newRow("keras3 config with compile_config") << "keras3_functional.json" << "keras-json" << "keras3" << none << ""
                                                       << "/compile_config" << "" << "";
    QTest::newRow("h5-style wrapper") << "h5_style_wrapper.json" << "keras-json" << "keras2" << int(JsonWrapping::ModelConfig)
                                      << "/model_config" << "/training_config" << "2.4.0" << "tensorflow";
    QTest::newRow("tfjs converter") << "tfjs_converter.json" << "tfjs" << "keras2" << none << "/modelTopology/model_config"
                                    << "/modelTopology/training_config" << "2.10.0" << "tensorflow";
    QTest::newRow("tfjs-layers native") << "tfjs_layers_native.json" << "tfjs" << "keras2" << none << "/modelTopology" << "-"
                                        << "tfjs-layers 3.13.0" << "tensor_flow.js";
}

void TestModelFileOpen::opensJsonKinds()
{
    QFETCH(QString, file);
    auto opened = ModelFile::open(test::dataPath(QStringLiteral("formats/") + file));
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QFETCH(QString, kind);
    QFETCH(QString, dialect);
    QFETCH(int, wrapping);
    QFETCH(QString, modelPointer);
    QFETCH(QString, trainingPointer);
    QCOMPARE(kindName(opened->kind()), kind);
    QCOMPARE(dialectName(opened->dialect()), dialect);
    QCOMPARE(int(opened->wrapping()), wrapping);
    QCOMPARE(opened->config().pointer(opened->modelNode()), modelPointer);
    QCOMPARE(pointerOrEmpty(opened->config(), opened->trainingNode()), trainingPointer);
    QCOMPARE(opened->trainingDocument() != nullptr, trainingPointer != QLatin1String("-"));
    QFETCH(QString, kerasVersion);
    QFETCH(QString, backend);
    QCOMPARE(opened->metadata().kerasVersion, kerasVersion);
    QCOMPARE(opened->metadata().backend, backend);
    QVERIFY(opened->notes().isEmpty());
    QVERIFY(!opened->isModified());
    QVERIFY(opened->zipEntries().empty());
}

void TestModelFileOpen::unwrapsJsonString()
{
    const QString path = test::dataPath(QStringLiteral("formats/json_string_model.json"));
    auto opened = ModelFile::open(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE(opened->kind(), FileKind::KerasJson);
    QCOMPARE(opened->wrapping(), JsonWrapping::JsonString);
    QCOMPARE(opened->dialect(), FileDialect::Keras2);
    QCOMPARE(opened->metadata().kerasVersion, QStringLiteral("2.3.1"));
    QCOMPARE(opened->notes(), QStringList{QStringLiteral(
        "The file is a JSON string that contains the model JSON; it is shown unwrapped. "
        "Saving writes it back as a JSON string; export the config to get plain JSON.")});
    QCOMPARE(opened->config().pointer(opened->modelNode()), QString());
    // The document is the decoded string: the escaped quote and \u00e9 are real characters now.
    QVERIFY(opened->config().text().startsWith(R"({"class_name": "Sequential", "config": {"name": "sequential")"));
    QVERIFY(opened->config().text().contains("\"d\xc3\xa9nse\""));
}

void TestModelFileOpen::readsTfjsWeightsManifest()
{
    auto opened = ModelFile::open(test::dataPath(QStringLiteral("formats/tfjs_converter.json")));
    QVERIFY(opened);
    QCOMPARE(opened->metadata().generatedBy, QStringLiteral("keras v2.10.0"));
    QCOMPARE(opened->metadata().convertedBy, QStringLiteral("TensorFlow.js Converter v3.18.0"));
    auto weights = opened->weights();
    QVERIFY(weights);
    QCOMPARE(weights->size(), size_t(2));
    const WeightInfo& kernel = weights->at(0);
    QCOMPARE(kernel.layerPath, QStringLiteral("dense"));
    QCOMPARE(kernel.name, QStringLiteral("kernel"));
    QCOMPARE(kernel.shape, (std::vector<qint64>{3, 2}));
    QCOMPARE(kernel.dtype, QStringLiteral("float32"));
    QCOMPARE(kernel.byteSize, 24);
    QCOMPARE(kernel.location, QStringLiteral("group1-shard1of1.bin"));
    QCOMPARE(weights->at(1).name, QStringLiteral("bias"));
    QCOMPARE(weights->at(1).byteSize, 8);
    QCOMPARE(kernel.offset, 0);
    QCOMPARE(weights->at(1).offset, 24);
}

void TestModelFileOpen::readsTfjsWeightValuesFromShards()
{
    // One group split over two shards; the second weight starts in the first shard and ends in
    // the second, the third is quantized to uint8.
    const QByteArray modelJson = R"({"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"layers": []}},
 "weightsManifest": [{"paths": ["s1.bin", "s2.bin"], "weights": [
  {"name": "d/kernel", "shape": [2, 2], "dtype": "float32"},
  {"name": "d/bias", "shape": [3], "dtype": "float32"},
  {"name": "q/kernel", "shape": [4], "dtype": "float32", "quantization": {"dtype": "uint8", "min": 0.0, "scale": 1.0}}]}]})";
    QByteArray all;
    for (int i = 0; i < 16 + 12 + 4; ++i)
        all += char(i);
    QTemporaryDir dir;
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("model.json")), modelJson));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("s1.bin")), all.left(20)));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("s2.bin")), all.mid(20)));
    auto opened = ModelFile::open(dir.filePath(QStringLiteral("model.json")));
    QVERIFY(opened);
    auto weights = opened->weights();
    QVERIFY(weights);
    QCOMPARE(weights->size(), size_t(3));
    QCOMPARE(weights->at(2).byteSize, 4);
    QCOMPARE(weights->at(2).offset, 28);
    QCOMPARE(*opened->weightData(weights->at(0)), all.left(16));
    QCOMPARE(*opened->weightData(weights->at(1)), all.mid(16, 12));
    QCOMPARE(*opened->weightData(weights->at(2)), all.mid(28, 4));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("s2.bin")), all.mid(20, 4)));
    auto cut = opened->weightData(weights->at(2));
    QVERIFY(!cut);
    QCOMPARE(cut.error().message, QStringLiteral("the weight shards end before weight 'q/kernel'"));
}

void TestModelFileOpen::opensKerasZip()
{
    const QByteArray config = test::readFile(test::dataPath(QStringLiteral("formats/keras3_functional.json")));
    const QString path = temp(QStringLiteral("model.keras"));
    QVERIFY(test::writeZip(path, test::kerasZipMembers(config, {})));
    auto opened = ModelFile::open(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE(opened->kind(), FileKind::KerasZip);
    QCOMPARE(opened->dialect(), FileDialect::Keras3);
    QCOMPARE(opened->metadata().kerasVersion, QStringLiteral("3.10.0"));
    QCOMPARE(opened->metadata().dateSaved, QStringLiteral("2025-06-01@12:00:00"));
    QCOMPARE(opened->config().text(), config);
    QCOMPARE(opened->config().pointer(opened->trainingNode()), QStringLiteral("/compile_config"));
    QStringList names;
    QList<int> methods;
    for (const ZipEntryInfo& e : opened->zipEntries()) {
        names << e.name;
        methods << e.method;
    }
    QCOMPARE(names, (QStringList{"metadata.json", "config.json", "model.weights.h5", "assets/layers/text_vectorization/vocabulary.txt"}));
    QCOMPARE(methods, (QList<int>{0, 0, 0, 8}));
    QCOMPARE(opened->zipEntries().at(1).uncompressedSize, config.size());
    QCOMPARE(opened->zipEntries().at(3).externalAttributes >> 16, 0644u);
}

void TestModelFileOpen::listsKerasZipWeights()
{
    const QString weightsPath = temp(QStringLiteral("model.weights.h5"));
    QVERIFY(test::writeKerasWeightsH5(weightsPath));
    const QString path = temp(QStringLiteral("weights.keras"));
    QVERIFY(test::writeZip(path, test::kerasZipMembers(test::smallModelConfig(), test::readFile(weightsPath))));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    auto weights = opened->weights();
    QVERIFY2(weights, qPrintable(weights ? QString() : weights.error().message));
    QCOMPARE(weights->size(), size_t(3));
    QCOMPARE(weights->at(0).layerPath, QStringLiteral("layers/dense"));
    QCOMPARE(weights->at(0).name, QStringLiteral("0"));
    QCOMPARE(weights->at(0).shape, (std::vector<qint64>{3, 2}));
    QCOMPARE(weights->at(0).dtype, QStringLiteral("float32"));
    QCOMPARE(weights->at(0).byteSize, 24);
    QCOMPARE(weights->at(1).name, QStringLiteral("1"));
    QCOMPARE(weights->at(1).shape, (std::vector<qint64>{2}));
    QCOMPARE(weights->at(2).layerPath, QStringLiteral("optimizer"));
    QCOMPARE(weights->at(2).shape, std::vector<qint64>{});
    QCOMPARE(weights->at(2).dtype, QStringLiteral("int64"));
    QCOMPARE(weights->at(2).byteSize, 8);
    auto values = opened->weightData(weights->at(1));
    QVERIFY(values);
    const float bias[2] = {0.0f, 1.0f};
    QCOMPARE(*values, QByteArray(reinterpret_cast<const char*>(bias), sizeof bias));
}

void TestModelFileOpen::opensLegacyH5_data()
{
    QTest::addColumn<int>("stringType");
    QTest::addColumn<QByteArray>("kerasVersion");
    QTest::addColumn<QString>("dialect");
    QTest::newRow("fixed-length bytes, keras 2") << int(test::H5StringType::FixedBytes) << QByteArray("2.15.0") << "keras2";
    QTest::newRow("variable-length UTF-8, keras 2") << int(test::H5StringType::VariableUtf8) << QByteArray("2.2.4-tf") << "keras2";
    QTest::newRow("keras 1") << int(test::H5StringType::FixedBytes) << QByteArray("1.2.2") << "keras1";
    QTest::newRow("keras 3 writing legacy h5") << int(test::H5StringType::VariableUtf8) << QByteArray("3.3.3") << "keras3";
    QTest::newRow("empty keras_version: from content") << int(test::H5StringType::FixedBytes) << QByteArray() << "keras2";
}

void TestModelFileOpen::opensLegacyH5()
{
    QFETCH(int, stringType);
    QFETCH(QByteArray, kerasVersion);
    QFETCH(QString, dialect);
    test::H5Spec spec;
    spec.modelConfig = test::smallModelConfig();
    spec.configType = test::H5StringType(stringType);
    spec.kerasVersion = kerasVersion;
    const QString path = temp(QStringLiteral("legacy.h5"));
    QVERIFY(test::writeH5(path, spec));
    auto opened = ModelFile::open(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE(opened->kind(), FileKind::H5);
    QCOMPARE(dialectName(opened->dialect()), dialect);
    QCOMPARE(opened->metadata().kerasVersion, QString::fromUtf8(kerasVersion));
    QCOMPARE(opened->metadata().backend, QStringLiteral("tensorflow"));
    QCOMPARE(opened->config().text(), test::smallModelConfig());
    QCOMPARE(opened->modelNode(), opened->config().root());
    QCOMPARE(opened->trainingNode(), json::kNoNode);
    QVERIFY(opened->trainingDocument() == nullptr);
}

void TestModelFileOpen::readsH5TrainingConfigAndWeights_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("weight_names") << false;
    QTest::newRow("weight_names0, weight_names1") << true;
}

void TestModelFileOpen::readsH5TrainingConfigAndWeights()
{
    QFETCH(bool, chunked);
    test::H5Spec spec;
    spec.modelConfig = test::smallModelConfig();
    spec.trainingConfig = R"({"loss": "mse", "metrics": null, "optimizer_config": {"class_name": "SGD", "config": {}}})";
    spec.chunkedWeightNames = chunked;
    const QString path = temp(QStringLiteral("trained.h5"));
    QVERIFY(test::writeH5(path, spec));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    QVERIFY(opened->trainingDocument() != nullptr);
    QVERIFY(opened->trainingDocument() != &opened->config());
    QCOMPARE(opened->trainingDocument()->text(), spec.trainingConfig);
    QCOMPARE(opened->trainingNode(), opened->trainingDocument()->root());
    auto weights = opened->weights();
    QVERIFY2(weights, qPrintable(weights ? QString() : weights.error().message));
    QCOMPARE(weights->size(), size_t(2));
    QCOMPARE(weights->at(0).layerPath, QStringLiteral("dense"));
    QCOMPARE(weights->at(0).name, QStringLiteral("dense/kernel:0"));
    QCOMPARE(weights->at(0).shape, (std::vector<qint64>{3, 2}));
    QCOMPARE(weights->at(0).dtype, QStringLiteral("float32"));
    QCOMPARE(weights->at(0).location, QStringLiteral("model_weights/dense/dense/kernel:0"));
    QCOMPARE(weights->at(1).name, QStringLiteral("dense/bias:0"));
    QCOMPARE(weights->at(1).byteSize, 8);
    auto values = opened->weightData(weights->at(0));
    QVERIFY(values);
    const float kernel[6] = {0.5f, -1.0f, 2.0f, 0.25f, 3.0f, -0.125f};
    QCOMPARE(*values, QByteArray(reinterpret_cast<const char*>(kernel), sizeof kernel));
}

void TestModelFileOpen::detectsByContentNotName()
{
    const QString jsonNamedH5 = temp(QStringLiteral("really-json.h5"));
    QVERIFY(QFile::copy(test::dataPath(QStringLiteral("formats/keras2_functional.json")), jsonNamedH5));
    const QString zipNamedJson = temp(QStringLiteral("really-zip.json"));
    QVERIFY(test::writeZip(zipNamedJson, test::kerasZipMembers(test::smallModelConfig(), {})));
    const QString h5NamedKeras = temp(QStringLiteral("really-h5.keras"));
    test::H5Spec spec;
    spec.modelConfig = test::smallModelConfig();
    QVERIFY(test::writeH5(h5NamedKeras, spec));
    QCOMPARE(ModelFile::open(jsonNamedH5)->kind(), FileKind::KerasJson);
    QCOMPARE(ModelFile::open(zipNamedJson)->kind(), FileKind::KerasZip);
    QCOMPARE(ModelFile::open(h5NamedKeras)->kind(), FileKind::H5);
}

void TestModelFileOpen::opensUnzippedKerasDirectory()
{
    QTemporaryDir dir;
    const QByteArray config = test::readFile(test::dataPath(QStringLiteral("formats/keras2_sequential_no_version.json")));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("config.json")), config));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("metadata.json")), R"({"keras_version": "3.4.1", "date_saved": "2024-07-01@09:30:00"})"));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("model.weights.h5")), "not read"));
    auto opened = ModelFile::open(dir.path());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE(opened->kind(), FileKind::KerasJson);
    QCOMPARE(opened->path(), dir.filePath(QStringLiteral("config.json")));
    // The content alone looks like Keras 2; metadata.json says who wrote it.
    QCOMPARE(opened->dialect(), FileDialect::Keras3);
    QCOMPARE(opened->metadata().kerasVersion, QStringLiteral("3.4.1"));
    QCOMPARE(opened->metadata().dateSaved, QStringLiteral("2024-07-01@09:30:00"));
    QCOMPARE(opened->notes(), QStringList{QStringLiteral("The directory holds an unzipped .keras model; its config.json is opened and saved.")});
    QCOMPARE(opened->config().text(), config);
}

void TestModelFileOpen::reportsWhatANonModelIs_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const auto data = [](const char* name) { return test::dataPath(QStringLiteral("formats/") + QLatin1String(name)); };
    const int notModel = int(ErrorCode::NotAModel);
    QTest::newRow("git lfs pointer") << data("git_lfs_pointer.json") << notModel
        << "not a Keras model file: it is a Git LFS pointer, a placeholder for a file stored with Git Large File Storage "
           "(the real file has 146961 bytes); run `git lfs pull` in the repository to fetch the real file";
    QTest::newRow("json object") << data("not_a_model.json") << notModel
                                 << R"(not a Keras model file: it is a JSON object with keys "name", "epochs", "lr")";
    QTest::newRow("tfjs graph model") << data("tfjs_graph_model.json") << notModel
        << R"(not a Keras model file: it is a TensorFlow.js graph model (format "graph-model"), not a Keras layers model)";
    QTest::newRow("weights manifest") << data("tfjs_weights_manifest.json") << notModel
        << "not a Keras model file: it is a TensorFlow.js weights manifest (no model topology)";
    QTest::newRow("metadata.json") << data("keras_metadata.json") << notModel
        << "not a Keras model file: it is a .keras metadata.json (the model config is in config.json beside it)";
    QTest::newRow("csv text") << data("not_json.csv") << notModel << R"(not a Keras model file: it is text beginning "a,b,c 1,2,3")";

    QTemporaryDir* dir = &m_dir;
    const auto make = [dir](const char* name, const QByteArray& bytes) {
        const QString p = dir->filePath(QLatin1String(name));
        test::writeFile(p, bytes);
        return p;
    };
    QTest::newRow("empty file") << make("empty.json", {}) << notModel << "not a Keras model file: it is an empty file";
    QTest::newRow("png") << make("model.png", QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)) << notModel
                         << "not a Keras model file: it is a PNG image";
    QTest::newRow("pickle") << make("model.pkl", QByteArray("\x80\x04\x95\x10\0\0\0", 7)) << notModel
                            << "not a Keras model file: it is a Python pickle (never opened here: unpickling runs code)";

    QDir(m_dir.path()).mkpath(QStringLiteral("saved_model/variables"));
    make("saved_model/saved_model.pb", QByteArray("\x08\x01\x12", 3));
    QTest::newRow("SavedModel directory") << m_dir.filePath(QStringLiteral("saved_model")) << notModel
        << "not a Keras model file: it is a TensorFlow SavedModel directory (saved_model.pb), which has no Keras config to edit";

    test::H5Spec weightsOnly;
    weightsOnly.weightsOnly = true;
    test::writeH5(m_dir.filePath(QStringLiteral("weights_only.h5")), weightsOnly);
    QTest::newRow("weights-only h5") << m_dir.filePath(QStringLiteral("weights_only.h5")) << notModel
        << "not a Keras model file: it is a Keras weights-only HDF5 file (written by save_weights), which has no model config";
    test::H5Spec plain;
    plain.withWeights = false;
    test::writeH5(m_dir.filePath(QStringLiteral("plain.h5")), plain);
    QTest::newRow("hdf5 without model_config") << m_dir.filePath(QStringLiteral("plain.h5")) << notModel
        << "not a Keras model file: it is an HDF5 file without a model_config attribute";
    test::writeKerasWeightsH5(m_dir.filePath(QStringLiteral("k3.weights.h5")));
    QTest::newRow("keras 3 weights file") << m_dir.filePath(QStringLiteral("k3.weights.h5")) << notModel
        << "not a Keras model file: it is a Keras 3 weights file (model.weights.h5); the config is in the .keras archive it came from";
    test::writeZip(m_dir.filePath(QStringLiteral("arrays.npz")),
                   {{QStringLiteral("a.npy"), QByteArray("\x93NUMPY", 6)}, {QStringLiteral("b.npy"), QByteArray("\x93NUMPY", 6)}});
    QTest::newRow("npz archive") << m_dir.filePath(QStringLiteral("arrays.npz")) << notModel
                                 << "not a Keras model file: it is a NumPy .npz archive (arrays only, no model config)";
}

void TestModelFileOpen::reportsWhatANonModelIs()
{
    QFETCH(QString, path);
    QFETCH(int, code);
    QFETCH(QString, message);
    auto opened = ModelFile::open(path);
    QVERIFY(!opened);
    QCOMPARE(opened.error().message, message);
    QCOMPARE(int(opened.error().code), code);
}

void TestModelFileOpen::reportsJsonSyntaxErrorWithPosition()
{
    const QString path = test::dataPath(QStringLiteral("formats/syntax_error.json"));
    auto opened = ModelFile::open(path);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, ErrorCode::Syntax);
    QCOMPARE(opened.error().where.line, 2);
    QCOMPARE(opened.error().where.column, 37);
    QCOMPARE(formatFileError(path, opened.error()), path + QStringLiteral(":2:37: error: ") + opened.error().message);
}

void TestModelFileOpen::namesKindsAndDialects()
{
    QCOMPARE(kindName(FileKind::KerasJson), QStringLiteral("keras-json"));
    QCOMPARE(kindName(FileKind::KerasZip), QStringLiteral("keras-zip"));
    QCOMPARE(kindName(FileKind::H5), QStringLiteral("h5"));
    QCOMPARE(kindName(FileKind::Tfjs), QStringLiteral("tfjs"));
    QCOMPARE(dialectName(FileDialect::Keras1), QStringLiteral("keras1"));
    QCOMPARE(dialectName(FileDialect::Keras2), QStringLiteral("keras2"));
    QCOMPARE(dialectName(FileDialect::Keras3), QStringLiteral("keras3"));
    QCOMPARE(kindFromName(u"tfjs"), FileKind::Tfjs);
    QCOMPARE(dialectFromName(u"keras1"), FileDialect::Keras1);
    QVERIFY(!kindFromName(u"zip"));
    QVERIFY(!dialectFromName(u"keras4"));
}

QTEST_GUILESS_MAIN(TestModelFileOpen)
#include "TestModelFileOpen.moc"
