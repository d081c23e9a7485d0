// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/FixIt.h"
#include "ui/ConfigDocument.h"

#include <QString>

namespace kcs::ui {

/// Runs `mutator` on the document as ONE undo step named `text` (a DocumentEditCommand pushed on
/// the document's stack). Returns the mutator's error when it fails; nothing is pushed then.
Result<void> pushUndoableEdit(ConfigDocument* document, ConfigDocument::Mutator mutator, const QString& text);

/// Applies a fix-it (core applyFixIt) as one undo step "Fix: <title>"; its edits are kept as
/// one Compound edit, so undo restores the bytes exactly.
Result<void> applyFixItUndoable(ConfigDocument* document, const keras::FixIt& fix);

} // namespace kcs::ui
