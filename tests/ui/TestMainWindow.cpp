// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiTestSupport.h"
#include "ui/Application.h"
#include "ui/ConfigTreeModel.h"
#include "ui/Dialogs.h"
#include "ui/FileController.h"
#include "ui/InspectorPanel.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"
#include "ui/ProblemListModel.h"
#include "ui/SelectionSync.h"
#include "ui/SearchBar.h"
#include "ui/StatusPanel.h"

#include <QAction>
#include <QLabel>
#include <QScopeGuard>
#include <QTableView>
#include <QComboBox>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>

using namespace kcs;
using namespace kcs::ui;

/// The real window, driven offscreen the way a user drives it: a file dropped on it, a layer
/// chosen in the tree, a value typed into the tree's editor, text typed into the JSON view,
/// undo/redo through the menu actions, and saving.
class TestMainWindow : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    QString m_path;      ///< a copy of tiny_functional.json the test may overwrite
    QByteArray m_original;

    QAction* action(const char* name) const
    {
        auto* found = m_window->findChild<QAction*>(QString::fromLatin1(name));
        Q_ASSERT(found);
        return found;
    }

    json::NodeId node(const char* pointer) const
    {
        return m_window->document()->json().find(QString::fromUtf8(pointer));
    }

    void dropFile(QWidget* target, const QString& path)
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        QVERIFY(drop.isAccepted());
    }

    void clickTreeIndex(const QModelIndex& index)
    {
        QTreeView* tree = m_window->treeView();
        tree->scrollTo(index);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
    }

    void openByDrop()
    {
        dropFile(m_window->treeView()->viewport(), m_path);
        QTRY_COMPARE(m_window->document()->filePath(), m_path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateUiTest();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("model.json"));
        QFile::remove(m_path);
        QVERIFY(QFile::copy(test::uiData(QStringLiteral("tiny_functional.json")), m_path));
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
        m_original = test::readFile(m_path);
        m_window = std::make_unique<MainWindow>();
        m_window->jsonPane()->setIdleApplyDelay(60 * 60 * 1000); // tests apply explicitly
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        Dialogs::setNextAnswer(QMessageBox::Discard); // never block on the close question
        m_window.reset();
    }

    void opensAFileDroppedOnTheTree()
    {
        openByDrop();
        QCOMPARE(m_window->document()->json().text(), m_original);
        QCOMPARE(m_window->jsonPane()->editor()->bytes(), m_original);
        QCOMPARE(m_window->statusPanel()->kindText(), QStringLiteral("keras-json"));
        QCOMPARE(m_window->statusPanel()->dialectText(), QStringLiteral("keras3"));
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("model.json")));
        QCOMPARE(m_window->files()->recentFiles().value(0), m_path);
    }

    void opensAFileDroppedOnTheTextView()
    {
        dropFile(m_window->jsonPane()->editor()->viewport(), m_path);
        QTRY_COMPARE(m_window->document()->filePath(), m_path);
        QCOMPARE(m_window->jsonPane()->editor()->bytes(), m_original);
    }

    void reportsAFileThatDoesNotParse()
    {
        openByDrop();
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        QVERIFY(test::writeFile(broken, "{\"a\": [1,\n 2,]}"));
        Dialogs::setNextAnswer(QMessageBox::Ok); // swallow the error box
        QSignalSpy failed(m_window->files(), &FileController::openFailed);
        m_window->openFile(broken);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().startsWith(QStringLiteral("broken.json:2:4: ")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(m_window->document()->filePath(), m_path); // the open file stays
    }

    void selectingALayerInTheTreeSelectsItsText()
    {
        openByDrop();
        QVERIFY(m_window->goToLayer(QStringLiteral("gate"))); // expands the path to it
        m_window->treeView()->setCurrentIndex(QModelIndex());
        const json::NodeId hidden = node("/config/layers/1");
        const QModelIndex index = m_window->treeModel()->indexFor(hidden);
        clickTreeIndex(index);
        QCOMPARE(m_window->treeView()->currentIndex(), index);
        const json::Span span = m_window->document()->json().memberSpan(hidden);
        const auto selected = m_window->jsonPane()->editor()->selectedBytes();
        QCOMPARE(selected.first, span.begin);
        QCOMPARE(selected.second, span.end);
        QVERIFY(m_window->jsonPane()->editor()->selectedText().startsWith(QStringLiteral("{\"module\": \"keras.layers\", \"class_name\": \"Dense\"")));
        // QScintilla reports the caret move of that selection later; it must not move the tree.
        QTest::qWait(50);
        QCOMPARE(m_window->treeView()->currentIndex(), index);
        QCOMPARE(m_window->treeView()->selectionModel()->selectedRows(), QModelIndexList{index});
        QCOMPARE(m_window->inspector()->field(QStringLiteral("Class")), QStringLiteral("Dense"));
        QCOMPARE(m_window->inspector()->field(QStringLiteral("Name")), QStringLiteral("hidden"));
    }

    void movingTheTextCursorSelectsTheTreeNode()
    {
        openByDrop();
        const json::NodeId units = node("/config/layers/1/config/units");
        const qint64 offset = m_window->document()->json().span(units).begin;
        JsonEditor* editor = m_window->jsonPane()->editor();
        editor->setFocus();
        editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, (unsigned long)offset);
        // QScintilla reports cursor moves when it updates the view, after the event loop runs.
        QTRY_COMPARE(m_window->treeModel()->nodeFromIndex(m_window->treeView()->currentIndex()), units);
        QCOMPARE(editor->cursorByte(), offset); // the cursor stays where the user put it
    }

    void editsAValueThroughTheDelegateWithUndoRedo()
    {
        openByDrop();
        const QModelIndex value = m_window->treeModel()->indexFor(node("/config/layers/1/config/units"),
                                                                  ConfigTreeModel::ValueColumn);
        QTreeView* tree = m_window->treeView();
        m_window->selection()->selectNode(node("/config/layers/1/config/units"));
        tree->setCurrentIndex(value);
        tree->edit(value);
        auto* line = tree->viewport()->findChild<QLineEdit*>(QStringLiteral("valueEditor"));
        QVERIFY(line);
        QCOMPARE(line->text(), QStringLiteral("8"));
        line->selectAll();
        QTest::keyClicks(line, QStringLiteral("128"));
        QTest::keyClick(line, Qt::Key_Return);
        QByteArray edited = m_original;
        edited.replace("\"units\": 8,", "\"units\": 128,");
        // The delegate commits on Return through a queued call.
        QTRY_COMPARE(m_window->document()->json().text(), edited);
        QCOMPARE(m_window->jsonPane()->editor()->bytes(), edited);
        QVERIFY(m_window->isWindowModified());
        QVERIFY(action("undoAction")->isEnabled());
        action("undoAction")->trigger();
        QCOMPARE(m_window->document()->json().text(), m_original);
        QCOMPARE(m_window->jsonPane()->editor()->bytes(), m_original);
        QVERIFY(!m_window->isWindowModified());
        action("redoAction")->trigger();
        QCOMPARE(m_window->jsonPane()->editor()->bytes(), edited);
    }

    void editsABoolThroughItsChoice()
    {
        openByDrop();
        const QModelIndex value = m_window->treeModel()->indexFor(node("/config/layers/1/config/use_bias"),
                                                                  ConfigTreeModel::ValueColumn);
        QTreeView* tree = m_window->treeView();
        m_window->selection()->selectNode(node("/config/layers/1/config/use_bias"));
        tree->edit(value);
        auto* combo = tree->viewport()->findChild<QComboBox*>(QStringLiteral("boolEditor"));
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), QStringLiteral("true"));
        combo->setCurrentIndex(1);
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_VERIFY(m_window->document()->json().text().contains("\"use_bias\": false"));
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
    }

    void editsAnActivationThroughItsChoices()
    {
        openByDrop();
        const json::NodeId activation = node("/config/layers/1/config/activation");
        m_window->selection()->selectNode(activation);
        QTreeView* tree = m_window->treeView();
        tree->edit(m_window->treeModel()->indexFor(activation, ConfigTreeModel::ValueColumn));
        auto* combo = tree->viewport()->findChild<QComboBox*>(QStringLiteral("choiceEditor"));
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), QStringLiteral("relu"));
        QVERIFY(combo->findText(QStringLiteral("gelu")) >= 0); // Keras 3's activations
        QVERIFY(combo->findText(QStringLiteral("relu6")) >= 0);
        combo->setCurrentIndex(combo->findText(QStringLiteral("gelu")));
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_VERIFY(m_window->document()->json().text().contains("\"activation\": \"gelu\""));
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
    }

    void invalidTextEditGetsASquiggleAndTheTreeStays()
    {
        openByDrop();
        JsonEditor* editor = m_window->jsonPane()->editor();
        const qint64 at = m_original.indexOf("\"units\"");
        editor->setFocus();
        editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, (unsigned long)at);
        QTest::keyClicks(editor, QStringLiteral("]"));
        QVERIFY(m_window->jsonPane()->hasUnappliedEdits());
        auto* apply = m_window->findChild<QPushButton*>(QStringLiteral("applyJsonButton"));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        const auto marker = editor->errorMarker();
        QCOMPARE(marker.first, at);
        QVERIFY(marker.second > marker.first);
        QVERIFY2(m_window->jsonPane()->errorText().startsWith(QStringLiteral("Line 1, column %1: ").arg(at + 1)),
                 qPrintable(m_window->jsonPane()->errorText()));
        QCOMPARE(m_window->document()->json().text(), m_original); // the last good document stays
        QCOMPARE(m_window->document()->undoStack()->count(), 0);
        QCOMPARE(m_window->treeModel()->rowCount(m_window->treeModel()->index(0, 0)), 6);

        // Fixing the text clears the squiggle and applies in one undoable step.
        editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, (unsigned long)(at + 1));
        QTest::keyClick(editor, Qt::Key_Backspace);
        QTest::keyClicks(editor, QStringLiteral("\"dense_units\": 3, "));
        QVERIFY(m_window->jsonPane()->apply());
        QCOMPARE(editor->errorMarker().first, qint64(-1));
        QVERIFY(m_window->jsonPane()->errorText().isEmpty());
        QByteArray expected = m_original;
        expected.insert(at, "\"dense_units\": 3, ");
        QCOMPARE(m_window->document()->json().text(), expected);
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
        QCOMPARE(m_window->document()->undoStack()->undoText(), QStringLiteral("Apply JSON Text"));
        action("undoAction")->trigger();
        QCOMPARE(editor->bytes(), m_original);
    }

    void savesTheEditedBytesAfterTheDiffPreview()
    {
        openByDrop();
        ConfigTreeModel* model = m_window->treeModel();
        QVERIFY(model->setData(model->indexFor(node("/config/layers/2/config/threshold"), ConfigTreeModel::ValueColumn),
                               QStringLiteral("0.75")));
        QByteArray expected = m_original;
        expected.replace("\"threshold\": 0.250", "\"threshold\": 0.75");
        Dialogs::setNextDiffAnswer(false); // the user cancels at the preview
        action("saveAction")->trigger();
        QCOMPARE(test::readFile(m_path), m_original);
        QVERIFY(m_window->isWindowModified());
        Dialogs::setNextDiffAnswer(true);
        action("saveAction")->trigger();
        QCOMPARE(test::readFile(m_path), expected);
        QVERIFY(!m_window->isWindowModified());
        QVERIFY(m_window->document()->undoStack()->isClean());
        QCOMPARE(m_window->document()->savedText(), expected);
    }

    void saveAsWithoutEditsIsByteIdentical()
    {
        openByDrop();
        const QString copy = m_dir.filePath(QStringLiteral("copy.json"));
        QVERIFY(m_window->files()->saveAs(copy));
        QCOMPARE(test::readFile(copy), m_original);
        QCOMPARE(m_window->document()->filePath(), copy);
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("copy.json")));
    }

    void findsKeysAndValues()
    {
        openByDrop();
        action("findAction")->trigger();
        SearchBar* search = m_window->searchBar();
        QVERIFY(search->isVisible());
        QTest::keyClicks(search->lineEdit(), QStringLiteral("GATE"));
        QTest::keyClick(search->lineEdit(), Qt::Key_Return);
        // "gate" occurs as the custom layer's name (config.name and name), its class "Gate" and
        // registered name "Custom>Gate", and in the next layer's keras_history.
        QCOMPARE(search->hitCount(), 5);
        QCOMPARE(search->currentHit(), 0);
        QCOMPARE(m_window->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/2/class_name"));
        search->findNext();
        QCOMPARE(m_window->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/2/config/name"));
        search->findPrevious();
        search->findPrevious();
        QCOMPARE(search->currentHit(), 4);
        QCOMPARE(m_window->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/3/inbound_nodes/0/args/0/config/keras_history/0"));
    }

    void goesToALayerByName()
    {
        openByDrop();
        QVERIFY(m_window->goToLayer(QStringLiteral("mystery")));
        QCOMPARE(m_window->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/3"));
        QVERIFY(!m_window->goToLayer(QStringLiteral("no_such_layer")));
    }

    void closingWithUnsavedChangesAsks()
    {
        openByDrop();
        QVERIFY(m_window->document()->removeChild(node("/config/layers"), 3));
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!m_window->close());
        QVERIFY(m_window->isVisible());
        Dialogs::setNextAnswer(QMessageBox::Discard);
        QVERIFY(m_window->close());
        QCOMPARE(test::readFile(m_path), m_original);
    }

    void opensAndSavesAnH5ModelKeepingItsKind()
    {
        KCS_REQUIRE_CORPUS(corpus);
        const QString source = QDir(corpus).filePath(QStringLiteral("h5_keras231_hls4ml_3layer.h5"));
        const QString h5 = m_dir.filePath(QStringLiteral("model.h5"));
        QFile::remove(h5);
        QVERIFY(QFile::copy(source, h5));
        QFile::setPermissions(h5, QFile::ReadOwner | QFile::WriteOwner);
        dropFile(m_window->treeView()->viewport(), h5);
        QTRY_COMPARE(m_window->document()->filePath(), h5);
        QCOMPARE(m_window->statusPanel()->kindText(), QStringLiteral("h5"));
        QCOMPARE(m_window->statusPanel()->dialectText(), QStringLiteral("keras2"));
        const json::NodeId name = node("/config/name");
        QVERIFY(name != json::kNoNode);
        QVERIFY(m_window->document()->replaceValue(name, json::Value("renamed_model")));
        const QString copy = m_dir.filePath(QStringLiteral("copy.h5"));
        QVERIFY(m_window->files()->saveAs(copy));
        auto reopened = ModelSource::load(copy);
        QVERIFY(reopened);
        QCOMPARE((*reopened)->kind, QStringLiteral("h5"));
        QCOMPARE((*reopened)->document().text(), m_window->document()->json().text());
        QCOMPARE(test::readFile(h5), test::readFile(source)); // the original is untouched
    }

    void largeFilesShowOneObjectAtATime()
    {
        JsonPane::setWholeTextLimit(600); // the 2.3 kB fixture counts as large here
        auto restore = qScopeGuard([] { JsonPane::setWholeTextLimit(4 * 1024 * 1024); });
        m_window = std::make_unique<MainWindow>();
        m_window->jsonPane()->setIdleApplyDelay(60 * 60 * 1000);
        m_window->show();
        openByDrop();
        JsonPane* pane = m_window->jsonPane();
        QVERIFY(!pane->showsWholeDocument());
        QVERIFY(pane->editor()->isReadOnly()); // the root is too large to show

        const json::NodeId gate = node("/config/layers/2");
        m_window->selection()->selectNode(gate);
        QCOMPARE(pane->shownPointer(), QStringLiteral("/config/layers/2"));
        QCOMPARE(pane->editor()->bytes(), m_window->document()->json().raw(gate).toByteArray());
        auto* header = m_window->findChild<QLabel*>(QStringLiteral("jsonHeaderLabel"));
        QCOMPARE(header->text(), QStringLiteral("Showing /config/layers/2 only (the file is 2.3 kB)"));

        // Selecting inside the shown object keeps it and selects the member's text.
        const json::NodeId threshold = node("/config/layers/2/config/threshold");
        m_window->selection()->selectNode(threshold);
        QCOMPARE(pane->shownPointer(), QStringLiteral("/config/layers/2"));
        QCOMPARE(pane->editor()->selectedText(), QStringLiteral("\"threshold\": 0.250"));

        // Typing into the shown object applies to that object only, as one undo step.
        const qint64 at = pane->editor()->bytes().indexOf("0.250");
        pane->editor()->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, (unsigned long)(at + 5));
        QTest::keyClicks(pane->editor(), QStringLiteral("1"));
        QVERIFY(pane->apply());
        QByteArray expected = m_original;
        expected.replace("\"threshold\": 0.250", "\"threshold\": 0.2501");
        QCOMPARE(m_window->document()->json().text(), expected);
        action("undoAction")->trigger();
        QCOMPARE(m_window->document()->json().text(), m_original);
        QCOMPARE(pane->editor()->bytes(), m_window->document()->json().raw(node("/config/layers/2")).toByteArray());
    }

    void doubleClickingAProblemSelectsItsNode()
    {
        openByDrop();
        QTRY_VERIFY(m_window->problems()->rowCount() > 0);
        auto* view = m_window->findChild<QTableView*>(QStringLiteral("problemsView"));
        QVERIFY(view);
        const QModelIndex first = m_window->problems()->index(0, ProblemListModel::MessageColumn);
        const QString pointer = first.data(ProblemListModel::PointerRole).toString();
        Q_EMIT view->activated(first);
        QCOMPARE(m_window->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(), pointer);
    }

    void targetSwitchSetsTheDocumentTarget()
    {
        openByDrop();
        QComboBox* target = m_window->statusPanel()->targetSwitch();
        target->setCurrentIndex(target->findText(QStringLiteral("tf.keras 2")));
        QCOMPARE(m_window->document()->target(), TargetKeras::TfKeras2);
    }

    static QStringList problemCodes(ProblemListModel* problems)
    {
        QStringList codes;
        for (int row = 0; row < problems->rowCount(); ++row)
            codes << problems->index(row, 0).data(ProblemListModel::CodeRole).toString();
        return codes;
    }

    void objectsAfterTheFirstErrorAreNotLookedUp()
    {
        // Keras 3 cannot locate a module-less 'Sequential': the loader never reaches the layers.
        const QString path = m_dir.filePath(QStringLiteral("sequential.json"));
        QFile::remove(path);
        QVERIFY(QFile::copy(test::uiData(QStringLiteral("keras2_sequential.json")), path));
        m_window->openFile(path);
        QTRY_COMPARE(m_window->document()->filePath(), path);
        QTRY_COMPARE(m_window->statusPanel()->verdictText(), QStringLiteral("Keras 3 refuses it: 1 error"));
        m_window->selection()->selectNode(node("/config/layers/0"));
        QCOMPARE(m_window->inspector()->field(QStringLiteral("Resolution")), QStringLiteral("built-in"));
        QCOMPARE(m_window->inspector()->field(QStringLiteral("Lookup")),
                 QStringLiteral("not looked up: the load stops at the first error before it gets here"));
        m_window->selection()->selectNode(node("/config/layers/0/config/units"));
        QCOMPARE(m_window->inspector()->field(QStringLiteral("Lookup")), QString());
    }

    void checksRunAfterEditsAndListProblems()
    {
        openByDrop();
        // The fixture's custom classes are not registered, so Keras 3 refuses the file.
        QTRY_VERIFY(problemCodes(m_window->problems()).contains(QStringLiteral("unknown-class")));
        QCOMPARE(m_window->statusPanel()->verdictText(), QStringLiteral("Keras 3 refuses it: 2 errors"));
        const QModelIndex mystery = m_window->treeModel()->indexFor(node("/config/layers/3"), ConfigTreeModel::TypeColumn);
        QCOMPARE(mystery.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Error));
        const QModelIndex dense = m_window->treeModel()->indexFor(node("/config/layers/1"), ConfigTreeModel::TypeColumn);
        QCOMPARE(dense.data().toString(), QStringLiteral("Dense (built-in)"));

        // A duplicate key is a warning of the checks; the list follows the edit and its undo.
        const json::NodeId config = node("/config/layers/1/config");
        QVERIFY(m_window->document()->insertMember(config, 0, QStringLiteral("units"), json::Value(4)));
        QTRY_VERIFY(problemCodes(m_window->problems()).contains(QStringLiteral("duplicate-key")));
        m_window->document()->undoStack()->undo();
        QTRY_VERIFY(!problemCodes(m_window->problems()).contains(QStringLiteral("duplicate-key")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
