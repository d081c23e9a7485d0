// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector's lookup trace: the places Keras consults for a name, in order, and which one
// answered. It must agree with the load simulation on every identifier of a model.
#include "LoadSimTestSupport.h"
#include "core/keras/LookupTrace.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace kcs;

namespace {

keras::ScopeSet scopesFrom(const QByteArray& text)
{
    auto set = keras::parseScopeFile(text, QStringLiteral("t.json"));
    if (!set)
        qFatal("scope text does not parse: %s", qPrintable(set.error().message));
    return std::move(*set);
}

/// Two nested scopes that both define my_pkg>MyLayer's neighbours: the outer one has the layer,
/// the inner one does not (Keras 3 hides the outer scope, Keras 2 merges it in).
const QByteArray kNested = R"({"scopes": [
  {"name": "outer", "objects": [{"key": "my_pkg>MyLayer", "category": "layer"}, {"key": "binary_tanh", "kind": "function"}]},
  {"name": "inner", "objects": [{"key": "Other", "category": "layer"}]}
]})";

keras::ScopeSet scopesNamed(const QString& which)
{
    if (which == u"my_pkg")
        return scopesFrom(test::readFile(test::dataPath(QStringLiteral("loadsim/scopes_my_pkg.json"))));
    if (which == u"nested")
        return scopesFrom(kNested);
    if (which == u"example")
        return scopesFrom(test::readFile(QStringLiteral(KCS_SOURCE_DIR "/resources/examples/example_scopes.json")));
    return {};
}

} // namespace

class TestLookupTrace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void agreesWithTheLoadSimulation_data();
    void agreesWithTheLoadSimulation();
    void keras3HidesOuterScopes();
    void keras2MergesScopes();
    void disabledScopeIsNotConsulted();
    void customObjectsComeAfterTheGlobalRegistry();
    void builtinAnswersAfterEveryCustomPlace();
    void nullRegisteredNameIsLookedUpAsNone();
};

void TestLookupTrace::agreesWithTheLoadSimulation_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<bool>("keras2");
    QStringList files = QDir(test::dataPath(QStringLiteral("loadsim"))).entryList({QStringLiteral("k*.json")}, QDir::Files);
    files << QStringLiteral(KCS_SOURCE_DIR "/resources/examples/example_model.json");
    for (const QString& file : files) {
        for (const char* scopes : {"none", "my_pkg", "nested", "example"}) {
            for (bool keras2 : {false, true}) {
                QTest::addRow("%s %s %s", qPrintable(QFileInfo(file).fileName()), scopes, keras2 ? "k2" : "k3")
                    << file << QString::fromLatin1(scopes) << keras2;
            }
        }
    }
}

void TestLookupTrace::agreesWithTheLoadSimulation()
{
    QFETCH(QString, file);
    QFETCH(QString, scopes);
    QFETCH(bool, keras2);
    const QString path = QFileInfo(file).isAbsolute() ? file : test::dataPath(QStringLiteral("loadsim/") + file);
    auto doc = json::Document::parse(test::readFile(path));
    QVERIFY(doc.has_value());
    keras::LoadOptions options;
    options.target = keras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    options.fileKind = file.contains(u"_h5_") ? formats::FileKind::H5 : formats::FileKind::KerasJson;
    options.customObjects = scopesNamed(scopes);
    options.includeLiveRegistry = false;
    const keras::LoadReport report = keras::simulateLoad(*doc, doc->root(), options);
    for (const keras::Resolution& r : report.resolutions) {
        const keras::LookupQuery query = keras::lookupQueryFor(*doc, r.node, r, options.fileKind, options.target);
        const keras::LookupTrace trace = keras::traceLookup(query, options.target, options.customObjects);
        const QString where = QStringLiteral("%1 '%2' (%3)\n%4").arg(doc->pointer(r.node), r.identifier(),
                                                                     keras::resolutionSourceName(r.source()), trace.text());
        QVERIFY2(trace.source == r.source(), qPrintable(where));
        QVERIFY2(trace.sourceName == r.sourceName(), qPrintable(where + QStringLiteral("\nexpected ") + r.sourceName()));
    }
}

void TestLookupTrace::keras3HidesOuterScopes()
{
    keras::LookupQuery q{QStringLiteral("my_pkg>MyLayer"), QStringLiteral("MyLayer"), keras::Category::Layers, false,
                         keras::LookupRoute::General, QStringLiteral("my_pkg.layers")};
    const keras::LookupTrace trace = keras::traceLookup(q, keras::Dialect::Keras3, scopesFrom(kNested));
    QCOMPARE(trace.source, keras::ResolutionSource::Unresolved);
    QCOMPARE(trace.text(), QStringLiteral(
        "1. scope 'inner': no 'my_pkg>MyLayer'\n"
        "2. scope 'outer': not consulted (hidden: in Keras 3 the inner scope 'inner' replaces it)\n"
        "3. global registry (get_custom_objects()): no 'my_pkg>MyLayer'\n"
        "4. custom_objects argument: no 'my_pkg>MyLayer'\n"
        "5. import my_pkg.layers: no 'my_pkg.layers.MyLayer'\n"
        "→ not found"));
    QCOMPARE(trace.steps[1].state, keras::LookupStep::State::Hidden);
}

