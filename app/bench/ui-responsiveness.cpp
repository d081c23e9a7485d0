// SPDX-License-Identifier: GPL-3.0-or-later
// kcs-ui-bench: the editor's responsiveness on big models (issue #6). Not a test: it drives the
// real MainWindow through what a user does with a large file and reports, for every step, how
// long the event loop was blocked at most.
//
// How blocks are measured: a 1 ms Qt::PreciseTimer runs for the whole session. The event loop
// can only run it between two events, so the longest gap between two ticks (less the 1 ms
// period) is the longest time the GUI thread spent without returning to the event loop: a
// frozen window, whatever froze it (the step's own call, a slot it triggered, a paint, the
// result of background work being applied). Every step's action is itself posted into the
// event loop, so its synchronous cost counts as a block too.
//
// "visible" is the time from the action to the end of the first paint of the tree after it
// (the tick after a paint event marks the paint's end, within 1 ms); "settled" is the time until
// the background work the step started (the debounced re-check, the graph snapshot and its
// layout) has reported back to the window.

#include "core/util/SyntheticConfig.h"
#include "ui/Application.h"
#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"
#include "ui/DocumentChecker.h"
#include "ui/FileController.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"
#include "ui/SearchBar.h"
#include "ui/SelectionSync.h"
#include "ui/graph/GraphDock.h"
#include "ui/graph/SnapshotService.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>

#include <cstdio>
#include <functional>
#include <optional>

using namespace kcs;
using namespace kcs::ui;

namespace {

constexpr double kBlockTargetMs = 50.0;
constexpr double kFirstScreenTargetMs = 1500.0;

double msSince(qint64 fromNs, qint64 toNs)
{
    return double(toNs - fromNs) / 1e6;
}

/// The heartbeat: longest gap between two ticks of a 1 ms timer, and the end of the last paint
/// of the watched widget.
class BlockMeter : public QObject {
public:
    explicit BlockMeter(QObject* parent = nullptr) : QObject(parent)
    {
        m_clock.start();
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_timer.start();
        m_last = now();
    }

    qint64 now() const { return m_clock.nsecsElapsed(); }

    void watchPaints(QWidget* widget) { widget->installEventFilter(this); }

    void reset()
    {
        m_last = now();
        m_maxGap = 0;
    }
    /// The longest block since reset(), the time since the last tick included.
    double maxBlockMs() const
    {
        const qint64 gap = std::max(m_maxGap, now() - m_last);
        return std::max(0.0, double(gap) / 1e6 - 1.0);
    }
    qint64 lastPaintEnd() const { return m_lastPaintEnd; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            m_paintPending = true;
        return QObject::eventFilter(watched, event);
    }

private:
    void tick()
    {
        const qint64 t = now();
        m_maxGap = std::max(m_maxGap, t - m_last);
        m_last = t;
        if (m_paintPending) {
            m_paintPending = false;
            m_lastPaintEnd = t;
        }
    }

    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_maxGap = 0;
    qint64 m_lastPaintEnd = -1;
    bool m_paintPending = false;
};

struct StepResult {
    QString name;
    double actionMs = 0;   ///< the step's own synchronous call
    double visibleMs = -1; ///< action → end of the first paint of the tree after it
    double settledMs = -1; ///< action → background work reported back
    double maxBlockMs = 0;
    bool completed = true;
    QString note;
};

/// With --trace-slow MS: every event whose delivery takes longer than MS is printed with its
/// receiver and type, which names the culprit of a block.
class TracingApplication : public QApplication {
public:
    using QApplication::QApplication;
    double slowMs = -1;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (slowMs < 0)
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = event->type(); // the event may be gone after delivery
        const QByteArray className = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const bool result = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (ms > slowMs)
            std::fprintf(stderr, "    slow event: %.1f ms, type %d, to %s '%s'\n", ms, type, className.constData(),
                         qPrintable(name));
        return result;
    }
};

/// Drives one MainWindow and measures each step.
class Session {
public:
    Session(MainWindow* window, BlockMeter* meter) : m_window(window), m_meter(meter)
    {
        m_snapshots = window->findChild<graph::SnapshotService*>();
        m_graph = window->findChild<graph::GraphDock*>();
        QObject::connect(window->checker(), &DocumentChecker::finished, window, [this] { m_checkDone = m_meter->now(); });
        if (m_snapshots)
            QObject::connect(m_snapshots, &graph::SnapshotService::snapshotReady, window,
                             [this] { m_snapshotDone = m_meter->now(); });
        QObject::connect(window->document(), &ConfigDocument::fileChanged, window,
                         [this] { m_fileChanged = m_meter->now(); });
        meter->watchPaints(window->treeView()->viewport());
    }

