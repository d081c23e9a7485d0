// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ConfigDocument.h"

#include <QUndoCommand>

#include <optional>

namespace kcs::ui {

/// One undoable change of the config document. The first redo() runs the mutator (a call of a
/// json::Document mutator) and keeps the json::Edit it returns; later redo()s apply that edit
/// and undo() reverts it, which restores the text byte for byte. A mutator that fails marks the
/// command obsolete, so QUndoStack::push drops it, and reports the error to the document.
class DocumentEditCommand : public QUndoCommand {
public:
    DocumentEditCommand(ConfigDocument* document, ConfigDocument::Mutator mutator,
                        const QString& text = QString(), QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override;

    /// The edit once the command has run (for tests and the save diff).
    const std::optional<json::Edit>& edit() const { return m_edit; }

protected:
    ConfigDocument* m_document;

private:
    ConfigDocument::Mutator m_mutator;
    std::optional<json::Edit> m_edit;
};

} // namespace kcs::ui
