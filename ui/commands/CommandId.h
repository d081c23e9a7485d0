// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kcs::ui {

/// QUndoCommand::id() values; one enum so merge ids never collide.
enum class CommandId : int {
    EditDocument = 1,
    ApplyJsonText = 2,
};

} // namespace kcs::ui
