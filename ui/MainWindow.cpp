// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"
#include "ui/DocumentChecker.h"
#include "ui/FileController.h"
#include "ui/InspectorPanel.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/NodeSearch.h"
#include "ui/ProblemListModel.h"
#include "ui/SearchBar.h"
#include "ui/SelectionSync.h"
#include "ui/StatusPanel.h"
#include "ui/TreeActions.h"
#include "ui/ValueDelegate.h"
#include "ui/debug/DebugTools.h"
#include "ui/debug/ProblemsDock.h"
#include "ui/graph/GraphDocks.h"
#include "ui/mapping/MappingActions.h"
#include "ui/scopes/ScopesDock.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace kcs::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_document(new ConfigDocument(this)), m_model(new ConfigTreeModel(m_document, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_files = new FileController(m_document, this);
    m_checker = new DocumentChecker(m_document, this);
    createCentralWidgets();
    createDocks();
    m_status = new StatusPanel(m_document, statusBar());
    createFileMenu();
    createEditMenu();
    createViewMenu();
    installMappingActions(this); // Tools ▸ Map Unknown Classes… (ui/mapping)
    installDebugTools(this);     // Tools ▸ Paste Error… (ui/debug)
    createHelpMenu();

    connect(m_document, &ConfigDocument::fileChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ConfigDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ConfigDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ConfigDocument::fileChanged, this, [this] {
        m_tree->expand(m_model->index(0, 0));
    });
    connect(m_files, &FileController::busyChanged, m_status, &StatusPanel::setBusy);
    connect(m_files, &FileController::progressChanged, m_status, &StatusPanel::setProgress);
    connect(m_status, &StatusPanel::cancelRequested, m_files, &FileController::cancel);
    connect(m_status, &StatusPanel::cancelCheckRequested, m_checker, &DocumentChecker::cancel);
    connect(m_checker, &DocumentChecker::started, m_status, &StatusPanel::checkStarted);
    connect(m_checker, &DocumentChecker::cancelled, m_status, &StatusPanel::checkCancelled);
    connect(m_checker, &DocumentChecker::finished, this, &MainWindow::showCheckResult);
    connect(m_model, &ConfigTreeModel::editFailed, this, [this](const QString& message) {
        statusBar()->showMessage(message, 6000);
    });
    setAcceptDrops(true);
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // Children outlive this destructor body; nothing they emit while going may reach it.
    m_document->blockSignals(true);
    m_files->disconnect(this);
    m_checker->disconnect(this);
}

void MainWindow::createCentralWidgets()
{
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("configTreeView"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // keeps 20k-row lists cheap to lay out
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::SelectedClicked);
    auto* delegate = new ValueDelegate(m_tree);
    m_tree->setItemDelegate(delegate);
    // Choices such as the activation names follow the target Keras.
    connect(m_document, &ConfigDocument::targetChanged, delegate, [delegate](TargetKeras target) {
        delegate->setDialect(target == TargetKeras::TfKeras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3);
    });
    m_tree->header()->setStretchLastSection(true); // widths: resetLayout()
    connect(m_model, &ConfigTreeModel::resolutionsChanged, m_tree->viewport(), qOverload<>(&QWidget::update));
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_jsonPane = new JsonPane(m_document);
    m_jsonPane->setObjectName(QStringLiteral("jsonPane"));
    m_sync = new SelectionSync(m_tree, m_model, m_jsonPane, this);
    m_treeActions = new TreeActions(m_tree, m_model, this);
    connect(m_treeActions, &TreeActions::failed, this, [this](const QString& message) {
        statusBar()->showMessage(message, 6000);
    });

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(m_jsonPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    m_search = new SearchBar(m_document);
    m_search->setObjectName(QStringLiteral("searchBar"));
    m_search->hide();
    connect(m_search, &SearchBar::hitSelected, m_sync, [this](json::NodeId node, json::Span) {
        m_sync->selectNode(node);
    });
    connect(m_search, &SearchBar::hitsChanged, this, [this](const std::vector<SearchHit>& hits) {
        if (!m_jsonPane->showsWholeDocument())
            return; // offsets of a partial view differ; the tree selection still shows each hit
        QList<QPair<qint64, qint64>> ranges;
        for (const SearchHit& hit : hits)
            ranges.append({hit.match.begin, hit.match.end});
        m_jsonPane->editor()->setSearchHighlights(ranges);
    });

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_search);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);
    acceptDropsOn(m_tree->viewport());
    acceptDropsOn(m_jsonPane->editor()->viewport());
    acceptDropsOn(m_search->lineEdit());
}