    /// Paint: the tree painted after the action; FileShown: ... after a new file was set;
    /// Settle: the background work reported back; PaintAndSettle: both; Nothing: only extraDone.
    enum class Wait { Paint, FileShown, Settle, PaintAndSettle, Nothing };

    /// Runs action inside the event loop, then waits for what `wait` names (at most timeoutMs).
    StepResult run(const QString& name, const std::function<void()>& action, Wait wait, int timeoutMs = 60000,
                   const std::function<bool()>& extraDone = {})
    {
        StepResult r;
        r.name = name;
        qint64 start = -1;
        m_meter->reset();
        QTimer::singleShot(0, m_window, [&] {
            start = m_meter->now();
            action();
            r.actionMs = msSince(start, m_meter->now());
        });
        QElapsedTimer limit;
        limit.start();
        for (;;) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            if (start < 0)
                continue;
            const qint64 paintAfter = wait == Wait::FileShown ? std::max(start, m_fileChanged) : start;
            const bool shown = wait != Wait::FileShown || m_fileChanged > start;
            if (r.visibleMs < 0 && shown && m_meter->lastPaintEnd() > paintAfter)
                r.visibleMs = msSince(start, m_meter->lastPaintEnd());
            if (r.settledMs < 0 && isSettled(start))
                r.settledMs = msSince(start, m_meter->now());
            const bool painted = r.visibleMs >= 0 || wait == Wait::Settle || wait == Wait::Nothing;
            const bool settled = r.settledMs >= 0 || wait == Wait::Paint || wait == Wait::FileShown || wait == Wait::Nothing;
            if (painted && settled && (!extraDone || extraDone()))
                break;
            if (limit.elapsed() > timeoutMs) {
                r.completed = false;
                r.note = QStringLiteral("timed out after %1 ms").arg(timeoutMs);
                break;
            }
        }
        // A short tail catches work the step left queued (deferred layouts, single-shot slots).
        const qint64 tailEnd = m_meter->now() + 100'000'000;
        while (m_meter->now() < tailEnd)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        r.maxBlockMs = m_meter->maxBlockMs();
        std::fprintf(stderr, "  %s: %.1f ms\n", qPrintable(name), r.maxBlockMs);
        return r;
    }

private:
    bool isSettled(qint64 since) const
    {
        const bool checked = m_checkDone > since && !m_window->checker()->isRunning();
        const bool snapshot = !m_snapshots || (m_snapshotDone > since && !m_snapshots->isBusy());
        const bool graph = !m_graph || !m_graph->isLayingOut();
        return checked && snapshot && graph;
    }

    MainWindow* m_window;
    BlockMeter* m_meter;
    graph::SnapshotService* m_snapshots = nullptr;
    graph::GraphDock* m_graph = nullptr;
    qint64 m_checkDone = -1;
    qint64 m_snapshotDone = -1;
    qint64 m_fileChanged = -1;
};

void dropFile(QWidget* target, const QString& path)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

bool writeSynthetic(const QString& path, int layers, qint64* size)
{
    SyntheticOptions options;
    options.layers = layers;
    const QByteArray text = syntheticChainConfig(options);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return false;
    *size = text.size();
    return true;
}

