// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ErrorText.h"
#include "support/TestSupport.h"

#include <cmath>

using namespace kcs;
using namespace kcs::keras;
using Kind = ErrorFinding::Kind;

/// Pasted Keras errors: what they name, and the nodes of the model they point at.
class TestErrorText : public QObject {
    Q_OBJECT

private:
    static QStringList pointers(const json::Document& doc, const std::vector<json::NodeId>& nodes)
    {
        QStringList out;
        for (json::NodeId n : nodes)
            out.append(doc.pointer(n));
        return out;
    }
    static QString text(const QString& name)
    {
        return QString::fromUtf8(test::readFile(test::dataPath(QStringLiteral("mapping/errors/") + name)));
    }

private Q_SLOTS:
    void repr_data()
    {
        QTest::addColumn<QString>("repr");
        QTest::addColumn<QByteArray>("json"); // the same value as JSON, compared with Python equality
        QTest::newRow("dict") << "{'a': 1, \"b\": None, 'c': True, 'd': False}"
                              << QByteArray(R"({"a": 1, "b": null, "c": true, "d": false})");
        QTest::newRow("tuple-list") << "{'shape': (None, 8), 'l': [1.5, -2, 1e-07]}"
                                    << QByteArray(R"({"shape": [null, 8], "l": [1.5, -2, 1e-07]})");
        QTest::newRow("escapes") << R"({'s': 'it\'s\n\x41\u00e9', 'b': b'raw'})"
                                 << QByteArray("{\"s\": \"it's\\nA\\u00e9\", \"b\": \"raw\"}");
        QTest::newRow("single-tuple") << "((1,), [])" << QByteArray("[[1], []]");
        QTest::newRow("objects") << "{'f': <function relu at 0x7f>, 's': TensorShape([None, 3])}"
                                 << QByteArray(R"x({"f": "<function relu at 0x7f>", "s": "TensorShape([None, 3])"})x");
        QTest::newRow("set") << "{1, 2}" << QByteArray("[1, 2]");
        QTest::newRow("nested-empty") << "{'a': {}, 'b': {'c': []}}" << QByteArray(R"({"a": {}, "b": {"c": []}})");
    }
    void repr()
    {
        QFETCH(QString, repr);
        QFETCH(QByteArray, json);
        auto v = parsePythonRepr(repr);
        QVERIFY2(v, v ? "" : qPrintable(v.error().message));
        auto expected = json::Document::parse(json);
        QVERIFY(expected);
        auto e = expected->toValue(expected->root());
        QVERIFY(e);
        QVERIFY(*v == *e);
    }

    void reprErrorsAndDepth()
    {
        auto bad = parsePythonRepr(u"{'a' 1}");
        QVERIFY(!bad);
        QCOMPARE(bad.error().message, QStringLiteral("expected ',' or '}' at character 6 of the quoted value"));
        QVERIFY(!parsePythonRepr(u"{'a': 'unterminated}"));
        QVERIFY(!parsePythonRepr(u"[1, 2"));
        auto missingColon = parsePythonRepr(u"{'a': 1, 'b' 2}");
        QVERIFY(!missingColon);
        QCOMPARE(missingColon.error().message, QStringLiteral("expected ':' at character 14 of the quoted value"));
        // Deep nesting is refused at Value's depth limit instead of exhausting the stack.
        const QString deep = QString(100000, u'[') + QString(100000, u']');
        auto deepResult = parsePythonRepr(deep);
        QVERIFY(!deepResult);
        QVERIFY(deepResult.error().message.startsWith(QStringLiteral("nested too deeply")));
        auto inf = parsePythonRepr(u"[inf, -inf, nan]");
        QVERIFY(inf);
        QCOMPARE(inf->items()[0].toDouble(), qInf());
        QVERIFY(std::isnan(inf->items()[2].toDouble()));
    }

