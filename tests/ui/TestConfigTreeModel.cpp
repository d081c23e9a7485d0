// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiTestSupport.h"
#include "ui/ConfigTreeModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace kcs;
using namespace kcs::ui;

/// The tree model over a document: structure, display, roles, edits through setData, and the
/// row signals that follow document edits, undo and redo.
class TestConfigTreeModel : public QObject {
    Q_OBJECT
private:
    ConfigDocument* m_document = nullptr;
    ConfigTreeModel* m_model = nullptr;
    QAbstractItemModelTester* m_tester = nullptr;
    QByteArray m_original;

    json::NodeId node(const char* pointer) const
    {
        const json::NodeId id = m_document->json().find(QString::fromUtf8(pointer));
        Q_ASSERT(id != json::kNoNode);
        return id;
    }
    QModelIndex indexOf(const char* pointer, int column = ConfigTreeModel::KeyColumn) const
    {
        return m_model->indexFor(node(pointer), column);
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }

    void init()
    {
        m_document = new ConfigDocument(this);
        QVERIFY(test::loadInto(*m_document, test::uiData(QStringLiteral("tiny_functional.json"))));
        m_original = m_document->json().text();
        m_model = new ConfigTreeModel(m_document, this);
        m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    }

    void cleanup()
    {
        delete m_tester;
        delete m_model;
        delete m_document;
    }

