// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio check`: exit codes, compiler-style lines and the --json contract.
#include "app/cli/Cli.h"
#include "support/CliRun.h"
#include "core/formats/ModelFile.h"
#include "core/json/Document.h"
#include "core/json/PyJson.h"
#include "core/keras/LoadSimulation.h"
#include "core/keras/LoadSimulationJson.h"
#include "support/TestSupport.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

using namespace kcs;

class TestCheckCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exitCodes_data();
    void exitCodes();
    void printsCompilerStyleLines();
    void printsTheJsonContract();
    void jsonIsTheDumpOfTheWholeReport_data();
    void jsonIsTheDumpOfTheWholeReport();
    void jsonOnADeviceIsTheSameText();
    void appliesScopeFilesAndTarget();
};

namespace {

using Output = kcs::test::CliRun;

Output runCheck(const QStringList& args)
{
    return kcs::test::runCli(QStringList{QStringLiteral("check")} + args);
}

QString fixture(const QString& name)
{
    return test::dataPath(QStringLiteral("loadsim/") + name);
}

} // namespace

void TestCheckCommand::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::newRow("loads") << QStringList{fixture("k3_custom_layer.json"), "--scope", fixture("scopes_my_pkg.json")} << 0;
    QTest::newRow("would not load") << QStringList{fixture("k3_custom_layer.json")} << 1;
    QTest::newRow("unreadable") << QStringList{fixture("does_not_exist.json")} << 2;
    QTest::newRow("not JSON") << QStringList{fixture("../../CMakeLists.txt")} << 2;
    QTest::newRow("bad scope file") << QStringList{fixture("k3_custom_layer.json"), "--scope", fixture("scopes_bad_category.json")} << 2;
    QTest::newRow("no file") << QStringList{} << 64;
    QTest::newRow("bad target") << QStringList{fixture("k3_custom_layer.json"), "--keras", "4"} << 64;
    QTest::newRow("unknown option") << QStringList{fixture("k3_custom_layer.json"), "--fast"} << 64;
}

void TestCheckCommand::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QCOMPARE(runCheck(args).code, code);
}

void TestCheckCommand::printsCompilerStyleLines()
{
    const QString file = fixture("k3_unknown_initializer_activation.json");
    const Output o = runCheck({file, "--keras", "3"});
    QCOMPARE(o.code, 1);
    // The first error is Keras's whole text (which has its own line breaks); later ones the
    // innermost wording.
    QVERIFY2(o.out.startsWith(file + ":1:170: error: <class 'keras.src.models.sequential.Sequential'> could not"), qPrintable(o.out));
    QVERIFY(o.out.endsWith(QStringLiteral("Exception encountered: Could not interpret activation function identifier: relux\n")
                           + file + ":1:193: error: Could not interpret initializer identifier: glorot_uniformx\n"
                           + file + ": would not load with Keras 3 (2 errors, 0 warnings)\n"));
}

void TestCheckCommand::printsTheJsonContract()
{
    const QString file = fixture("k3_custom_layer.json");
    const Output o = runCheck({file, "--json"});
    QCOMPARE(o.code, 1);
    auto doc = json::Document::parse(o.out.toUtf8());
    QVERIFY2(doc, qPrintable(o.out));
    auto v = doc->toValue(doc->root());
    QVERIFY(v && v->isObject());
    QStringList keys;
    for (const auto& m : v->members())
        keys << m.first;
    QCOMPARE(keys, (QStringList{"file", "kind", "dialect", "target", "loads", "first_error", "problems", "unresolved",
                                "shared_layers", "shared_objects", "lambdas", "resolutions"}));
    QCOMPARE((*v)[u"file"].toString(), file);
    QCOMPARE((*v)[u"kind"].toString(), QStringLiteral("keras-json"));
    QCOMPARE((*v)[u"dialect"].toString(), QStringLiteral("keras3"));
    QCOMPARE((*v)[u"target"].toString(), QStringLiteral("keras3"));
    QCOMPARE((*v)[u"loads"].toBool(), false);
    QCOMPARE((*v)[u"first_error"][u"pointer"].toString(), QStringLiteral("/config/layers/1"));
    QCOMPARE((*v)[u"first_error"][u"code"].toString(), QStringLiteral("unknown-class"));
    QVERIFY((*v)[u"first_error"][u"message"].toString().endsWith(
        QStringLiteral("Exception encountered: Could not locate class 'MyLayer'. Make sure custom classes and "
                       "functions are decorated with `@keras.saving.register_keras_serializable()`. If they are "
                       "already decorated, make sure they are all imported so that the decorator is run before "
                       "trying to load them. Full object config: {'module': 'my_pkg.layers', 'class_name': "
                       "'MyLayer', 'config': {'name': 'mine', 'trainable': True, 'kernel_initializer': {'module': "
                       "'keras.initializers', 'class_name': 'GlorotUniform', 'config': {'seed': None}, "
                       "'registered_name': None}}, 'registered_name': 'my_pkg>MyLayer', 'name': 'mine', "
                       "'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': "
                       "[None, 4], 'dtype': 'float32', 'keras_history': ['inp', 0, 0]}}], 'kwargs': {}}]}")));
    const json::Value& p = (*v)[u"problems"].items().at(0);
    QCOMPARE(p[u"severity"].toString(), QStringLiteral("error"));
    QCOMPARE(p[u"code"].toString(), QStringLiteral("unknown-class"));
    QCOMPARE(p[u"line"].toInt(), 1);
    QCOMPARE(p[u"column"].toInt(), 332);
    QCOMPARE(p[u"first"].toBool(), true);
    const json::Value& u = (*v)[u"unresolved"].items().at(0);
    QCOMPARE(u[u"name"].toString(), QStringLiteral("my_pkg>MyLayer"));
    QCOMPARE(u[u"category"].toString(), QStringLiteral("layers"));
    QCOMPARE(u[u"count"].toInt(), 1);
    QCOMPARE((*v)[u"lambdas"].size(), 0);
    QCOMPARE((*v)[u"shared_objects"].size(), 0);
}

