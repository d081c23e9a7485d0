// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/Result.h"
#include "ui/graph/SnapshotService.h"

#include <QObject>
#include <QString>

class QUndoCommand;

namespace kcs::ui::graph {

/// Watches edits for values changed inside a later copy of a shared_object_id group: Keras
/// builds the first copy in load order and ignores the rest, so such an edit has no effect on
/// the loaded model. It warns (laterCopyEdited) and can redo the same change in every copy of
/// the group as one undo step (a QUndoStack macro holding one edit per copy).
class SharedEditGuard : public QObject {
    Q_OBJECT
public:
    SharedEditGuard(SnapshotService* snapshots, QObject* parent = nullptr);

    bool hasPending() const { return m_pending.group >= 0; }
    QString warning() const { return m_pending.message; }

    /// Undoes the edit that raised the warning and pushes one macro that makes the same change
    /// in every copy of its group (the edited one included). Returns how many copies changed.
    Result<int> applyToAllCopies();
    /// Replaces the value at pointer (inside any copy) by text in every copy, as one undo step.
    Result<int> replaceInEveryCopy(const QString& pointer, const QByteArray& text);
    void dismiss();

Q_SIGNALS:
    /// An edit landed in a later copy; message explains and offers the propagation.
    void laterCopyEdited(const QString& message);
    void pendingChanged();

private:
    struct Pending {
        int group = -1;
        QString suffix;           ///< the edited value's pointer below its copy's envelope
        QByteArray text;          ///< the new value's JSON text
        const QUndoCommand* command = nullptr;
        QString message;
    };

    void onIndexChanged(int index);
    void inspect(const QUndoCommand* command);

    SnapshotService* m_snapshots;
    Pending m_pending;
    const QUndoCommand* m_lastChecked = nullptr;
    bool m_applying = false;
};

} // namespace kcs::ui::graph
