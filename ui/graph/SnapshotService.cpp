// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/SnapshotService.h"

#include "core/formats/ModelFile.h"
#include "ui/ConfigDocument.h"

#include <QtConcurrent/QtConcurrentRun>

namespace kcs::ui::graph {

namespace {

/// The weights of an .h5 or tfjs file by layer name, as the summary command compares them
/// (`.keras` archives name weight groups by class, so they cannot be matched by name).
std::vector<keras::StoredWeight> readStoredWeights(const QString& path)
{
    std::vector<keras::StoredWeight> out;
    auto file = formats::ModelFile::open(path);
    if (!file || (file->kind() != formats::FileKind::H5 && file->kind() != formats::FileKind::Tfjs))
        return out;
    auto weights = file->weights();
    if (!weights)
        return out;
    for (const formats::WeightInfo& w : *weights) {
        QString layer = w.layerPath;
        if (file->kind() == formats::FileKind::Tfjs)
            layer = layer.section(QLatin1Char('/'), 0, 0);
        out.push_back(keras::StoredWeight{layer, w.name, w.shape});
    }
    return out;
}

} // namespace

SnapshotService::SnapshotService(ConfigDocument* document, QObject* parent)
    : QObject(parent), m_document(document)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &SnapshotService::start);
    connect(&m_watcher, &QFutureWatcher<SnapshotPtr>::finished, this, &SnapshotService::onFinished);
    connect(m_document, &ConfigDocument::contentChanged, this, &SnapshotService::schedule);
    connect(m_document, &ConfigDocument::fileChanged, this, [this] {
        m_storedWeights.clear();
        const LoadedFile* file = m_document->file();
        const bool hasWeights = file && !file->path.isEmpty()
            && (file->kind == QLatin1String("h5") || file->kind == QLatin1String("tfjs"));
        m_weightsPath = hasWeights ? file->path : QString();
        schedule();
    });
    if (m_document->hasFile())
        schedule();
}

SnapshotService::~SnapshotService()
{
    m_watcher.waitForFinished();
}

void SnapshotService::setStoredWeights(std::vector<keras::StoredWeight> weights)
{
    m_storedWeights = std::move(weights);
    m_weightsPath.clear();
    schedule();
}

void SnapshotService::schedule()
{
    ++m_generation;
    m_debounce.start();
}

void SnapshotService::start()
{
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    if (!m_document->hasFile())
        return;
    SnapshotInput input;
    input.text = m_document->json().text(); // implicitly shared: the worker reads a snapshot
    input.fileKind = m_document->kind();
    input.storedWeights = m_storedWeights;
    input.generation = m_generation;
    m_watcher.setFuture(QtConcurrent::run([input, weightsPath = m_weightsPath]() mutable {
        if (!weightsPath.isEmpty())
            input.storedWeights = readStoredWeights(weightsPath); // shapes only, no weight values
        return GraphSnapshot::build(input);
    }));
}

void SnapshotService::onFinished()
{
    SnapshotPtr result = m_watcher.result();
    if (m_pending) {
        m_pending = false;
        start();
    }
    if (!result || result->generation != m_generation)
        return;
    if (!m_weightsPath.isEmpty()) {
        m_storedWeights = result->storedWeights; // read once per file
        m_weightsPath.clear();
    }
    m_current = std::move(result);
    Q_EMIT snapshotReady(m_current);
}

} // namespace kcs::ui::graph
