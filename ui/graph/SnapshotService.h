// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/graph/GraphSnapshot.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace kcs::ui {
class ConfigDocument;
}

namespace kcs::ui::graph {

using SnapshotPtr = std::shared_ptr<const GraphSnapshot>;

/// Keeps a GraphSnapshot of the open document up to date for the graph, summary and shared
/// objects docks: after each edit (debounced) it copies the text and builds the snapshot on a
/// worker thread. A result whose text has changed since is dropped; one build runs at a time.
class SnapshotService : public QObject {
    Q_OBJECT
public:
    explicit SnapshotService(ConfigDocument* document, QObject* parent = nullptr);
    ~SnapshotService() override;

    ConfigDocument* document() const { return m_document; }
    SnapshotPtr current() const { return m_current; }
    bool isBusy() const { return m_watcher.isRunning() || m_debounce.isActive(); }
    void setDelay(int milliseconds) { m_debounce.setInterval(milliseconds); }
    /// The weights the file stores (compared with the config's implied weights).
    void setStoredWeights(std::vector<keras::StoredWeight> weights);

public Q_SLOTS:
    void schedule();

Q_SIGNALS:
    void snapshotReady(kcs::ui::graph::SnapshotPtr snapshot);

private:
    void start();
    void onFinished();

    ConfigDocument* m_document;
    QTimer m_debounce;
    QFutureWatcher<SnapshotPtr> m_watcher;
    SnapshotPtr m_current;
    std::vector<keras::StoredWeight> m_storedWeights;
    /// An .h5 or tfjs file whose stored weights are still to be read (by the next build, on
    /// the worker: reading them opens the whole file again).
    QString m_weightsPath;
    quint64 m_generation = 0;
    bool m_pending = false;
};

} // namespace kcs::ui::graph
