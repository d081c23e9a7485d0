// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/debug/UndoableEdit.h"

#include "ui/commands/DocumentEditCommand.h"

#include <QCoreApplication>

#include <memory>
#include <optional>

namespace kcs::ui {

Result<void> pushUndoableEdit(ConfigDocument* document, ConfigDocument::Mutator mutator, const QString& text)
{
    if (!document->hasFile())
        return fail(ErrorCode::InvalidArgument,
                    QCoreApplication::translate("kcs::ui::UndoableEdit", "No file is open"));
    // The stack runs the command's first redo() inside push(); a failing mutator makes the
    // command obsolete and the stack drops it, so the error is caught on the way out.
    auto error = std::make_shared<std::optional<Error>>();
    auto guarded = [mutator = std::move(mutator), error](json::Document& doc) -> Result<json::Edit> {
        auto edit = mutator(doc);
        if (!edit)
            *error = edit.error();
        return edit;
    };
    document->undoStack()->push(new DocumentEditCommand(document, std::move(guarded), text));
    if (*error)
        return std::unexpected(**error);
    return {};
}

Result<void> applyFixItUndoable(ConfigDocument* document, const keras::FixIt& fix)
{
    auto mutator = [fix](json::Document& doc) -> Result<json::Edit> {
        auto edits = keras::applyFixIt(doc, fix);
        if (!edits)
            return std::unexpected(edits.error());
        json::Edit compound;
        compound.type = json::Edit::Type::Compound;
        compound.description = fix.title;
        compound.parts = std::move(*edits);
        return compound;
    };
    return pushUndoableEdit(document, std::move(mutator),
                            QCoreApplication::translate("kcs::ui::UndoableEdit", "Fix: %1").arg(fix.title));
}

} // namespace kcs::ui
