// SPDX-License-Identifier: GPL-3.0-or-later
// The catalog's key checks on real model files (../shared/corpus): a file loads in the Keras that
// wrote it, and tf.keras 2 files show the known Keras 3 incompatibilities.
#include "core/json/Document.h"
#include "core/keras/Catalog.h"
#include "core/serialization/PyRepr.h"
#include "support/TestSupport.h"

#include <QMap>
#include <QTest>

using kcs::json::Value;
using namespace kcs::keras;

Q_DECLARE_METATYPE(kcs::keras::Dialect)

using Findings = QMap<QString, int>;

namespace {

/// Outcome of each top-level layer of a model config: "ok", "open" (accepts anything),
/// "unresolved:<class>", or the first constructor error's message, counted.
Findings checkLayers(const QByteArray& text, Dialect dialect)
{
    Findings out;
    auto doc = kcs::json::Document::parse(text);
    if (!doc)
        return {{QStringLiteral("parse error: ") + doc.error().message, 1}};
    const Catalog& catalog = Catalog::forDialect(dialect);
    const kcs::json::NodeId layers = doc->find(u"/config/layers");
    for (int i = 0; i < doc->childCount(layers); ++i) {
        auto layer = doc->toValue(doc->child(layers, i));
        if (!layer)
            return {{QStringLiteral("toValue error"), 1}};
        const QString className = (*layer)[u"class_name"].toString();
        const QString module = (*layer)[u"module"].toString();
        // Keras 3 resolves configs with a module through its exports, module-less ones (legacy
        // H5 / tf.keras 2) through the legacy table; tf.keras 2 uses its layers table for both.
        const BuiltinEntry* e = catalog.resolveClass(Category::Layers, module, className).entry;
        if (!e) {
            ++out[QStringLiteral("unresolved:") + className];
            continue;
        }
        if (catalog.acceptsAnyKey(*e)) {
            ++out[QStringLiteral("open")];
            continue;
        }
        const auto error = catalog.constructorError(*e, (*layer)[u"config"], &kcs::serialization::pyRepr);
        ++out[error ? error->message : QStringLiteral("ok")];
    }
    return out;
}

} // namespace

class TestCatalogCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layersOfRealFiles_data();
    void layersOfRealFiles();
};

void TestCatalogCorpus::layersOfRealFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<Findings>("expected");
    QTest::newRow("Keras 3 file in Keras 3") << "keras3_mobilenetv2_style_160_layers.json" << Dialect::Keras3
                                             << Findings{{"open", 1}, {"ok", 159}};
    QTest::newRow("tf.keras 2.13 file in tf.keras 2") << "keras2_tf2131_efficientnet_vit_hybrid.json" << Dialect::Keras2
                                                      << Findings{{"ok", 250}};
    QTest::newRow("tf.keras 2.13 file in Keras 3")
        << "keras2_tf2131_efficientnet_vit_hybrid.json" << Dialect::Keras3
        << Findings{{"open", 1},
                    {"ok", 232},
                    {"Unrecognized keyword arguments passed to DepthwiseConv2D: {'groups': 1}", 16},
                    {"Unrecognized keyword arguments passed to MultiHeadAttention: {'query_shape': [None, 49, 1280], "
                     "'key_shape': [None, 49, 1280], 'value_shape': [None, 49, 1280]}",
                     1}};
    QTest::newRow("tf.keras 2.2.4 file in tf.keras 2") << "keras2_densenet121_tf224.json" << Dialect::Keras2
                                                       << Findings{{"ok", 429}};
    QTest::newRow("tf.keras 2.2.4 NASNet in Keras 3")
        << "keras2_nasnetmobile_tf224.json" << Dialect::Keras3
        << Findings{{"open", 1},
                    {"ok", 610},
                    {"Unrecognized keyword arguments passed to SeparableConv2D: {'kernel_initializer': "
                     "{'class_name': 'VarianceScaling', 'config': {'scale': 2.0, 'mode': 'fan_in', 'distribution': "
                     "'truncated_normal', 'seed': None}}, 'kernel_regularizer': None, "
                     "'kernel_constraint': None}",
                     160}};
}

void TestCatalogCorpus::layersOfRealFiles()
{
    KCS_REQUIRE_CORPUS(dir);
    QFETCH(QString, file);
    QFETCH(Dialect, dialect);
    QFETCH(Findings, expected);
    const QByteArray text = kcs::test::readFile(dir + QLatin1Char('/') + file);
    QVERIFY2(!text.isEmpty(), qPrintable(file));
    QCOMPARE(checkLayers(text, dialect), expected); // counts and texts cross-checked with Python's repr
}

QTEST_GUILESS_MAIN(TestCatalogCorpus)
#include "TestCatalogCorpus.moc"
