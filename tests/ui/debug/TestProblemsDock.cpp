// SPDX-License-Identifier: GPL-3.0-or-later
#include "../mapping/WindowFixture.h"
#include "ui/ConfigTreeModel.h"
#include "ui/ProblemListModel.h"
#include "ui/debug/ProblemsDock.h"

#include <QAbstractItemModelTester>
#include <QStatusBar>
#include <QTableView>
#include <QTreeView>
#include <QUndoStack>

using namespace kcs;
using namespace kcs::ui;

/// The Problems dock of the real window: the first error marked, a fix-it applied by one click
/// in the Fix column and by Ctrl+., each one undo step that restores the bytes.
class TestProblemsDock : public QObject {
    Q_OBJECT
private:
    test::WindowFixture m_fixture;

    ProblemsDock* dock() const { return m_fixture.window()->findChild<ProblemsDock*>(); }

    /// The fixture's bytes without the DepthwiseConv2D's `"groups": 1, ` member.
    QByteArray withoutGroups() const
    {
        QByteArray expected = m_fixture.original();
        expected.replace(QByteArrayLiteral("\"groups\": 1, "), QByteArray());
        return expected;
    }

    void openWithProblems()
    {
        QVERIFY(m_fixture.open(QStringLiteral("ui/debug/k3_fixits.json")));
        QTRY_COMPARE(dock()->model()->rowCount(), 1);
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }
    void cleanup() { m_fixture.close(); }

    void marksTheFirstErrorAndOffersItsFix()
    {
        openWithProblems();
        ProblemListModel* model = dock()->model();
        QCOMPARE(model->index(0, 0).data(ProblemListModel::CodeRole).toString(), QStringLiteral("unrecognized-kwargs"));
        QCOMPARE(model->index(0, 0).data(ProblemListModel::FirstErrorRole).toBool(), true);
        QCOMPARE(model->index(0, ProblemListModel::SeverityColumn).data().toString(), QStringLiteral("Error (first)"));
        QVERIFY(model->index(0, ProblemListModel::MessageColumn).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model->index(0, ProblemListModel::FixColumn).data().toString(),
                 QStringLiteral("Remove 'groups' (DepthwiseConv2D does not accept it)"));
        QCOMPARE(model->index(0, 0).data(ProblemListModel::FixItsRole).toInt(), 1);
        QCOMPARE(model->headerData(ProblemListModel::FixColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Fix"));
    }

    void oneClickInTheFixColumnAppliesTheFixAsOneUndoStep()
    {
        openWithProblems();
        QTableView* view = dock()->view();
        QCOMPARE(view->objectName(), QStringLiteral("problemsView"));
        QUndoStack* stack = m_fixture.document()->undoStack();
        const int before = stack->count();
        const QModelIndex fix = dock()->model()->index(0, ProblemListModel::FixColumn);
        view->scrollTo(fix);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(fix).center());

        QCOMPARE(m_fixture.text(), withoutGroups());
        QCOMPARE(stack->count(), before + 1);
        QCOMPARE(stack->undoText(), QStringLiteral("Fix: Remove 'groups' (DepthwiseConv2D does not accept it)"));
        QCOMPARE(m_fixture.window()->statusBar()->currentMessage(),
                 QStringLiteral("Applied: Remove 'groups' (DepthwiseConv2D does not accept it)"));
        QTRY_COMPARE(dock()->model()->rowCount(), 0); // the re-check finds nothing left

        m_fixture.action("undoAction")->trigger();
        QCOMPARE(m_fixture.text(), m_fixture.original());
        QTRY_COMPARE(dock()->model()->rowCount(), 1);
    }

    void ctrlPeriodAppliesTheFixOfTheCurrentProblem()
    {
        openWithProblems();
        QTableView* view = dock()->view();
        m_fixture.window()->activateWindow();
        view->setFocus();
        view->setCurrentIndex(dock()->model()->index(0, ProblemListModel::MessageColumn));
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_Period, Qt::ControlModifier);
        QCOMPARE(m_fixture.text(), withoutGroups());
        m_fixture.action("undoAction")->trigger();
        QCOMPARE(m_fixture.text(), m_fixture.original());
    }

