// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/DocumentEditCommand.h"

#include "ui/commands/CommandId.h"

#include <QCoreApplication>
#include <QDebug>

namespace kcs::ui {

DocumentEditCommand::DocumentEditCommand(ConfigDocument* document, ConfigDocument::Mutator mutator,
                                         const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_mutator(std::move(mutator))
{
}

void DocumentEditCommand::redo()
{
    if (!m_edit) {
        auto edit = m_document->runMutator(m_mutator);
        m_mutator = {};
        if (!edit) {
            m_document->reportCommandError(edit.error());
            setObsolete(true);
            return;
        }
        m_edit = std::move(*edit);
        if (text().isEmpty())
            setText(QCoreApplication::translate("kcs::ui::DocumentEditCommand",
                                                m_edit->description.toUtf8().constData()));
        return;
    }
    // The stack only redoes what it undid, so the text is in the state the edit expects; a
    // failure here is a bug in the document, not something the user can fix.
    if (auto done = m_document->applyEdit(*m_edit); !done)
        qWarning() << "kcs: redo failed:" << done.error().message;
}

void DocumentEditCommand::undo()
{
    if (!m_edit)
        return;
    if (auto done = m_document->revertEdit(*m_edit); !done)
        qWarning() << "kcs: undo failed:" << done.error().message;
}

int DocumentEditCommand::id() const
{
    return int(CommandId::EditDocument);
}

} // namespace kcs::ui
