// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QMainWindow>

class QMenu;
class QTableView;
class QTreeView;

namespace kcs::ui {

class ConfigDocument;
class ConfigTreeModel;
class DocumentChecker;
class FileController;
class InspectorPanel;
class JsonPane;
class ProblemListModel;
class SearchBar;
class SelectionSync;
class StatusPanel;
class TreeActions;
struct CheckResult;
namespace scopes {
class ScopeStore;
}

/// The main window: wiring only. It creates the document, the tree and the JSON pane side by
/// side, the find bar, the Problems and Inspector docks, the menus and the status bar, and
/// connects them; the work happens in the classes it wires (FileController, SelectionSync,
/// TreeActions, DocumentChecker, ...). Files dropped anywhere on it are opened.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ConfigDocument* document() const { return m_document; }
    ConfigTreeModel* treeModel() const { return m_model; }
    QTreeView* treeView() const { return m_tree; }
    JsonPane* jsonPane() const { return m_jsonPane; }
    SearchBar* searchBar() const { return m_search; }
    FileController* files() const { return m_files; }
    DocumentChecker* checker() const { return m_checker; }
    InspectorPanel* inspector() const { return m_inspector; }
    ProblemListModel* problems() const { return m_problems; }
    SelectionSync* selection() const { return m_sync; }
    StatusPanel* statusPanel() const { return m_status; }
    scopes::ScopeStore* scopeStore() const { return m_scopes; }

    /// Opens path in the background (command line, drop, File ▸ Open).
    void openFile(const QString& path);
    /// Selects the first layer named name. False when there is none.
    bool goToLayer(const QString& name);
    /// Arranges the docks and panes as on a first start (View ▸ Reset Layout): a narrow right
    /// column with the Inspector and the other per-selection docks as tabs, Problems and Summary
    /// as tabs at the bottom, tree and text sharing the centre. A saved layout replaces it.
    void resetLayout();

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createCentralWidgets();
    void createDocks();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createHelpMenu();
    void acceptDropsOn(QWidget* widget);
    void rebuildRecentMenu();
    void updateTitle();
    void chooseFileToOpen();
    void chooseLayer();
    void showAbout();
    void showCheckResult(const CheckResult& result);
    void restoreSettings();
    void saveSettings();

    ConfigDocument* m_document;
    ConfigTreeModel* m_model;
    QTreeView* m_tree = nullptr;
    JsonPane* m_jsonPane = nullptr;
    SearchBar* m_search = nullptr;
    SelectionSync* m_sync = nullptr;
    TreeActions* m_treeActions = nullptr;
    FileController* m_files = nullptr;
    DocumentChecker* m_checker = nullptr;
    ProblemListModel* m_problems = nullptr;
    QTableView* m_problemView = nullptr;
    InspectorPanel* m_inspector = nullptr;
    scopes::ScopeStore* m_scopes = nullptr;
    StatusPanel* m_status = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
};

} // namespace kcs::ui
