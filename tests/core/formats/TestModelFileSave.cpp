// SPDX-License-Identifier: GPL-3.0-or-later
// Saving model files: unedited saves reproduce the file, edits change only the config, JSON
// export, saving in place, and failures that leave every file as it was.
#include "FormatFixtures.h"
#include "core/formats/ModelFile.h"
#include "core/json/PyJson.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace kcs;
using namespace kcs::formats;

class TestModelFileSave : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString temp(const QString& name) const { return m_dir.filePath(name); }

    /// Renames the layer "dense" of smallModelConfig-shaped configs.
    static void renameDense(ModelFile& file)
    {
        const json::NodeId name = file.config().find(QStringLiteral("/config/layers/0/config/name"));
        QVERIFY(name != json::kNoNode);
        QVERIFY(file.config().replaceValue(name, json::Value("renamed")));
    }

    QString makeKerasZip(const QString& name)
    {
        const QString weights = temp(name + QStringLiteral(".weights.h5"));
        if (!test::writeKerasWeightsH5(weights))
            return {};
        const QString path = temp(name);
        return test::writeZip(path, test::kerasZipMembers(test::smallModelConfig(), test::readFile(weights))) ? path : QString();
    }

    QString makeH5(const QString& name, test::H5StringType type)
    {
        test::H5Spec spec;
        spec.modelConfig = test::smallModelConfig();
        spec.configType = type;
        spec.trainingConfig = R"({"loss": "mse"})";
        const QString path = temp(name);
        return test::writeH5(path, spec) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void savesJsonByteIdentical_data();
    void savesJsonByteIdentical();
    void rewrapsEditedJsonString();
    void editsTfjsTopologyOnly();
    void exportsModelConfig_data();
    void exportsModelConfig();
    void savesKerasZipEntryForEntry();
    void editsOnlyConfigJsonInKerasZip();
    void savesH5Unchanged_data();
    void savesH5Unchanged();
    void editsOnlyModelConfigInH5_data();
    void editsOnlyModelConfigInH5();
    void growsModelConfigPast64KiB_data();
    void growsModelConfigPast64KiB();
    void savesInPlace_data();
    void savesInPlace();
    void failedSaveLeavesFilesIntact_data();
    void failedSaveLeavesFilesIntact();
};

void TestModelFileSave::savesJsonByteIdentical_data()
{
    QTest::addColumn<QString>("file");
    for (const char* f : {"keras1_sequential.json", "keras1_bare_layer_list.json", "keras2_functional.json",
                          "keras2_sequential_no_version.json", "keras3_functional.json", "h5_style_wrapper.json",
                          "json_string_model.json", "tfjs_converter.json", "tfjs_layers_native.json"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestModelFileSave::savesJsonByteIdentical()
{
    QFETCH(QString, file);
    const QString path = test::dataPath(QStringLiteral("formats/") + file);
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const QString out = temp(QStringLiteral("saved-") + file);
    QVERIFY(opened->save(out));
    QCOMPARE(test::readFile(out), test::readFile(path));
}

void TestModelFileSave::rewrapsEditedJsonString()
{
    auto opened = ModelFile::open(test::dataPath(QStringLiteral("formats/json_string_model.json")));
    QVERIFY(opened);
    renameDense(*opened);
    QVERIFY(opened->isModified());
    const QString out = temp(QStringLiteral("string.json"));
    QVERIFY(opened->save(out));
    const QByteArray saved = test::readFile(out);
    // Written back as Python would write the string: quoted, ASCII-only, \" escapes.
    QCOMPARE(saved, json::quoteString(QString::fromUtf8(opened->config().text())));
    QVERIFY(saved.startsWith(R"("{\"class_name\": \"Sequential\")"));
    QVERIFY(saved.contains(R"(\"name\": \"renamed\")"));
    auto reopened = ModelFile::open(out);
    QVERIFY(reopened);
    QCOMPARE(reopened->wrapping(), JsonWrapping::JsonString);
    QCOMPARE(reopened->config().text(), opened->config().text());
}

void TestModelFileSave::editsTfjsTopologyOnly()
{
    const QString path = test::dataPath(QStringLiteral("formats/tfjs_converter.json"));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const json::NodeId units = opened->config().find(QStringLiteral("/modelTopology/model_config/config/layers/0/config/units"));
    QVERIFY(units != json::kNoNode);
    QVERIFY(opened->config().replaceValue(units, json::Value(16)));
    const QString out = temp(QStringLiteral("tfjs.json"));
    QVERIFY(opened->save(out));
    QByteArray expected = test::readFile(path);
    expected.replace(R"("units": 2})", R"("units": 16})");
    QCOMPARE(test::readFile(out), expected);
}

void TestModelFileSave::exportsModelConfig_data()
{
    QTest::addColumn<QString>("source"); // a data file, or "zip"/"h5" for generated ones
    QTest::addColumn<QByteArray>("expected");
    const QByteArray wrapperModel = R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "Dense", "config": {"name": "dense", "batch_input_shape": [null, 3], "units": 1}}]}})";
    const QByteArray tfjsModel = R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "Dense", "config": {"name": "dense", "batch_input_shape": [null, 3], "units": 2}}]}})";
    QTest::newRow("h5-style wrapper") << "h5_style_wrapper.json" << wrapperModel;
    QTest::newRow("tfjs") << "tfjs_converter.json" << tfjsModel;
    QTest::newRow("keras zip") << "zip" << test::smallModelConfig();
    QTest::newRow("legacy h5") << "h5" << test::smallModelConfig();
    // The root value's own bytes: the file's trailing newline is not part of it.
    QTest::newRow("plain json") << "keras2_functional.json"
                                << test::readFile(test::dataPath(QStringLiteral("formats/keras2_functional.json"))).chopped(1);
}

