// SPDX-License-Identifier: GPL-3.0-or-later
#include "WindowFixture.h"
#include "core/keras/ClassMapping.h"
#include "ui/ConfigTreeModel.h"
#include "ui/debug/PasteErrorDialog.h"
#include "ui/mapping/MappingDialog.h"
#include "ui/scopes/ScopeStore.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeView>
#include <QUndoStack>

using namespace kcs;
using namespace kcs::ui;

/// The Map Unknown Classes dialog in the real window: every unresolved name listed, targets
/// typed into the "Map to" cells, the parameter differences shown, applied in the file (one
/// undo step, the saved bytes equal an expected file) or as aliases in the scopes (file bytes
/// unchanged, the names resolve).
class TestMappingDialog : public QObject {
    Q_OBJECT
private:
    test::WindowFixture m_fixture;

    MappingDialog* openDialog()
    {
        QAction* map = m_fixture.action("mapUnknownClassesAction");
        if (!map || !map->isEnabled())
            return nullptr;
        map->trigger();
        return m_fixture.window()->findChild<MappingDialog*>();
    }

    scopes::ScopeStore* scopeStore() { return m_fixture.window()->scopeStore(); }

    static QStringList names(const MappingDialog* dialog)
    {
        QStringList out;
        for (const MappingDialog::Entry& entry : dialog->entries())
            out << entry.name;
        return out;
    }

