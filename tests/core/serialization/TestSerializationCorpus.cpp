// SPDX-License-Identifier: GPL-3.0-or-later
// The deserializers on real files of ../shared/corpus (skipped where the corpus is absent; the
// fixtures of the other tests cover the same rules).
#include "SerializationTestSupport.h"

#include "core/formats/ModelFile.h"
#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/serialization/ModelObject.h"
#include "core/serialization/Serialize.h"
#include "core/serialization/Sharing.h"
#include "support/TestSupport.h"

#include <QFileInfo>
#include <QRegularExpression>

using namespace kcs;
using namespace kcs::saving;

namespace {

Result<PyValue> readModel(const QString& path)
{
    auto doc = json::Document::parse(kcs::test::readFile(path));
    if (!doc)
        return std::unexpected(doc.error());
    return fromDocument(*doc, doc->root());
}

/// The registered_name of every class from outside Keras in a config (explicit stack: files
/// nest deeply).
QStringList registeredKeys(const PyValue& root)
{
    QStringList keys;
    std::vector<PyValue> stack{root};
    while (!stack.empty()) {
        const PyValue v = stack.back();
        stack.pop_back();
        if (v.isDict()) {
            const QString reg = v.value(u"registered_name").toStr();
            const QString module = v.value(u"module").toStr();
            const bool custom = reg.contains(u'>') || (!module.isEmpty() && !module.startsWith(u"keras"));
            if (!reg.isEmpty() && custom && !keys.contains(reg))
                keys << reg;
            for (const auto& item : v.dictValue().items())
                stack.push_back(item.second);
        } else {
            stack.insert(stack.end(), v.items().begin(), v.items().end());
        }
    }
    return keys;
}

} // namespace

class TestSerializationCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keras3ConfigsLoadAndRoundTrip_data() { kcs::test::addCorpusPathRows({QStringLiteral("keras3_*.json")}); }

    void keras3ConfigsLoadAndRoundTrip()
    {
        KCS_REQUIRE_CORPUS(dir);
        QFETCH(QString, path);
        auto config = readModel(path);
        QVERIFY(config);
        // Files written from an .h5 config have no `module`: only the legacy path takes them
        // (the general one says "Could not locate class").
        const bool legacy = !config->get(u"module");
        if (legacy) {
            auto general = deserializeKerasObject(*config);
            QVERIFY(!general);
            QVERIFY(general.error().message.startsWith(QStringLiteral("Could not locate class '")));
        }
        // Custom layers are unknown until the user declares them: declare each one the loader
        // names (as the editor's mapping workflow does) and load again.
        ObjectMap declared;
        auto load = [&] {
            CustomObjectScope scope(declared);
            return legacy ? modelFromConfig(*config) : deserializeKerasObject(*config);
        };
        auto model = load();
        static const QRegularExpression unknown(QStringLiteral("^(?:Unknown layer: |Could not locate class )'([^']+)'"));
        for (int i = 0; i < 20 && !model; ++i) {
            const QRegularExpressionMatch m = unknown.match(model.error().message);
            if (!m.hasMatch())
                break;
            declared.insert(m.captured(1), PyValue(symbols::descriptorClass(m.captured(1))));
            model = load();
        }
        QVERIFY2(model, qPrintable(model ? QString() : model.error().message.left(600)));
        const auto object = std::dynamic_pointer_cast<ModelObject>(model->instance());
        QVERIFY(object);
        QCOMPARE(object->layers().size(), config->value(u"config").value(u"layers").items().size());
        if (legacy)
            return;
        // Serializing the loaded model gives the file's structure back.
        auto saved = serializeKerasObject(*model);
        QVERIFY(saved);
        QCOMPARE(saved->value(u"config"), config->value(u"config"));
    }

    void keras2ToJsonNeedsTheLegacyPath_data() { kcs::test::addCorpusPathRows({QStringLiteral("keras2_*.json")}); }

    void keras2ToJsonNeedsTheLegacyPath()
    {
        KCS_REQUIRE_CORPUS(dir);
        QFETCH(QString, path);
        auto config = readModel(path);
        QVERIFY(config);
        const QString top = config->value(u"class_name").toStr();
        auto k3 = deserializeKerasObject(*config);
        QVERIFY(!k3);
        // Pre-2017 Sequential files hold a list as `config`, which fails the config type check
        // before any class is looked up.
        const QString expected = config->value(u"config").isList()
            ? QStringLiteral("Expected 'config' to be a dict for %1,\ninstead got <class 'list'>").arg(top)
            : QStringLiteral("Could not locate class '%1'.").arg(top);
        QVERIFY2(k3.error().message.startsWith(expected), qPrintable(k3.error().message.left(200)));
    }

    void keras2ToJsonLoadsUnderKeras2Rules_data() { keras2ToJsonNeedsTheLegacyPath_data(); }

    void keras2ToJsonLoadsUnderKeras2Rules()
    {
        KCS_REQUIRE_CORPUS(dir);
        QFETCH(QString, path);
        auto config = readModel(path);
        QVERIFY(config);
        LegacyDeserializeOptions options;
        options.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
        options.printableModuleName = QStringLiteral("layer");
        ObjectMap declared;
        // tf.keras 2.13+ files name custom classes by registered_name; with a layer table in play
        // an unknown one comes back as a string, so declare the names the file uses up front.
        for (const QString& key : registeredKeys(*config))
            declared.insert(key, PyValue(symbols::descriptorClass(key.section(u'>', -1))));
        auto load = [&] {
            CustomObjectScope scope(keras::Dialect::Keras2, {declared});
            return legacyDeserializeKerasObject(*config, options);
        };
        auto model = load();
        static const QRegularExpression unknown(QStringLiteral("^Unknown [a-z_ ]+: '([^']+)'"));
        for (int i = 0; i < 20 && !model; ++i) {
            const QRegularExpressionMatch m = unknown.match(model.error().message);
            if (!m.hasMatch())
                break;
            declared.insert(m.captured(1), PyValue(symbols::descriptorClass(m.captured(1))));
            model = load();
        }
        QVERIFY2(model, qPrintable(model ? QString() : model.error().message.left(600)));
    }

    void archivesLoad_data() { kcs::test::addCorpusPathRows({QStringLiteral("*.keras"), QStringLiteral("h5_*")}); }

    /// `.keras` configs load by the Keras 3 rules inside a sharing scope (as load_model does);
    /// `.h5` model_config attributes by the rules of the Keras that wrote them. Files no current
    /// Keras loads fail with the message Keras gives.
    void archivesLoad()
    {
        KCS_REQUIRE_CORPUS(dir);
        QFETCH(QString, path);
        const QString name = QFileInfo(path).fileName();
        static const QHash<QString, QString> expectedFailures{
            // Keras 1 layer arguments: tf.keras's LSTM constructor lacks `units`.
            {QStringLiteral("h5_keras122_theano_simple_lstm.h5"),
             QStringLiteral("Error when deserializing class 'LSTM' using config={")},
            // A Keras 2.15 .keras names its own Python modules, which Keras 3 does not have.
            {QStringLiteral("keraszip_tfkeras215_ecg_transformer_addons_loss.keras"),
             QStringLiteral("Could not deserialize class 'Functional' because its parent module "
                            "keras.src.engine.functional cannot be imported.")},
        };
        auto file = formats::ModelFile::open(path);
        QVERIFY2(file, qPrintable(file ? QString() : file.error().message));
        auto config = fromDocument(file->config(), file->modelNode());
        QVERIFY(config);
        const bool keras3Archive = name.endsWith(u".keras");
        const bool keras3H5 = name.startsWith(u"h5_keras3");
        ObjectMap declared;
        for (const QString& key : registeredKeys(*config))
            declared.insert(key, PyValue(symbols::descriptorClass(key.section(u'>', -1))));
        auto load = [&]() -> Result<PyValue> {
            if (keras3Archive) {
                CustomObjectScope scope(declared);
                ObjectSharingScope sharing;
                return deserializeKerasObject(*config);
            }
            if (keras3H5) {
                CustomObjectScope scope(declared);
                return modelFromConfig(*config);
            }
            CustomObjectScope scope(keras::Dialect::Keras2, {declared});
            LegacyDeserializeOptions options;
            options.moduleObjects = &Builtins::forDialect(keras::Dialect::Keras2).legacyLayerObjects();
            options.printableModuleName = QStringLiteral("layer");
            return legacyDeserializeKerasObject(*config, options);
        };
        auto model = load();
        // Nested failures are wrapped by the enclosing model's TypeError: take the innermost name.
        static const QRegularExpression unknown(QStringLiteral("(?:Unknown [a-z_ ]+: |Could not locate class )'([^']+)'"));
        for (int i = 0; i < 20 && !model; ++i) {
            QString missing;
            for (auto it = unknown.globalMatch(model.error().message); it.hasNext();)
                missing = it.next().captured(1);
            if (missing.isEmpty() || declared.contains(missing))
                break;
            declared.insert(missing, PyValue(symbols::descriptorClass(missing)));
            model = load();
        }
        if (expectedFailures.contains(name)) {
            QVERIFY(!model);
            QVERIFY2(model.error().message.contains(expectedFailures.value(name)),
                     qPrintable(model.error().message.left(300)));
            return;
        }
        QVERIFY2(model, qPrintable(model ? QString() : model.error().message.left(600)));
        QVERIFY(std::dynamic_pointer_cast<ModelObject>(model->instance()));
    }
};

QTEST_GUILESS_MAIN(TestSerializationCorpus)
#include "TestSerializationCorpus.moc"
