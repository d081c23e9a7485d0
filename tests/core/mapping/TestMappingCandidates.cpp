// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ClassMappingCandidates.h"
#include "support/TestSupport.h"

using namespace kcs;
using namespace kcs::keras;

Q_DECLARE_METATYPE(kcs::keras::Dialect)

/// The ranked targets the mapping dialog offers for an unresolved name.
class TestMappingCandidates : public QObject {
    Q_OBJECT

private:
    static QStringList names(const std::vector<MappingCandidate>& candidates)
    {
        QStringList out;
        for (const MappingCandidate& c : candidates)
            out << c.name;
        return out;
    }

    static ObjectDescriptor descriptor(const QString& key, std::optional<Category> category)
    {
        ObjectDescriptor d;
        d.key = key;
        d.category = category;
        return d;
    }

private Q_SLOTS:
    void declaredObjectsComeFirstSameClassNameFirst()
    {
        const std::vector<ObjectDescriptor> declared{
            descriptor(QStringLiteral("my_pkg>Scaling"), Category::Layers),
            descriptor(QStringLiteral("my_pkg>Scaler"), Category::Layers),
            descriptor(QStringLiteral("my_pkg>scaler_loss"), Category::Losses), // another category
            descriptor(QStringLiteral("AnyScaler"), std::nullopt),              // any category
        };
        const auto candidates = mappingCandidates(u"Custom>Scaler", Category::Layers, Dialect::Keras3, declared, 0);
        QCOMPARE(names(candidates), (QStringList{"my_pkg>Scaler", "my_pkg>Scaling", "AnyScaler"}));
        QCOMPARE(candidates[0].source, MappingCandidate::Source::Descriptor);
        QCOMPARE(candidates[0].reason, QStringLiteral("declared custom object, same class name"));
        QCOMPARE(candidates[1].reason, QStringLiteral("declared custom object"));
    }

    void theOtherDialectsNameOfABuiltinIsOffered_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("renamed");
        QTest::newRow("Convolution2D for Keras 3") << "Convolution2D" << Dialect::Keras3 << "Conv2D";
        QTest::newRow("legacy key in a registered name") << "Custom>Convolution2D" << Dialect::Keras3 << "Conv2D";
    }
    void theOtherDialectsNameOfABuiltinIsOffered()
    {
        QFETCH(QString, name);
        QFETCH(Dialect, dialect);
        QFETCH(QString, renamed);
        const auto candidates = mappingCandidates(name, Category::Layers, dialect, {}, 5);
        QVERIFY(!candidates.empty());
        QCOMPARE(candidates[0].name, renamed);
        QCOMPARE(candidates[0].source, MappingCandidate::Source::Rename);
        QCOMPARE(candidates[0].reason, QStringLiteral("the Keras 3 name of the same built-in"));
    }

    void builtinsByDistanceSimilarOnesMarked()
    {
        const auto candidates = mappingCandidates(u"Denze", Category::Layers, Dialect::Keras3, {}, 3);
        QCOMPARE(int(candidates.size()), 3);
        QCOMPARE(candidates[0].name, QStringLiteral("Dense"));
        QCOMPARE(candidates[0].source, MappingCandidate::Source::Similar);
        QCOMPARE(candidates[0].reason, QStringLiteral("similar built-in name"));
        for (const MappingCandidate& c : candidates)
            QVERIFY(c.name != QStringLiteral("Denze"));
        const auto far = mappingCandidates(u"OldDense", Category::Layers, Dialect::Keras3, {}, 1);
        QCOMPARE(names(far), QStringList{QStringLiteral("Dense")});
        QCOMPARE(far[0].source, MappingCandidate::Source::BuiltIn);
        QCOMPARE(far[0].reason, QStringLiteral("built-in layer"));
    }

    void theNameItselfAndDuplicatesAreNeverOffered()
    {
        const std::vector<ObjectDescriptor> declared{descriptor(QStringLiteral("Dense"), Category::Layers)};
        const auto candidates = mappingCandidates(u"Dense", Category::Layers, Dialect::Keras3, declared, 200);
        QVERIFY(!names(candidates).contains(QStringLiteral("Dense")));
        const QStringList all = names(candidates);
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
    }

    void allDescriptorsInScopeOrder()
    {
        ScopeSet set;
        set.scopes.push_back({QStringLiteral("outer"), {descriptor(QStringLiteral("A"), std::nullopt)}, true});
        set.scopes.push_back({QStringLiteral("inner"), {descriptor(QStringLiteral("B"), std::nullopt)}, true});
        set.global.push_back(descriptor(QStringLiteral("pkg>C"), std::nullopt));
        set.customObjects.push_back(descriptor(QStringLiteral("D"), std::nullopt));
        QStringList keys;
        for (const ObjectDescriptor& d : allDescriptors(set))
            keys << d.key;
        QCOMPARE(keys, (QStringList{"A", "B", "pkg>C", "D"}));
    }
};

QTEST_GUILESS_MAIN(TestMappingCandidates)
#include "TestMappingCandidates.moc"