void MainWindow::createDocks()
{
    auto* problemsDock = new ProblemsDock(m_document, m_sync, this); // fix-its, first error (ui/debug)
    m_problems = problemsDock->model();
    m_problemView = problemsDock->view();
    connect(problemsDock, &ProblemsDock::message, this, [this](const QString& text) {
        statusBar()->showMessage(text, 6000);
    });
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock);
    acceptDropsOn(m_problemView->viewport());

    m_inspector = new InspectorPanel(m_model);
    m_inspector->setObjectName(QStringLiteral("inspectorPanel"));
    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    connect(m_sync, &SelectionSync::currentNodeChanged, m_inspector, &InspectorPanel::showNode);
    graph::installGraphDocks(this, m_model, m_sync); // Graph, Summary and Shared docks (ui/graph)
    m_scopes = scopes::installScopesDock(this, m_document, m_checker, m_inspector).store; // Scopes dock (ui/scopes)
}

void MainWindow::createFileMenu()
{
    QMenu* menu = menuBar()->addMenu(tr("&File"));
    QAction* open = menu->addAction(tr("&Open…"), this, &MainWindow::chooseFileToOpen);
    open->setObjectName(QStringLiteral("openAction"));
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = menu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_files, &FileController::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    QAction* example = menu->addAction(tr("Open &Example Model"), m_files, &FileController::openExample);
    example->setObjectName(QStringLiteral("openExampleAction"));
    menu->addSeparator();
    QAction* save = menu->addAction(tr("&Save"), m_files, [this] { m_files->save(); });
    save->setObjectName(QStringLiteral("saveAction"));
    save->setShortcut(QKeySequence::Save);
    QAction* saveAs = menu->addAction(tr("Save &As…"), m_files, [this] { m_files->saveAs(); });
    saveAs->setObjectName(QStringLiteral("saveAsAction"));
    saveAs->setShortcut(QKeySequence::SaveAs);
    menu->addSeparator();
    QAction* quit = menu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::createEditMenu()
{
    QMenu* menu = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcut(QKeySequence::Redo);
    menu->addAction(undo);
    menu->addAction(redo);
    menu->addSeparator();
    for (QAction* action : {m_treeActions->copyAction(), m_treeActions->pasteAction(),
                            m_treeActions->replaceAction(), m_treeActions->addAction(),
                            m_treeActions->removeAction(), m_treeActions->renameAction()})
        menu->addAction(action);
    menu->addSeparator();
    QAction* find = menu->addAction(tr("&Find…"), m_search, &SearchBar::activate);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence::Find);
    QAction* next = menu->addAction(tr("Find &Next"), m_search, &SearchBar::findNext);
    next->setShortcut(QKeySequence::FindNext);
    QAction* previous = menu->addAction(tr("Find Pre&vious"), m_search, &SearchBar::findPrevious);
    previous->setShortcut(QKeySequence::FindPrevious);
    QAction* layer = menu->addAction(tr("&Go to Layer…"), this, &MainWindow::chooseLayer);
    layer->setObjectName(QStringLiteral("goToLayerAction"));
    layer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction* apply = menu->addAction(tr("&Apply JSON Text"), m_jsonPane, &JsonPane::apply);
    apply->setObjectName(QStringLiteral("applyJsonAction"));
}

void MainWindow::createViewMenu()
{
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    QAction* reset = m_viewMenu->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
}

