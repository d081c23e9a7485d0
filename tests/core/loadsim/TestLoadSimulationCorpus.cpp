// SPDX-License-Identifier: GPL-3.0-or-later
// Every file of ../shared/corpus checked against Keras 3 and tf.keras 2: the verdict, the first
// error's code and pointer, and the unresolved names. The expectations are in
// tests/data/loadsim/corpus_verdicts.tsv, one row per file and target, each worked out from what
// the real loader does with that file (see the notes column).
#include "LoadSimTestSupport.h"

#include "core/formats/ModelFile.h"

#include <QFile>
#include <QTest>

using namespace kcs;

class TestLoadSimulationCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyCorpusFileHasARow();
    void verdicts_data();
    void verdicts();
};

namespace {

struct Row {
    QString file;
    QString target;
    bool loads = false;
    QString firstCode;
    QString firstPointer;
    QStringList unresolved;
    QStringList sharedLayers;
};

std::vector<Row> readRows()
{
    std::vector<Row> rows;
    const QByteArray text = test::readFile(test::dataPath(QStringLiteral("loadsim/corpus_verdicts.tsv")));
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0: header
        if (lines[i].trimmed().isEmpty() || lines[i].startsWith('#'))
            continue;
        const QStringList f = QString::fromUtf8(lines[i]).split(u'\t');
        if (f.size() < 7)
            qFatal("corpus_verdicts.tsv line %lld: %lld fields", i + 1, f.size());
        Row r;
        r.file = f[0];
        r.target = f[1];
        r.loads = f[2] == u"loads";
        r.firstCode = f[3] == u"-" ? QString() : f[3];
        r.firstPointer = f[4] == u"-" ? QString() : f[4];
        r.unresolved = f[5] == u"-" ? QStringList() : f[5].split(u' ');
        r.sharedLayers = f[6] == u"-" ? QStringList() : f[6].split(u' ');
        rows.push_back(r);
    }
    return rows;
}

QStringList sharedLayerNames(const keras::LoadReport& r)
{
    QStringList out;
    for (const keras::SharedLayer& s : r.sharedLayers)
        out << QStringLiteral("%1*%2").arg(s.name).arg(s.calls);
    return out;
}

} // namespace

void TestLoadSimulationCorpus::everyCorpusFileHasARow()
{
    KCS_REQUIRE_CORPUS(dir);
    QSet<QString> covered;
    for (const Row& r : readRows())
        covered.insert(r.file + QLatin1Char('/') + r.target);
    for (const QString& f : test::corpusFiles(dir, {"*.json", "*.h5", "*.hdf5", "*.keras"})) {
        QVERIFY2(covered.contains(f + QStringLiteral("/keras3")), qPrintable(f));
        QVERIFY2(covered.contains(f + QStringLiteral("/keras2")), qPrintable(f));
    }
}

void TestLoadSimulationCorpus::verdicts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("loads");
    QTest::addColumn<QString>("firstCode");
    QTest::addColumn<QString>("firstPointer");
    QTest::addColumn<QStringList>("unresolved");
    QTest::addColumn<QStringList>("sharedLayers");
    for (const Row& r : readRows())
        QTest::newRow(qPrintable(r.file + QLatin1Char(' ') + r.target))
            << r.file << r.target << r.loads << r.firstCode << r.firstPointer << r.unresolved << r.sharedLayers;
}

void TestLoadSimulationCorpus::verdicts()
{
    KCS_REQUIRE_CORPUS(dir);
    QFETCH(QString, file);
    QFETCH(QString, target);
    QFETCH(bool, loads);
    QFETCH(QString, firstCode);
    QFETCH(QString, firstPointer);
    QFETCH(QStringList, unresolved);
    QFETCH(QStringList, sharedLayers);

    auto model = formats::ModelFile::open(dir + QLatin1Char('/') + file);
    if (file.startsWith(u"negative_")) {
        QVERIFY(!model); // not a model at all: `check` exits 2 before simulating anything
        return;
    }
    QVERIFY2(model, model ? "" : qPrintable(model.error().message));
    keras::LoadOptions options;
    options.includeLiveRegistry = false;
    options.target = target == u"keras2" ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    options.fileKind = model->kind();
    if (model->kind() != formats::FileKind::KerasZip) {
        options.trainingConfig = model->trainingDocument();
        options.trainingConfigNode = model->trainingNode();
    }
    const keras::LoadReport r = keras::simulateLoad(model->config(), model->modelNode(), options);
    const keras::Problem* first = r.firstErrorProblem();
    if (qEnvironmentVariableIsSet("KCS_LOADSIM_PRINT_VERDICTS")) {
        // Prints the row this run produces (for reviewing a changed expectation by hand).
        const auto orDash = [](const QString& s) { return s.isEmpty() ? QStringLiteral("-") : s; };
        qInfo().noquote() << QStringLiteral("ROW\t%1\t%2\t%3\t%4\t%5\t%6\t%7\t%8")
                                 .arg(file, target, r.loads ? QStringLiteral("loads") : QStringLiteral("fails"),
                                      orDash(first ? first->code : QString()), orDash(first ? first->pointer : QString()),
                                      orDash(test::unresolvedNames(r).join(u' ')), orDash(sharedLayerNames(r).join(u' ')),
                                      first ? first->message.left(300).replace(u'\n', u' ') : QString());
    }
    QCOMPARE(first ? first->code : QString(), firstCode);
    QCOMPARE(first ? first->pointer : QString(), firstPointer);
    QCOMPARE(r.loads, loads);
    QCOMPARE(test::unresolvedNames(r), unresolved);
    QCOMPARE(sharedLayerNames(r), sharedLayers);
}

QTEST_GUILESS_MAIN(TestLoadSimulationCorpus)
#include "TestLoadSimulationCorpus.moc"