void TestModelFileSave::exportsModelConfig()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, expected);
    QString path;
    if (source == QLatin1String("zip"))
        path = makeKerasZip(QStringLiteral("export.keras"));
    else if (source == QLatin1String("h5"))
        path = makeH5(QStringLiteral("export.h5"), test::H5StringType::FixedBytes);
    else
        path = test::dataPath(QStringLiteral("formats/") + source);
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const QString out = temp(QStringLiteral("exported.json"));
    SaveOptions options;
    options.exportConfigJson = true;
    QVERIFY(opened->save(out, options));
    QCOMPARE(test::readFile(out), expected);
    QCOMPARE(opened->modelConfigText(), expected);
    QCOMPARE(ModelFile::open(out)->kind(), FileKind::KerasJson);
}

void TestModelFileSave::savesKerasZipEntryForEntry()
{
    const QString path = makeKerasZip(QStringLiteral("roundtrip.keras"));
    QVERIFY(!path.isEmpty());
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const QString out = temp(QStringLiteral("roundtrip-saved.keras"));
    QVERIFY(opened->save(out));
    const QList<test::RawZipMember> original = test::readRawZip(path);
    QCOMPARE(original.size(), 4);
    QCOMPARE(original.at(3).method, 8); // the asset is deflated: copied raw, not re-compressed
    QCOMPARE(test::readRawZip(out), original);
}

void TestModelFileSave::editsOnlyConfigJsonInKerasZip()
{
    const QString path = makeKerasZip(QStringLiteral("edit.keras"));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    renameDense(*opened);
    const QString out = temp(QStringLiteral("edit-saved.keras"));
    QVERIFY(opened->save(out));
    QList<test::RawZipMember> original = test::readRawZip(path);
    QList<test::RawZipMember> saved = test::readRawZip(out);
    QCOMPARE(saved.size(), original.size());
    const test::RawZipMember config = saved.takeAt(1);
    const test::RawZipMember oldConfig = original.takeAt(1);
    QCOMPARE(saved, original);
    QCOMPARE(config.name, QStringLiteral("config.json"));
    QCOMPARE(config.method, 0);
    QCOMPARE(config.modified, oldConfig.modified);
    QCOMPARE(config.externalAttr, oldConfig.externalAttr);
    QCOMPARE(config.rawBytes, QByteArray(test::smallModelConfig()).replace(R"("name": "dense")", R"("name": "renamed")"));
    auto reopened = ModelFile::open(out);
    QVERIFY(reopened);
    QCOMPARE(reopened->config().text(), config.rawBytes);
    QCOMPARE(reopened->weights()->size(), size_t(3));
}

void TestModelFileSave::savesH5Unchanged_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("fixed-length") << int(test::H5StringType::FixedBytes);
    QTest::newRow("variable-length") << int(test::H5StringType::VariableUtf8);
}

void TestModelFileSave::savesH5Unchanged()
{
    QFETCH(int, type);
    const QString path = makeH5(QStringLiteral("same.h5"), test::H5StringType(type));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const QString out = temp(QStringLiteral("same-saved.h5"));
    QVERIFY(opened->save(out));
    QCOMPARE(test::dumpH5(out), test::dumpH5(path));
    QCOMPARE(test::readFile(out), test::readFile(path));
}

void TestModelFileSave::editsOnlyModelConfigInH5_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("typePrefix"); // how the new attribute is typed (class 3 = string)
    QTest::newRow("fixed-length bytes stay fixed") << int(test::H5StringType::FixedBytes)
                                                   << QByteArray("class=3 size=174 vlen=0 space=0 dims= pad=1 cset=0:");
    QTest::newRow("variable-length UTF-8 stays variable") << int(test::H5StringType::VariableUtf8)
                                                          << QByteArray("class=3 size=8 vlen=1 space=0 dims= pad=0 cset=1:");
}