    void recognise_data()
    {
        QTest::addColumn<QString>("pasted");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("objectWord");
        QTest::addColumn<QStringList>("classNames");
        QTest::addColumn<QStringList>("layerNames");
        QTest::addColumn<QStringList>("keys");
        QTest::newRow("k2-unknown-layer") << text("k2_unknown_layer.txt") << int(Kind::UnknownObject) << "layer"
                                          << QStringList{"OldDense"} << QStringList{} << QStringList{};
        QTest::newRow("k3-graph-unknown-layer") << "ValueError: Unknown layer: dense_9" << int(Kind::UnknownObject)
                                                << "layer" << QStringList{} << QStringList{"dense_9"} << QStringList{};
        QTest::newRow("k2-old-unquoted") << "ValueError: Unknown layer: OldDense. Please ensure this object is "
                                            "passed to the `custom_objects` argument. See https://www.tensorflow.org/"
                                            "guide/keras/save_and_serialize#registering_the_custom_object for details."
                                         << int(Kind::UnknownObject) << "layer" << QStringList{"OldDense"}
                                         << QStringList{} << QStringList{};
        QTest::newRow("could-not-locate-function")
            << "TypeError: Could not locate function 'old_acc'. Make sure custom classes are decorated with "
               "`@keras.saving.register_keras_serializable()`. Full object config: {'module': 'builtins', "
               "'class_name': 'function', 'config': 'old_acc', 'registered_name': 'function'}"
            << int(Kind::CouldNotLocate) << "function" << QStringList{"old_acc"} << QStringList{} << QStringList{};
        QTest::newRow("keyword-not-understood") << "TypeError: ('Keyword argument not understood:', 'groups')"
                                                << int(Kind::KeywordNotUnderstood) << "" << QStringList{}
                                                << QStringList{} << QStringList{"groups"};
        QTest::newRow("unexpected-keyword") << "TypeError: Scaler.__init__() got an unexpected keyword argument 'factor'"
                                            << int(Kind::UnexpectedKeyword) << "" << QStringList{"Scaler"}
                                            << QStringList{} << QStringList{"factor"};
        QTest::newRow("variables") << "ValueError: Layer 'old_dense' expected 2 variables, but received 0 variables "
                                      "during loading. Expected: ['kernel', 'bias']"
                                   << int(Kind::VariableCount) << "" << QStringList{} << QStringList{"old_dense"}
                                   << QStringList{};
        QTest::newRow("call-k2") << "Exception encountered when calling layer 'old_dense' (type Dense)."
                                 << int(Kind::CallFailed) << "" << QStringList{"Dense"} << QStringList{"old_dense"}
                                 << QStringList{};
        QTest::newRow("interpret") << "ValueError: Could not interpret activation function identifier: 'swishy'"
                                   << int(Kind::UninterpretableIdentifier) << "activation function"
                                   << QStringList{"swishy"} << QStringList{} << QStringList{};
    }
    void recognise()
    {
        QFETCH(QString, pasted);
        QFETCH(int, kind);
        QFETCH(QString, objectWord);
        QFETCH(QStringList, classNames);
        QFETCH(QStringList, layerNames);
        QFETCH(QStringList, keys);
        const auto found = parseErrorText(pasted);
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(int(found[0].kind), kind);
        QCOMPARE(found[0].objectWord, objectWord);
        QCOMPARE(found[0].classNames, classNames);
        QCOMPARE(found[0].layerNames, layerNames);
        QCOMPARE(found[0].keys, keys);
        QVERIFY(!explainError(found[0]).isEmpty());
    }

    void variableCounts()
    {
        const auto found = parseErrorText(u"Layer 'd' expected 2 variables, but received 1 variables during loading.");
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(found[0].expectedVariables, 2);
        QCOMPARE(found[0].receivedVariables, 1);
        QCOMPARE(explainError(found[0]).left(55), QStringLiteral("The layer 'd' creates 2 weight variables, but the file "));
    }

