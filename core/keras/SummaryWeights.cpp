// SPDX-License-Identifier: GPL-3.0-or-later
// Stored weights against the weights a config implies.
#include "core/keras/Summary.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace kcs::keras {

namespace {

qint64 scalarCount(const std::vector<const StoredWeight*>& weights)
{
    qint64 n = 0;
    for (const StoredWeight* w : weights) {
        qint64 c = 1;
        for (qint64 d : w->shape)
            c *= d;
        n += c;
    }
    return n;
}

qint64 scalarCount(const std::vector<WeightSpec>& weights)
{
    qint64 n = 0;
    for (const WeightSpec& w : weights)
        n += w.count();
    return n;
}

QString shapeText(const std::vector<qint64>& v)
{
    TensorShape t;
    for (qint64 d : v)
        t.dims.emplace_back(d);
    return t.text();
}

/// Keras's layer.weights order: trainable weights first, then the non-trainable ones.
std::vector<WeightSpec> kerasOrder(const std::vector<WeightSpec>& weights)
{
    std::vector<WeightSpec> ordered;
    for (int pass = 0; pass < 2; ++pass) {
        for (const WeightSpec& w : weights) {
            if (w.trainable == (pass == 0))
                ordered.push_back(w);
        }
    }
    return ordered;
}

void compareLayer(const GraphLayer& layer, const std::vector<const StoredWeight*>& found,
                  const std::vector<WeightSpec>& expected, std::vector<WeightMismatch>& out)
{
    const bool ordered = std::all_of(found.begin(), found.end(), [](const StoredWeight* w) { return w->ordered; });
    const qint64 stored = scalarCount(found);
    const qint64 implied = scalarCount(expected);
    if (!ordered || (found.size() != expected.size() && stored == implied)) {
        // Without Keras's order (sub-objects of a .keras file), or in a legacy layout Keras
        // converts when loading (Keras 1 per-gate RNN weights), only the sizes can be compared.
        if (stored != implied)
            out.push_back(WeightMismatch{layer.name, -1, {}, {},
                                         QStringLiteral("Layer '%1' stores %2 parameter(s); its config implies %3.")
                                             .arg(layer.name).arg(stored).arg(implied),
                                         layer.envelope});
        return;
    }
    if (found.size() != expected.size()) {
        out.push_back(WeightMismatch{layer.name, -1, {}, {},
                                     QStringLiteral("Layer '%1' stores %2 weight(s); its config implies %3.")
                                         .arg(layer.name).arg(found.size()).arg(expected.size()),
                                     layer.envelope});
        return;
    }
    for (size_t i = 0; i < found.size(); ++i) {
        if (found[i]->shape == expected[i].shape)
            continue;
        out.push_back(WeightMismatch{layer.name, int(i), found[i]->shape, expected[i].shape,
                                     QStringLiteral("Layer '%1': weight %2 (%3) has shape %4 in the file; "
                                                    "the config implies %5.")
                                         .arg(layer.name).arg(i).arg(found[i]->name, shapeText(found[i]->shape),
                                                                      shapeText(expected[i].shape)),
                                     layer.envelope});
    }
}

} // namespace

std::vector<WeightMismatch> compareWeights(const ModelGraph& graph, const ShapeInference& shapes,
                                           const std::vector<StoredWeight>& stored)
{
    std::vector<WeightMismatch> out;
    if (!graph.isValid() || stored.empty())
        return out; // a file without weights (a config alone) has nothing to disagree with
    QHash<QString, std::vector<const StoredWeight*>> byLayer;
    QStringList layerOrder;
    for (const StoredWeight& w : stored) {
        if (!byLayer.contains(w.layer))
            layerOrder.append(w.layer);
        byLayer[w.layer].push_back(&w);
    }
    for (int l : graph.root().layers) {
        const GraphLayer& layer = graph.layers()[size_t(l)];
        const std::vector<const StoredWeight*> found = byLayer.take(layer.name);
        if (shapes.isKnown(l))
            compareLayer(layer, found, kerasOrder(shapes.weights(l)), out);
    }
    for (const QString& name : layerOrder) {
        if (byLayer.contains(name))
            out.push_back(WeightMismatch{name, -1, {}, {},
                                         QStringLiteral("The file stores weights for '%1', which is not a layer of the model.")
                                             .arg(name),
                                         json::kNoNode});
    }
    return out;
}

QString snakeCase(QStringView className)
{
    static const QRegularExpression upperWord(QStringLiteral("(.)([A-Z][a-z]+)"));
    static const QRegularExpression lowerUpper(QStringLiteral("([a-z])([A-Z])"));
    QString s = className.toString();
    s.replace(upperWord, QStringLiteral("\\1_\\2"));
    s.replace(lowerUpper, QStringLiteral("\\1_\\2"));
    return s.toLower();
}

std::vector<StoredWeight> weightsFromKerasZip(const ModelGraph& graph, const std::vector<StoredWeight>& byPath)
{
    std::vector<StoredWeight> out;
    if (!graph.isValid())
        return out;
    // The root's layers are saved as a list: snake_case class names, _1, _2, ... for repeats.
    QHash<QString, QString> layerOfPath;
    QHash<QString, int> used;
    for (int l : graph.root().layers) {
        const GraphLayer& layer = graph.layers()[size_t(l)];
        QString name = snakeCase(layer.className);
        const int n = used.value(name, -1) + 1;
        used.insert(name, n);
        if (n > 0)
            name += QLatin1Char('_') + QString::number(n);
        layerOfPath.insert(QStringLiteral("layers/") + name, layer.name);
    }
    QHash<QString, std::vector<StoredWeight>> groups;
    QStringList order;
    for (const StoredWeight& w : byPath) {
        // Archives written on Windows separate group names with backslashes.
        const QStringList parts = QString(w.layer).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'));
        if (parts.size() < 2 || parts[0] != u"layers")
            continue; // the optimizer's and the model's own variables
        StoredWeight mapped = w;
        mapped.layer = layerOfPath.value(parts[0] + QLatin1Char('/') + parts[1], parts[1]);
        mapped.name = w.layer + QLatin1Char('/') + w.name;
        mapped.ordered = parts.size() == 2;
        if (!groups.contains(mapped.layer))
            order.append(mapped.layer);
        groups[mapped.layer].push_back(std::move(mapped));
    }
    for (const QString& layer : order) {
        std::vector<StoredWeight>& g = groups[layer];
        // Datasets "0", "1", ..., "10" are the variables in order; a listing may sort them as text.
        std::stable_sort(g.begin(), g.end(), [](const StoredWeight& a, const StoredWeight& b) {
            return a.name.section(QLatin1Char('/'), -1).toInt() < b.name.section(QLatin1Char('/'), -1).toInt();
        });
        out.insert(out.end(), g.begin(), g.end());
    }
    return out;
}

} // namespace kcs::keras