void TestCheckCommand::jsonIsTheDumpOfTheWholeReport_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("target");
    QTest::newRow("k3 custom layer, keras 3") << "k3_custom_layer.json" << "3";
    QTest::newRow("k2 functional unknown layer, keras 2") << "k2_functional_unknown_layer.json" << "2";
    QTest::newRow("k2 sequential unknown layer, keras 3") << "k2_sequential_unknown_layer.json" << "3";
    QTest::newRow("k3 dense unknown key, keras 2") << "k3_dense_unknown_key.json" << "2";
}

void TestCheckCommand::jsonIsTheDumpOfTheWholeReport()
{
    // check --json writes the resolutions one by one; the text must be json.dumps(indent=2) of
    // the whole report object, as if it had been built as one value.
    QFETCH(QString, file);
    QFETCH(QString, target);
    const QString path = fixture(file);
    const Output out = runCheck({path, QStringLiteral("--keras"), target, QStringLiteral("--json")});
    auto model = formats::ModelFile::open(path);
    QVERIFY(model);
    keras::LoadOptions options;
    options.target = target == u"2" ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    options.fileKind = model->kind();
    options.trainingConfig = model->trainingDocument();
    options.trainingConfigNode = model->trainingNode();
    const keras::LoadReport report = keras::simulateLoad(model->config(), model->modelNode(), options);
    QVERIFY(!report.resolutions.empty());
    json::Value whole = json::Value::object();
    whole.append(QStringLiteral("file"), path);
    whole.append(QStringLiteral("kind"), formats::kindName(model->kind()));
    whole.append(QStringLiteral("dialect"), formats::dialectName(model->dialect()));
    keras::ResolutionPointers pointers(model->config(), model->trainingDocument());
    json::Value body = keras::loadReportToJson(report, &pointers);
    for (auto& m : body.members())
        whole.append(m.first, std::move(m.second));
    json::DumpOptions dump;
    dump.indent = 2;
    QCOMPARE(out.out, QString::fromUtf8(json::dumps(whole, dump)) + QLatin1Char('\n'));
}

void TestCheckCommand::jsonOnADeviceIsTheSameText()
{
    // On stdout (a stream over a device) the resolutions bypass the QTextStream, a megabyte at
    // a time; the text must be the one a string stream gets. 3,000 layers give 15,002
    // resolutions, about 4 MB: several direct writes between the stream's own.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString chain = dir.filePath(QStringLiteral("chain.json"));
    QCOMPARE(test::runCli({QStringLiteral("generate"), QStringLiteral("--layers"), QStringLiteral("3000"),
                           QStringLiteral("-o"), chain}).code, 0);
    const QStringList args{QStringLiteral("keras-config-studio"), QStringLiteral("check"), chain,
                           QStringLiteral("--keras"), QStringLiteral("2"), QStringLiteral("--json")};
    const Output viaString = runCheck(args.mid(2));
    QCOMPARE(viaString.code, 0);
    QBuffer device;
    QVERIFY(device.open(QIODevice::WriteOnly));
    QString errors;
    QTextStream out(&device);
    QTextStream err(&errors);
    QCOMPARE(cli::run(args, out, err), 0);
    out.flush();
    QVERIFY(device.data().size() > 3 * (1 << 20));
    QCOMPARE(device.data(), viaString.out.toUtf8());
    QVERIFY(errors.isEmpty());
}

void TestCheckCommand::appliesScopeFilesAndTarget()
{
    const QString file = fixture("k2_sequential_unknown_layer.json");
    // Keras 3 cannot read a tf.keras 2 to_json top level at all; tf.keras finds the layer in the
    // scope file's global registry entry only under its registered key, so it stays unknown.
    Output o = runCheck({file, "--keras", "3"});
    QCOMPARE(o.code, 1);
    QVERIFY(o.out.contains(QStringLiteral("error: Could not locate class 'Sequential'.")));
    o = runCheck({file, "--keras", "2", "--json"});
    QCOMPARE(o.code, 1);
    QVERIFY(o.out.contains(QStringLiteral("\"message\": \"Unknown layer: 'BinaryDense'. Please ensure")));
    QVERIFY(o.out.contains(QStringLiteral("\"target\": \"keras2\"")));
}

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "TestCheckCommand.moc"
