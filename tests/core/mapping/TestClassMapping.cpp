// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ClassMapping.h"
#include "support/TestSupport.h"

using namespace kcs;
using namespace kcs::keras;
using formats::FileDialect;

Q_DECLARE_METATYPE(kcs::formats::FileDialect)

/// Mapping OLD=NEW in Keras 2 and Keras 3 configs: exact bytes, one undo step, parameter diffs.
class TestClassMapping : public QObject {
    Q_OBJECT

private:
    static std::vector<MappingRule> rules(const QStringList& texts)
    {
        std::vector<MappingRule> out;
        for (const QString& t : texts)
            out.push_back(*parseMappingRule(t));
        return out;
    }

private Q_SLOTS:
    void parseRule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "OldDense=Dense" << "OldDense" << "Dense" << true;
        QTest::newRow("registered") << " Custom>A = pkg>B " << "Custom>A" << "pkg>B" << true;
        QTest::newRow("no-equals") << "OldDense" << "" << "" << false;
        QTest::newRow("empty-new") << "OldDense=" << "" << "" << false;
        QTest::newRow("empty-old") << "=Dense" << "" << "" << false;
    }
    void parseRule()
    {
        QFETCH(QString, text);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, ok);
        auto r = parseMappingRule(text);
        QCOMPARE(r.has_value(), ok);
        if (ok) {
            QCOMPARE(r->from, from);
            QCOMPARE(r->to, to);
        } else {
            QCOMPARE(r.error().message, QStringLiteral("'%1' is not a mapping: expected OLD=NEW").arg(text));
        }
    }

    void resolveTarget_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("className");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("registered"); // "<null>" for null
        QTest::newRow("registered") << "pkg>Block" << int(MappingTarget::Kind::Registered) << "Block" << ""
                                    << "pkg>Block";
        QTest::newRow("builtin-layer") << "Dense" << int(MappingTarget::Kind::BuiltIn) << "Dense"
                                       << "keras.layers" << "<null>";
        QTest::newRow("builtin-loss") << "BinaryCrossentropy" << int(MappingTarget::Kind::BuiltIn)
                                      << "BinaryCrossentropy" << "keras.losses" << "<null>";
        QTest::newRow("bare-custom") << "Scaler" << int(MappingTarget::Kind::Custom) << "Scaler" << ""
                                     << "Scaler";
        QTest::newRow("descriptor-short-name") << "Gate" << int(MappingTarget::Kind::Registered) << "Gate"
                                               << "" << "blocks>Gate";
    }
    void resolveTarget()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, className);
        QFETCH(QString, module);
        QFETCH(QString, registered);
        ObjectDescriptor gate;
        gate.key = QStringLiteral("blocks>Gate");
        const MappingTarget t = resolveMappingTarget(name, Dialect::Keras3, {gate});
        QCOMPARE(int(t.kind), kind);
        QCOMPARE(t.className, className);
        QCOMPARE(t.module, module);
        QCOMPARE(t.registeredName.value_or(QStringLiteral("<null>")), registered);
    }

    void mapFile_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<FileDialect>("dialect");
        QTest::addColumn<QStringList>("mappings");
        QTest::addColumn<int>("parts");
        QTest::newRow("keras3") << "mapping/k3_model.json" << "mapping/k3_mapped.json" << FileDialect::Keras3
                                << QStringList{"OldDense=Dense", "Scaler=my_pkg>Scaler",
                                               "Custom>old_acc=my_pkg>top_acc"}
                                << 8;
        QTest::newRow("keras2") << "mapping/k2_model.json" << "mapping/k2_mapped.json" << FileDialect::Keras2
                                << QStringList{"OldDense=Dense", "Custom>Scaler=my_pkg>Scaler"} << 3;
    }
    void mapFile()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(FileDialect, dialect);
        QFETCH(QStringList, mappings);
        QFETCH(int, parts);
        const QByteArray original = test::readFile(test::dataPath(input));
        const QByteArray wanted = test::readFile(test::dataPath(expected));
        QVERIFY(!original.isEmpty() && !wanted.isEmpty());
        auto doc = json::Document::parse(original);
        QVERIFY(doc);
        auto edit = applyMappings(*doc, dialect, rules(mappings));
        QVERIFY2(edit, edit ? "" : qPrintable(edit.error().message));
        QCOMPARE(edit->type, json::Edit::Type::Compound);
        QCOMPARE(int(edit->parts.size()), parts);
        QCOMPARE(doc->text(), wanted);
        QVERIFY(doc->revert(*edit));
        QCOMPARE(doc->text(), original);
        QVERIFY(doc->apply(*edit));
        QCOMPARE(doc->text(), wanted);
    }

    void mapInline_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<FileDialect>("dialect");
        QTest::addColumn<QString>("mapping");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("k3-inserts-registered-name")
            << QByteArray(R"({"module": "m", "class_name": "A", "config": {}, "build_config": {}})")
            << FileDialect::Keras3 << "A=p>B"
            << QByteArray(R"({"module": "m", "class_name": "B", "config": {}, "registered_name": "p>B", "build_config": {}})");
        QTest::newRow("k3-builtin-inserts-module")
            << QByteArray(R"({"module": null, "class_name": "A", "config": {"units": 2}, "registered_name": "A"})")
            << FileDialect::Keras3 << "A=Dense"
            << QByteArray(R"({"module": "keras.layers", "class_name": "Dense", "config": {"units": 2}, "registered_name": null})");
        QTest::newRow("k3-builtin-inserts-missing-module")
            << QByteArray(R"({"class_name": "A", "config": {"units": 2}, "registered_name": "A"})")
            << FileDialect::Keras3 << "A=Dense"
            << QByteArray(R"({"module": "keras.layers", "class_name": "Dense", "config": {"units": 2}, "registered_name": null})");
        QTest::newRow("k3-h5-legacy-dict")
            << QByteArray(R"({"class_name": "A", "config": {"units": 2}})") << FileDialect::Keras3 << "A=p>B"
            << QByteArray(R"({"class_name": "p>B", "config": {"units": 2}})");
        QTest::newRow("k2-modern-envelope-in-k2-file")
            << QByteArray(R"({"module": "m", "class_name": "A", "config": {}, "registered_name": "Custom>A"})")
            << FileDialect::Keras2 << "Custom>A=p>B"
            << QByteArray(R"({"module": "m", "class_name": "B", "config": {}, "registered_name": "p>B"})");
        QTest::newRow("k2-bare-custom")
            << QByteArray(R"([{"class_name": "A", "config": {}}, {"class_name": "Ab", "config": {}}])")
            << FileDialect::Keras2 << "A=Zed"
            << QByteArray(R"([{"class_name": "Zed", "config": {}}, {"class_name": "Ab", "config": {}}])");
        QTest::newRow("nested-deep")
            << QByteArray(R"({"a": [[[{"class_name": "A", "config": {"x": {"class_name": "A", "config": {}}}}]]]})")
            << FileDialect::Keras1 << "A=p>B"
            << QByteArray(R"({"a": [[[{"class_name": "p>B", "config": {"x": {"class_name": "p>B", "config": {}}}}]]]})");
    }
    void mapInline()
    {
        QFETCH(QByteArray, input);
        QFETCH(FileDialect, dialect);
        QFETCH(QString, mapping);
        QFETCH(QByteArray, expected);
        auto doc = json::Document::parse(input);
        QVERIFY(doc);
        auto edit = applyMappings(*doc, dialect, rules({mapping}));
        QVERIFY2(edit, edit ? "" : qPrintable(edit.error().message));
        QCOMPARE(doc->text(), expected);
        QVERIFY(doc->revert(*edit));
        QCOMPARE(doc->text(), input);
    }

    void unknownNameLeavesFileUnchanged()
    {
        const QByteArray text = R"({"class_name": "A", "config": {}})";
        auto doc = json::Document::parse(text);
        QVERIFY(doc);
        auto edit = applyMappings(*doc, FileDialect::Keras3, rules({"A=p>B", "Missing=Dense"}));
        QVERIFY(!edit);
        QCOMPARE(edit.error().code, ErrorCode::NotFound);
        QCOMPARE(edit.error().message, QStringLiteral("the file names no object 'Missing'"));
        QCOMPARE(doc->text(), text);
    }

    void parameterDifferences()
    {
        auto doc = json::Document::parse(test::readFile(test::dataPath("mapping/k3_model.json")));
        QVERIFY(doc);
        auto plan = planMapping(*doc, FileDialect::Keras3, *parseMappingRule(u"OldDense=Dense"));
        QVERIFY(plan);
        QCOMPARE(plan->occurrences.size(), size_t(2));
        QCOMPARE(plan->occurrences[0].pointer, QStringLiteral("/config/layers/1"));
        QCOMPARE(plan->occurrences[1].pointer, QStringLiteral("/config/layers/2"));
        for (const MappingOccurrence& o : plan->occurrences) {
            QVERIFY(o.checked);
            QCOMPARE(o.unknownKeys, QStringList{"groups"});
            QCOMPARE(o.missingKeys, QStringList{});
        }
        // A descriptor with known parameters and no **kwargs: every key outside them is reported.
        ObjectDescriptor scaler;
        scaler.key = QStringLiteral("my_pkg>Scaler");
        scaler.params = QStringList{QStringLiteral("name"), QStringLiteral("scale")};
        auto custom = planMapping(*doc, FileDialect::Keras3, *parseMappingRule(u"Scaler=Scaler"), {scaler});
        QVERIFY(custom);
        QCOMPARE(custom->target.kind, MappingTarget::Kind::Registered);
        QCOMPARE(custom->occurrences.size(), size_t(1));
        QCOMPARE(custom->occurrences[0].unknownKeys, QStringList{"factor"});
        // Targets whose parameters are unknown compare nothing.
        auto open = planMapping(*doc, FileDialect::Keras3, *parseMappingRule(u"Scaler=x>Y"));
        QVERIFY(open);
        QVERIFY(!open->occurrences[0].checked);
        QVERIFY(open->occurrences[0].unknownKeys.isEmpty());
        QCOMPARE(open->occurrences[0].configKeys, (QStringList{"name", "factor"}));
    }

    void mappingArguments()
    {
        const QByteArray original = test::readFile(test::dataPath("mapping/k3_model.json"));
        auto doc = json::Document::parse(original);
        QVERIFY(doc);
        const QString scopes = test::dataPath("mapping/scopes.json");
        // NEW names scope entries by their short names: the registered keys are written.
        QStringList differences;
        auto edit = applyMappingArguments(*doc, FileDialect::Keras3,
                                          {"OldDense=Dense", "Scaler=Scaler", "Custom>old_acc=top_acc"}, {scopes},
                                          &differences);
        QCOMPARE(differences, (QStringList{"/config/layers/1: OldDense -> Dense: not accepted: groups",
                                           "/config/layers/2: OldDense -> Dense: not accepted: groups"}));
        QVERIFY2(edit, edit ? "" : qPrintable(edit.error().message));
        QCOMPARE(doc->text(), test::readFile(test::dataPath("mapping/k3_mapped.json")));
        QCOMPARE(edit->description, QStringLiteral("Map OldDense \u2192 Dense, Scaler \u2192 Scaler, Custom>old_acc \u2192 top_acc"));
        QVERIFY(doc->revert(*edit));
        QCOMPARE(doc->text(), original);

        auto badRule = applyMappingArguments(*doc, FileDialect::Keras3, {"OldDense"});
        QVERIFY(!badRule);
        QCOMPARE(badRule.error().message, QStringLiteral("'OldDense' is not a mapping: expected OLD=NEW"));
        auto badScope = applyMappingArguments(*doc, FileDialect::Keras3, {"OldDense=Dense"},
                                              {test::dataPath("mapping/no-such-scopes.json")});
        QVERIFY(!badScope);
        QCOMPARE(badScope.error().code, ErrorCode::Io);
        QCOMPARE(doc->text(), original);
    }

    void missingRequiredKey()
    {
        auto doc = json::Document::parse(R"([{"class_name": "Old", "config": {"name": "x", "foo": 1}}])");
        QVERIFY(doc);
        auto plan = planMapping(*doc, FileDialect::Keras2, *parseMappingRule(u"Old=Dense"));
        QVERIFY(plan);
        QCOMPARE(plan->occurrences[0].missingKeys, QStringList{"units"});
        QCOMPARE(describeDifferences(*plan), QStringList{"/0: Old -> Dense: not accepted: foo; missing: units"});
    }
};

QTEST_APPLESS_MAIN(TestClassMapping)
#include "TestClassMapping.moc"