void TestModelFileSave::editsOnlyModelConfigInH5()
{
    QFETCH(int, type);
    QFETCH(QByteArray, typePrefix);
    const QString path = makeH5(QStringLiteral("edit.h5"), test::H5StringType(type));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    renameDense(*opened);
    const QString out = temp(QStringLiteral("edit-saved.h5"));
    QVERIFY(opened->save(out));
    auto saved = test::dumpH5(out);
    auto original = test::dumpH5(path);
    const QByteArray attr = saved.take(QStringLiteral("/@model_config"));
    original.remove(QStringLiteral("/@model_config"));
    QCOMPARE(saved, original); // weights, training_config, versions: all as they were
    QVERIFY2(attr.startsWith(typePrefix), attr.constData());
    QVERIFY(attr.contains(R"("name": "renamed")"));
    auto reopened = ModelFile::open(out);
    QVERIFY(reopened);
    QCOMPARE(reopened->config().text(), opened->config().text());
    QCOMPARE(reopened->trainingDocument()->text(), QByteArray(R"({"loss": "mse"})"));
}

void TestModelFileSave::growsModelConfigPast64KiB_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("fixed-length") << int(test::H5StringType::FixedBytes);
    QTest::newRow("variable-length") << int(test::H5StringType::VariableUtf8);
}

void TestModelFileSave::growsModelConfigPast64KiB()
{
    // Object header messages of the original HDF5 format hold at most 64 KiB; a config that grows
    // past that must still be saved (Keras' big models have such configs).
    QFETCH(int, type);
    const QString path = makeH5(QStringLiteral("grow.h5"), test::H5StringType(type));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    const json::NodeId name = opened->config().find(QStringLiteral("/config/layers/0/config/name"));
    QVERIFY(opened->config().replaceValue(name, json::Value(QString(100000, QLatin1Char('n')))));
    const QString out = temp(QStringLiteral("grow-saved.h5"));
    auto saved = opened->save(out);
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
    auto reopened = ModelFile::open(out);
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
    QCOMPARE(reopened->config().text(), opened->config().text());
    QCOMPARE(reopened->weights()->size(), size_t(2));
    // Fixed-length strings cannot grow that far in this file format: the value becomes a
    // variable-length string of the same character set (which Keras reads the same way).
    QVERIFY(test::dumpH5(out).value(QStringLiteral("/@model_config")).startsWith("class=3 size=8 vlen=1 space=0 dims= pad="));
}

void TestModelFileSave::savesInPlace_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("keras zip") << "zip";
    QTest::newRow("h5") << "h5";
    QTest::newRow("json") << "json";
}

void TestModelFileSave::savesInPlace()
{
    QFETCH(QString, kind);
    QString path;
    if (kind == QLatin1String("zip")) {
        path = makeKerasZip(QStringLiteral("inplace.keras"));
    } else if (kind == QLatin1String("h5")) {
        path = makeH5(QStringLiteral("inplace.h5"), test::H5StringType::FixedBytes);
    } else {
        path = temp(QStringLiteral("inplace.json"));
        QVERIFY(test::writeFile(path, test::smallModelConfig()));
    }
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    renameDense(*opened);
    QVERIFY(opened->save(path));
    auto reopened = ModelFile::open(path);
    QVERIFY(reopened);
    QCOMPARE(reopened->config().text(), opened->config().text());
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("*.kcs-*")}, QDir::Files), QStringList());
}

void TestModelFileSave::failedSaveLeavesFilesIntact_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("code");
    QTest::newRow("keras zip whose source was damaged after opening") << "zip" << int(ErrorCode::Format);
    QTest::newRow("h5 whose source was damaged after opening") << "h5" << int(ErrorCode::Format);
    QTest::newRow("json into a missing directory") << "json" << int(ErrorCode::Io);
}

void TestModelFileSave::failedSaveLeavesFilesIntact()
{
    QFETCH(QString, kind);
    QFETCH(int, code);
    QTemporaryDir dir;
    QString source;
    QString target = dir.filePath(QStringLiteral("target.bin"));
    if (kind == QLatin1String("zip"))
        source = makeKerasZip(QStringLiteral("damaged.keras"));
    else if (kind == QLatin1String("h5"))
        source = makeH5(QStringLiteral("damaged.h5"), test::H5StringType::FixedBytes);
    else
        source = test::dataPath(QStringLiteral("formats/keras2_functional.json"));
    auto opened = ModelFile::open(source);
    QVERIFY(opened);
    renameDense(*opened);
    if (kind == QLatin1String("json")) {
        target = dir.filePath(QStringLiteral("missing/target.json"));
    } else {
        QVERIFY(test::writeFile(target, "previous content"));
        QVERIFY(test::writeFile(source, "overwritten by someone else"));
    }
    auto saved = opened->save(target);
    QVERIFY(!saved);
    QCOMPARE(int(saved.error().code), code);
    if (kind == QLatin1String("json"))
        QVERIFY(!QFile::exists(target));
    else
        QCOMPARE(test::readFile(target), QByteArray("previous content"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), kind == QLatin1String("json") ? QStringList() : QStringList{"target.bin"});
}

QTEST_GUILESS_MAIN(TestModelFileSave)
#include "TestModelFileSave.moc"
