// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QMainWindow;
class QMenu;

namespace kcs::ui {

class MainWindow;

/// The window's Tools menu (objectName "toolsMenu"), created before the Help menu when it does
/// not exist yet, so every installer of tools shares one menu.
QMenu* toolsMenu(QMainWindow* window);

/// Adds Tools ▸ Paste Error… (action "pasteErrorAction"): opens the window's one
/// PasteErrorDialog (non-modal, owned by the window) over the open model.
void installDebugTools(MainWindow* window);

} // namespace kcs::ui