    void showsRootAsSingleTopLevelRow()
    {
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->columnCount(), 3);
        const QModelIndex root = m_model->index(0, 0);
        QCOMPARE(m_model->nodeFromIndex(root), m_document->json().root());
        QCOMPARE(m_model->rowCount(root), 6); // module, class_name, config, registered_name, build_config, compile_config
        QCOMPARE(root.data().toString(), QStringLiteral("tiny_functional.json"));
        QCOMPARE(m_model->index(2, 0, root).data().toString(), QStringLiteral("config"));
        QCOMPARE(m_model->parent(m_model->index(2, 0, root)), root);
        QVERIFY(!m_model->parent(root).isValid());
    }

    void displaysKeysValuesAndTypes_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        const int key = ConfigTreeModel::KeyColumn;
        const int value = ConfigTreeModel::ValueColumn;
        const int type = ConfigTreeModel::TypeColumn;
        QTest::newRow("array element has no key text") << "/config/layers/1" << key << "";
        QTest::newRow("layer shows its name") << "/config/layers/1" << value << "hidden";
        QTest::newRow("built-in class") << "/config/layers/1" << type << "Dense (built-in)";
        QTest::newRow("custom class names its registration") << "/config/layers/2" << type << "Gate (custom: Custom>Gate)";
        QTest::newRow("unknown class") << "/config/layers/3" << type << "Mystery (unknown)";
        QTest::newRow("marker") << "/config/layers/1/inbound_nodes/0/args/0" << type << "__keras_tensor__";
        QTest::newRow("member key") << "/config/layers/1/config/units" << key << "units";
        QTest::newRow("number as spelled") << "/config/layers/2/config/epsilon" << value << "1E-3";
        QTest::newRow("number type") << "/config/layers/2/config/epsilon" << type << "number";
        QTest::newRow("string decoded") << "/config/layers/1/config/activation" << value << "relu";
        QTest::newRow("short array inline") << "/config/layers/0/config/batch_shape" << value << "[null, 4]";
        QTest::newRow("long array counted") << "/config/layers" << value << "[4 items]";
        QTest::newRow("empty object") << "/compile_config" << value << "{}";
        QTest::newRow("plain object counted") << "/build_config" << value << "{1 key}";
        QTest::newRow("null") << "/config/layers/1/config/kernel_regularizer" << value << "null";
        QTest::newRow("bool") << "/config/layers/1/config/use_bias" << type << "bool";
    }

    void displaysKeysValuesAndTypes()
    {
        QFETCH(QString, pointer);
        QFETCH(int, column);
        QFETCH(QString, expected);
        const QModelIndex index = m_model->indexFor(m_document->json().find(pointer), column);
        QVERIFY(index.isValid());
        QCOMPARE(index.data().toString(), expected);
    }

    void rolesDescribeTheNode()
    {
        const QModelIndex gate = indexOf("/config/layers/2", ConfigTreeModel::TypeColumn);
        QCOMPARE(gate.data(ConfigTreeModel::PointerRole).toString(), QStringLiteral("/config/layers/2"));
        QCOMPARE(gate.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::Custom));
        QCOMPARE(gate.data(ConfigTreeModel::ClassNameRole).toString(), QStringLiteral("Gate"));
        QCOMPARE(gate.data(ConfigTreeModel::KindRole).toInt(), int(json::Kind::Object));
        QCOMPARE(gate.siblingAtColumn(0).data(ConfigTreeModel::IndexLabelRole).toString(), QStringLiteral("[2]"));
        QVERIFY(!gate.data(Qt::DecorationRole).value<QIcon>().isNull());
        const QModelIndex units = indexOf("/config/layers/1/config/units", ConfigTreeModel::TypeColumn);
        QCOMPARE(units.data(ConfigTreeModel::ResolutionRole).toInt(), int(Resolution::NotAnObject));
        QVERIFY(units.data(Qt::DecorationRole).isNull());
    }

    void resolutionsFromChecksOverrideFields()
    {
        const json::NodeId mystery = node("/config/layers/3");
        QHash<qint64, Resolution> map;
        map.insert(m_document->json().span(mystery).begin, Resolution::Error);
        m_model->setResolutions(map);
        QCOMPARE(m_model->indexFor(mystery, ConfigTreeModel::TypeColumn).data().toString(),
                 QStringLiteral("Mystery (error)"));
    }

    void moduleLessClassNamesAreJudgedByTheTargetsCatalog()
    {
        // Before a check, or where the loader stopped before reaching a node: a Keras 1/2 class
        // name is built-in only when the target's catalog has it.
        QVERIFY(test::loadBytes(*m_document, R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
            {"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": [3, 3]}},
            {"class_name": "LRN", "config": {"n": 5}},
            {"class_name": "Convolution2D", "config": {"nb_filter": 2}},
            {"class_name": "CuDNNLSTM", "config": {"units": 2}}]}})"));
        const auto resolutionAt = [this](const char* pointer) {
            return Resolution(indexOf(pointer, ConfigTreeModel::TypeColumn).data(ConfigTreeModel::ResolutionRole).toInt());
        };
        QCOMPARE(resolutionAt("/config/layers/0"), Resolution::BuiltIn);
        QCOMPARE(resolutionAt("/config/layers/1"), Resolution::Unknown);
        QCOMPARE(resolutionAt("/config/layers/2"), Resolution::BuiltIn);  // Keras 3 exports the alias
        QCOMPARE(resolutionAt("/config/layers/3"), Resolution::Unknown);  // tf.keras 1.x only
        m_document->setTarget(TargetKeras::TfKeras2);
        QCOMPARE(resolutionAt("/config/layers/0"), Resolution::BuiltIn);
        QCOMPARE(resolutionAt("/config/layers/1"), Resolution::Unknown);
        QCOMPARE(indexOf("/config/layers/1", ConfigTreeModel::TypeColumn).data().toString(), QStringLiteral("LRN (unknown)"));
    }

    void editableColumns()
    {
        QVERIFY(indexOf("/config/layers/1/config/units", ConfigTreeModel::KeyColumn).flags() & Qt::ItemIsEditable);
        QVERIFY(indexOf("/config/layers/1/config/units", ConfigTreeModel::ValueColumn).flags() & Qt::ItemIsEditable);
        QVERIFY(!(indexOf("/config/layers/1/config/units", ConfigTreeModel::TypeColumn).flags() & Qt::ItemIsEditable));
        QVERIFY(!(indexOf("/config/layers/1", ConfigTreeModel::ValueColumn).flags() & Qt::ItemIsEditable));
        QVERIFY(!(indexOf("/config/layers/1", ConfigTreeModel::KeyColumn).flags() & Qt::ItemIsEditable));
    }

    void setDataPushesOneUndoableCommand_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        QTest::newRow("number") << "/config/layers/1/config/units" << QVariant(QStringLiteral("64"))
                                << QByteArray("\"units\": 8,") << QByteArray("\"units\": 64,");
        QTest::newRow("number spelled as typed") << "/config/layers/2/config/threshold" << QVariant(QStringLiteral("5e-1"))
                                                 << QByteArray("\"threshold\": 0.250") << QByteArray("\"threshold\": 5e-1");
        QTest::newRow("bool") << "/config/layers/1/config/use_bias" << QVariant(false)
                              << QByteArray("\"use_bias\": true") << QByteArray("\"use_bias\": false");
        QTest::newRow("string") << "/config/layers/1/config/activation" << QVariant(QStringLiteral("tanh"))
                                << QByteArray("\"activation\": \"relu\"") << QByteArray("\"activation\": \"tanh\"");
        QTest::newRow("string escaped as Python does") << "/config/layers/1/config/activation" << QVariant(QStringLiteral("r\u00e9lu"))
                                << QByteArray("\"activation\": \"relu\"") << QByteArray("\"activation\": \"r\\u00e9lu\"");
        QTest::newRow("null to number") << "/config/layers/1/config/kernel_regularizer" << QVariant(QStringLiteral("0.5"))
                                        << QByteArray("\"kernel_regularizer\": null") << QByteArray("\"kernel_regularizer\": 0.5");
    }

    void setDataPushesOneUndoableCommand()
    {
        QFETCH(QString, pointer);
        QFETCH(QVariant, value);
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QVERIFY(m_original.contains(before));
        const QModelIndex index = m_model->indexFor(m_document->json().find(pointer), ConfigTreeModel::ValueColumn);
        QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
        QVERIFY(m_model->setData(index, value));
        QCOMPARE(m_document->undoStack()->count(), 1);
        QVERIFY(changed.count() >= 1);
        QByteArray expected = m_original;
        expected.replace(before, after);
        QCOMPARE(m_document->json().text(), expected);
        QVERIFY(m_document->isModified());
        m_document->undoStack()->undo();
        QCOMPARE(m_document->json().text(), m_original);
        QVERIFY(!m_document->isModified());
        m_document->undoStack()->redo();
        QCOMPARE(m_document->json().text(), expected);
    }

    void unchangedValueKeepsSpellingAndPushesNothing()
    {
        const QModelIndex epsilon = indexOf("/config/layers/2/config/epsilon", ConfigTreeModel::ValueColumn);
        QCOMPARE(epsilon.data(ConfigTreeModel::EditTextRole).toString(), QStringLiteral("1E-3"));
        QVERIFY(m_model->setData(epsilon, QStringLiteral("1E-3")));
        QCOMPARE(m_document->undoStack()->count(), 0);
        QCOMPARE(m_document->json().text(), m_original);
    }

    void invalidNumberIsRefused()
    {
        QSignalSpy failed(m_model, &ConfigTreeModel::editFailed);
        const QModelIndex units = indexOf("/config/layers/1/config/units", ConfigTreeModel::ValueColumn);
        QVERIFY(!m_model->setData(units, QStringLiteral("eight")));
        QCOMPARE(failed.count(), 1);
        QVERIFY(!failed.first().first().toString().isEmpty());
        QCOMPARE(m_document->undoStack()->count(), 0);
        QCOMPARE(m_document->json().text(), m_original);
    }

    void renameKeyThroughSetData()
    {
        const QModelIndex key = indexOf("/config/layers/2/config/threshold", ConfigTreeModel::KeyColumn);
        QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
        QVERIFY(m_model->setData(key, QStringLiteral("limit")));
        QVERIFY(!changed.isEmpty());
        bool sawKeyRow = false;
        for (const auto& args : changed)
            sawKeyRow |= args.at(0).toModelIndex().row() == key.row()
                         && args.at(0).toModelIndex().parent() == key.parent();
        QVERIFY(sawKeyRow);
        QCOMPARE(key.data().toString(), QStringLiteral("limit"));
        QVERIFY(m_document->json().text().contains("\"limit\": 0.250"));
        m_document->undoStack()->undo();
        QCOMPARE(key.data().toString(), QStringLiteral("threshold"));
        QCOMPARE(m_document->json().text(), m_original);
    }

    void insertMemberEmitsRowsInserted()
    {
        const json::NodeId config = node("/config/layers/2/config");
        const QModelIndex parent = m_model->indexFor(config);
        const int before = m_model->rowCount(parent);
        QSignalSpy aboutToInsert(m_model, &QAbstractItemModel::rowsAboutToBeInserted);
        QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
        QVERIFY(m_document->insertMember(config, before, QStringLiteral("scale"), json::Value(2)));
        QCOMPARE(aboutToInsert.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(0).toModelIndex(), parent);
        QCOMPARE(inserted.first().at(1).toInt(), before);
        QCOMPARE(inserted.first().at(2).toInt(), before);
        QCOMPARE(m_model->rowCount(parent), before + 1);
        QCOMPARE(m_model->index(before, 0, parent).data().toString(), QStringLiteral("scale"));
        QVERIFY(m_document->json().text().contains("\"epsilon\": 1E-3, \"scale\": 2}"));

        QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
        m_document->undoStack()->undo();
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), before);
        QCOMPARE(m_model->rowCount(parent), before);
        QCOMPARE(m_document->json().text(), m_original);
    }

    void removeElementEmitsRowsRemovedAndRenumbers()
    {
        const json::NodeId layers = node("/config/layers");
        const QModelIndex parent = m_model->indexFor(layers);
        QSignalSpy aboutToRemove(m_model, &QAbstractItemModel::rowsAboutToBeRemoved);
        QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(m_document->removeChild(layers, 1));
        QCOMPARE(aboutToRemove.count(), 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 1);
        QCOMPARE(removed.first().at(2).toInt(), 1);
        QCOMPARE(m_model->rowCount(parent), 3);
        QCOMPARE(m_model->index(1, ConfigTreeModel::KeyColumn, parent).data(ConfigTreeModel::IndexLabelRole).toString(),
                 QStringLiteral("[1]"));
        QCOMPARE(m_model->index(2, ConfigTreeModel::KeyColumn, parent).data(ConfigTreeModel::IndexLabelRole).toString(),
                 QStringLiteral("[2]"));
        QCOMPARE(m_model->index(1, ConfigTreeModel::ValueColumn, parent).data().toString(), QStringLiteral("gate"));

        QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
        m_document->undoStack()->undo();
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(m_model->index(1, ConfigTreeModel::ValueColumn, parent).data().toString(), QStringLiteral("hidden"));
        QCOMPARE(m_document->json().text(), m_original);
    }

    void applyTextResetsTheModel()
    {
        QSignalSpy aboutToReset(m_model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
        QVERIFY(m_document->applyText("{\"a\": [1, 2, 3]}"));
        QCOMPARE(aboutToReset.count(), 1);
        QCOMPARE(reset.count(), 1);
        const QModelIndex root = m_model->index(0, 0);
        QCOMPARE(m_model->rowCount(root), 1);
        QCOMPARE(m_model->rowCount(m_model->index(0, 0, root)), 3);
        m_document->undoStack()->undo();
        QCOMPARE(m_document->json().text(), m_original);
        QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 6);
    }

    void invalidTextIsRefusedWithItsPosition()
    {
        auto applied = m_document->applyText("{\"a\": [1, 2,, 3]}");
        QVERIFY(!applied);
        QCOMPARE(applied.error().code, ErrorCode::Syntax);
        QCOMPARE(applied.error().where.offset, qint64(12));
        QCOMPARE(m_document->undoStack()->count(), 0);
        QCOMPARE(m_document->json().text(), m_original);
    }

    void newFileResetsModelAndClearsUndo()
    {
        QVERIFY(m_document->removeChild(node("/config/layers"), 0));
        QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
        QVERIFY(test::loadInto(*m_document, test::uiData(QStringLiteral("keras2_sequential.json"))));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_document->undoStack()->count(), 0);
        QVERIFY(!m_document->isModified());
        QCOMPARE(m_document->dialect(), QStringLiteral("keras2"));
        QCOMPARE(indexOf("/config/layers/0", ConfigTreeModel::TypeColumn).data().toString(),
                 QStringLiteral("Dense (built-in)"));
    }
};

QTEST_MAIN(TestConfigTreeModel)
#include "TestConfigTreeModel.moc"