    /// Types target into the "Map to" cell of name's row, as a user does.
    static void typeTarget(MappingDialog* dialog, const QString& name, const QString& target)
    {
        const int row = dialog->rowOf(name);
        QVERIFY2(row >= 0, qPrintable(name));
        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("unresolvedTable"));
        QVERIFY(table);
        auto* combo = qobject_cast<QComboBox*>(table->cellWidget(row, MappingDialog::TargetColumn));
        QVERIFY(combo && combo->isEditable());
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), target);
        QCOMPARE(dialog->target(row), target);
    }

    static void click(MappingDialog* dialog, const char* button)
    {
        auto* found = dialog->findChild<QPushButton*>(QString::fromLatin1(button));
        QVERIFY(found);
        QVERIFY(found->isEnabled());
        QTest::mouseClick(found, Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }
    void cleanup() { m_fixture.close(); }

    void listsEveryUnresolvedNameWithCategoryUsesAndPlaces()
    {
        QVERIFY(m_fixture.open(QStringLiteral("mapping/k3_model.json")));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(names(dialog), (QStringList{"Custom>OldDense", "Scaler", "Custom>OldFocal", "Custom>old_acc"}));
        const MappingDialog::Entry& dense = dialog->entries()[0];
        QCOMPARE(dense.uses, 2);
        QCOMPARE(dense.pointers, (QStringList{"/config/layers/1", "/config/layers/2"}));
        QCOMPARE(dense.labels, (QStringList{"'old_dense'", "'old_dense_1'"}));
        QCOMPARE(dialog->entries()[3].isFunction, true);
        QCOMPARE(dialog->entries()[3].category, keras::Category::Metrics);

        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("unresolvedTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(0, MappingDialog::CategoryColumn)->text(), QStringLiteral("layer"));
        QCOMPARE(table->item(0, MappingDialog::UsesColumn)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(0, MappingDialog::WhereColumn)->text(), QStringLiteral("'old_dense', 'old_dense_1'"));
        QCOMPARE(table->item(2, MappingDialog::CategoryColumn)->text(), QStringLiteral("loss"));
        QCOMPARE(table->item(3, MappingDialog::CategoryColumn)->text(), QStringLiteral("metric (function)"));
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("mappingIntro"))->text(),
                 QStringLiteral("4 names of this model resolve to nothing Keras 3 knows. Choose what each one maps "
                                "to (or type any name); names left empty stay as they are."));
        // A double-click on a row selects the first use in the window.
        Q_EMIT table->cellDoubleClicked(1, MappingDialog::WhereColumn);
        QCOMPARE(m_fixture.window()->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/3"));
        // Nothing chosen yet: nothing to apply.
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("applyInFileButton"))->isEnabled());
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("applyInScopesButton"))->isEnabled());
    }

    void withoutAModelThereIsNothingToMap()
    {
        MainWindow window;
        window.findChild<QAction*>(QStringLiteral("mapUnknownClassesAction"))->trigger();
        auto* dialog = window.findChild<MappingDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->entries().empty());
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("mappingIntro"))->text(), QStringLiteral("No model is open."));
        QVERIFY(!dialog->applyInFile());
        QVERIFY(!dialog->applyInScopes());
        // Paste Error has nothing to find either, and says what it read.
        window.findChild<QAction*>(QStringLiteral("pasteErrorAction"))->trigger();
        auto* paste = window.findChild<PasteErrorDialog*>();
        QVERIFY(paste);
        paste->setErrorText(QStringLiteral("ValueError: Unknown layer: 'OldDense'"));
        QCOMPARE(paste->analyse(), 1);
        QVERIFY(paste->nodesOf(0).empty());
        QVERIFY(paste->explanation().contains(QStringLiteral("No object of the open model matches it.")));
    }

    void ranksCandidates()
    {
        QVERIFY(m_fixture.open(QStringLiteral("mapping/k2_model.json")));
        scopes::ScopeStore* store = scopeStore();
        QVERIFY(store->loadFile(test::dataPath(QStringLiteral("mapping/scopes.json"))));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        // The declared custom object of the same class name first.
        QCOMPARE(dialog->candidates(dialog->rowOf(QStringLiteral("Custom>Scaler"))).value(0),
                 QStringLiteral("my_pkg>Scaler"));
        // The nearest built-in layer spelling for OldDense.
        QCOMPARE(dialog->candidates(dialog->rowOf(QStringLiteral("OldDense"))).value(1), QStringLiteral("Dense"));
        // The popup offers them in that order, after the empty "leave unmapped" choice.
        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("unresolvedTable"));
        auto* combo = qobject_cast<QComboBox*>(table->cellWidget(dialog->rowOf(QStringLiteral("OldDense")),
                                                                 MappingDialog::TargetColumn));
        QVERIFY(combo);
        QCOMPARE(combo->itemText(0), QString());
        QCOMPARE(combo->itemText(2), QStringLiteral("Dense"));
    }

    void appliesInTheFileAsOneUndoStep_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("mappings");
        QTest::newRow("keras2") << "mapping/k2_model.json" << "mapping/k2_mapped.json"
                                << QStringList{"OldDense=Dense", "Custom>Scaler=my_pkg>Scaler"};
        QTest::newRow("keras3") << "mapping/k3_model.json" << "mapping/k3_mapped.json"
                                << QStringList{"Custom>OldDense=Dense", "Scaler=my_pkg>Scaler",
                                               "Custom>old_acc=my_pkg>top_acc"};
    }
    void appliesInTheFileAsOneUndoStep()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QStringList, mappings);
        QVERIFY(m_fixture.open(input));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        for (const QString& mapping : mappings) {
            typeTarget(dialog, mapping.section(QLatin1Char('='), 0, 0), mapping.section(QLatin1Char('='), 1));
            if (QTest::currentTestFailed())
                return;
        }
        QUndoStack* stack = m_fixture.document()->undoStack();
        const int before = stack->count();
        click(dialog, "applyInFileButton");
        QTRY_VERIFY(!m_fixture.window()->findChild<MappingDialog*>()); // closed and deleted

        const QByteArray wanted = test::readFile(test::dataPath(expected));
        QCOMPARE(m_fixture.text(), wanted);
        QCOMPARE(stack->count(), before + 1);
        QVERIFY(m_fixture.document()->isModified());
        const QString saved = m_fixture.tempPath(QStringLiteral("saved.json"));
        QVERIFY(m_fixture.document()->saveAs(saved));
        QCOMPARE(test::readFile(saved), wanted);

        m_fixture.action("undoAction")->trigger();
        QCOMPARE(m_fixture.text(), m_fixture.original());
        m_fixture.action("redoAction")->trigger();
        QCOMPARE(m_fixture.text(), wanted);
    }

    void manyUsesAreRewrittenInOneStepToo()
    {
        // 40 uses: applied as one replacement of the text (the views reload once), the same
        // bytes as the core's Compound edit, and one undo step back to the original.
        QByteArray layers;
        for (int i = 0; i < 40; ++i)
            layers += QByteArrayLiteral(", {\"module\": \"old\", \"class_name\": \"OldDense\", \"config\": {\"name\": \"d")
                      + QByteArray::number(i) + QByteArrayLiteral("\", \"units\": 4}, \"registered_name\": \"Custom>OldDense\"}");
        const QByteArray text = QByteArrayLiteral("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": "
                                                  "{\"name\": \"s\", \"layers\": [{\"module\": \"keras.layers\", "
                                                  "\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 8], "
                                                  "\"name\": \"in\"}, \"registered_name\": null}")
                                + layers + QByteArrayLiteral("]}, \"registered_name\": null}");
        auto expected = json::Document::parse(text);
        QVERIFY(expected);
        auto edit = keras::applyMappings(*expected, formats::FileDialect::Keras3, {{"Custom>OldDense", "Dense"}});
        QVERIFY(edit);
        QCOMPARE(int(edit->parts.size()), 120); // module, class_name and registered_name of each use

        QVERIFY(m_fixture.open(QStringLiteral("mapping/k3_model.json")));
        QVERIFY(test::loadBytes(*m_fixture.document(), text));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->entries().front().uses, 40);
        typeTarget(dialog, QStringLiteral("Custom>OldDense"), QStringLiteral("Dense"));
        QUndoStack* stack = m_fixture.document()->undoStack();
        click(dialog, "applyInFileButton");
        QCOMPARE(m_fixture.text(), expected->text());
        QCOMPARE(stack->count(), 1);
        QCOMPARE(stack->undoText(), QStringLiteral("Map Custom>OldDense → Dense"));
        stack->undo();
        QCOMPARE(m_fixture.text(), text);
    }

    void showsTheParameterDifferencesBeforeApplying()
    {
        QVERIFY(m_fixture.open(QStringLiteral("mapping/k2_model.json")));
        QVERIFY(scopeStore()->loadFile(test::dataPath(QStringLiteral("mapping/scopes.json"))));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        auto* view = dialog->findChild<QPlainTextEdit*>(QStringLiteral("differencesView"));
        QVERIFY(view);
        QVERIFY(view->toPlainText().startsWith(QStringLiteral("Choose a target")));
        typeTarget(dialog, QStringLiteral("OldDense"), QStringLiteral("Dense"));
        typeTarget(dialog, QStringLiteral("Custom>Scaler"), QStringLiteral("my_pkg>Scaler"));
        QCOMPARE(view->toPlainText(),
                 QStringLiteral("OldDense → Dense (built-in keras.layers.Dense), 2 uses:\n"
                                "    /config/layers/1: OldDense -> Dense: not accepted: groups\n"
                                "    /config/layers/3: OldDense -> Dense: not accepted: groups\n"
                                "Custom>Scaler → my_pkg>Scaler (declared custom object), 1 use:\n"
                                "    every config fits the parameters of my_pkg>Scaler"));
        QCOMPARE(m_fixture.text(), m_fixture.original()); // shown, not applied
    }

    void aliasesInTheScopesLeaveTheFileUnchangedAndResolve()
    {
        QVERIFY(m_fixture.open(QStringLiteral("mapping/k2_model.json")));
        scopes::ScopeStore* store = scopeStore();
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        typeTarget(dialog, QStringLiteral("OldDense"), QStringLiteral("Dense"));
        typeTarget(dialog, QStringLiteral("Custom>Scaler"), QStringLiteral("my_pkg>Scaler"));
        click(dialog, "applyInScopesButton");
        QTRY_VERIFY(!m_fixture.window()->findChild<MappingDialog*>());

        QCOMPARE(m_fixture.text(), m_fixture.original());
        const std::vector<keras::ObjectDescriptor>& aliases = store->scopeSet().customObjects;
        QCOMPARE(int(aliases.size()), 2);
        QCOMPARE(aliases[0].key, QStringLiteral("OldDense"));
        QCOMPARE(aliases[0].aliasOf, QStringLiteral("Dense"));
        QCOMPARE(aliases[0].category, std::optional(keras::Category::Layers));
        QVERIFY(aliases[0].params && aliases[0].params->contains(QStringLiteral("units")));
        QCOMPARE(aliases[1].key, QStringLiteral("Custom>Scaler"));
        QCOMPARE(aliases[1].aliasOf, QStringLiteral("my_pkg>Scaler"));
        QCOMPARE(aliases[1].params, std::nullopt); // nothing known about my_pkg>Scaler

        // With the aliases in force the names resolve: nothing is left to map.
        dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(names(dialog), QStringList());
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("applyInFileButton"))->isEnabled());
        dialog->reject();
        QTRY_VERIFY(!m_fixture.window()->findChild<MappingDialog*>());
        QCOMPARE(m_fixture.text(), m_fixture.original());

        // The aliases were one undo step.
        m_fixture.action("undoAction")->trigger();
        QVERIFY(store->scopeSet().customObjects.empty());
        dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(names(dialog), (QStringList{"OldDense", "Custom>Scaler"}));
    }

    void aMappingThatCannotBeAppliedChangesNothing()
    {
        // 'my_act' is a string identifier, not an object envelope: there is no class_name to
        // rewrite, so the mapping is refused and the file stays as it is.
        QVERIFY(m_fixture.open(QStringLiteral("mapping/k2_custom_activation.json")));
        MappingDialog* dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(names(dialog), QStringList{QStringLiteral("my_act")});
        const int before = m_fixture.document()->undoStack()->count();
        typeTarget(dialog, QStringLiteral("my_act"), QStringLiteral("relu"));
        auto* view = dialog->findChild<QPlainTextEdit*>(QStringLiteral("differencesView"));
        QCOMPARE(view->toPlainText(), QStringLiteral("my_act → relu: the file names no object 'my_act'"));
        click(dialog, "applyInFileButton");
        QCOMPARE(m_fixture.text(), m_fixture.original());
        QCOMPARE(m_fixture.document()->undoStack()->count(), before);
        auto* message = dialog->findChild<QLabel*>(QStringLiteral("mappingMessage"));
        QVERIFY(!message->isHidden());
        QCOMPARE(message->text(), QStringLiteral("Nothing was changed: the file names no object 'my_act'"));
        QVERIFY(dialog->isVisible());
    }
};

QTEST_MAIN(TestMappingDialog)
#include "TestMappingDialog.moc"