    // The real texts of spec sections 5-8, pasted against the fixtures they were raised for.
    void findNodes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("pasted");
        QTest::addColumn<QList<int>>("kinds");
        QTest::addColumn<QList<QStringList>>("nodes");
        QTest::newRow("k2-unknown-layer")
            << "mapping/k2_model.json" << text("k2_unknown_layer.txt") << QList<int>{int(Kind::UnknownObject)}
            << QList<QStringList>{{"/config/layers/1", "/config/layers/3"}};
        QTest::newRow("k3-could-not-locate-full-config")
            << "mapping/k3_model.json" << text("k3_could_not_locate.txt") << QList<int>{int(Kind::CouldNotLocate)}
            << QList<QStringList>{{"/compile_config/loss"}};
        QTest::newRow("k3-unrecognized-traceback")
            << "mapping/k3_mapped.json" << text("k3_unrecognized_traceback.txt")
            << QList<int>{int(Kind::QuotedConfig), int(Kind::DeserializeFailed), int(Kind::UnrecognizedKwargs)}
            << QList<QStringList>{{"/config/layers/1"}, {"/config/layers/1"}, {"/config/layers/1", "/config/layers/2"}};
        QTest::newRow("k2-keyword-not-understood")
            << "mapping/k2_mapped.json" << "TypeError: ('Keyword argument not understood:', 'groups')"
            << QList<int>{int(Kind::KeywordNotUnderstood)} << QList<QStringList>{{"/config/layers/1", "/config/layers/3"}};
        QTest::newRow("k3-variables-by-layer-name")
            << "mapping/k3_model.json"
            << "ValueError: Layer 'old_dense_1' expected 2 variables, but received 0 variables during loading. Expected: ['kernel', 'bias']"
            << QList<int>{int(Kind::VariableCount)} << QList<QStringList>{{"/config/layers/2"}};
        QTest::newRow("k3-graph-reference")
            << "mapping/k3_functional.json" << "ValueError: Unknown layer: dense_9"
            << QList<int>{int(Kind::UnknownObject)}
            << QList<QStringList>{{"/config/layers/1/inbound_nodes/0/args/0/config/keras_history/0",
                                   "/config/output_layers/0"}};
        QTest::newRow("key-nowhere-falls-back-to-class")
            << "mapping/k3_mapped.json" << "ValueError: Unrecognized keyword arguments passed to Dense: {'zzz': 1}"
            << QList<int>{int(Kind::UnrecognizedKwargs)} << QList<QStringList>{{"/config/layers/1", "/config/layers/2"}};
        QTest::newRow("k2-bare-function-identifier")
            << "mapping/k2_custom_activation.json"
            << "ValueError: Unknown activation function: 'my_act'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope."
            << QList<int>{int(Kind::UnknownObject)}
            << QList<QStringList>{{"/config/layers/0/config/activation", "/config/layers/1/config/activation"}};
        QTest::newRow("k3-function-by-key")
            << "mapping/k3_model.json"
            << "TypeError: Could not locate function 'Custom>old_acc'. Make sure custom classes are decorated with `@keras.saving.register_keras_serializable()`. Full object config: {'module': 'builtins', 'class_name': 'function', 'config': 'Custom>old_acc', 'registered_name': 'function'}"
            << QList<int>{int(Kind::CouldNotLocate)} << QList<QStringList>{{"/compile_config/metrics/0"}};
    }
    void findNodes()
    {
        QFETCH(QString, model);
        QFETCH(QString, pasted);
        QFETCH(QList<int>, kinds);
        QFETCH(QList<QStringList>, nodes);
        auto doc = json::Document::parse(test::readFile(test::dataPath(model)));
        QVERIFY(doc);
        const auto found = parseErrorText(pasted);
        QCOMPARE(int(found.size()), kinds.size());
        for (qsizetype i = 0; i < kinds.size(); ++i) {
            QCOMPARE(int(found[size_t(i)].kind), kinds[i]);
            QCOMPARE(pointers(*doc, findErrorNodes(*doc, found[size_t(i)])), nodes[i]);
        }
    }

    void chainedMessageReportedOnce()
    {
        const QString once = QStringLiteral("ValueError: Unknown layer: 'X'. Please ensure ...\n");
        const auto found = parseErrorText(once + QStringLiteral("\nDuring handling of the above exception, another exception occurred:\n\n") + once);
        QCOMPARE(found.size(), size_t(1));
    }

    void nothingRecognised()
    {
        QVERIFY(parseErrorText(u"Segmentation fault (core dumped)").empty());
        QVERIFY(parseErrorText(QString(200000, u'{')).empty());
    }
};

QTEST_APPLESS_MAIN(TestErrorText)
#include "TestErrorText.moc"