void MainWindow::createHelpMenu()
{
    QMenu* menu = menuBar()->addMenu(tr("&Help"));
    menu->addAction(tr("&About Keras Config Studio"), this, &MainWindow::showAbout);
    menu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::acceptDropsOn(QWidget* widget)
{
    widget->setAcceptDrops(true);
    widget->installEventFilter(this);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // Files dropped on any part of the window open; text drags keep their usual meaning.
    const auto type = event->type();
    if (type == QEvent::DragEnter || type == QEvent::DragMove || type == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QMimeData* mime = drop->mimeData();
        if (mime && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) {
            drop->acceptProposedAction();
            if (type == QEvent::Drop)
                openFile(mime->urls().first().toLocalFile());
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::openFile(const QString& path)
{
    if (!m_files->maybeSave())
        return;
    m_files->open(path);
}

void MainWindow::chooseFileToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model"), QFileInfo(m_document->filePath()).absolutePath(),
        tr("Keras models (*.json *.keras *.h5 *.hdf5);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_files->recentFiles();
    for (const QString& path : files)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!files.isEmpty());
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), m_files, &FileController::clearRecentFiles);
    }
}

bool MainWindow::goToLayer(const QString& name)
{
    const std::optional<LayerRef> layer = NodeSearch::findLayer(m_document->json(), name);
    if (layer)
        m_sync->selectNode(layer->node);
    return layer.has_value();
}

void MainWindow::chooseLayer()
{
    QStringList names;
    for (const LayerRef& layer : NodeSearch::layers(m_document->json()))
        names.append(layer.name);
    bool ok = false;
    const QString name = QInputDialog::getItem(this, tr("Go to Layer"), tr("Layer:"), names, 0, true, &ok);
    if (ok && !goToLayer(name))
        statusBar()->showMessage(tr("No layer is named %1").arg(name), 4000);
}

void MainWindow::showCheckResult(const CheckResult& result)
{
    m_problems->setProblems(result.problems);
    m_model->setResolutions(result.resolutions);
    m_status->showCheckResult(result);
}

void MainWindow::updateTitle()
{
    const QString name = m_document->displayName().isEmpty() ? tr("Untitled") : m_document->displayName();
    setWindowTitle(tr("%1[*] — Keras Config Studio").arg(name));
    setWindowModified(m_document->isModified());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Keras Config Studio"),
                       tr("<h3>Keras Config Studio %1</h3>"
                          "<p>Open, understand, repair and save Keras model configurations "
                          "without Python and without running anything in the file.</p>"
                          "<p>Licensed under the GNU General Public License v3 or later.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        resetLayout();
    const int target = settings.value(QStringLiteral("check/target"), int(TargetKeras::Keras3)).toInt();
    m_document->setTarget(target == int(TargetKeras::TfKeras2) ? TargetKeras::TfKeras2 : TargetKeras::Keras3);
}

void MainWindow::resetLayout()
{
    // Docks that follow the selection share the right column as tabs (the Inspector first);
    // docks about the whole model share the bottom. Docks added later land on the right.
    auto* inspector = findChild<QDockWidget*>(QStringLiteral("inspectorDock"));
    auto* problems = findChild<QDockWidget*>(QStringLiteral("problemsDock"));
    const QStringList bottom{QStringLiteral("problemsDock"), QStringLiteral("summaryDock")};
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        const bool atBottom = bottom.contains(dock->objectName());
        QDockWidget* first = atBottom ? problems : inspector;
        dock->setFloating(false);
        dock->show();
        if (!first || dock == first)
            continue;
        addDockWidget(atBottom ? Qt::BottomDockWidgetArea : Qt::RightDockWidgetArea, dock);
        tabifyDockWidget(first, dock);
    }
    for (QDockWidget* first : {inspector, problems}) {
        if (first)
            first->raise();
    }
    // At 1280x800: a 300 px Inspector, tree and text about half each of the rest, and the
    // tree's Type column (the stretching last one) still wide enough for "Dense (built-in)".
    if (inspector)
        resizeDocks({inspector}, {300}, Qt::Horizontal);
    if (problems)
        resizeDocks({problems}, {190}, Qt::Vertical);
    m_tree->setColumnWidth(ConfigTreeModel::KeyColumn, 170);
    m_tree->setColumnWidth(ConfigTreeModel::ValueColumn, 130);
    // The tree gets 55 % of the centre. Before the window is shown the splitter has no width
    // yet, so a new window applies this once it has been laid out.
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter"))) {
        auto split = [splitter] {
            const int width = splitter->width();
            splitter->setSizes({width * 11 / 20, width - width * 11 / 20});
        };
        if (isVisible())
            split();
        else
            QTimer::singleShot(0, splitter, split);
    }
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("check/target"), int(m_document->target()));
}

} // namespace kcs::ui
