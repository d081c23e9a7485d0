// SPDX-License-Identifier: GPL-3.0-or-later
// The Scopes panel (issue 7) and the checks that use its scopes (issue 6), through real widgets
// offscreen: the window's tree follows a scope edit, the nesting rules are shown, Python
// sources are imported, every operation undoes, scope files are written byte for byte, and the
// set is remembered per model file.
#include "../UiTestSupport.h"
#include "ui/ConfigTreeModel.h"
#include "ui/DocumentChecker.h"
#include "ui/Dialogs.h"
#include "ui/FileController.h"
#include "ui/InspectorPanel.h"
#include "ui/MainWindow.h"
#include "ui/SelectionSync.h"
#include "ui/StatusPanel.h"
#include "ui/scopes/ScopeStore.h"
#include "ui/scopes/ScopesPanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>

#include <functional>

using namespace kcs;
using namespace kcs::ui;
using namespace kcs::ui::scopes;

namespace {

/// Runs handler on the next modal dialog as soon as it is shown (the action's exec() waits).
void onNextModal(std::function<void(QWidget*)> handler)
{
    auto* timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, handler] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            handler(modal);
        }
    });
    timer->start();
}

void answerText(const QString& text)
{
    onNextModal([text](QWidget* w) {
        auto* dialog = qobject_cast<QInputDialog*>(w);
        QVERIFY(dialog);
        dialog->setTextValue(text);
        dialog->accept();
    });
}

void clickOk(QWidget* dialog, const char* buttons)
{
    auto* box = dialog->findChild<QDialogButtonBox*>(QString::fromLatin1(buttons));
    QVERIFY(box);
    QVERIFY(box->button(QDialogButtonBox::Ok)->isEnabled());
    QTest::mouseClick(box->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

/// Fills the entry dialog: key, category word, parameters.
void answerEntry(const QString& key, const QString& category, const QString& params = {})
{
    onNextModal([key, category, params](QWidget* dialog) {
        auto* keyEdit = dialog->findChild<QLineEdit*>(QStringLiteral("entryKey"));
        QVERIFY(keyEdit);
        keyEdit->clear();
        QTest::keyClicks(keyEdit, key);
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("entryCategory"));
        combo->setCurrentIndex(combo->findText(category));
        dialog->findChild<QLineEdit*>(QStringLiteral("entryParams"))->setText(params);
        clickOk(dialog, "entryButtons");
    });
}

void trigger(QWidget* panel, const char* action)
{
    auto* a = panel->findChild<QAction*>(QString::fromLatin1(action));
    QVERIFY2(a, action);
    QVERIFY2(a->isEnabled(), action);
    a->trigger();
}

QStringList keysOf(const std::vector<keras::ObjectDescriptor>& list)
{
    QStringList keys;
    for (const keras::ObjectDescriptor& d : list)
        keys << d.key;
    return keys;
}

keras::ObjectDescriptor entry(const QString& key)
{
    keras::ObjectDescriptor d;
    d.key = key;
    d.category = keras::Category::Layers;
    return d;
}

/// The custom-layer model in a document, with a store and a panel on it (no window).
struct PanelFixture {
    ConfigDocument document;
    ScopeStore store{&document};
    ScopesPanel panel{&store, &document};
    bool loaded = test::loadBytes(document, test::readFile(test::dataPath(QStringLiteral("loadsim/k3_custom_layer.json"))));
};

} // namespace

class TestScopesPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString copyFixture(const QString& fixture, const QString& name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(test::dataPath(fixture), path))
            return {};
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateUiTest();
        QVERIFY(m_dir.isValid());
    }

    void cleanup()
    {
        ScopesPanel::setNextPaths({}); // a test that failed early leaves no answer behind
        QSettings().clear();
    }

    void scopeEntryResolvesAnUnknownLayer()
    {
        const QString path = copyFixture(QStringLiteral("loadsim/k3_custom_layer.json"), QStringLiteral("custom.json"));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(path);
        QTRY_COMPARE(window.document()->filePath(), path);
        const json::NodeId layer = window.document()->json().find(u"/config/layers/1");
        QVERIFY(layer != json::kNoNode);
        const QModelIndex index = window.treeModel()->indexFor(layer, ConfigTreeModel::TypeColumn);
        QTRY_COMPARE(index.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Error)); // the loader's first error
        const QVariant unknownColour = index.data(Qt::ForegroundRole);

        auto* panel = window.findChild<ScopesPanel*>(QStringLiteral("scopesPanel"));
        QVERIFY(panel);
        answerText(QStringLiteral("training"));
        trigger(panel, "addScopeAction");
        QCOMPARE(window.scopeStore()->fullSet().scopes.size(), size_t(1));
        QCOMPARE(panel->tree()->currentItem(), panel->scopeItem(0));
        answerEntry(QStringLiteral("my_pkg>MyLayer"), QStringLiteral("layer"), QStringLiteral("units"));
        trigger(panel, "addEntryAction");
        QCOMPARE(keysOf(window.scopeStore()->entries(ScopeTarget::inScope(0))), QStringList{QStringLiteral("my_pkg>MyLayer")});
        QTRY_COMPARE(index.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Custom));
        QVERIFY(index.data(Qt::ForegroundRole) != unknownColour);

        // The Inspector says where the name was found.
        window.selection()->selectNode(layer);
        QTRY_COMPARE(window.inspector()->field(QStringLiteral("Lookup")), QStringLiteral(
            "'my_pkg>MyLayer' looked up in:\n"
            "1. scope 'training': found my_pkg>MyLayer\n"
            "2. global registry (get_custom_objects()): not reached\n"
            "3. custom_objects argument: not reached\n"
            "→ answered by scope training"));

        // Undo takes the entry away and the layer is unknown again; redo brings it back.
        window.document()->undoStack()->undo();
        QTRY_COMPARE(index.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Error)); // the loader's first error
        QTRY_VERIFY(window.inspector()->field(QStringLiteral("Lookup")).endsWith(QStringLiteral("→ not found")));
        window.document()->undoStack()->redo();
        QTRY_COMPARE(index.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Custom));

        // Scope changes share the undo history but leave the file unmodified: only a file edit
        // marks the title, and undoing that edit clears it with the scope steps still done.
        QVERIFY(!window.document()->isModified());
        QVERIFY(!window.isWindowModified());
        const json::NodeId name = window.document()->json().find(u"/config/name");
        QVERIFY(name != json::kNoNode);
        QVERIFY(window.document()->replaceValue(name, json::Value(QStringLiteral("renamed"))));
        QVERIFY(window.document()->isModified());
        QVERIFY(window.isWindowModified());
        answerText(QStringLiteral("later"));
        trigger(panel, "addScopeAction");
        QVERIFY(window.document()->isModified());
        window.document()->undoStack()->undo(); // the scope 'later'
        QVERIFY(window.document()->isModified());
        window.document()->undoStack()->undo(); // the rename
        QVERIFY(!window.document()->isModified());
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.document()->json().text(), window.document()->savedText());
        QCOMPARE(keysOf(window.scopeStore()->entries(ScopeTarget::inScope(0))), QStringList{QStringLiteral("my_pkg>MyLayer")});
        Dialogs::setNextAnswer(QMessageBox::Discard);
    }

    void exampleModelResolvesWithItsScopeFile()
    {
        MainWindow window;
        window.files()->openExample();
        QCOMPARE(window.scopeStore()->fullSet().scopes.size(), size_t(1));
        QCOMPARE(window.scopeStore()->fullSet().scopes[0].name, QStringLiteral("example_project"));
        const json::NodeId custom = window.document()->json().find(u"/config/layers/2");
        QTRY_COMPARE(window.treeModel()->resolution(custom), Resolution::Custom);
        // Every name resolves; what remains is the Lambda that safe mode refuses.
        QTRY_COMPARE(window.statusPanel()->verdictText(), QStringLiteral("Keras 3 refuses it: 1 error"));
        const CheckResult& result = window.checker()->lastResult();
        QVERIFY(!result.loads);
        QCOMPARE(result.problems.size(), size_t(1));
        QCOMPARE(result.problems[0].pointer, QStringLiteral("/config/layers/4/config/function"));
    }

    void keras3HidesOuterScopesKeras2MergesThem()
    {
        PanelFixture f;
        QVERIFY(f.loaded);
        f.store.addScope(QStringLiteral("outer"));
        f.store.addEntry(ScopeTarget::inScope(0), entry(QStringLiteral("my_pkg>MyLayer")));
        f.store.addScope(QStringLiteral("inner"));
        f.store.addEntry(ScopeTarget::inScope(1), entry(QStringLiteral("Other")));
        const QBrush grey = f.panel.palette().brush(QPalette::Disabled, QPalette::Text);

        QTreeWidgetItem* outer = f.panel.entryItem(ScopeTarget::inScope(0), 0);
        QCOMPARE(outer->text(ScopesPanel::StatusColumn), QStringLiteral("hidden: Keras 3 consults only the innermost scope 'inner'"));
        QVERIFY(outer->data(0, ScopesPanel::HiddenRole).toBool());
        QCOMPARE(outer->foreground(ScopesPanel::NameColumn), grey);
        QCOMPARE(f.panel.entryItem(ScopeTarget::inScope(1), 0)->text(ScopesPanel::StatusColumn), QString());
        // Innermost on top.
        QCOMPARE(f.panel.tree()->topLevelItem(0)->child(0)->text(0), QStringLiteral("inner"));
        QVERIFY(f.panel.findChild<QLabel*>(QStringLiteral("nestingLabel"))->text().startsWith(QStringLiteral("Keras 3: entering a scope replaces")));

        f.document.setTarget(TargetKeras::TfKeras2);
        outer = f.panel.entryItem(ScopeTarget::inScope(0), 0);
        QCOMPARE(outer->text(ScopesPanel::StatusColumn), QString());
        QVERIFY(!outer->data(0, ScopesPanel::HiddenRole).toBool());
        QVERIFY(f.panel.findChild<QLabel*>(QStringLiteral("nestingLabel"))->text().startsWith(QStringLiteral("tf.keras 2: scopes merge")));
        f.store.addEntry(ScopeTarget::inScope(1), entry(QStringLiteral("my_pkg>MyLayer")));
        QCOMPARE(f.panel.entryItem(ScopeTarget::inScope(0), 0)->text(ScopesPanel::StatusColumn),
                 QStringLiteral("overridden by inner scope 'inner' (Keras 2 merges scopes)"));

        // A global entry under a key a scope has is shadowed; a disabled scope is greyed.
        f.store.addEntry(ScopeTarget::global(), entry(QStringLiteral("Other")));
        QCOMPARE(f.panel.entryItem(ScopeTarget::global(), 0)->text(ScopesPanel::StatusColumn),
                 QStringLiteral("shadowed by scope 'inner' (scopes are consulted first)"));
        f.document.setTarget(TargetKeras::Keras3);
        f.panel.scopeItem(1)->setCheckState(0, Qt::Unchecked); // the user unticks "inner"
        QTRY_VERIFY(!f.store.fullSet().scopes[1].enabled);
        QCOMPARE(f.panel.entryItem(ScopeTarget::inScope(1), 0)->text(ScopesPanel::StatusColumn), QStringLiteral("scope disabled"));
        QCOMPARE(f.panel.entryItem(ScopeTarget::inScope(0), 0)->text(ScopesPanel::StatusColumn), QString());
        QCOMPARE(f.store.scopeSet().scopes.size(), size_t(1)); // what the checks get
    }

    void toolbarEditsTheStackAndEntries()
    {
        PanelFixture f;
        QVERIFY(f.loaded);
        f.store.addScope(QStringLiteral("a"));
        f.store.addScope(QStringLiteral("b"));
        f.store.addEntry(ScopeTarget::inScope(1), entry(QStringLiteral("X")));
        QTreeWidget* tree = f.panel.tree();

        tree->setCurrentItem(f.panel.scopeItem(1));
        answerText(QStringLiteral("renamed"));
        trigger(&f.panel, "renameScopeAction");
        QCOMPARE(f.store.fullSet().scopes[1].name, QStringLiteral("renamed"));
        QVERIFY(!f.panel.findChild<QAction*>(QStringLiteral("moveScopeUpAction"))->isEnabled()); // already innermost
        trigger(&f.panel, "moveScopeDownAction");
        QCOMPARE(f.store.fullSet().scopes[0].name, QStringLiteral("renamed"));
        QCOMPARE(tree->currentItem(), f.panel.scopeItem(0));

        // Edit the entry (now in the outer scope): parameters and **kwargs.
        tree->setCurrentItem(f.panel.entryItem(ScopeTarget::inScope(0), 0));
        onNextModal([](QWidget* dialog) {
            QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("entryKey"))->text(), QStringLiteral("X"));
            dialog->findChild<QLineEdit*>(QStringLiteral("entryParams"))->setText(QStringLiteral("units, rate"));
            dialog->findChild<QCheckBox*>(QStringLiteral("entryKwargs"))->setChecked(true);
            clickOk(dialog, "entryButtons");
        });
        trigger(&f.panel, "editEntryAction");
        const keras::ObjectDescriptor edited = f.store.entries(ScopeTarget::inScope(0))[0];
        QCOMPARE(edited.params, std::optional<QStringList>(QStringList{QStringLiteral("units"), QStringLiteral("rate")}));
        QVERIFY(edited.acceptsExtraKwargs);
        QCOMPARE(f.panel.entryItem(ScopeTarget::inScope(0), 0)->text(ScopesPanel::ParamsColumn), QStringLiteral("units, rate, **kwargs"));

        // Register globally as register_keras_serializable(package, name) would.
        onNextModal([](QWidget* dialog) {
            QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("entryPackage")), QStringLiteral("my_pkg"));
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("entryName"));
            name->clear();
            QTest::keyClicks(name, QStringLiteral("Swish"));
            auto* kind = dialog->findChild<QComboBox*>(QStringLiteral("entryKind"));
            kind->setCurrentIndex(kind->findText(QStringLiteral("function")));
            clickOk(dialog, "entryButtons");
        });
        tree->setCurrentItem(f.panel.groupItem(ScopeTarget::Kind::Global));
        trigger(&f.panel, "registerGloballyAction");
        QCOMPARE(keysOf(f.store.fullSet().global), QStringList{QStringLiteral("my_pkg>Swish")});
        QVERIFY(f.store.fullSet().global[0].isFunction);

        tree->setCurrentItem(f.panel.entryItem(ScopeTarget::global(), 0));
        trigger(&f.panel, "removeEntryAction");
        QVERIFY(f.store.fullSet().global.empty());
        tree->setCurrentItem(f.panel.scopeItem(1));
        trigger(&f.panel, "deleteScopeAction");
        QCOMPARE(f.store.fullSet().scopes.size(), size_t(1));
        QCOMPARE(f.store.fullSet().scopes[0].name, QStringLiteral("renamed"));
        // Six toolbar changes, six undo steps back to the start.
        QCOMPARE(f.document.undoStack()->count(), 3 + 6);
        for (int i = 0; i < 6; ++i)
            f.document.undoStack()->undo();
        QCOMPARE(f.store.fullSet().scopes.size(), size_t(2));
        QCOMPARE(f.store.fullSet().scopes[1].name, QStringLiteral("b"));
        QCOMPARE(keysOf(f.store.fullSet().scopes[1].objects), QStringList{QStringLiteral("X")});
        QCOMPARE(f.store.fullSet().scopes[1].objects[0], entry(QStringLiteral("X")));
    }

    void builtinsAreCollapsedAndSearchable()
    {
        PanelFixture f;
        QVERIFY(f.loaded);
        QTreeWidgetItem* builtins = f.panel.builtinsItem();
        QVERIFY(!builtins->isExpanded());
        QVERIFY(builtins->text(0).startsWith(QStringLiteral("Built-in modules (Keras 3.")));
        QTest::keyClicks(f.panel.findChild<QLineEdit*>(QStringLiteral("builtinFilter")), QStringLiteral("LayerNormalization"));
        QVERIFY(builtins->isExpanded());
        QStringList shown;
        for (int i = 0; i < builtins->childCount(); ++i) {
            for (int j = 0; j < builtins->child(i)->childCount(); ++j) {
                const QTreeWidgetItem* e = builtins->child(i)->child(j);
                if (!e->isHidden())
                    shown << builtins->child(i)->text(0) + QLatin1Char(':') + e->text(0) + QLatin1Char(' ') + e->text(ScopesPanel::KindColumn);
            }
        }
        QCOMPARE(shown, QStringList{QStringLiteral("layers:LayerNormalization class in keras.layers")});
    }

    void importsFromPythonSources()
    {
        const QString pkg = m_dir.filePath(QStringLiteral("src/my_pkg"));
        QVERIFY(QDir().mkpath(pkg));
        QVERIFY(test::writeFile(pkg + QStringLiteral("/__init__.py"), ""));
        QVERIFY(test::writeFile(pkg + QStringLiteral("/layers.py"),
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras.saving import register_keras_serializable\n"
            "from keras import utils as ku\n"
            "\n"
            "@keras.saving.register_keras_serializable(package=\"my_pkg\")\n"
            "class MyDense(keras.layers.Layer):\n"
            "    def __init__(self, units, activation=None, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "\n"
            "@register_keras_serializable()\n"
            "def binary_tanh(x):\n"
            "    return x\n"
            "\n"
            "@tf.keras.utils.register_keras_serializable(package=\"tfpkg\", name=\"Swish\")\n"
            "def swish_fn(x):\n"
            "    return x\n"
            "\n"
            "@ku.register_keras_serializable(\"pos_pkg\")\n"
            "class PosArg(keras.layers.Layer):\n"
            "    def __init__(self, rate=0.1):\n"
            "        super().__init__()\n"
            "\n"
            "@keras.utils.register_keras_serializable()\n"
            "class Scale(keras.constraints.Constraint):\n"
            "    pass\n"
            "\n"
            "class Unreferenced(keras.layers.Layer):\n"
            "    pass\n"
            "\n"
            "class LegacyBlock(keras.layers.Layer):\n"
            "    def __init__(self, depth, **kwargs):\n"
            "        super().__init__(**kwargs)\n"));
        PanelFixture f;
        QVERIFY(f.loaded);
        f.store.addScope(QStringLiteral("project"));
        f.panel.setReferencedNames({QStringLiteral("LegacyBlock")});
        ScopesPanel::setNextPaths({m_dir.filePath(QStringLiteral("src"))});
        QStringList rows;
        onNextModal([&rows](QWidget* dialog) {
            auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("importTable"));
            QVERIFY(table);
            for (int r = 0; r < table->rowCount(); ++r)
                rows << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6").arg(table->item(r, 0)->text(), table->item(r, 1)->text(),
                    table->item(r, 2)->text(), table->item(r, 3)->text(), table->item(r, 4)->text(), table->item(r, 5)->text());
            table->item(1, 0)->setCheckState(Qt::Unchecked); // not binary_tanh
            auto* target = dialog->findChild<QComboBox*>(QStringLiteral("importTarget"));
            target->setCurrentIndex(target->findText(QStringLiteral("global registry")));
            clickOk(dialog, "importButtons");
        });
        trigger(&f.panel, "importPythonFolderAction");
        QCOMPARE(rows, (QStringList{
            QStringLiteral("MyDense | my_pkg>MyDense | class | layer | units, activation, **kwargs | layers.py:7"),
            QStringLiteral("binary_tanh | Custom>binary_tanh | function | (any) | (not declared) | layers.py:12"),
            QStringLiteral("swish_fn | tfpkg>Swish | function | (any) | (not declared) | layers.py:16"),
            QStringLiteral("PosArg | pos_pkg>PosArg | class | layer | rate | layers.py:20"),
            QStringLiteral("Scale | Custom>Scale | class | constraint | (not declared) | layers.py:25"),
            QStringLiteral("LegacyBlock | LegacyBlock | class | layer | depth, **kwargs | layers.py:31"),
        }));
        QCOMPARE(keysOf(f.store.fullSet().global), (QStringList{QStringLiteral("my_pkg>MyDense"), QStringLiteral("tfpkg>Swish"),
            QStringLiteral("pos_pkg>PosArg"), QStringLiteral("Custom>Scale"), QStringLiteral("LegacyBlock")}));
        QVERIFY(f.store.fullSet().scopes[0].objects.empty());
        // One undo step for the whole import.
        f.document.undoStack()->undo();
        QVERIFY(f.store.fullSet().global.empty());
    }

    void everyOperationUndoesAndRedoes_data()
    {
        QTest::addColumn<int>("operation");
        const char* names[] = {"add scope", "rename scope", "disable scope", "move scope", "delete scope", "add entry",
                               "edit entry", "remove entry", "register globally", "add to custom_objects", "load file"};
        for (int i = 0; i < int(std::size(names)); ++i)
            QTest::newRow(names[i]) << i;
    }

    void everyOperationUndoesAndRedoes()
    {
        QFETCH(int, operation);
        PanelFixture f;
        QVERIFY(f.loaded);
        f.store.addScope(QStringLiteral("a"));
        f.store.addScope(QStringLiteral("b"));
        f.store.addEntry(ScopeTarget::inScope(0), entry(QStringLiteral("X")));
        const QString file = m_dir.filePath(QStringLiteral("undo_scopes.json"));
        QVERIFY(test::writeFile(file, R"({"scopes": [{"name": "loaded", "objects": [{"key": "Y"}]}]})"));
        const keras::ScopeSet before = f.store.fullSet();
        const int steps = f.document.undoStack()->count();
        QSignalSpy changed(&f.store, &ScopeStore::changed);
        const std::function<bool()> ops[] = {
            [&] { return f.store.addScope(QStringLiteral("c")) == 2; },
            [&] { return f.store.renameScope(0, QStringLiteral("renamed")); },
            [&] { return f.store.setScopeEnabled(1, false); },
            [&] { return f.store.moveScope(0, 1); },
            [&] { return f.store.removeScope(0); },
            [&] { return f.store.addEntry(ScopeTarget::inScope(1), entry(QStringLiteral("Z"))); },
            [&] { return f.store.replaceEntry(ScopeTarget::inScope(0), 0, entry(QStringLiteral("X2"))); },
            [&] { return f.store.removeEntry(ScopeTarget::inScope(0), 0); },
            [&] { return f.store.registerGlobally({}, QStringLiteral("Swish"), entry({})); },
            [&] { return f.store.addEntry(ScopeTarget::customObjects(), entry(QStringLiteral("C"))); },
            [&] { return f.store.loadFile(file).has_value(); },
        };
        QVERIFY(ops[operation]());
        const keras::ScopeSet after = f.store.fullSet();
        QVERIFY(after != before);
        QCOMPARE(f.document.undoStack()->count(), steps + 1);
        QCOMPARE(changed.count(), 1);
        f.document.undoStack()->undo();
        QCOMPARE(f.store.fullSet(), before);
        f.document.undoStack()->redo();
        QCOMPARE(f.store.fullSet(), after);
        QCOMPARE(changed.count(), 3);
        if (operation == 8)
            QCOMPARE(after.global.back().key, QStringLiteral("Custom>Swish"));
        // Out of range: nothing pushed.
        QVERIFY(!f.store.removeScope(7));
        QVERIFY(!f.store.addEntry(ScopeTarget::inScope(9), entry(QStringLiteral("Q"))));
        QCOMPARE(f.document.undoStack()->count(), steps + 1);
    }

    void savesAndLoadsScopeFiles()
    {
        PanelFixture f;
        QVERIFY(f.loaded);
        f.store.addScope(QStringLiteral("training"));
        keras::ObjectDescriptor dense = entry(QStringLiteral("my_pkg>MyLayer"));
        dense.params = QStringList{QStringLiteral("units")};
        dense.acceptsExtraKwargs = true;
        f.store.addEntry(ScopeTarget::inScope(0), dense);
        f.store.registerGlobally(QStringLiteral("hls4ml"), QStringLiteral("BinaryDense"), entry({}));
        const QString path = m_dir.filePath(QStringLiteral("saved_scopes.json"));
        ScopesPanel::setNextPaths({path});
        trigger(&f.panel, "saveScopesAction");
        QCOMPARE(test::readFile(path), QByteArray(
            "{\n"
            "  \"format\": \"kcs-scopes/1\",\n"
            "  \"scopes\": [\n"
            "    {\"name\": \"training\", \"objects\": [\n"
            "      {\"key\": \"my_pkg>MyLayer\", \"category\": \"layer\", \"params\": [\"units\"], \"kwargs\": true}\n"
            "    ]}\n"
            "  ],\n"
            "  \"global\": [\n"
            "    {\"key\": \"hls4ml>BinaryDense\", \"category\": \"layer\"}\n"
            "  ],\n"
            "  \"custom_objects\": []\n"
            "}\n"));
        QCOMPARE(f.store.filePath(), path);

        const keras::ScopeSet saved = f.store.fullSet();
        f.store.removeScope(0);
        ScopesPanel::setNextPaths({path});
        trigger(&f.panel, "loadScopesAction");
        QCOMPARE(f.store.fullSet(), saved);
        QCOMPARE(f.panel.scopeItem(0)->text(0), QStringLiteral("training"));

        // A broken file: the error names the place, the set stays.
        const QString broken = m_dir.filePath(QStringLiteral("broken_scopes.json"));
        QVERIFY(test::writeFile(broken, "{\"scopes\": 3}"));
        ScopesPanel::setNextPaths({broken});
        Dialogs::setNextAnswer(QMessageBox::Ok); // keeps the error box from showing
        trigger(&f.panel, "loadScopesAction");
        QCOMPARE(Dialogs::lastError(), broken + QStringLiteral(":1:2: \"scopes\" must be a list of scopes"));
        QCOMPARE(f.store.fullSet(), saved);
    }

    void remembersTheSetPerModelFile()
    {
        const QString a = copyFixture(QStringLiteral("loadsim/k3_custom_layer.json"), QStringLiteral("a.json"));
        const QString b = copyFixture(QStringLiteral("loadsim/k3_custom_layer.json"), QStringLiteral("b.json"));
        {
            ConfigDocument document;
            ScopeStore store(&document);
            QVERIFY(test::loadInto(document, a));
            store.addScope(QStringLiteral("for a"));
            store.addEntry(ScopeTarget::inScope(0), entry(QStringLiteral("my_pkg>MyLayer")));
            QVERIFY(test::loadInto(document, b));
            QVERIFY(store.fullSet().isEmpty());
            QVERIFY(test::loadInto(document, a));
            QCOMPARE(store.fullSet().scopes.size(), size_t(1));
            QCOMPARE(store.fullSet().scopes[0].name, QStringLiteral("for a"));
        }
        // A new window (a new store) on the same file, reached through another spelling.
        ConfigDocument document;
        QVERIFY(test::loadInto(document, m_dir.filePath(QStringLiteral("../") + QDir(m_dir.path()).dirName() + QStringLiteral("/a.json"))));
        ScopeStore store(&document);
        QCOMPARE(keysOf(store.entries(ScopeTarget::inScope(0))), QStringList{QStringLiteral("my_pkg>MyLayer")});
    }
};

QTEST_MAIN(TestScopesPanel)
#include "TestScopesPanel.moc"
