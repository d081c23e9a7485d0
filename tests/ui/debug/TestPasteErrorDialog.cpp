// SPDX-License-Identifier: GPL-3.0-or-later
#include "../mapping/WindowFixture.h"
#include "ui/ConfigTreeModel.h"
#include "ui/debug/PasteErrorDialog.h"

#include <QClipboard>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace kcs;
using namespace kcs::ui;

/// Tools ▸ Paste Error… in the real window: three real Keras error texts (a tf.keras traceback,
/// a Keras 3 message, a Keras 3 chained traceback) pasted, the objects they name found and
/// selected, the cause and fix explained.
class TestPasteErrorDialog : public QObject {
    Q_OBJECT
private:
    test::WindowFixture m_fixture;

    QString currentPointer() const
    {
        return m_fixture.window()->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString();
    }

    QStringList pointers(const std::vector<json::NodeId>& nodes) const
    {
        QStringList out;
        for (json::NodeId node : nodes)
            out << m_fixture.document()->json().pointer(node);
        return out;
    }

    /// Opens model in the window and Tools ▸ Paste Error… over it.
    PasteErrorDialog* openDialog(const QString& model)
    {
        if (!m_fixture.open(model))
            return nullptr;
        m_fixture.action("pasteErrorAction")->trigger();
        return m_fixture.window()->findChild<PasteErrorDialog*>();
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }
    void cleanup() { m_fixture.close(); }

    void findsSelectsAndExplains_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("kinds");   ///< one word per finding
        QTest::addColumn<QStringList>("objects"); ///< the objects of the first finding
        QTest::addColumn<QString>("explanation"); ///< how the first finding's explanation starts
        QTest::newRow("tf.keras unknown layer")
            << "mapping/k2_model.json" << "mapping/errors/k2_unknown_layer.txt" << QStringList{"unknown"}
            << QStringList{"/config/layers/1", "/config/layers/3"}
            << "Keras looked up the layer 'OldDense' in the custom-object scopes";
        QTest::newRow("keras 3 could not locate")
            << "mapping/k3_model.json" << "mapping/errors/k3_could_not_locate.txt" << QStringList{"locate"}
            << QStringList{"/compile_config/loss"} << "Keras 3 could not find the class 'OldFocal'";
        QTest::newRow("keras 3 unrecognized kwargs")
            << "mapping/k3_mapped.json" << "mapping/errors/k3_unrecognized_traceback.txt"
            << QStringList{"quoted", "deserialize", "kwargs"} << QStringList{"/config/layers/1"}
            << "Keras quoted the full config of the object that failed to load";
    }
    void findsSelectsAndExplains()
    {
        QFETCH(QString, model);
        QFETCH(QString, error);
        QFETCH(QStringList, kinds);
        QFETCH(QStringList, objects);
        QFETCH(QString, explanation);
        QVERIFY(m_fixture.open(model));
        QAction* paste = m_fixture.action("pasteErrorAction");
        QVERIFY(paste && paste->isEnabled());
        paste->trigger();
        auto* dialog = m_fixture.window()->findChild<PasteErrorDialog*>();
        QVERIFY(dialog && dialog->isVisible());

        // Pasted into the text box, then Find in Model.
        auto* input = dialog->findChild<QPlainTextEdit*>(QStringLiteral("errorTextEdit"));
        QVERIFY(input);
        input->setPlainText(QString::fromUtf8(test::readFile(test::dataPath(error))));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("findErrorButton")), Qt::LeftButton);

        static const QMap<keras::ErrorFinding::Kind, QString> words{
            {keras::ErrorFinding::Kind::UnknownObject, "unknown"},
            {keras::ErrorFinding::Kind::CouldNotLocate, "locate"},
            {keras::ErrorFinding::Kind::UnrecognizedKwargs, "kwargs"},
            {keras::ErrorFinding::Kind::DeserializeFailed, "deserialize"},
            {keras::ErrorFinding::Kind::QuotedConfig, "quoted"}};
        QStringList found;
        for (const keras::ErrorFinding& finding : dialog->findings())
            found << words.value(finding.kind, QStringLiteral("other"));
        QCOMPARE(found, kinds);
        QCOMPARE(pointers(dialog->nodesOf(0)), objects);
        QCOMPARE(currentPointer(), objects.first()); // selected in the tree (and so the text)
        const QString shown = dialog->explanation();
        QVERIFY2(shown.contains(explanation), qPrintable(shown));
        QVERIFY(shown.contains(keras::explainError(dialog->findings().front())));

        auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("findingsTree"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), kinds.size());
        QCOMPARE(tree->topLevelItem(0)->childCount(), objects.size());
        if (objects.size() > 1) {
            // Choosing another object of the finding selects it.
            tree->setCurrentItem(tree->topLevelItem(0)->child(1));
            QCOMPARE(currentPointer(), objects[1]);
        }
    }

    void theKeywordErrorNamesEveryLayerWithTheKey()
    {
        PasteErrorDialog* dialog = openDialog(QStringLiteral("mapping/k3_mapped.json"));
        QVERIFY(dialog);
        dialog->setErrorText(QStringLiteral("Unrecognized keyword arguments passed to Dense: {'groups': 2}"));
        QCOMPARE(dialog->analyse(), 1);
        QCOMPARE(pointers(dialog->nodesOf(0)), (QStringList{"/config/layers/1", "/config/layers/2"}));
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("pasteErrorSummary"))->text(),
                 QStringLiteral("1 error recognised; 2 objects of the model named"));
    }

    void pastesFromTheClipboard()
    {
        PasteErrorDialog* dialog = openDialog(QStringLiteral("mapping/k3_model.json"));
        QVERIFY(dialog);
        QApplication::clipboard()->setText(QStringLiteral("ValueError: Unknown layer: 'Scaler'"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("pasteClipboardButton")), Qt::LeftButton);
        QCOMPARE(dialog->findChild<QPlainTextEdit*>(QStringLiteral("errorTextEdit"))->toPlainText(),
                 QStringLiteral("ValueError: Unknown layer: 'Scaler'"));
        QCOMPARE(int(dialog->findings().size()), 1);
        QCOMPARE(pointers(dialog->nodesOf(0)), QStringList{QStringLiteral("/config/layers/3")});
        QCOMPARE(currentPointer(), QStringLiteral("/config/layers/3"));
    }

    void textWithoutAKerasErrorSaysSo()
    {
        PasteErrorDialog* dialog = openDialog(QStringLiteral("mapping/k3_model.json"));
        QVERIFY(dialog);
        dialog->setErrorText(QStringLiteral("Segmentation fault (core dumped)"));
        QCOMPARE(dialog->analyse(), 0);
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("pasteErrorSummary"))->text(),
                 QStringLiteral("No Keras error was recognised in the text."));
        QCOMPARE(dialog->explanation(), QString());
    }
};

QTEST_MAIN(TestPasteErrorDialog)
#include "TestPasteErrorDialog.moc"
