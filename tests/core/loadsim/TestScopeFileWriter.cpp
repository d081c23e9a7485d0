// SPDX-License-Identifier: GPL-3.0-or-later
// Scope files as the Scopes panel writes them: exact bytes, and read back to the same set.
#include "core/keras/ScopeFile.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kcs;

namespace {

keras::ObjectDescriptor descriptor(const QString& key, std::optional<keras::Category> category = std::nullopt)
{
    keras::ObjectDescriptor d;
    d.key = key;
    d.category = category;
    return d;
}

/// Every field the format has: a disabled scope, params with and without **kwargs, a function,
/// an alias, an entry of any category, a key that needs escaping.
keras::ScopeSet sampleSet()
{
    keras::ScopeSet set;
    keras::NamedScope outer;
    outer.name = QStringLiteral("outer");
    outer.enabled = false;
    set.scopes.push_back(outer);
    keras::NamedScope training;
    training.name = QStringLiteral("training \"v2\"");
    keras::ObjectDescriptor dense = descriptor(QStringLiteral("my_pkg>MyDense"), keras::Category::Layers);
    dense.params = QStringList{QStringLiteral("units"), QStringLiteral("activation")};
    dense.acceptsExtraKwargs = true;
    training.objects.push_back(dense);
    keras::ObjectDescriptor tanh = descriptor(QStringLiteral("binary_tanh"), keras::Category::Activations);
    tanh.isFunction = true;
    training.objects.push_back(tanh);
    set.scopes.push_back(training);
    keras::ObjectDescriptor alias = descriptor(QStringLiteral("OldDense"), keras::Category::Layers);
    alias.aliasOf = QStringLiteral("my_pkg>MyDense");
    alias.params = QStringList{QStringLiteral("units")};
    set.global.push_back(alias);
    set.customObjects.push_back(descriptor(QStringLiteral("Caf\u00e9")));
    return set;
}

const QByteArray kSampleText =
    "{\n"
    "  \"format\": \"kcs-scopes/1\",\n"
    "  \"scopes\": [\n"
    "    {\"name\": \"outer\", \"enabled\": false, \"objects\": []},\n"
    "    {\"name\": \"training \\\"v2\\\"\", \"objects\": [\n"
    "      {\"key\": \"my_pkg>MyDense\", \"category\": \"layer\", \"params\": [\"units\", \"activation\"], \"kwargs\": true},\n"
    "      {\"key\": \"binary_tanh\", \"kind\": \"function\", \"category\": \"activation\"}\n"
    "    ]}\n"
    "  ],\n"
    "  \"global\": [\n"
    "    {\"key\": \"OldDense\", \"alias_of\": \"my_pkg>MyDense\", \"category\": \"layer\", \"params\": [\"units\"]}\n"
    "  ],\n"
    "  \"custom_objects\": [\n"
    "    {\"key\": \"Caf\\u00e9\"}\n"
    "  ]\n"
    "}\n";

} // namespace

class TestScopeFileWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writesEveryField()
    {
        QCOMPARE(keras::writeScopeFile(sampleSet()), kSampleText);
    }

    void writesAnEmptySet()
    {
        QCOMPARE(keras::writeScopeFile({}),
                 QByteArray("{\n  \"format\": \"kcs-scopes/1\",\n  \"scopes\": [],\n  \"global\": [],\n  \"custom_objects\": []\n}\n"));
    }

    void readsBackTheSameSet()
    {
        auto read = keras::parseScopeFile(kSampleText, QStringLiteral("s.json"));
        QVERIFY2(read.has_value(), qPrintable(read ? QString() : read.error().message));
        QCOMPARE(*read, sampleSet());
    }

    void savesAtomicallyAndLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scopes.json"));
        QVERIFY(keras::saveScopeFile(sampleSet(), path).has_value());
        QCOMPARE(test::readFile(path), kSampleText);
        auto loaded = keras::loadScopeFile(path);
        QVERIFY(loaded.has_value());
        QCOMPARE(*loaded, sampleSet());
        auto failed = keras::saveScopeFile(sampleSet(), dir.filePath(QStringLiteral("missing/dir/scopes.json")));
        QVERIFY(!failed.has_value());
    }

    void disabledScopesAreNotInForce()
    {
        const keras::ScopeSet inForce = sampleSet().inForce();
        QCOMPARE(inForce.scopes.size(), size_t(1));
        QCOMPARE(inForce.scopes[0].name, QStringLiteral("training \"v2\""));
        QCOMPARE(inForce.global, sampleSet().global);
        keras::ScopeSet combined;
        combined.append(sampleSet()); // what check --scope does with each file
        QCOMPARE(combined.scopes.size(), size_t(1));
    }

    void rejectsABadEnabledFlag()
    {
        auto read = keras::parseScopeFile(R"({"scopes": [{"name": "a", "enabled": "no", "objects": []}]})",
                                          QStringLiteral("s.json"));
        QVERIFY(!read.has_value());
        QCOMPARE(read.error().message, QStringLiteral("s.json:1:27: \"enabled\" must be true or false"));
    }

    void categoryWordsRoundTrip()
    {
        for (keras::Category c : keras::allCategories())
            QCOMPARE(keras::categoryFromWord(keras::categoryWord(c)), std::optional<keras::Category>(c));
    }
};

QTEST_GUILESS_MAIN(TestScopeFileWriter)
#include "TestScopeFileWriter.moc"
