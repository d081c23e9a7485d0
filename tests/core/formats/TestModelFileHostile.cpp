// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile and broken files, each crafted here: truncated and corrupt zips, duplicate members,
// zip bombs, missing or broken config.json, damaged HDF5, model_config that is not UTF-8 or not
// JSON, deep nesting. Each gets its own error; none crashes, and HDF5 prints nothing.
#include "FormatFixtures.h"
#include "core/formats/ModelFile.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>
#include <unistd.h>

using namespace kcs;
using namespace kcs::formats;

namespace {

/// Collects what is written to file descriptor 2 (HDF5 prints there) while it lives.
class StderrCapture {
public:
    explicit StderrCapture(const QString& path) : m_path(path)
    {
        std::fflush(stderr);
        m_saved = ::dup(2);
        FILE* f = std::fopen(QFile::encodeName(path).constData(), "w");
        ::dup2(::fileno(f), 2);
        std::fclose(f);
    }
    ~StderrCapture() { restore(); }
    QByteArray finish()
    {
        restore();
        return test::readFile(m_path);
    }

private:
    void restore()
    {
        if (m_saved < 0)
            return;
        std::fflush(stderr);
        ::dup2(m_saved, 2);
        ::close(m_saved);
        m_saved = -1;
    }
    QString m_path;
    int m_saved = -1;
};

/// Replaces every 32-bit little-endian occurrence of `from` after a zip header signature's size
/// fields: used to make a member lie about its uncompressed size.
void patchUncompressedSize(QByteArray& zip, quint32 from, quint32 to)
{
    const auto le = [](quint32 v) {
        QByteArray b(4, '\0');
        for (int i = 0; i < 4; ++i)
            b[i] = char((v >> (8 * i)) & 0xff);
        return b;
    };
    // Local header: size at offset 22; central directory header: at offset 24.
    for (qsizetype at = zip.indexOf("PK\x03\x04"); at >= 0; at = zip.indexOf("PK\x03\x04", at + 4)) {
        if (zip.mid(at + 22, 4) == le(from))
            zip.replace(at + 22, 4, le(to));
    }
    for (qsizetype at = zip.indexOf("PK\x01\x02"); at >= 0; at = zip.indexOf("PK\x01\x02", at + 4)) {
        if (zip.mid(at + 24, 4) == le(from))
            zip.replace(at + 24, 4, le(to));
    }
}

} // namespace

class TestModelFileHostile : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString temp(const QString& name) const { return m_dir.filePath(name); }

    QString zipWith(const QString& name, const QList<test::ZipMember>& members)
    {
        const QString path = temp(name);
        return test::writeZip(path, members) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void refusesBrokenArchives_data();
    void refusesBrokenArchives();
    void truncatedArchivesAreErrors_data();
    void truncatedArchivesAreErrors();
    void reportsBrokenH5_data();
    void reportsBrokenH5();
    void hdf5PrintsNothing();
    void damagedWeightsInsideZipAreAnError();
    void weightLinksAreNotFollowed();
    void junkTfjsManifestIsNoCrash();
    void deepNestingIsNoCrash();
    void jsonSizeLimit();
};

void TestModelFileHostile::refusesBrokenArchives_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const QByteArray config = test::smallModelConfig();
    const qint64 noLimit = OpenOptions().maxEntrySize;
    QList<test::ZipMember> duplicate = test::kerasZipMembers(config, {});
    duplicate.append({QStringLiteral("config.json"), R"({"class_name": "Evil", "config": {}})"});
    QTest::newRow("duplicate config.json") << zipWith(QStringLiteral("dup.keras"), duplicate) << noLimit << int(ErrorCode::Format)
        << "the archive has two members named 'config.json'; refusing to open it (a hostile archive can hide content behind a duplicate name)";

    QList<test::ZipMember> bomb = test::kerasZipMembers(QByteArray(2 << 20, ' ') + config, {});
    bomb[1].method = 8;
    QTest::newRow("declared size over the limit") << zipWith(QStringLiteral("bomb.keras"), bomb) << qint64(1 << 20) << int(ErrorCode::Limit)
        << "zip member 'config.json' declares 2097324 bytes uncompressed, over the limit of 1048576 bytes";

    QByteArray lying = test::readFile(zipWith(QStringLiteral("lying-src.keras"), bomb));
    patchUncompressedSize(lying, quint32(2097324), 1000);
    QVERIFY(test::writeFile(temp(QStringLiteral("lying.keras")), lying));
    QTest::newRow("real size over the declared size") << temp(QStringLiteral("lying.keras")) << qint64(1 << 20) << int(ErrorCode::Format)
                                                     << "damaged zip member 'config.json': CRC mismatch";

    QByteArray corrupt = test::readFile(zipWith(QStringLiteral("corrupt-src.keras"), test::kerasZipMembers(config, {})));
    corrupt.replace("\"units\": 2", "\"units\": 3");
    QVERIFY(test::writeFile(temp(QStringLiteral("corrupt.keras")), corrupt));
    QTest::newRow("corrupt member data") << temp(QStringLiteral("corrupt.keras")) << noLimit << int(ErrorCode::Format)
                                         << "damaged zip member 'config.json': CRC mismatch";

    QList<test::ZipMember> noConfig = test::kerasZipMembers(config, {});
    noConfig.removeAt(1);
    QTest::newRow("missing config.json") << zipWith(QStringLiteral("noconfig.keras"), noConfig) << noLimit << int(ErrorCode::Format)
        << "the zip archive has no config.json, so it is not a .keras model (it contains metadata.json, model.weights.h5, "
           "assets/layers/text_vectorization/vocabulary.txt)";
    QTest::newRow("config.json not JSON") << zipWith(QStringLiteral("notjson.keras"), test::kerasZipMembers("{\"class_name\": ", {}))
                                          << noLimit << int(ErrorCode::Format) << "";
    QTest::newRow("config.json not UTF-8") << zipWith(QStringLiteral("latin1.keras"), test::kerasZipMembers("{\"name\": \"caf\xe9\"}", {}))
                                           << noLimit << int(ErrorCode::Format) << "config.json is not UTF-8 text";
    QTest::newRow("config.json not a model") << zipWith(QStringLiteral("notmodel.keras"), test::kerasZipMembers("[1, 2, 3]", {}))
                                             << noLimit << int(ErrorCode::Format) << "config.json in the archive is not a model config";
}

