// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kcs::ui {

/// QUndoCommand::id() values; one enum so merge ids never collide.
enum class CommandId : int {
    EditDocument = 1,
    ApplyJsonText = 2,
    /// Changes that live outside the file (the Scopes panel's set): undoable with everything
    /// else, but they do not make the file modified (ConfigDocument::isModified).
    ScopeChange = 3,
};

} // namespace kcs::ui
