// SPDX-License-Identifier: GPL-3.0-or-later
// Every real Keras file of ../shared/corpus (MANIFEST.tsv): the right kind and dialect, an
// unedited save that changes nothing, and an edit that changes only the config.
#include "FormatFixtures.h"
#include "core/formats/ModelFile.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <vector>

using namespace kcs;
using namespace kcs::formats;

namespace {

struct ManifestRow {
    QString file;
    QString format;   ///< keras1, keras2, keras3, h5, keras-zip, tfjs, negative
    QString features; ///< notable_features (holds keras_version=...)
};

QList<ManifestRow> readManifest(const QString& dir)
{
    QList<ManifestRow> rows;
    const QList<QByteArray> lines = test::readFile(dir + QStringLiteral("/MANIFEST.tsv")).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cols = lines[i].split('\t');
        if (cols.size() >= 6)
            rows.append({QString::fromUtf8(cols[0]), QString::fromUtf8(cols[2]), QString::fromUtf8(cols[5])});
    }
    return rows;
}

QString expectedKind(const QString& format)
{
    if (format == QLatin1String("h5") || format == QLatin1String("keras-zip") || format == QLatin1String("tfjs"))
        return format;
    return QStringLiteral("keras-json");
}

/// The manifest's own statement of the dialect: the format column for JSON files, else the
/// recorded keras_version (tfjs-layers writes Keras 2 configs).
QString expectedDialect(const ManifestRow& row)
{
    if (row.format.startsWith(QLatin1String("keras")) && row.format != QLatin1String("keras-zip"))
        return row.format;
    const QString version = row.features.section(QStringLiteral("keras_version="), 1).section(QLatin1Char(';'), 0, 0);
    if (version.startsWith(QLatin1String("tfjs-layers")))
        return QStringLiteral("keras2");
    return QStringLiteral("keras") + version.left(1);
}

/// The first string member called "name" inside the model config (the model's or a layer's).
json::NodeId firstName(const json::Document& doc, json::NodeId model)
{
    std::vector<json::NodeId> stack{model};
    while (!stack.empty()) {
        const json::NodeId node = stack.back();
        stack.pop_back();
        for (int i = doc.childCount(node) - 1; i >= 0; --i) {
            const json::NodeId c = doc.child(node, i);
            if (doc.isMember(c) && doc.keyEquals(c, "name") && doc.kind(c) == json::Kind::String)
                return c;
        }
        for (int i = doc.childCount(node) - 1; i >= 0; --i)
            stack.push_back(doc.child(node, i));
    }
    return json::kNoNode;
}

qsizetype datasetCount(const QMap<QString, QByteArray>& dump, const QString& prefix)
{
    qsizetype n = 0;
    for (auto it = dump.keyBegin(); it != dump.keyEnd(); ++it)
        n += it->startsWith(prefix) && it->endsWith(QLatin1String("#data"));
    return n;
}

QList<test::RawZipMember> withoutMember(QList<test::RawZipMember> members, const QString& name)
{
    members.removeIf([&](const test::RawZipMember& m) { return m.name == name; });
    return members;
}

} // namespace

