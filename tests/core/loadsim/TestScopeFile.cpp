// SPDX-License-Identifier: GPL-3.0-or-later
// The scope-file format: what it declares, and located errors for what it gets wrong.
#include "core/keras/ScopeFile.h"
#include "support/TestSupport.h"

#include <QTest>

using namespace kcs;
using keras::Category;

class TestScopeFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsScopesGlobalAndCustomObjects();
    void rejectsWithLocation_data();
    void rejectsWithLocation();
    void splitsRegisteredKeys();
    void acceptsCategoryWords_data();
    void acceptsCategoryWords();
    void reportsUnreadableFiles();
};

void TestScopeFile::readsScopesGlobalAndCustomObjects()
{
    auto set = keras::loadScopeFile(test::dataPath(QStringLiteral("loadsim/scopes_my_pkg.json")));
    QVERIFY2(set, set ? "" : qPrintable(set.error().message));
    QCOMPARE(set->scopes.size(), size_t(2));
    QCOMPARE(set->scopes[0].name, QStringLiteral("outer"));
    QCOMPARE(set->scopes[0].objects.size(), size_t(1));
    QCOMPARE(set->scopes[0].objects[0].key, QStringLiteral("binary_tanh"));
    QVERIFY(set->scopes[0].objects[0].isFunction);
    QCOMPARE(set->scopes[0].objects[0].category, std::optional<Category>(Category::Activations));
    QVERIFY(!set->scopes[0].objects[0].params);
    const keras::ObjectDescriptor& my = set->scopes[1].objects[0];
    QCOMPARE(my.key, QStringLiteral("my_pkg>MyLayer"));
    QVERIFY(!my.isFunction);
    QCOMPARE(my.params, std::optional<QStringList>(QStringList{"units"}));
    QVERIFY(my.acceptsExtraKwargs);
    QCOMPARE(set->global.size(), size_t(1));
    QCOMPARE(set->global[0].key, QStringLiteral("hls4ml>BinaryDense"));
    QCOMPARE(set->customObjects.size(), size_t(1));
    QCOMPARE(set->customObjects[0].key, QStringLiteral("Clip"));
    QCOMPARE(set->customObjects[0].category, std::optional<Category>(Category::Constraints));
    QCOMPARE(set->customObjects[0].params, std::optional<QStringList>(QStringList{"min_value", "max_value"}));
}

void TestScopeFile::rejectsWithLocation_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << QByteArray("{\n  \"scopes\": [\n}") << QString("s.json:3:1: ");
    QTest::newRow("root not an object") << QByteArray("[]") << QString("s.json:1:1: a scope file is a JSON object with \"scopes\"");
    QTest::newRow("unknown format") << QByteArray("{\"format\": \"v9\"}") << QString("s.json:1:2: unknown format 'v9' (expected kcs-scopes/1)");
    QTest::newRow("scopes not a list") << QByteArray("{\"scopes\": {}}") << QString("s.json:1:2: \"scopes\" must be a list of scopes");
    QTest::newRow("bad kind")
        << QByteArray("{\"global\": [{\"key\": \"A\", \"kind\": \"klass\"}]}")
        << QString("s.json:1:26: \"kind\" must be \"class\" or \"function\"");
    QTest::newRow("missing key") << QByteArray("{\"global\": [{}]}") << QString("s.json:1:13: a descriptor needs \"key\" (or \"name\")");
    QTest::newRow("bad param")
        << QByteArray("{\"global\": [{\"key\": \"A\", \"params\": [1]}]}") << QString("s.json:1:37: a parameter is a name or an object with \"name\"");
}

void TestScopeFile::rejectsWithLocation()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    auto set = keras::parseScopeFile(text, QStringLiteral("s.json"));
    QVERIFY(!set);
    if (message.endsWith(u' '))
        QVERIFY2(set.error().message.startsWith(message), qPrintable(set.error().message));
    else
        QCOMPARE(set.error().message, message);
}

void TestScopeFile::splitsRegisteredKeys()
{
    keras::ObjectDescriptor d;
    d.key = QStringLiteral("a>b>Name");
    QCOMPARE(d.shortName(), QStringLiteral("Name"));
    QCOMPARE(d.package(), QStringLiteral("a>b"));
    d.key = QStringLiteral("Bare");
    QCOMPARE(d.shortName(), QStringLiteral("Bare"));
    QCOMPARE(d.package(), QString());
    auto bad = keras::loadScopeFile(test::dataPath(QStringLiteral("loadsim/scopes_bad_category.json")));
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.endsWith(QStringLiteral("scopes_bad_category.json:4:20: unknown category 'layres'")),
             qPrintable(bad.error().message));
}

void TestScopeFile::acceptsCategoryWords_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<int>("category");
    QTest::newRow("layer") << "layer" << int(Category::Layers);
    QTest::newRow("layers") << "layers" << int(Category::Layers);
    QTest::newRow("loss") << "loss" << int(Category::Losses);
    QTest::newRow("dtype_policy") << "dtype_policy" << int(Category::DtypePolicies);
    QTest::newRow("learning_rate_schedules") << "learning_rate_schedules" << int(Category::LearningRateSchedules);
    QTest::newRow("unknown") << "layres" << -1;
}

void TestScopeFile::acceptsCategoryWords()
{
    QFETCH(QString, word);
    QFETCH(int, category);
    const auto c = keras::categoryFromWord(word);
    QCOMPARE(c ? int(*c) : -1, category);
}

void TestScopeFile::reportsUnreadableFiles()
{
    auto set = keras::loadScopeFile(QStringLiteral("/nonexistent/scopes.json"));
    QVERIFY(!set);
    QCOMPARE(set.error().code, ErrorCode::Io);
    QVERIFY(set.error().message.startsWith(QStringLiteral("/nonexistent/scopes.json: cannot read the scope file")));
}

QTEST_GUILESS_MAIN(TestScopeFile)
#include "TestScopeFile.moc"
