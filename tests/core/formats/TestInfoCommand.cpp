// SPDX-License-Identifier: GPL-3.0-or-later
// The `info` and `save` subcommands, run in-process on QStrings.
#include "FormatFixtures.h"
#include "app/cli/Cli.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kcs;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run runCommand(int (*command)(const QStringList&, QTextStream&, QTextStream&), const QStringList& args)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = command(args, out, err);
    out.flush();
    err.flush();
    return r;
}

QString data(const char* name) { return test::dataPath(QStringLiteral("formats/") + QLatin1String(name)); }

} // namespace

class TestInfoCommand : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void infoJsonForTfjs()
    {
        const Run r = runCommand(cli::runInfo, {data("tfjs_converter.json"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err, QString());
        const QString expected = QStringLiteral(R"({
  "file": "%1",
  "kind": "tfjs",
  "dialect": "keras2",
  "keras_version": "2.10.0",
  "backend": "tensorflow",
  "date_saved": null,
  "class_name": "Sequential",
  "wrapping": "none",
  "training_config": true,
  "weight_count": 2,
  "weight_bytes": 32,
  "notes": []
}
)").arg(data("tfjs_converter.json"));
        QCOMPARE(r.out, expected);
    }

    void infoJsonForKerasZip()
    {
        const QString weights = m_dir.filePath(QStringLiteral("w.h5"));
        QVERIFY(test::writeKerasWeightsH5(weights));
        const QString path = m_dir.filePath(QStringLiteral("m.keras"));
        const QByteArray config = test::readFile(data("keras3_functional.json"));
        QVERIFY(test::writeZip(path, test::kerasZipMembers(config, test::readFile(weights))));
        const Run r = runCommand(cli::runInfo, {QStringLiteral("--json"), path});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String(R"("kind": "keras-zip",)")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String(R"("dialect": "keras3",)")));
        QVERIFY(r.out.contains(QLatin1String(R"("date_saved": "2025-06-01@12:00:00",)")));
        QVERIFY(r.out.contains(QStringLiteral(R"({
      "name": "config.json",
      "method": "stored",
      "size": %1,
      "compressed_size": %1
    },)").arg(config.size())));
        QVERIFY(r.out.contains(QLatin1String(R"("weight_count": 3,)")));
        QVERIFY(r.out.contains(QLatin1String(R"("weight_bytes": 40,)")));
    }

    void infoTextForH5()
    {
        test::H5Spec spec;
        spec.modelConfig = test::smallModelConfig();
        const QString path = m_dir.filePath(QStringLiteral("m.h5"));
        QVERIFY(test::writeH5(path, spec));
        const Run r = runCommand(cli::runInfo, {path});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, path + QStringLiteral("\n"
                                              "  kind           h5\n"
                                              "  dialect        keras2\n"
                                              "  keras_version  2.15.0\n"
                                              "  backend        tensorflow\n"
                                              "  class_name     Sequential\n"
                                              "  weights        2 (32 bytes)\n"));
    }

    void infoReportsUnreadableFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("stderr");
        QTest::newRow("syntax error") << data("syntax_error.json") << data("syntax_error.json") + QStringLiteral(":2:37: error: ");
        QTest::newRow("git lfs pointer") << data("git_lfs_pointer.json")
                                         << data("git_lfs_pointer.json") + QStringLiteral(": error: not a Keras model file: it is a Git LFS pointer");
        QTest::newRow("missing file") << m_dir.filePath(QStringLiteral("nope.json"))
                                      << m_dir.filePath(QStringLiteral("nope.json")) + QStringLiteral(": error: cannot read ");
    }

    void infoReportsUnreadableFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, stderr);
        const Run r = runCommand(cli::runInfo, {path, QStringLiteral("--json")});
        QCOMPARE(r.code, int(cli::Unreadable));
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.startsWith(stderr), qPrintable(r.err));
        QVERIFY(r.err.endsWith(QLatin1Char('\n')));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("info without a file") << "info" << QStringList{};
        QTest::newRow("info with an unknown option") << "info" << QStringList{QStringLiteral("--yaml"), data("keras2_functional.json")};
        QTest::newRow("save without -o") << "save" << QStringList{data("keras2_functional.json")};
        QTest::newRow("save with -o but no name") << "save" << QStringList{data("keras2_functional.json"), QStringLiteral("-o")};
    }

    void usageErrors()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, args);
        const Run r = runCommand(command == QLatin1String("info") ? cli::runInfo : cli::runSave, args);
        QCOMPARE(r.code, int(cli::Usage));
        QVERIFY(!r.err.isEmpty());
    }

    void saveWritesEveryKind_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("json") << "json";
        QTest::newRow("tfjs") << "tfjs";
        QTest::newRow("keras zip") << "zip";
        QTest::newRow("h5") << "h5";
    }

    void saveWritesEveryKind()
    {
        QFETCH(QString, kind);
        QString path;
        if (kind == QLatin1String("json")) {
            path = data("keras3_functional.json");
        } else if (kind == QLatin1String("tfjs")) {
            path = data("tfjs_layers_native.json");
        } else if (kind == QLatin1String("zip")) {
            path = m_dir.filePath(QStringLiteral("save.keras"));
            QVERIFY(test::writeZip(path, test::kerasZipMembers(test::smallModelConfig(), {})));
        } else {
            path = m_dir.filePath(QStringLiteral("save.h5"));
            test::H5Spec spec;
            spec.modelConfig = test::smallModelConfig();
            QVERIFY(test::writeH5(path, spec));
        }
        const QString out = m_dir.filePath(QStringLiteral("saved-") + QFileInfo(path).fileName());
        const Run r = runCommand(cli::runSave, {path, QStringLiteral("-o"), out});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err, QString());
        if (kind == QLatin1String("zip"))
            QCOMPARE(test::readRawZip(out), test::readRawZip(path));
        else
            QCOMPARE(test::readFile(out), test::readFile(path));
    }

    void saveExportsConfig()
    {
        const QString out = m_dir.filePath(QStringLiteral("exported.json"));
        const Run r = runCommand(cli::runSave, {data("h5_style_wrapper.json"), QStringLiteral("--export-config"), QStringLiteral("-o"), out});
        QCOMPARE(r.code, 0);
        QVERIFY(test::readFile(out).startsWith(R"({"class_name": "Sequential", "config": {"name": "sequential")"));
        QVERIFY(test::readFile(out).endsWith("}}"));
    }

    void saveReportsSyntaxErrorWithPosition()
    {
        const QString out = m_dir.filePath(QStringLiteral("never.json"));
        const Run r = runCommand(cli::runSave, {data("syntax_error.json"), QStringLiteral("-o"), out});
        QCOMPARE(r.code, int(cli::Unreadable));
        QVERIFY2(r.err.startsWith(data("syntax_error.json") + QStringLiteral(":2:37: error: ")), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    void commandTableListsInfo()
    {
        QString text;
        QTextStream out(&text);
        QTextStream err(&text);
        QCOMPARE(cli::run({QStringLiteral("kcs"), QStringLiteral("--help")}, out, err), 0);
        out.flush();
        QVERIFY(text.contains(QLatin1String("info FILE [--json]")));
        QVERIFY(cli::isCommandLine({QStringLiteral("kcs"), QStringLiteral("info"), data("keras2_functional.json")}));
    }
};

QTEST_GUILESS_MAIN(TestInfoCommand)
#include "TestInfoCommand.moc"