    void aFixInTheSeparateTrainingConfigIsRefused()
    {
        openWithProblems();
        m_fixture.window()->checker()->setDelay(60 * 60 * 1000);
        keras::Problem problem;
        problem.code = QStringLiteral("compile-error");
        problem.document = QStringLiteral("training_config"); // an .h5 attribute of its own
        problem.pointer = QStringLiteral("/loss");
        problem.fixIts = {{QStringLiteral("Use 'mse'"), {{keras::FixEdit::Op::Replace, QStringLiteral("/loss"),
                                                          json::Value(QStringLiteral("mse")), {}}}}};
        dock()->model()->setProblems({problem});
        auto applied = dock()->applyFix(0);
        QVERIFY(!applied);
        QCOMPARE(applied.error().message,
                 QStringLiteral("The fix is in the file's training_config attribute, which the editor does not change"));
        QCOMPARE(m_fixture.text(), m_fixture.original());
        QVERIFY(!dock()->goToProblem(0));
    }

    void theFixColumnSummarisesSeveralFixes()
    {
        ProblemListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        keras::Problem problem;
        problem.code = QStringLiteral("unrecognized-kwargs");
        problem.message = QStringLiteral("Unrecognized keyword arguments passed to Dense: {'batch_input_shape': [None, 8]}");
        problem.fixIts = {{QStringLiteral("Rename 'batch_input_shape' to 'batch_shape'"), {}},
                          {QStringLiteral("Remove 'batch_input_shape'"), {}},
                          {QStringLiteral("Use 'Dense'"), {}}};
        keras::Problem warning;
        warning.severity = keras::Severity::Warning;
        warning.code = QStringLiteral("duplicate-key");
        model.setProblems({problem, warning});
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.index(0, ProblemListModel::FixColumn).data().toString(),
                 QStringLiteral("Rename 'batch_input_shape' to 'batch_shape' (+2 more)"));
        QCOMPARE(model.index(0, ProblemListModel::FixColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Click to apply: Rename 'batch_input_shape' to 'batch_shape' (right-click for all fixes)"));
        QCOMPARE(model.index(0, 0).data(ProblemListModel::FixItsRole).toInt(), 3);
        QCOMPARE(model.index(1, ProblemListModel::FixColumn).data().toString(), QString());
        QCOMPARE(model.index(1, 0).data(ProblemListModel::FixItsRole).toInt(), 0);
        QCOMPARE(model.index(1, 0).data(ProblemListModel::FirstErrorRole).toBool(), false);
        QVERIFY(!model.index(1, ProblemListModel::MessageColumn).data(Qt::FontRole).isValid());
        QVERIFY(model.problem(1) && !model.problem(2));
    }

    void activatingAProblemSelectsItsNode()
    {
        openWithProblems();
        const QModelIndex message = dock()->model()->index(0, ProblemListModel::MessageColumn);
        Q_EMIT dock()->view()->activated(message);
        QCOMPARE(m_fixture.window()->treeView()->currentIndex().data(ConfigTreeModel::PointerRole).toString(),
                 QStringLiteral("/config/layers/1/config/groups"));
    }

    void aFixThatNoLongerFitsIsRefused()
    {
        openWithProblems();
        // The member the fix removes is gone already (typed away before the re-check): nothing changes.
        m_fixture.window()->checker()->setDelay(60 * 60 * 1000);
        const json::NodeId config = m_fixture.document()->json().find(QStringLiteral("/config/layers/1/config"));
        QVERIFY(m_fixture.document()->removeChild(config, 3));
        QCOMPARE(m_fixture.text(), withoutGroups());
        const QByteArray edited = m_fixture.text();
        auto applied = dock()->applyFix(0);
        QVERIFY(!applied);
        QCOMPARE(m_fixture.text(), edited);
        QVERIFY(m_fixture.window()->statusBar()->currentMessage().startsWith(
            QStringLiteral("Could not apply \"Remove 'groups' (DepthwiseConv2D does not accept it)\": ")));
        QVERIFY(!dock()->applyFix(0, 5));
        QVERIFY(!dock()->applyFix(7));
    }
};

QTEST_MAIN(TestProblemsDock)
#include "TestProblemsDock.moc"
