// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio save FILE -o OUT --map OLD=NEW [--scope SCOPEFILE]...`
#include "app/cli/Cli.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>

using namespace kcs;

namespace {

struct Run {
    int code = 0;
    QString out;
    QString err;
};

Run save(const QStringList& args)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = cli::runSave(args, out, err);
    out.flush();
    err.flush();
    return r;
}

} // namespace

/// The command-line mapping writes the same bytes as the core mapping, or nothing at all.
class TestMapCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapsAndSaves_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("out");
        QTest::newRow("keras2") << "mapping/k2_model.json"
                                << QStringList{"--map", "OldDense=Dense", "--map", "Custom>Scaler=my_pkg>Scaler"}
                                << "mapping/k2_mapped.json"
                                << "mapping: /config/layers/1: OldDense -> Dense: not accepted: groups\n"
                                   "mapping: /config/layers/3: OldDense -> Dense: not accepted: groups\n";
        QTest::newRow("keras3-with-scope")
            << "mapping/k3_model.json"
            << QStringList{"--map", "OldDense=Dense", "--scope", test::dataPath("mapping/scopes.json"), "--map",
                           "Scaler=Scaler", "--map", "Custom>old_acc=top_acc"}
            << "mapping/k3_mapped.json"
            << "mapping: /config/layers/1: OldDense -> Dense: not accepted: groups\n"
               "mapping: /config/layers/2: OldDense -> Dense: not accepted: groups\n";
    }
    void mapsAndSaves()
    {
        QFETCH(QString, input);
        QFETCH(QStringList, options);
        QFETCH(QString, expected);
        QFETCH(QString, out);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("out.json"));
        const Run r = save(QStringList{test::dataPath(input), QStringLiteral("-o"), target} + options);
        QCOMPARE(r.err, QString());
        QCOMPARE(r.code, int(cli::Ok));
        QCOMPARE(r.out, out);
        QCOMPARE(test::readFile(target), test::readFile(test::dataPath(expected)));
    }

    void failuresWriteNothing_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("err");
        QTest::newRow("unknown-name") << QStringList{"--map", "Missing=Dense"} << int(cli::Problems)
                                      << "keras-config-studio save: the file names no object 'Missing'\n";
        QTest::newRow("not-a-mapping") << QStringList{"--map", "OldDense"} << int(cli::Problems)
                                       << "keras-config-studio save: 'OldDense' is not a mapping: expected OLD=NEW\n";
        QTest::newRow("map-without-value") << QStringList{"--map"} << int(cli::Usage)
                                           << "keras-config-studio save: --map needs a value\n";
    }
    void failuresWriteNothing()
    {
        QFETCH(QStringList, options);
        QFETCH(int, code);
        QFETCH(QString, err);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("out.json"));
        const Run r = save(QStringList{test::dataPath("mapping/k2_model.json"), QStringLiteral("-o"), target} + options);
        QCOMPARE(r.code, code);
        QCOMPARE(r.err, err);
        QVERIFY(!QFile::exists(target));
    }
};

QTEST_GUILESS_MAIN(TestMapCommand)
#include "TestMapCommand.moc"