class TestModelFileCorpus : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void addRows(bool includeNegative)
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("dialect");
        KCS_REQUIRE_CORPUS(dir);
        const QList<ManifestRow> rows = readManifest(dir);
        QVERIFY(rows.size() >= 60);
        for (const ManifestRow& row : rows) {
            if (row.format == QLatin1String("negative") && !includeNegative)
                continue;
            QTest::newRow(qPrintable(row.file)) << dir + QLatin1Char('/') + row.file << row.format << expectedKind(row.format)
                                                << expectedDialect(row);
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void opensWithKindAndDialect_data() { addRows(true); }
    void opensWithKindAndDialect()
    {
        QFETCH(QString, path);
        QFETCH(QString, format);
        QFETCH(QString, kind);
        QFETCH(QString, dialect);
        auto opened = ModelFile::open(path);
        if (format == QLatin1String("negative")) {
            QVERIFY(!opened);
            QCOMPARE(opened.error().code, ErrorCode::NotAModel);
            QVERIFY2(opened.error().message.contains(QLatin1String("Git LFS pointer")), qPrintable(opened.error().message));
            return;
        }
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(kindName(opened->kind()), kind);
        QCOMPARE(dialectName(opened->dialect()), dialect);
        QVERIFY(opened->modelNode() != json::kNoNode);
        auto weights = opened->weights();
        QVERIFY2(weights, qPrintable(weights ? QString() : weights.error().message));
        // Cross-check the listing against every dataset the HDF5 walk of the fixture helper finds.
        if (kind == QLatin1String("h5")) {
            QCOMPARE(qsizetype(weights->size()), datasetCount(test::dumpH5(path), QStringLiteral("model_weights/")));
        } else if (kind == QLatin1String("keras-zip")) {
            const QString extracted = m_dir.filePath(QStringLiteral("extracted.weights.h5"));
            QVERIFY(test::writeFile(extracted, test::zipMemberContent(path, QStringLiteral("model.weights.h5"))));
            QCOMPARE(qsizetype(weights->size()), datasetCount(test::dumpH5(extracted), QString()));
        }
    }

    void savesUneditedUnchanged_data() { addRows(false); }
    void savesUneditedUnchanged()
    {
        QFETCH(QString, path);
        QFETCH(QString, kind);
        auto opened = ModelFile::open(path);
        QVERIFY(opened);
        const QString out = m_dir.filePath(QFileInfo(path).fileName());
        auto saved = opened->save(out);
        QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
        if (kind == QLatin1String("keras-zip")) {
            const auto original = test::readRawZip(path);
            QVERIFY(!original.isEmpty());
            QCOMPARE(test::readRawZip(out), original);
        } else if (kind == QLatin1String("h5")) {
            const auto original = test::dumpH5(path);
            QVERIFY(original.size() > 3);
            QCOMPARE(test::dumpH5(out), original);
            QCOMPARE(test::readFile(out), test::readFile(path));
        } else {
            QCOMPARE(test::readFile(out), test::readFile(path));
        }
    }

    void editChangesOnlyTheConfig_data() { addRows(false); }
    void editChangesOnlyTheConfig()
    {
        QFETCH(QString, path);
        QFETCH(QString, kind);
        auto opened = ModelFile::open(path);
        QVERIFY(opened);
        const QByteArray before = opened->config().text();
        const json::NodeId name = firstName(opened->config(), opened->modelNode());
        QVERIFY(name != json::kNoNode);
        const json::Span span = opened->config().span(name);
        QVERIFY(opened->config().replaceValue(name, json::Value("kcs_edited")));
        const QByteArray after = opened->config().text();
        QCOMPARE(after, before.left(span.begin) + "\"kcs_edited\"" + before.mid(span.end));
        const QString out = m_dir.filePath(QStringLiteral("edited-") + QFileInfo(path).fileName());
        QVERIFY(opened->save(out));
        if (kind == QLatin1String("keras-zip")) {
            QCOMPARE(withoutMember(test::readRawZip(out), QStringLiteral("config.json")),
                     withoutMember(test::readRawZip(path), QStringLiteral("config.json")));
            QCOMPARE(test::zipMemberContent(out, QStringLiteral("config.json")), after);
        } else if (kind == QLatin1String("h5")) {
            auto savedDump = test::dumpH5(out);
            auto originalDump = test::dumpH5(path);
            QVERIFY(savedDump.take(QStringLiteral("/@model_config")).contains(after));
            originalDump.remove(QStringLiteral("/@model_config"));
            QCOMPARE(savedDump, originalDump);
        } else {
            QCOMPARE(test::readFile(out), after);
        }
        auto reopened = ModelFile::open(out);
        QVERIFY(reopened);
        QCOMPARE(reopened->config().text(), after);
    }
};

QTEST_GUILESS_MAIN(TestModelFileCorpus)
#include "TestModelFileCorpus.moc"
