// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiTestSupport.h"
#include "core/util/SyntheticConfig.h"
#include "ui/ConfigTreeModel.h"
#include "ui/DocumentChecker.h"
#include "ui/FileController.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"
#include "ui/StatusPanel.h"

#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

using namespace kcs;
using namespace kcs::ui;

/// What keeps the window responsive with big files, checked for correctness (timings are the
/// kcs-ui-bench program's business): opening reports real progress and Cancel really stops the
/// read and leaves the open document alone; the status bar's Cancel goes to what is running; the
/// default dock layout leaves the tree its Type column, and a saved layout wins over it.
class TestResponsiveness : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_big;   ///< a synthetic chain of about 3 MB: three 1 MiB chunks to read
    QString m_small; ///< a copy of tiny_functional.json

    struct Report {
        int percent;
        QString phase;
    };

    static LoadMonitor recordingMonitor(std::vector<Report>& reports)
    {
        LoadMonitor monitor;
        monitor.progress = [&reports](int percent, const QString& phase) { reports.push_back({percent, phase}); };
        return monitor;
    }

    /// 0, one report per 1 MiB chunk read (scaled to 0..59), 60 when parsing starts, 95 when
    /// it ends, 100 when the file is ready.
    static QList<int> expectedPercents(qint64 size)
    {
        QList<int> out{0};
        for (qint64 done = 1 << 20;; done += 1 << 20) {
            out << int(std::min(done, size) * 59 / size);
            if (done >= size)
                break;
        }
        return out << 60 << 95 << 100;
    }

    static QList<int> percentsOf(const std::vector<Report>& reports)
    {
        QList<int> out;
        for (const Report& report : reports)
            out << report.percent;
        return out;
    }

    static QStringList phases(const std::vector<Report>& reports)
    {
        QStringList out;
        for (const Report& report : reports) {
            if (out.isEmpty() || out.last() != report.phase)
                out << report.phase;
        }
        return out;
    }

    std::unique_ptr<MainWindow> openWindow()
    {
        auto window = std::make_unique<MainWindow>();
        window->jsonPane()->setIdleApplyDelay(-1);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateUiTest();
        QVERIFY(m_dir.isValid());
        SyntheticOptions options;
        options.layers = 5200;
        m_big = m_dir.filePath(QStringLiteral("chain.json"));
        QVERIFY(test::writeFile(m_big, syntheticChainConfig(options)));
        QVERIFY(QFileInfo(m_big).size() > 2 * (1 << 20) && QFileInfo(m_big).size() < 3 * (1 << 20));
        m_small = m_dir.filePath(QStringLiteral("small.json"));
        QVERIFY(QFile::copy(test::uiData(QStringLiteral("tiny_functional.json")), m_small));
    }

    void cleanup()
    {
        QSettings().clear(); // every test starts without a saved layout
    }

    void loadingReportsProgressInOrderTo100()
    {
        std::vector<Report> reports;
        auto loaded = ModelSource::load(m_big, recordingMonitor(reports));
        QVERIFY(loaded);
        QCOMPARE((*loaded)->document().text(), test::readFile(m_big));
        QCOMPARE(percentsOf(reports), expectedPercents(QFileInfo(m_big).size()));
        QCOMPARE(expectedPercents(QFileInfo(m_big).size()).size(), 7); // three chunks
        QCOMPARE(phases(reports), (QStringList{QStringLiteral("Reading"), QStringLiteral("Parsing"), QStringLiteral("Done")}));
    }

    void cancellingWhileReadingStopsBeforeTheNextChunk()
    {
        std::vector<Report> reports;
        LoadMonitor monitor = recordingMonitor(reports);
        int polls = 0;
        // Cancelled as soon as the first chunk has been reported.
        monitor.isCancelled = [&] {
            ++polls;
            return reports.size() >= 2;
        };
        auto loaded = ModelSource::load(m_big, monitor);
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::Cancelled);
        QCOMPARE(loaded.error().message, QStringLiteral("Opening was cancelled"));
        QCOMPARE(reports.size(), size_t(2)); // 0 and the first chunk: nothing more was read or parsed
        QCOMPARE(reports.back().percent, expectedPercents(QFileInfo(m_big).size()).at(1));
        QCOMPARE(polls, 4); // before reading, before chunk 1, before chunk 2 (which stops it), at the end
    }

    void cancelledBeforeStartingReadsNothing()
    {
        std::vector<Report> reports;
        LoadMonitor monitor = recordingMonitor(reports);
        monitor.isCancelled = [] { return true; };
        auto loaded = ModelSource::load(m_big, monitor);
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::Cancelled);
        QVERIFY(reports.empty());
    }

    void errorsKeepTheirMessagesWithAMonitor()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        QVERIFY(test::writeFile(broken, "{\"a\": [1,\n 2,]}"));
        std::vector<Report> reports;
        auto loaded = ModelSource::load(broken, recordingMonitor(reports));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.startsWith(QStringLiteral("broken.json:2:4: ")),
                 qPrintable(loaded.error().message));
        QCOMPARE(reports.back().percent, 60); // read, then the parse failed
        auto missing = ModelSource::load(m_dir.filePath(QStringLiteral("missing.json")), recordingMonitor(reports));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::Io);
    }

    void otherKindsReportTheirPhases()
    {
        KCS_REQUIRE_CORPUS(corpus);
        std::vector<Report> reports;
        auto loaded = ModelSource::load(QDir(corpus).filePath(QStringLiteral("h5_keras231_hls4ml_3layer.h5")),
                                        recordingMonitor(reports));
        QVERIFY(loaded);
        QCOMPARE((*loaded)->kind, QStringLiteral("h5"));
        QCOMPARE(percentsOf(reports), (QList<int>{0, 95, 100}));
    }

    void theWindowShowsTheProgressOfAnOpen()
    {
        auto window = openWindow();
        QVERIFY(window);
        QSignalSpy progress(window->files(), &FileController::progressChanged);
        QSignalSpy busy(window->files(), &FileController::busyChanged);
        window->openFile(m_big);
        QVERIFY(window->statusPanel()->progressBar()->isVisible());
        QVERIFY(window->statusPanel()->cancelButton()->isVisible());
        QCOMPARE(window->statusPanel()->progressBar()->maximum(), 100);
        QTRY_COMPARE(window->document()->filePath(), m_big);
        QList<int> percents;
        for (const QList<QVariant>& signal : progress)
            percents << signal.at(0).toInt();
        QCOMPARE(percents, expectedPercents(QFileInfo(m_big).size()));
        QCOMPARE(progress.at(4).at(1).toString(), QStringLiteral("Opening chain.json: parsing…"));
        QCOMPARE(busy.last().at(0).toBool(), false);
        QCOMPARE(busy.last().at(1).toString(), QStringLiteral("Opened chain.json"));
        QVERIFY(!window->statusPanel()->progressBar()->isVisible());
    }

    void cancelKeepsTheOpenDocumentAndTheWindowWorking()
    {
        auto window = openWindow();
        QVERIFY(window);
        window->openFile(m_small);
        QTRY_COMPARE(window->document()->filePath(), m_small);
        // An unsaved edit that must survive the cancelled open.
        const json::NodeId units = window->document()->json().find(QStringLiteral("/config/layers/1/config/units"));
        QVERIFY(units != json::kNoNode);
        QVERIFY(window->document()->replaceValue(units, json::Value(7)));
        const QByteArray edited = window->document()->json().text();

        QSignalSpy failed(window->files(), &FileController::openFailed);
        QSignalSpy opened(window->files(), &FileController::opened);
        window->files()->open(m_big); // not openFile: that would ask about the unsaved edit
        QTest::mouseClick(window->statusPanel()->cancelButton(), Qt::LeftButton);
        QVERIFY(!window->statusPanel()->progressBar()->isVisible()); // the window is free at once
        QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Opening cancelled"));
        QTRY_VERIFY(!window->files()->isBusy()); // and the read has really stopped
        QTest::qWait(50);                        // a late result would have arrived by now
        QCOMPARE(opened.count(), 0);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(window->document()->filePath(), m_small);
        QCOMPARE(window->document()->json().text(), edited);
        QVERIFY(window->document()->isModified());

        // Still usable: undo works and another open goes through.
        window->document()->undoStack()->undo();
        QCOMPARE(window->document()->json().text(), test::readFile(m_small));
        window->openFile(m_big);
        QTRY_COMPARE(window->document()->filePath(), m_big);
    }

    void aNewerOpenReplacesARunningOne()
    {
        auto window = openWindow();
        QVERIFY(window);
        QSignalSpy opened(window->files(), &FileController::opened);
        window->openFile(m_big);
        window->openFile(m_small);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.first().first().toString(), m_small);
        QTest::qWait(100);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(window->document()->filePath(), m_small);
    }

    void cancelGoesToTheCheckWhenNothingIsOpening()
    {
        auto window = openWindow();
        QVERIFY(window);
        StatusPanel* status = window->statusPanel();
        status->setCheckBusyDelay(0);
        QSignalSpy cancelOpen(status, &StatusPanel::cancelRequested);
        QSignalSpy cancelCheck(status, &StatusPanel::cancelCheckRequested);
        QSignalSpy checkerCancelled(window->checker(), &DocumentChecker::cancelled);
        status->checkStarted();
        QTRY_VERIFY(status->cancelButton()->isVisible());
        QVERIFY(!status->progressBar()->isVisible()); // checks report no fractions: "Checking…"
        QCOMPARE(status->verdictText(), QStringLiteral("Checking…"));
        QTest::mouseClick(status->cancelButton(), Qt::LeftButton);
        QCOMPARE(cancelCheck.count(), 1);
        QCOMPARE(cancelOpen.count(), 0);
        QCOMPARE(checkerCancelled.count(), 1); // wired to DocumentChecker::cancel
        QCOMPARE(status->verdictText(), QStringLiteral("Check cancelled"));
        QVERIFY(!status->cancelButton()->isVisible());

        // While a file opens, Cancel is about the open.
        status->checkStarted();
        status->setBusy(true, QStringLiteral("Opening x…"));
        QTest::mouseClick(status->cancelButton(), Qt::LeftButton);
        QCOMPARE(cancelOpen.count(), 1);
        QCOMPARE(cancelCheck.count(), 1);
    }

    void quickChecksDoNotFlashCancel()
    {
        auto window = openWindow();
        QVERIFY(window);
        StatusPanel* status = window->statusPanel();
        status->setCheckBusyDelay(60 * 1000);
        status->checkStarted();
        QTest::qWait(20);
        QVERIFY(!status->cancelButton()->isVisible());
        status->showCheckResult(CheckResult{});
        QVERIFY(!status->cancelButton()->isVisible());
    }

    void theDefaultLayoutTabsTheDocks()
    {
        auto window = openWindow();
        QVERIFY(window);
        QCOMPARE(window->size(), QSize(1280, 800));
        auto dock = [&](const char* name) {
            return window->findChild<QDockWidget*>(QString::fromLatin1(name));
        };
        QDockWidget* inspector = dock("inspectorDock");
        QDockWidget* problems = dock("problemsDock");
        QVERIFY(inspector && problems && dock("graphDock") && dock("sharedDock") && dock("summaryDock"));
        QCOMPARE(window->dockWidgetArea(inspector), Qt::RightDockWidgetArea);
        QCOMPARE(window->dockWidgetArea(problems), Qt::BottomDockWidgetArea);
        const QList<QDockWidget*> right = window->tabifiedDockWidgets(inspector);
        QVERIFY(right.contains(dock("graphDock")));
        QVERIFY(right.contains(dock("sharedDock")));
        QCOMPARE(window->tabifiedDockWidgets(problems), QList<QDockWidget*>{dock("summaryDock")});
        // Every dock that is not at the bottom is a tab beside the Inspector (docks of other
        // panels included), and the Inspector and Problems are the tabs in front.
        for (QDockWidget* other : window->findChildren<QDockWidget*>()) {
            if (other != inspector && other != problems && other != dock("summaryDock"))
                QVERIFY2(right.contains(other), qPrintable(other->objectName()));
        }
        QVERIFY(!inspector->visibleRegion().isEmpty());
        QVERIFY(!problems->visibleRegion().isEmpty());
        QVERIFY(dock("graphDock")->visibleRegion().isEmpty());
        QVERIFY(inspector->width() >= 280 && inspector->width() <= 320);
        // The tree shows all of its Type column, wide enough for "Dense (built-in)" and icon.
        QHeaderView* header = window->treeView()->header();
        QVERIFY2(header->sectionSize(ConfigTreeModel::TypeColumn) >= 180,
                 qPrintable(QString::number(header->sectionSize(ConfigTreeModel::TypeColumn))));
        QCOMPARE(header->sectionPosition(ConfigTreeModel::TypeColumn) + header->sectionSize(ConfigTreeModel::TypeColumn),
                 window->treeView()->viewport()->width());
    }

    void aSavedLayoutWinsAndResetRestoresTheDefault()
    {
        {
            auto window = openWindow();
            QVERIFY(window);
            QDockWidget* graph = window->findChild<QDockWidget*>(QStringLiteral("graphDock"));
            window->addDockWidget(Qt::LeftDockWidgetArea, graph);
            window->resize(1000, 700);
            window->close(); // saves the geometry and the dock layout
        }
        auto window = openWindow();
        QVERIFY(window);
        QDockWidget* graph = window->findChild<QDockWidget*>(QStringLiteral("graphDock"));
        QCOMPARE(window->dockWidgetArea(graph), Qt::LeftDockWidgetArea);
        QCOMPARE(window->size(), QSize(1000, 700));

        window->resetLayout();
        QCOMPARE(window->dockWidgetArea(graph), Qt::RightDockWidgetArea);
        QVERIFY(window->tabifiedDockWidgets(window->findChild<QDockWidget*>(QStringLiteral("inspectorDock"))).contains(graph));
    }
};

QTEST_MAIN(TestResponsiveness)
#include "TestResponsiveness.moc"
