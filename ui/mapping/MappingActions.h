// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kcs::ui {

class MainWindow;

/// Adds Tools ▸ Map Unknown Classes… (action "mapUnknownClassesAction", Ctrl+Shift+M): opens a
/// MappingDialog (window-modal, deleted on close) over the open model with the scopes of the
/// window's ScopeStore; its aliases go to that store's custom_objects entries as one undo step,
/// and a double-clicked row selects the name's first use in the tree and the text.
void installMappingActions(MainWindow* window);

} // namespace kcs::ui
