// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/PythonSource.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>

using namespace kcs;
using namespace kcs::keras;

namespace {
QString describeParams(const PythonObject& o)
{
    QStringList parts;
    for (const PythonParam& p : o.params) {
        QString s = p.kind == PythonParam::Kind::VarArgs       ? QStringLiteral("*")
            : p.kind == PythonParam::Kind::VarKeywords         ? QStringLiteral("**")
            : p.kind == PythonParam::Kind::KeywordOnly         ? QStringLiteral("kw:")
                                                               : QString();
        s += p.name;
        if (p.defaultText)
            s += u'=' + *p.defaultText;
        parts.append(s);
    }
    return parts.join(u' ');
}
QString categoryWord(const PythonObject& o)
{
    return o.category ? categoryName(*o.category) : QStringLiteral("-");
}
} // namespace

/// Reading Python sources statically: decorator spellings, aliases, params, get_config keys.
class TestPythonSource : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void package_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("registered");
        QTest::addColumn<bool>("isFunction");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("params");
        QTest::addColumn<QStringList>("configKeys");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("module");
        QTest::newRow("keras.saving-keyword") << 0 << "my_pkg>Scaler" << true << false << "layers"
                                              << "factor=0.5 kw:trainable_scale=False **kwargs"
                                              << QStringList{"factor", "trainable_scale", "nested"} << "layers.py:7"
                                              << "my_pkg.layers";
        QTest::newRow("alias-positional") << 1 << "blocks>GatedUnit" << true << false << "layers"
                                          << "units gate_activation=\"sigmoid\" kernel_size=(3, 3) **kwargs"
                                          << QStringList{"gate_activation", "kernel_size"} << "layers.py:23"
                                          << "my_pkg.layers";
        QTest::newRow("alias-no-parens") << 2 << "Custom>Plain" << true << false << "layers" << "rate seed=None"
                                         << QStringList{"rate", "seed", "extra"} << "layers.py:37" << "my_pkg.layers";
        QTest::newRow("undecorated") << 3 << "Residual" << false << false << "layers" << "inner **kwargs"
                                     << QStringList{} << "layers.py:48" << "my_pkg.layers";
        QTest::newRow("inherited-category") << 4 << "DeepResidual" << false << false << "layers" << ""
                                            << QStringList{} << "layers.py:53" << "my_pkg.layers";
        QTest::newRow("tf.keras.utils") << 5 << "losses>FocalLoss" << true << false << "losses"
                                        << "gamma=2.0 name=\"focal_loss\" **kwargs"
                                        << QStringList{"gamma", "name"} << "losses.py:6" << "my_pkg.sub.losses";
        QTest::newRow("aliased-module-name-kw") << 6 << "Custom>smooth_l1" << true << true << "losses"
                                                << "y_true y_pred delta=1.0" << QStringList{} << "losses.py:14"
                                                << "my_pkg.sub.losses";
        QTest::newRow("function-ambiguous") << 7 << "Custom>my_act" << true << true << "-" << "x" << QStringList{}
                                            << "losses.py:19" << "my_pkg.sub.losses";
        QTest::newRow("schedule") << 8 << "sched>WarmUp" << true << false << "learning_rate_schedules"
                                  << "peak warmup_steps" << QStringList{} << "losses.py:24" << "my_pkg.sub.losses";
    }
    void package()
    {
        QFETCH(int, index);
        QFETCH(QString, key);
        QFETCH(bool, registered);
        QFETCH(bool, isFunction);
        QFETCH(QString, category);
        QFETCH(QString, params);
        QFETCH(QStringList, configKeys);
        QFETCH(QString, where);
        QFETCH(QString, module);
        const PythonScan scan = PythonSourceScanner::scanPaths({test::dataPath(QStringLiteral("mapping/pypkg"))});
        QCOMPARE(scan.objects.size(), size_t(9));
        QVERIFY(scan.warnings.isEmpty());
        const PythonObject& o = scan.objects[size_t(index)];
        QCOMPARE(o.key(), key);
        QCOMPARE(o.registered, registered);
        QCOMPARE(o.kind == PythonObject::Kind::Function, isFunction);
        QCOMPARE(categoryWord(o), category);
        QCOMPARE(describeParams(o), params);
        QCOMPARE(o.configKeys, configKeys);
        QCOMPARE(QFileInfo(o.file).fileName() + u':' + QString::number(o.line), where);
        QCOMPARE(o.module, module);
    }

    void descriptors()
    {
        const PythonScan scan = PythonSourceScanner::scanPaths({test::dataPath(QStringLiteral("mapping/pypkg"))});
        const auto all = scan.descriptors({QStringLiteral("Residual")});
        QStringList keys;
        for (const ObjectDescriptor& d : all)
            keys.append(d.key);
        QCOMPARE(keys, (QStringList{"my_pkg>Scaler", "blocks>GatedUnit", "Custom>Plain", "Residual",
                                    "losses>FocalLoss", "Custom>smooth_l1", "Custom>my_act", "sched>WarmUp"}));
        QCOMPARE(all[0].params, (QStringList{"factor", "trainable_scale"}));
        QVERIFY(all[0].acceptsExtraKwargs);
        QCOMPARE(all[0].category, Category::Layers);
        QCOMPARE(all[2].params, (QStringList{"rate", "seed"}));
        QVERIFY(!all[2].acceptsExtraKwargs);
        QVERIFY(all[5].isFunction);
        QVERIFY(!all[6].category.has_value());
        QCOMPARE(scan.descriptors().size(), size_t(7));
        // No __init__ of its own: the accepted keys are unknown (not "none").
        QVERIFY(!scan.objects[4].acceptedKeys().has_value());
        const auto noParams = PythonSourceScanner::scanText("class A:\n    def __init__(self):\n        pass\n");
        QCOMPARE(noParams.size(), size_t(1));
        QCOMPARE(noParams[0].acceptedKeys(), std::optional<QStringList>(QStringList{}));

        const saving::SymbolRef symbol = scan.objects[0].toSymbol();
        QCOMPARE(symbol->name, QStringLiteral("Scaler"));
        QCOMPARE(symbol->module, QStringLiteral("my_pkg.layers"));
        QCOMPARE(symbol->package, QStringLiteral("my_pkg"));
        QCOMPARE(symbol->category, QStringLiteral("layers"));
        QCOMPARE(symbol->params.size(), size_t(2));
        QVERIFY(!symbol->params[0].required);
        QVERIFY(scan.objects[6].toSymbol()->isFunction());
    }

    void spellings_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QStringList>("keys");
        QTest::newRow("utils-no-parens") << QByteArray("import keras\n@keras.utils.register_keras_serializable\nclass A(keras.layers.Layer): pass\n")
                                         << QStringList{"Custom>A"};
        QTest::newRow("from-import") << QByteArray("from keras.utils import register_keras_serializable\n@register_keras_serializable('p')\ndef f(x):\n    return x\n")
                                     << QStringList{"p>f"};
        QTest::newRow("keyword-order") << QByteArray("import keras as k\n@k.saving.register_keras_serializable(name='N', package='P')\nclass A: pass\n")
                                       << QStringList{"P>N"};
        QTest::newRow("parenthesised-import") << QByteArray("from keras.saving import (\n    get_custom_objects,\n    register_keras_serializable as rks,\n)\n@rks(package=\"x\")\nclass B(object):\n  pass\n")
                                              << QStringList{"x>B"};
        QTest::newRow("other-decorator-ignored") << QByteArray("import functools\n@functools.lru_cache()\ndef g(): pass\n@dataclass\nclass C: pass\n")
                                                 << QStringList{"C"};
        QTest::newRow("stacked-decorators") << QByteArray("import keras\n@some.other\n@keras.saving.register_keras_serializable()\n@another(1)\nclass D(keras.Model):\n    pass\n")
                                            << QStringList{"Custom>D"};
        QTest::newRow("strings-and-comments") << QByteArray("s = '''\n@keras.saving.register_keras_serializable()\nclass Fake: pass\n'''\n# class Hidden: pass\nt = f\"{x!r}\" r'\\'' b\"class\"\nclass Real: pass\n")
                                              << QStringList{"Real"};
        QTest::newRow("registrar-variable") << QByteArray("import keras\nserializable = keras.saving.register_keras_serializable(package='v')\n@serializable\nclass H: pass\n@serializable\ndef h(): pass\n")
                                            << QStringList{"v>H", "v>h"};
        QTest::newRow("continuation") << QByteArray("import keras\n@keras.saving.\\\n  register_keras_serializable(package=\\\n 'c')\nclass E: pass\n")
                                      << QStringList{"c>E"};
    }
    void spellings()
    {
        QFETCH(QByteArray, source);
        QFETCH(QStringList, keys);
        QStringList got;
        for (const PythonObject& o : PythonSourceScanner::scanText(source, QStringLiteral("t.py")))
            got.append(o.key());
        QCOMPARE(got, keys);
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QStringList>("keys");
        QByteArray binary;
        for (int i = 0; i < 300000; ++i)
            binary.append(char((i * 7919) & 0xff));
        QTest::newRow("binary") << binary << QStringList{};
        // An unclosed bracket is closed again by the next column-0 class/def/decorator.
        QTest::newRow("unbalanced") << QByteArray("x = foo(1, [2,\nclass A(Layer):\n  def __init__(self, a): pass\n")
                                    << QStringList{"A"};
        QTest::newRow("deep-nesting") << QByteArray(200000, '(') + QByteArray("\nclass B: pass\n") << QStringList{"B"};
        QTest::newRow("deep-dict-in-get-config")
            << QByteArray("class C:\n  def get_config(self):\n    return ") + QByteArray(100000, '{') + QByteArray(100000, '}')
            << QStringList{"C"};
        QTest::newRow("unterminated-triple") << QByteArray("class D: pass\ns = \"\"\"never closed\nclass E: pass\n")
                                             << QStringList{"D"};
        QTest::newRow("stray-closers") << QByteArray(")))]]]}}}\nclass F(A)): pass\n") << QStringList{"F"};
        QTest::newRow("empty") << QByteArray() << QStringList{};
        QTest::newRow("nul-bytes") << QByteArray("class G:\0\0 pass\n", 16) << QStringList{"G"};
    }
    void hostile()
    {
        QFETCH(QByteArray, source);
        QFETCH(QStringList, keys);
        QStringList got;
        for (const PythonObject& o : PythonSourceScanner::scanText(source))
            got.append(o.key());
        QCOMPARE(got, keys);
    }

    void missingAndHugeFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString huge = dir.filePath(QStringLiteral("huge.py"));
        QFile f(huge);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(PythonSourceScanner::kMaxFileBytes + 1));
        f.close();
        const PythonScan scan = PythonSourceScanner::scanPaths({huge, dir.filePath(QStringLiteral("nope.py"))});
        QVERIFY(scan.objects.empty());
        QCOMPARE(scan.warnings,
                 (QStringList{huge + QStringLiteral(": skipped: larger than 8388608 bytes"),
                              dir.filePath(QStringLiteral("nope.py")) + QStringLiteral(": no such file or folder")}));
    }
};

QTEST_APPLESS_MAIN(TestPythonSource)
#include "TestPythonSource.moc"
