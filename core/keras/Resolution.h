// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/json/PointerWriter.h"
#include "core/keras/Catalog.h"

#include <QExplicitlySharedDataPointer>
#include <QSharedData>
#include <QString>

#include <optional>
#include <vector>

namespace kcs::keras {

/// Where an identifier was found, in Keras's lookup order (spec 1.3): a custom-object scope,
/// the global registry, the custom_objects argument, a built-in (module objects or public
/// export), a special marker (`__keras_tensor__`, `__lambda__`, ...), or nowhere.
enum class ResolutionSource { Scope, GlobalRegistry, CustomObjects, Builtin, Special, Unresolved };
/// "scope", "global", "custom-objects", "builtin", "special", "unresolved".
QString resolutionSourceName(ResolutionSource source);

/// What an identifier resolved to, and from where. Shared by every resolution of the same name:
/// a big model names a few dozen objects hundreds of thousands of times.
struct ResolvedName : QSharedData {
    static QExplicitlySharedDataPointer<ResolvedName> make(const QString& identifier, Category category, bool isFunction,
                                                          ResolutionSource source, const QString& sourceName,
                                                          const QString& resolvedTo);

    QString identifier; ///< the name looked up ("Dense", "my_pkg>MyLayer", "relu")
    Category category = Category::Layers;
    bool isFunction = false;
    ResolutionSource source = ResolutionSource::Unresolved;
    /// Scope: the scope's name; Builtin: the module it resolved in ("keras.layers"); else empty.
    QString sourceName;
    /// The object it resolved to: a registered key, a built-in's canonical path; empty when
    /// unresolved.
    QString resolvedTo;
};

/// One identifier of the config and what it resolved to: 16 bytes, a node and a shared name.
class Resolution {
public:
    Resolution() = default;
    Resolution(json::NodeId node, QExplicitlySharedDataPointer<ResolvedName> name) : node(node), m_name(std::move(name)) {}
    Resolution(json::NodeId node, const QString& identifier, Category category, bool isFunction, ResolutionSource source,
               const QString& sourceName = {}, const QString& resolvedTo = {});

    /// The envelope (or string value) naming the object, in the document the simulation read
    /// (see document()). A node, not a pointer text: a big model has a million identifiers, and
    /// most callers want the node; json::PointerWriter makes the texts in bulk.
    json::NodeId node = json::kNoNode;
    /// The node is in an .h5's own training_config document, not in the config.
    bool inTrainingConfig = false;

    /// "" for the config, "training_config" for an .h5's own attribute.
    QString document() const { return inTrainingConfig ? QStringLiteral("training_config") : QString(); }
    const QString& identifier() const { return name().identifier; }
    Category category() const { return name().category; }
    bool isFunction() const { return name().isFunction; }
    ResolutionSource source() const { return name().source; }
    const QString& sourceName() const { return name().sourceName; }
    const QString& resolvedTo() const { return name().resolvedTo; }
    const ResolvedName& name() const;
    /// The shared name (null for a default-constructed resolution).
    const QExplicitlySharedDataPointer<ResolvedName>& sharedName() const { return m_name; }

private:
    QExplicitlySharedDataPointer<ResolvedName> m_name;
};

/// The JSON Pointer texts of resolutions, made in bulk (json::PointerWriter) from the documents
/// the simulation read: the config, and an .h5's own training_config document when there is one.
class ResolutionPointers {
public:
    explicit ResolutionPointers(const json::Document& config, const json::Document* trainingConfig = nullptr);
    QString operator()(const Resolution& resolution);

private:
    json::PointerWriter m_config;
    std::optional<json::PointerWriter> m_training;
};

/// One unresolved name, counted over the whole config (the `unresolved` list of `check`).
struct UnresolvedName {
    QString name;
    Category category = Category::Layers;
    int count = 0;
};

/// Unresolved names in first-seen order, one row per (name, category).
std::vector<UnresolvedName> summarizeUnresolved(const std::vector<Resolution>& resolutions);

} // namespace kcs::keras