QString fixed(double value)
{
    return value < 0 ? QStringLiteral("-") : QString::number(value, 'f', 1);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

json::NodeId layerNode(const ConfigDocument& document, int layer)
{
    return document.json().find(QStringLiteral("/config/layers/%1").arg(layer));
}

/// The steps on the 20k-layer model.
std::vector<StepResult> runStandardSteps(MainWindow& window, Session& session, const QString& path, int layers)
{
    std::vector<StepResult> steps;
    ConfigDocument* document = window.document();
    QTreeView* tree = window.treeView();
    ConfigTreeModel* model = window.treeModel();
    const int deep = std::max(1, layers * 3 / 4); // a layer far down the list

    steps.push_back(session.run(QStringLiteral("open (drop → tree shown)"),
                                [&] { dropFile(tree->viewport(), path); }, Session::Wait::FileShown, 60000));
    steps.push_back(session.run(QStringLiteral("first check + graph + summary"), [] {}, Session::Wait::Settle, 120000));
    steps.push_back(session.run(QStringLiteral("expand root and the layers list"), [&] {
        const json::Document& doc = document->json();
        const json::NodeId list = doc.find(QStringLiteral("/config/layers"));
        for (json::NodeId node : {doc.root(), doc.find(QStringLiteral("/config")), list})
            tree->expand(model->indexFor(node));
    }, Session::Wait::Paint));
    steps.push_back(session.run(QStringLiteral("select a deep layer"), [&] {
        window.selection()->selectNode(layerNode(*document, deep));
    }, Session::Wait::Paint));
    const json::NodeId units = document->json().find(QStringLiteral("/config/layers/%1/config/units").arg(deep));
    steps.push_back(session.run(QStringLiteral("edit a value through the model (+ re-check)"), [&] {
        model->setData(model->indexFor(units, ConfigTreeModel::ValueColumn), QStringLiteral("65"));
    }, Session::Wait::PaintAndSettle, 120000));
    steps.push_back(session.run(QStringLiteral("undo (+ re-check)"), [&] { document->undoStack()->undo(); },
                                Session::Wait::PaintAndSettle, 120000));
    steps.push_back(session.run(QStringLiteral("redo (+ re-check)"), [&] { document->undoStack()->redo(); },
                                Session::Wait::PaintAndSettle, 120000));
    steps.push_back(session.run(QStringLiteral("search \"l2\" (a hit in every layer)"), [&] {
        window.searchBar()->activate();
        window.searchBar()->lineEdit()->setText(QStringLiteral("l2"));
        window.searchBar()->findNext();
    }, Session::Wait::Paint));
    steps.back().note = QStringLiteral("%1 hits").arg(window.searchBar()->hitCount());
    steps.push_back(session.run(QStringLiteral("find next"), [&] { window.searchBar()->findNext(); }, Session::Wait::Paint));
    steps.push_back(session.run(QStringLiteral("go to layer"), [&] {
        window.goToLayer(QStringLiteral("dense_%1").arg(layers / 2));
    }, Session::Wait::Paint));
    steps.push_back(session.run(QStringLiteral("collapse the layers list"), [&] {
        tree->collapse(model->indexFor(document->json().find(QStringLiteral("/config/layers"))));
    }, Session::Wait::Paint));
    return steps;
}

/// Drop → first screen of a ~100 MB file, and cancelling such an open.
std::vector<StepResult> runBigFileSteps(MainWindow& window, Session& session, const QString& path, bool settle)
{
    std::vector<StepResult> steps;
    ConfigDocument* document = window.document();
    QTreeView* tree = window.treeView();

    // The standard steps left an edit: mark it saved, or the drop would ask about it.
    document->undoStack()->setClean();
    // Cancel first: the previous document must stay.
    const QString before = document->filePath();
    QElapsedTimer sinceCancel;
    qint64 stoppedAfter = -1;
    StepResult cancel = session.run(QStringLiteral("100 MB: cancel 50 ms into the open"), [&] {
        dropFile(tree->viewport(), path);
        QTimer::singleShot(50, window.files(), [&] { window.files()->cancel(); sinceCancel.start(); });
    }, Session::Wait::Nothing, 60000, [&] {
        if (!sinceCancel.isValid() || window.files()->isBusy())
            return false;
        stoppedAfter = sinceCancel.elapsed();
        return true;
    });
    cancel.note = document->filePath() == before
        ? QStringLiteral("reading stopped %1 ms after Cancel; previous file kept").arg(stoppedAfter)
        : QStringLiteral("FAILED: the file switched");
    steps.push_back(cancel);

    StepResult open = session.run(QStringLiteral("100 MB: drop → first screen"),
                                  [&] { dropFile(tree->viewport(), path); }, Session::Wait::FileShown, 120000);
    steps.push_back(open);
    if (settle)
        steps.push_back(session.run(QStringLiteral("100 MB: check + graph in the background"), [] {},
                                    Session::Wait::Settle, 600000));
    return steps;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    setApplicationIdentity();
    QStandardPaths::setTestModeEnabled(true); // never touch the user's settings or recent files
    QSettings().clear();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Drives the real window through open, expand, select, edit, undo, redo, search and go to layer "
        "on a synthetic model and reports the longest event-loop block of each step."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("layers"), QStringLiteral("layers of the standard model"), QStringLiteral("N"),
                      QStringLiteral("20000")});
    parser.addOption({QStringLiteral("big-layers"), QStringLiteral("layers of the big model (0: skip it)"),
                      QStringLiteral("N"), QStringLiteral("180000")});
    parser.addOption({QStringLiteral("big-settle"), QStringLiteral("also wait for the big model's check and graph")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("print the results as JSON")});
    parser.addOption({QStringLiteral("trace-slow"), QStringLiteral("print every event that takes longer than MS to stderr"),
                      QStringLiteral("MS")});
    parser.process(app);
    bool okLayers = false, okBig = false;
    const int layers = parser.value(QStringLiteral("layers")).toInt(&okLayers);
    const int bigLayers = parser.value(QStringLiteral("big-layers")).toInt(&okBig);
    if (!okLayers || !okBig || layers < 1 || bigLayers < 0) {
        std::fprintf(stderr, "kcs-ui-bench: --layers must be positive and --big-layers 0 or more\n");
        return 64;
    }

    if (parser.isSet(QStringLiteral("trace-slow")))
        app.slowMs = parser.value(QStringLiteral("trace-slow")).toDouble();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain-%1.json").arg(layers));
    const QString bigPath = dir.filePath(QStringLiteral("chain-%1.json").arg(bigLayers));
    qint64 size = 0;
    qint64 bigSize = 0;
    if (!dir.isValid() || !writeSynthetic(path, layers, &size) || (bigLayers > 0 && !writeSynthetic(bigPath, bigLayers, &bigSize))) {
        std::fprintf(stderr, "kcs-ui-bench: cannot write the synthetic models in %s\n", qPrintable(dir.path()));
        return 2;
    }

    BlockMeter meter;
    MainWindow window;
    window.jsonPane()->setIdleApplyDelay(-1);
    window.resize(1280, 800);
    window.show();
    QElapsedTimer exposed;
    exposed.start();
    while (exposed.elapsed() < 500)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    Session session(&window, &meter);

    std::vector<StepResult> steps = runStandardSteps(window, session, path, layers);
    std::vector<StepResult> bigSteps;
    if (bigLayers > 0)
        bigSteps = runBigFileSteps(window, session, bigPath, parser.isSet(QStringLiteral("big-settle")));

    const QString platform = QGuiApplication::platformName();
    if (parser.isSet(QStringLiteral("json"))) {
        auto toJson = [](const std::vector<StepResult>& list) {
            QJsonArray out;
            for (const StepResult& s : list)
                out.append(QJsonObject{{QStringLiteral("step"), s.name},
                                       {QStringLiteral("action_ms"), s.actionMs},
                                       {QStringLiteral("visible_ms"), s.visibleMs},
                                       {QStringLiteral("settled_ms"), s.settledMs},
                                       {QStringLiteral("max_block_ms"), s.maxBlockMs},
                                       {QStringLiteral("completed"), s.completed},
                                       {QStringLiteral("note"), s.note}});
            return out;
        };
        QJsonObject root{{QStringLiteral("platform"), platform},
                         {QStringLiteral("layers"), layers},
                         {QStringLiteral("file_bytes"), size},
                         {QStringLiteral("block_target_ms"), kBlockTargetMs},
                         {QStringLiteral("steps"), toJson(steps)}};
        if (bigLayers > 0) {
            root.insert(QStringLiteral("big_layers"), bigLayers);
            root.insert(QStringLiteral("big_file_bytes"), bigSize);
            root.insert(QStringLiteral("first_screen_target_ms"), kFirstScreenTargetMs);
            root.insert(QStringLiteral("big_steps"), toJson(bigSteps));
        }
        std::printf("%s", QJsonDocument(root).toJson().constData());
    } else {
        std::printf("kcs-ui-bench on %s: %d layers (%s)", qPrintable(platform), layers, qPrintable(megabytes(size)));
        if (bigLayers > 0)
            std::printf(", big model %d layers (%s)", bigLayers, qPrintable(megabytes(bigSize)));
        std::printf("\ntargets: longest block <= %.0f ms; 100 MB drop -> first screen <= %.0f ms\n\n", kBlockTargetMs,
                    kFirstScreenTargetMs);
        std::printf("%-46s %9s %10s %10s %11s  %s\n", "step", "action", "visible", "settled", "max block", "");
        auto print = [](const StepResult& s) {
            const bool over = s.maxBlockMs > kBlockTargetMs;
            std::printf("%-46s %9s %10s %10s %11s  %s%s%s\n", qPrintable(s.name), qPrintable(fixed(s.actionMs)),
                        qPrintable(fixed(s.visibleMs)), qPrintable(fixed(s.settledMs)), qPrintable(fixed(s.maxBlockMs)),
                        over ? "OVER " : "", s.completed ? "" : "INCOMPLETE ", qPrintable(s.note));
        };
        for (const StepResult& s : steps)
            print(s);
        for (const StepResult& s : bigSteps)
            print(s);
        std::printf("\n(ms; action: the step's own call; visible: until the tree's first paint after it; settled: until "
                    "the re-check, graph snapshot and layout reported back; max block: longest event-loop gap)\n");
    }
    return 0;
}
