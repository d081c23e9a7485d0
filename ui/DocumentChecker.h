// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Problem.h"
#include "core/keras/Resolution.h"
#include "core/keras/ScopeFile.h"
#include "ui/ConfigDocument.h"
#include "ui/NodeInfo.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace kcs::ui {

namespace scopes {
class ScopeStore;
}

/// What one run of the checks found.
struct CheckResult {
    std::vector<keras::Problem> problems;
    /// Resolution of each envelope, keyed by the byte offset of its value in the text checked.
    QHash<qint64, Resolution> resolutions;
    /// What the load simulation recorded for each envelope or identifier string, keyed the same
    /// way (the Inspector's lookup trace starts from it).
    QHash<qint64, keras::Resolution> lookups;
    bool loads = true;
    quint64 generation = 0;
};

/// Re-runs the checks after edits: debounced, on a copy of the text in a worker thread, so the
/// window never waits for them. A run whose document has changed since it started is dropped
/// (the newer run reports instead).
class DocumentChecker : public QObject {
    Q_OBJECT
public:
    explicit DocumentChecker(ConfigDocument* document, QObject* parent = nullptr);
    ~DocumentChecker() override;

    void setDelay(int milliseconds) { m_debounce.setInterval(milliseconds); }
    bool isRunning() const { return m_watcher.isRunning(); }
    const CheckResult& lastResult() const { return m_last; }

    /// What a check needs to know besides the text.
    struct Input {
        QByteArray text;
        TargetKeras target = TargetKeras::Keras3;
        QString kind;          ///< "keras-json", "keras-zip", "h5", "tfjs"
        QString modelPointer;  ///< the model config inside the text ("" = the root)
        /// The custom-object scopes in force (the Scopes panel). The window's checks never
        /// consult the process's own registry: only what the user declared counts.
        keras::ScopeSet scopes;
        /// Set when the result is no longer wanted (a newer edit, Cancel): the load
        /// simulation stops early. nullptr: runs to the end.
        std::shared_ptr<const std::atomic<bool>> cancel;
    };
    /// The checks themselves: syntax, duplicate keys, and the core's load simulation (what the
    /// target Keras would say). Safe on any thread: the text is parsed into its own document.
    static CheckResult check(const Input& input);

    /// Checks with store's scope set from now on, and re-checks at once whenever it changes.
    void setScopeStore(const scopes::ScopeStore* store);

public Q_SLOTS:
    void schedule();
    /// Starts a check without the typing delay (a scope change).
    void checkNow();
    void cancel();

Q_SIGNALS:
    void started();
    void finished(const kcs::ui::CheckResult& result);
    void cancelled();

private:
    void start();
    void stopRunning();
    void onFinished();

    ConfigDocument* m_document;
    const scopes::ScopeStore* m_scopes = nullptr;
    QTimer m_debounce;
    QFutureWatcher<CheckResult> m_watcher;
    CheckResult m_last;
    quint64 m_generation = 0;
    bool m_pending = false;
    std::shared_ptr<std::atomic<bool>> m_cancelRunning; ///< the running check's stop flag
};

} // namespace kcs::ui