void TestModelFileHostile::refusesBrokenArchives()
{
    QFETCH(QString, path);
    QFETCH(qint64, limit);
    QFETCH(int, code);
    QFETCH(QString, message);
    QVERIFY(!path.isEmpty());
    OpenOptions options;
    options.maxEntrySize = limit;
    auto opened = ModelFile::open(path, options);
    QVERIFY(!opened);
    QCOMPARE(int(opened.error().code), code);
    if (message.isEmpty()) // the JSON parser's own wording follows the prefix
        QVERIFY2(opened.error().message.startsWith(QLatin1String("config.json is not JSON: ")), qPrintable(opened.error().message));
    else
        QCOMPARE(opened.error().message, message);
}

void TestModelFileHostile::truncatedArchivesAreErrors_data()
{
    QTest::addColumn<int>("keepPercent");
    QTest::addColumn<QString>("message");
    const QString noDirectory = QStringLiteral("damaged zip archive: cannot read its central directory (the file is truncated or corrupt)");
    for (int keep : {0, 1, 10, 50, 90, 99})
        QTest::addRow("%d%% kept", keep) << keep << noDirectory;
}

void TestModelFileHostile::truncatedArchivesAreErrors()
{
    QFETCH(int, keepPercent);
    QFETCH(QString, message);
    const QByteArray whole = test::readFile(zipWith(QStringLiteral("whole.keras"), test::kerasZipMembers(test::smallModelConfig(), {})));
    QVERIFY(whole.size() > 500);
    const QString path = temp(QStringLiteral("truncated.keras"));
    // Never fewer than the 4 magic bytes, so the content is still taken for a zip.
    QVERIFY(test::writeFile(path, whole.left(std::max<qsizetype>(4, whole.size() * keepPercent / 100))));
    auto opened = ModelFile::open(path);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, ErrorCode::Format);
    QCOMPARE(opened.error().message, message);
}

void TestModelFileHostile::reportsBrokenH5_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("messageStart");

    test::H5Spec latin1;
    latin1.modelConfig = "{\"name\": \"caf\xe9\"}";
    test::writeH5(temp(QStringLiteral("latin1.h5")), latin1);
    QTest::newRow("model_config not UTF-8") << temp(QStringLiteral("latin1.h5")) << int(ErrorCode::Format)
                                            << "the model_config attribute is not UTF-8 text";
    test::H5Spec notJson;
    notJson.modelConfig = "class_name: Sequential";
    test::writeH5(temp(QStringLiteral("notjson.h5")), notJson);
    QTest::newRow("model_config not JSON") << temp(QStringLiteral("notjson.h5")) << int(ErrorCode::Format)
                                           << "the model_config attribute is not JSON: ";
    test::H5Spec notModel;
    notModel.modelConfig = R"({"layers": []})";
    test::writeH5(temp(QStringLiteral("notmodel.h5")), notModel);
    QTest::newRow("model_config not a model") << temp(QStringLiteral("notmodel.h5")) << int(ErrorCode::Format)
                                              << "the model_config attribute holds JSON that is not a model config";

    test::H5Spec good;
    good.modelConfig = test::smallModelConfig();
    test::writeH5(temp(QStringLiteral("good.h5")), good);
    const QByteArray whole = test::readFile(temp(QStringLiteral("good.h5")));
    test::writeFile(temp(QStringLiteral("truncated.h5")), whole.left(whole.size() / 2));
    QTest::newRow("truncated") << temp(QStringLiteral("truncated.h5")) << int(ErrorCode::Format) << "damaged or unreadable HDF5 file (HDF5: ";
    QByteArray garbage = whole.left(8) + QByteArray(4096, '\xa5');
    test::writeFile(temp(QStringLiteral("garbage.h5")), garbage);
    QTest::newRow("signature then garbage") << temp(QStringLiteral("garbage.h5")) << int(ErrorCode::Format)
                                            << "damaged or unreadable HDF5 file (HDF5: ";
}