void TestLookupTrace::keras2MergesScopes()
{
    keras::LookupQuery q{QStringLiteral("my_pkg>MyLayer"), QStringLiteral("my_pkg>MyLayer"), keras::Category::Layers,
                         false, keras::LookupRoute::ModuleObjects, {}};
    const keras::LookupTrace trace = keras::traceLookup(q, keras::Dialect::Keras2, scopesFrom(kNested));
    QCOMPARE(trace.source, keras::ResolutionSource::Scope);
    QCOMPARE(trace.sourceName, QStringLiteral("outer"));
    QCOMPARE(trace.resolvedTo, QStringLiteral("my_pkg>MyLayer"));
    QCOMPARE(trace.text(), QStringLiteral(
        "1. scope 'inner': no 'my_pkg>MyLayer'\n"
        "2. scope 'outer': found my_pkg>MyLayer\n"
        "3. global registry (get_custom_objects()): not reached\n"
        "4. custom_objects argument: not reached\n"
        "5. built-in layers (module_objects): not reached\n"
        "→ answered by scope outer"));
}

void TestLookupTrace::disabledScopeIsNotConsulted()
{
    keras::ScopeSet set = scopesFrom(kNested);
    set.scopes[1].enabled = false; // "inner" off: Keras 3 now sees "outer"
    keras::LookupQuery q{QStringLiteral("my_pkg>MyLayer"), QStringLiteral("MyLayer"), keras::Category::Layers, false,
                         keras::LookupRoute::General, QStringLiteral("my_pkg.layers")};
    const keras::LookupTrace trace = keras::traceLookup(q, keras::Dialect::Keras3, set);
    QCOMPARE(trace.steps[0].place, QStringLiteral("scope 'inner'"));
    QCOMPARE(trace.steps[0].state, keras::LookupStep::State::Hidden);
    QCOMPARE(trace.steps[0].note, QStringLiteral("disabled"));
    QCOMPARE(trace.source, keras::ResolutionSource::Scope);
    QCOMPARE(trace.sourceName, QStringLiteral("outer"));
}

void TestLookupTrace::customObjectsComeAfterTheGlobalRegistry()
{
    // The same key in the global registry and in custom_objects: the registry answers (spec 1.3).
    const keras::ScopeSet set = scopesFrom(R"({"global": [{"key": "Clip", "category": "constraint"}],
        "custom_objects": [{"key": "Clip", "category": "constraint", "alias_of": "keras.constraints.NonNeg"}]})");
    keras::LookupQuery q{QStringLiteral("Clip"), QStringLiteral("Clip"), keras::Category::Constraints, false,
                         keras::LookupRoute::ModuleObjects, {}};
    const keras::LookupTrace trace = keras::traceLookup(q, keras::Dialect::Keras3, set);
    QCOMPARE(trace.source, keras::ResolutionSource::GlobalRegistry);
    QCOMPARE(trace.steps.size(), size_t(3));
    QCOMPARE(trace.steps[1].state, keras::LookupStep::State::NotReached);
}

void TestLookupTrace::builtinAnswersAfterEveryCustomPlace()
{
    keras::LookupQuery q{QStringLiteral("Dense"), QStringLiteral("Dense"), keras::Category::Layers, false,
                         keras::LookupRoute::General, QStringLiteral("keras.layers")};
    const keras::LookupTrace trace = keras::traceLookup(q, keras::Dialect::Keras3, {});
    QCOMPARE(trace.text(), QStringLiteral(
        "1. global registry (get_custom_objects()): no 'Dense'\n"
        "2. custom_objects argument: no 'Dense'\n"
        "3. keras.layers.Dense: found keras.layers.Dense\n"
        "→ answered by builtin keras.layers"));
}

void TestLookupTrace::nullRegisteredNameIsLookedUpAsNone()
{
    // Keras 3 writes "registered_name": null for built-ins; config.get("registered_name",
    // class_name) is then None, which no registry or scope entry matches.
    const QByteArray text = R"({"module": "keras.layers", "class_name": "Dense", "config": {"units": 2}, "registered_name": null})";
    auto doc = json::Document::parse(text);
    QVERIFY(doc);
    const keras::Resolution r(doc->root(), QStringLiteral("Dense"), keras::Category::Layers, false, keras::ResolutionSource::Unresolved);
    const keras::LookupQuery q = keras::lookupQueryFor(*doc, doc->root(), r, formats::FileKind::KerasJson, keras::Dialect::Keras3);
    QVERIFY(q.keyIsNone);
    QCOMPARE(q.keyRepr(), QStringLiteral("None"));
    QCOMPARE(keras::traceLookup(q, keras::Dialect::Keras3, scopesFrom(kNested)).text(), QStringLiteral(
        "1. scope 'inner': no None\n"
        "2. scope 'outer': not consulted (hidden: in Keras 3 the inner scope 'inner' replaces it)\n"
        "3. global registry (get_custom_objects()): no None\n"
        "4. custom_objects argument: no None\n"
        "5. keras.layers.Dense: found keras.layers.Dense\n"
        "→ answered by builtin keras.layers"));
}

QTEST_GUILESS_MAIN(TestLookupTrace)
#include "TestLookupTrace.moc"
