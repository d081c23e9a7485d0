// SPDX-License-Identifier: GPL-3.0-or-later
// compile_config (.keras / to_json: Model.compile_from_config) and the .h5 training_config
// (legacy saving_utils.compile_args_from_training_config), as each target reads them.
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"

namespace kcs::keras {
namespace {

bool isSpecialMetricString(QStringView s)
{
    // compile() understands these itself; they are in no deserializer table.
    return s == u"accuracy" || s == u"acc" || s == u"crossentropy" || s == u"ce";
}

/// Visits every single identifier (a string, or an object with "class_name") in a compile
/// argument that may nest them in lists and dicts (losses and metrics per output), in order.
template <class Visit>
void forEachIdentifier(const json::Document& doc, json::NodeId node, Visit&& visit)
{
    std::vector<json::NodeId> stack{node};
    while (!stack.empty()) {
        const json::NodeId n = stack.back();
        stack.pop_back();
        const json::Kind kind = doc.kind(n);
        const bool single = kind == json::Kind::String
            || (kind == json::Kind::Object && doc.member(n, "class_name") != json::kNoNode);
        if (single) {
            visit(n);
            continue;
        }
        for (int i = doc.childCount(n) - 1; i >= 0; --i)
            stack.push_back(doc.child(n, i));
    }
}

} // namespace

void LoadWalker::compileConfig(json::NodeId compile)
{
    // compile_from_config: deserialize_keras_object(config) (a plain dict: every value through
    // the general path), then compile(**config). compile() resolves the optimizer at once;
    // loss and metric strings only when training starts, so unknown ones do not stop loading.
    TaskList fns;
    for (int i = 0; i < m_doc.childCount(compile); ++i) {
        const json::NodeId c = m_doc.child(compile, i);
        const QString key = m_doc.key(c);
        if (key == u"optimizer" && isString(c)) {
            fns.push_back([this, c] {
                const QString name = text(c);
                if (lookupModuleObject(c, name, Category::Optimizers).ok())
                    return;
                recordUnresolved(c, name, Category::Optimizers, false);
                Problem& p = raise(c, problem::kCompileError, ErrorCode::ValueError,
                                   [name](bool) { return loadmsg::couldNotInterpret(QStringLiteral("optimizer"), name); });
                p.fixIts = classCandidates(c, name, Category::Optimizers);
            });
            continue;
        }
        const Category cat = key == u"optimizer" ? Category::Optimizers
            : key == u"loss" ? Category::Losses : Category::Metrics;
        fns.push_back([this, c, cat] { generalDeserialize(c, Expect{cat, false, false}); });
        if (key == u"loss" || key.endsWith(u"metrics"))
            fns.push_back([this, c, cat] { lazyCompileStrings(c, cat); });
    }
    schedule(std::move(fns));
}

void LoadWalker::lazyCompileStrings(json::NodeId node, Category category)
{
    // Record the strings compile() keeps for later; an unknown one fails at the first fit().
    std::vector<json::NodeId> stack{node};
    while (!stack.empty()) {
        const json::NodeId n = stack.back();
        stack.pop_back();
        if (m_doc.kind(n) == json::Kind::Array || (m_doc.kind(n) == json::Kind::Object && member(n, "class_name") == json::kNoNode)) {
            for (int i = m_doc.childCount(n) - 1; i >= 0; --i)
                stack.push_back(m_doc.child(n, i));
            continue;
        }
        if (!isString(n))
            continue;
        const QString s = text(n);
        if (category == Category::Metrics && isSpecialMetricString(s)) {
            record(n, s, category, true, ResolutionSource::Special, {}, QStringLiteral("compile()"));
            continue;
        }
        if (lookupModuleObject(n, s, category).ok())
            continue;
        recordUnresolved(n, s, category, true);
        Problem& p = warn(n, problem::kUnknownIdentifier,
                          QStringLiteral("Unknown %1 '%2': the model loads, but compile() fails with "
                                         "\"Could not interpret %1 identifier: %2\" when training starts")
                              .arg(identifierKindWord(category), s));
        p.fixIts = classCandidates(n, s, category);
    }
}

void LoadWalker::trainingConfig(json::NodeId node)
{
    if (!isObject(node))
        return;
    TaskList fns;
    const json::NodeId optimizer = member(node, "optimizer_config");
    if (optimizer != json::kNoNode)
        fns.push_back([this, optimizer] { trainingOptimizer(optimizer); });
    if (const json::NodeId loss = member(node, "loss"); loss != json::kNoNode)
        fns.push_back([this, loss] { eachTrainingIdentifier(loss, &LoadWalker::trainingLossItem); });
    for (const char* key : {"metrics", "weighted_metrics"})
        if (const json::NodeId m = member(node, key); m != json::kNoNode)
            fns.push_back([this, m] { eachTrainingIdentifier(m, &LoadWalker::trainingMetricItem); });
    schedule(std::move(fns));
}

void LoadWalker::trainingOptimizer(json::NodeId node)
{
    if (!isObject(node))
        return;
    if (m_options.target == Dialect::Keras3) {
        // optimizers.deserialize(optimizer_config): module-objects mode, lower-cased names.
        moduleObjectsDict(node, Category::Optimizers, false);
        return;
    }
    // tf-keras: the legacy optimizer classes when the config says so, or omits the flag while
    // being non-empty (files from before TF 2.11).
    const QString cn = stringAt(node, "class_name");
    const json::NodeId inner = member(node, "config");
    const json::NodeId flag = member(inner, "is_legacy_optimizer");
    const bool legacy = flag != json::kNoNode ? (m_doc.kind(flag) == json::Kind::Bool && m_doc.boolValue(flag))
                                              : (isObject(inner) && m_doc.childCount(inner) > 0);
    const BuiltinEntry* e = legacy ? m_catalog.legacyOptimizerLookup(cn) : nullptr;
    if (!e)
        e = m_catalog.lookup(Category::Optimizers, cn);
    if (const CustomObjectEntry* c = m_custom.find(cn)) {
        recordCustom(node, cn, Category::Optimizers, *c);
        return;
    }
    if (!e) {
        recordUnresolved(node, cn, Category::Optimizers, false);
        Problem& p = raise(node, problem::kCompileError, ErrorCode::ValueError,
                           [cn](bool) { return loadmsg::unknownLegacy(QStringLiteral("optimizer"), cn); });
        p.fixIts = classCandidates(node, cn, Category::Optimizers);
        return;
    }
    recordBuiltin(node, cn, *e);
    checkConstructor(node, inner, *e, {});
}

void LoadWalker::eachTrainingIdentifier(json::NodeId node, void (LoadWalker::*step)(json::NodeId))
{
    TaskList fns;
    forEachIdentifier(m_doc, node, [&](json::NodeId n) { fns.push_back([this, n, step] { (this->*step)(n); }); });
    schedule(std::move(fns));
}

void LoadWalker::trainingObjectItem(json::NodeId n, Category category, bool nonFatalInKeras3)
{
    if (m_options.target == Dialect::Keras3)
        moduleObjectsDict(n, category, nonFatalInKeras3);
    else
        legacyDeserialize(n, category, false);
}

void LoadWalker::trainingLossItem(json::NodeId n)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    if (isObject(n)) {
        trainingObjectItem(n, Category::Losses, false);
        return;
    }
    const QString name = text(n);
    if (lookupModuleObject(n, name, Category::Losses).ok())
        return;
    recordUnresolved(n, name, Category::Losses, true);
    // K3: losses.deserialize hands the unknown name back, and the compatibility shim then
    // indexes the string as if it were a dict (obj_config["config"]).
    Problem& p = k3 ? raise(n, problem::kCompileError, ErrorCode::TypeError,
                            [](bool) { return QStringLiteral("string indices must be integers, not 'str'"); })
                    : raise(n, problem::kCompileError, ErrorCode::ValueError,
                            [name](bool) { return loadmsg::unknownLegacy(QStringLiteral("loss function"), name); });
    p.fixIts = classCandidates(n, name, Category::Losses);
}

void LoadWalker::trainingMetricItem(json::NodeId n)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    if (isObject(n)) {
        // K3 hands unknown names back without complaint (metrics resolve at compile time).
        trainingObjectItem(n, Category::Metrics, true);
        return;
    }
    const QString name = text(n);
    if (isSpecialMetricString(name)) {
        record(n, name, Category::Metrics, true, ResolutionSource::Special, {}, QStringLiteral("compile()"));
        return;
    }
    if (lookupModuleObject(n, name, Category::Metrics).ok())
        return;
    recordUnresolved(n, name, Category::Metrics, true);
    if (k3) {
        warn(n, problem::kUnknownIdentifier,
             QStringLiteral("Unknown metric '%1': the model loads, but compile() cannot use it").arg(name));
        return;
    }
    Problem& p = raise(n, problem::kCompileError, ErrorCode::ValueError,
                       [name](bool) { return loadmsg::unknownLegacy(QStringLiteral("metric function"), name); });
    p.fixIts = classCandidates(n, name, Category::Metrics);
}

} // namespace kcs::keras