void TestModelFileHostile::reportsBrokenH5()
{
    QFETCH(QString, path);
    QFETCH(int, code);
    QFETCH(QString, messageStart);
    auto opened = ModelFile::open(path);
    QVERIFY(!opened);
    QCOMPARE(int(opened.error().code), code);
    QVERIFY2(opened.error().message.startsWith(messageStart), qPrintable(opened.error().message));
    QCOMPARE(opened.error().where.line, 0); // positions in the message refer to the attribute, not the file
}

void TestModelFileHostile::hdf5PrintsNothing()
{
    test::H5Spec good;
    good.modelConfig = test::smallModelConfig();
    QVERIFY(test::writeH5(temp(QStringLiteral("for-stderr.h5")), good));
    const QByteArray whole = test::readFile(temp(QStringLiteral("for-stderr.h5")));
    QVERIFY(test::writeFile(temp(QStringLiteral("half.h5")), whole.left(whole.size() / 2)));
    StderrCapture capture(temp(QStringLiteral("stderr.txt")));
    auto opened = ModelFile::open(temp(QStringLiteral("half.h5")));
    const QByteArray printed = capture.finish();
    QVERIFY(!opened);
    QCOMPARE(printed, QByteArray());
}

void TestModelFileHostile::damagedWeightsInsideZipAreAnError()
{
    const QString path = zipWith(QStringLiteral("badweights.keras"),
                                 test::kerasZipMembers(test::smallModelConfig(), QByteArray("\x89HDF\r\n\x1a\n", 8) + QByteArray(600, 'x')));
    auto opened = ModelFile::open(path);
    QVERIFY(opened); // the config is fine; only listing the weights fails
    auto weights = opened->weights();
    QVERIFY(!weights);
    QCOMPARE(weights.error().code, ErrorCode::Format);
    QVERIFY2(weights.error().message.startsWith(QLatin1String("damaged or unreadable HDF5 file")), qPrintable(weights.error().message));
}

void TestModelFileHostile::weightLinksAreNotFollowed()
{
    const QString weights = temp(QStringLiteral("linked.weights.h5"));
    QVERIFY(test::writeKerasWeightsH5(weights, true));
    const QString path = zipWith(QStringLiteral("linked.keras"), test::kerasZipMembers(test::smallModelConfig(), test::readFile(weights)));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    auto listed = opened->weights();
    QVERIFY(listed);
    QStringList paths;
    for (const WeightInfo& w : *listed)
        paths << w.location;
    // Soft and external links (which could reach into other files) are not weights of this file.
    QCOMPARE(paths, (QStringList{"layers/dense/vars/0", "layers/dense/vars/1", "optimizer/vars/0"}));
}

void TestModelFileHostile::junkTfjsManifestIsNoCrash()
{
    const QString path = temp(QStringLiteral("junk-manifest.json"));
    QVERIFY(test::writeFile(path, R"({"modelTopology": {"class_name": "Sequential", "config": {"layers": []}},
        "weightsManifest": [1, {"paths": 5, "weights": [null, {"shape": "x", "name": 7}, {"name": "a/b", "shape": [-1, 99999999999999]}]}]})"));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    auto weights = opened->weights();
    QVERIFY(weights);
    QCOMPARE(weights->size(), size_t(3));
    QCOMPARE(weights->at(1).byteSize, 4); // no shape: a scalar
    QCOMPARE(weights->at(2).byteSize, -1);
    auto values = opened->weightData(weights->at(2));
    QVERIFY(!values);
    QCOMPARE(values.error().code, ErrorCode::Unsupported);
}

void TestModelFileHostile::deepNestingIsNoCrash()
{
    // A model whose config holds 10^6 nested arrays: dialect detection walks it without recursion.
    const int depth = 1000000;
    const QByteArray text = R"({"class_name": "Sequential", "config": {"layers": )" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}}";
    const QString path = temp(QStringLiteral("deep.json"));
    QVERIFY(test::writeFile(path, text));
    auto opened = ModelFile::open(path);
    QVERIFY(opened);
    QCOMPARE(opened->dialect(), FileDialect::Keras2);
    QCOMPARE(opened->config().text(), text);
    const QString out = temp(QStringLiteral("deep-saved.json"));
    QVERIFY(opened->save(out));
    QCOMPARE(test::readFile(out), text);
}

void TestModelFileHostile::jsonSizeLimit()
{
    OpenOptions options;
    options.maxJsonSize = 100;
    const QString path = test::dataPath(QStringLiteral("formats/keras2_functional.json"));
    auto opened = ModelFile::open(path, options);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, ErrorCode::Limit);
    QCOMPARE(opened.error().message,
             QStringLiteral("the file has %1 bytes, over the limit of 100 bytes for JSON").arg(QFileInfo(path).size()));
}

QTEST_GUILESS_MAIN(TestModelFileHostile)
#include "TestModelFileHostile.moc"
