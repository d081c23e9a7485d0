// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QDockWidget;
class QMainWindow;

namespace kcs::ui {
class ConfigDocument;
class DocumentChecker;
class InspectorPanel;
}

namespace kcs::ui::scopes {

class ScopeStore;
class ScopesPanel;

/// What installScopesDock created (all owned by the window).
struct ScopesDock {
    ScopeStore* store = nullptr;
    ScopesPanel* panel = nullptr;
    QDockWidget* dock = nullptr;
};

/// Adds the Scopes dock to window: a ScopeStore for document (its changes are undo steps on
/// the document's stack), the panel that shows and edits it, and the wiring: the checker checks
/// with the store's scopes and re-checks when they change, the panel learns the model's
/// unresolved names from each check (for the Python import), and the Inspector traces the
/// selected object's lookup through the same scopes. Called once from MainWindow::createDocks().
ScopesDock installScopesDock(QMainWindow* window, ConfigDocument* document, DocumentChecker* checker,
                             InspectorPanel* inspector);

} // namespace kcs::ui::scopes
