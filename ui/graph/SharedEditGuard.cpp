// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/SharedEditGuard.h"

#include "ui/ConfigDocument.h"
#include "ui/commands/DocumentEditCommand.h"

#include <QUndoStack>

namespace kcs::ui::graph {

SharedEditGuard::SharedEditGuard(SnapshotService* snapshots, QObject* parent)
    : QObject(parent), m_snapshots(snapshots)
{
    connect(m_snapshots->document()->undoStack(), &QUndoStack::indexChanged, this, &SharedEditGuard::onIndexChanged);
    connect(m_snapshots->document(), &ConfigDocument::fileChanged, this, &SharedEditGuard::dismiss);
}

void SharedEditGuard::onIndexChanged(int index)
{
    if (m_applying)
        return;
    QUndoStack* stack = m_snapshots->document()->undoStack();
    const QUndoCommand* top = index > 0 ? stack->command(index - 1) : nullptr;
    if (hasPending() && top != m_pending.command)
        dismiss(); // undone, or another edit came after it
    // Only a newly pushed command is judged; undo/redo of a judged one is not warned twice.
    if (top && index == stack->count() && top != m_lastChecked) {
        m_lastChecked = top;
        inspect(top);
    }
}

void SharedEditGuard::inspect(const QUndoCommand* command)
{
    const auto* editCommand = dynamic_cast<const DocumentEditCommand*>(command);
    const SnapshotPtr snapshot = m_snapshots->current();
    if (!editCommand || !editCommand->edit() || !snapshot || editCommand->edit()->type != json::Edit::Type::ReplaceValue)
        return;
    const QString target = editCommand->edit()->target;
    const auto [group, copy] = snapshot->sharedGroupOf(target);
    if (group < 0 || copy <= 0)
        return; // not shared, or the copy Keras builds
    const json::Document& doc = m_snapshots->document()->json();
    const json::NodeId node = doc.find(target);
    if (node == json::kNoNode)
        return;
    const keras::SharedObjectGroup& g = snapshot->report.sharedObjects[size_t(group)];
    m_pending.group = group;
    m_pending.suffix = target.mid(g.pointers[copy].size());
    m_pending.text = doc.raw(node).toByteArray();
    m_pending.command = command;
    m_pending.message = tr("%1 is inside copy %2 of %3 with shared_object_id %4. Keras builds only the first "
                           "copy (%5) and ignores this one, so this edit has no effect on the loaded model.")
                            .arg(target).arg(copy + 1).arg(g.pointers.size()).arg(g.id, g.pointers.front());
    Q_EMIT laterCopyEdited(m_pending.message);
    Q_EMIT pendingChanged();
}

void SharedEditGuard::dismiss()
{
    if (!hasPending())
        return;
    m_pending = {};
    Q_EMIT pendingChanged();
}

Result<int> SharedEditGuard::applyToAllCopies()
{
    QUndoStack* stack = m_snapshots->document()->undoStack();
    if (!hasPending() || stack->index() == 0 || stack->command(stack->index() - 1) != m_pending.command)
        return std::unexpected(Error{ErrorCode::InvalidArgument, tr("There is no edit of a shared copy to apply")});
    const Pending pending = m_pending;
    const SnapshotPtr snapshot = m_snapshots->current();
    const QString pointer = snapshot->report.sharedObjects[size_t(pending.group)].pointers.front() + pending.suffix;
    m_applying = true;
    stack->undo(); // the macro below repeats this edit, so the whole change is one undo step
    m_applying = false;
    m_pending = {};
    Result<int> changed = replaceInEveryCopy(pointer, pending.text);
    Q_EMIT pendingChanged();
    return changed;
}

Result<int> SharedEditGuard::replaceInEveryCopy(const QString& pointer, const QByteArray& text)
{
    const SnapshotPtr snapshot = m_snapshots->current();
    const auto [group, copy] = snapshot ? snapshot->sharedGroupOf(pointer) : std::pair{-1, -1};
    if (group < 0)
        return std::unexpected(Error{ErrorCode::InvalidArgument, tr("%1 is not inside a shared object").arg(pointer)});
    const keras::SharedObjectGroup& g = snapshot->report.sharedObjects[size_t(group)];
    const QString suffix = pointer.mid(g.pointers[copy].size());
    ConfigDocument* document = m_snapshots->document();
    QUndoStack* stack = document->undoStack();
    m_applying = true;
    stack->beginMacro(tr("Edit shared object %1 in every copy").arg(g.id));
    int changed = 0;
    std::optional<Error> failure;
    for (const QString& envelope : g.pointers) {
        const json::NodeId node = document->json().find(envelope + suffix);
        if (node == json::kNoNode)
            continue; // this copy lacks the value (its config differs); nothing to mirror
        if (Result<void> done = document->replaceValueText(node, text); !done) {
            failure = done.error();
            break;
        }
        ++changed;
    }
    stack->endMacro();
    m_lastChecked = stack->index() > 0 ? stack->command(stack->index() - 1) : nullptr;
    m_applying = false;
    if (failure) {
        stack->undo(); // half a propagation would be worse than none
        return std::unexpected(*failure);
    }
    return changed;
}

} // namespace kcs::ui::graph
