// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/commands/DocumentEditCommand.h"

namespace kcs::ui {

/// The JSON text view's Apply: replaces the whole config text (or, for a large file whose text
/// view shows one object, that object's text) in one undoable step. The json::Edit it keeps
/// holds the old and the new text, so undo restores the exact bytes.
class ApplyJsonTextCommand : public DocumentEditCommand {
public:
    /// Whole-document form.
    ApplyJsonTextCommand(ConfigDocument* document, QByteArray newText);
    /// Subtree form: replaces the value at pointer (found again at redo time).
    ApplyJsonTextCommand(ConfigDocument* document, const QString& pointer, QByteArray newText);

    int id() const override;
};

} // namespace kcs::ui
