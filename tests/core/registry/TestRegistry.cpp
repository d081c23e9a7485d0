// SPDX-License-Identifier: GPL-3.0-or-later
// Checklist items 1-8 of ../shared/spec/keras-serialization.md (registry and scopes).
#include "core/registry/CustomObjectScope.h"
#include "core/registry/Registry.h"
#include "core/registry/ThreadState.h"
#include "core/serialization/Symbol.h"

#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <stdexcept>

using namespace kcs;
using namespace kcs::saving;

namespace {

/// A real C++ layer type, registered the way a Python class would be.
class MyDense : public Instance {
public:
    explicit MyDense(int units) : m_units(units) {}
    static Result<std::shared_ptr<MyDense>> fromConfig(const PyDict& config)
    {
        const PyValue* units = config.find(u"units");
        if (!units || !units->isInt())
            return fail(ErrorCode::TypeError, QStringLiteral("MyDense needs int units"));
        return std::make_shared<MyDense>(int(units->toInt()));
    }
    Result<PyValue> getConfig() const { return PyValue::dict({{QStringLiteral("units"), m_units}}); }
    int units() const { return m_units; }

private:
    int m_units;
};

/// A C++ type without get_config: registering it must fail like Python's check.
class NoConfig : public Instance {};

bool same(const PyValue& a, const SymbolRef& b)
{
    return a.isSymbol() && a.symbol() == b;
}

} // namespace

class TestRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        customObjects().clear();
        clearSession();
    }

    void item01_registerUsesPackageAndName()
    {
        const SymbolRef cls = defineClass<MyDense>(QStringLiteral("MyDense"), QStringLiteral("my_pkg.layers"));
        auto registered = registerKerasSerializable(cls, QStringLiteral("my_pkg"));
        QVERIFY(registered);
        QCOMPARE(registered->get(), cls.get()); // the class comes back unchanged
        QCOMPARE(registeredNameOf(cls), QStringLiteral("my_pkg>MyDense"));
        QVERIFY(same(registeredObjectFor(QStringLiteral("my_pkg>MyDense")), cls));
        QCOMPARE(customObjects().keys(), QStringList{QStringLiteral("my_pkg>MyDense")});
        // Registration never touches the class: an instance still reports the same class.
        MyDense layer(3);
        QCOMPARE(layer.cls().get(), cls.get());
    }

    void item02_defaultPackageAndExplicitName()
    {
        const SymbolRef a = symbols::descriptorClass(QStringLiteral("Name"));
        const SymbolRef b = symbols::descriptorClass(QStringLiteral("Name"));
        QVERIFY(registerKerasSerializable(a));
        QVERIFY(registerKerasSerializable(b, QStringLiteral("package"), QStringLiteral("other")));
        QCOMPARE(registeredNameOf(a), QStringLiteral("Custom>Name"));
        QCOMPARE(registeredNameOf(b), QStringLiteral("package>other"));
        // No validation of either part: '>' inside is kept.
        const SymbolRef c = symbols::descriptorClass(QStringLiteral("C"));
        QVERIFY(registerKerasSerializable(c, QStringLiteral("a>b")));
        QCOMPARE(registeredNameOf(c), QStringLiteral("a>b>C"));
    }

    void item03_classWithoutGetConfigIsRefused()
    {
        const SymbolRef cls = defineClass<NoConfig>(QStringLiteral("NoConfig"));
        auto r = registerKerasSerializable(cls, QStringLiteral("my_pkg"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        QCOMPARE(r.error().message,
                 QStringLiteral("Cannot register a class that does not have a get_config() method."));
        QVERIFY(!customObjects().contains(QStringLiteral("my_pkg>NoConfig")));
        // Functions are never checked.
        const SymbolRef fn = symbols::descriptorFunction(QStringLiteral("my_activation"));
        QVERIFY(registerKerasSerializable(fn, QStringLiteral("my_pkg")));
        QCOMPARE(registeredNameOf(fn), QStringLiteral("my_pkg>my_activation"));
    }

    void item04_reRegisteringOverwritesOrRaises()
    {
        const SymbolRef first = symbols::descriptorClass(QStringLiteral("MyDense"), QStringLiteral("my_pkg.layers"));
        const SymbolRef second = symbols::descriptorClass(QStringLiteral("MyDense"), QStringLiteral("my_pkg.v2"));
        QVERIFY(registerKerasSerializable(first, QStringLiteral("my_pkg")));
        // Keras 3 / tf.keras >= 2.13: silently replaced.
        QVERIFY(registerKerasSerializable(second, QStringLiteral("my_pkg")));
        QVERIFY(same(customObjects().value(QStringLiteral("my_pkg>MyDense")), second));
        // tf.keras <= 2.12: the key is taken ...
        const SymbolRef third = symbols::descriptorClass(QStringLiteral("MyDense"), QStringLiteral("other"));
        auto r = registerKerasSerializable(third, QStringLiteral("my_pkg"), {}, OnDuplicate::Raise);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ValueError);
        QCOMPARE(r.error().message, QStringLiteral("my_pkg>MyDense has already been registered to "
                                                   "<class 'my_pkg.v2.MyDense'>"));
        // ... or the object already has a key.
        auto again = registerKerasSerializable(second, QStringLiteral("pkg2"), {}, OnDuplicate::Raise);
        QVERIFY(!again);
        QCOMPARE(again.error().message, QStringLiteral("<class 'my_pkg.v2.MyDense'> has already been "
                                                       "registered to my_pkg>MyDense"));
    }

    void item05_registeredNameOfUnregisteredIsPlainName()
    {
        QCOMPARE(registeredNameOf(symbols::descriptorClass(QStringLiteral("Plain"))), QStringLiteral("Plain"));
        QCOMPARE(registeredNameOf(symbols::descriptorFunction(QStringLiteral("my_fn"))), QStringLiteral("my_fn"));
    }

    void item06_lookupOrderScopeGlobalCallerModule()
    {
        const SymbolRef inScope = symbols::descriptorClass(QStringLiteral("S"));
        const SymbolRef inGlobal = symbols::descriptorClass(QStringLiteral("G"));
        const SymbolRef inCaller = symbols::descriptorClass(QStringLiteral("C"));
        const SymbolRef inModule = symbols::descriptorClass(QStringLiteral("M"));
        const QString key = QStringLiteral("X");
        const ObjectMap caller{{key, PyValue(inCaller)}};
        const ObjectMap module{{key, PyValue(inModule)}};
        QVERIFY(same(registeredObjectFor(key, {}, &module), inModule));
        QVERIFY(same(registeredObjectFor(key, caller, &module), inCaller));
        customObjects().insert(key, PyValue(inGlobal)); // a bare key put in by hand is honoured
        QVERIFY(same(registeredObjectFor(key, caller, &module), inGlobal)); // caller never overrides global
        {
            CustomObjectScope scope({{key, PyValue(inScope)}});
            QVERIFY(same(registeredObjectFor(key, caller, &module), inScope));
        }
        QVERIFY(same(registeredObjectFor(key, caller, &module), inGlobal));
        QVERIFY(registeredObjectFor(QStringLiteral("missing"), caller, &module).isNone());
    }

    void item07_nestedScopesReplaceInKeras3MergeInKeras2()
    {
        const SymbolRef outer = symbols::descriptorClass(QStringLiteral("Outer"));
        const SymbolRef inner = symbols::descriptorClass(QStringLiteral("Inner"));
        const SymbolRef innerClash = symbols::descriptorClass(QStringLiteral("InnerClash"));
        const ObjectMap outerMap{{QStringLiteral("outer"), PyValue(outer)},
                                 {QStringLiteral("clash"), PyValue(outer)}};
        const ObjectMap innerMap{{QStringLiteral("inner"), PyValue(inner)},
                                 {QStringLiteral("clash"), PyValue(innerClash)}};
        {
            CustomObjectScope a(keras::Dialect::Keras3, {outerMap});
            {
                CustomObjectScope b(keras::Dialect::Keras3, {innerMap});
                QVERIFY(registeredObjectFor(QStringLiteral("outer")).isNone()); // hidden
                QVERIFY(same(registeredObjectFor(QStringLiteral("inner")), inner));
                QVERIFY(same(registeredObjectFor(QStringLiteral("clash")), innerClash));
            }
            QVERIFY(same(registeredObjectFor(QStringLiteral("outer")), outer)); // found again
            QVERIFY(registeredObjectFor(QStringLiteral("inner")).isNone());
        }
        {
            CustomObjectScope a(keras::Dialect::Keras2, {outerMap});
            {
                CustomObjectScope b(keras::Dialect::Keras2, {innerMap});
                QVERIFY(same(registeredObjectFor(QStringLiteral("outer")), outer)); // both found
                QVERIFY(same(registeredObjectFor(QStringLiteral("inner")), inner));
                QVERIFY(same(registeredObjectFor(QStringLiteral("clash")), innerClash)); // inner wins
            }
            QVERIFY(same(registeredObjectFor(QStringLiteral("clash")), outer));
            QVERIFY(registeredObjectFor(QStringLiteral("inner")).isNone());
        }
        QCOMPARE(currentScopeObjects().size(), 0);
        // Keras 2 accepts several dicts at once: later ones win.
        CustomObjectScope many(keras::Dialect::Keras2, {outerMap, innerMap});
        QVERIFY(same(registeredObjectFor(QStringLiteral("clash")), innerClash));
        QVERIFY(same(registeredObjectFor(QStringLiteral("outer")), outer));
    }

    void item08_scopesArePerThread()
    {
        const SymbolRef mine = symbols::descriptorClass(QStringLiteral("Mine"));
        CustomObjectScope scope({{QStringLiteral("mine"), PyValue(mine)}});
        bool seenInOtherThread = true;
        bool otherScopeWorked = false;
        QSemaphore opened, mayClose;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            seenInOtherThread = !registeredObjectFor(QStringLiteral("mine")).isNone();
            const SymbolRef theirs = symbols::descriptorClass(QStringLiteral("Theirs"));
            CustomObjectScope other({{QStringLiteral("theirs"), PyValue(theirs)}});
            otherScopeWorked = same(registeredObjectFor(QStringLiteral("theirs")), theirs);
            opened.release();
            mayClose.acquire(); // keep the scope open while the main thread looks
        }));
        thread->start();
        QVERIFY(opened.tryAcquire(1, 5000));
        QVERIFY(registeredObjectFor(QStringLiteral("theirs")).isNone());
        mayClose.release();
        QVERIFY(thread->wait(5000));
        QVERIFY(!seenInOtherThread);
        QVERIFY(otherScopeWorked);
        QVERIFY(same(registeredObjectFor(QStringLiteral("mine")), mine));
    }

    void scopeIsRestoredWhenLeftByAnException()
    {
        const SymbolRef outer = symbols::descriptorClass(QStringLiteral("Outer"));
        CustomObjectScope a({{QStringLiteral("outer"), PyValue(outer)}});
        try {
            CustomObjectScope b({{QStringLiteral("inner"), PyValue(outer)}});
            throw std::runtime_error("leaving the block by an exception");
        } catch (const std::runtime_error&) {
        }
        QVERIFY(same(registeredObjectFor(QStringLiteral("outer")), outer));
        QVERIFY(registeredObjectFor(QStringLiteral("inner")).isNone());
    }

    void clearSessionWipesScopeAndSafeMode()
    {
        auto scope = std::make_unique<CustomObjectScope>(ObjectMap{{QStringLiteral("k"), PyValue(1)}});
        enableUnsafeDeserialization();
        QCOMPARE(inSafeMode(), std::optional<bool>(false));
        clearSession();
        QVERIFY(registeredObjectFor(QStringLiteral("k")).isNone());
        QCOMPARE(inSafeMode(), std::optional<bool>());
        scope.reset();
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "TestRegistry.moc"
