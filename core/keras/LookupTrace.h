// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/formats/FileKind.h"
#include "core/json/Document.h"
#include "core/keras/Dialect.h"
#include "core/keras/Resolution.h"
#include "core/keras/ScopeFile.h"

#include <QString>

#include <vector>

namespace kcs::keras {

/// Which tables the loader's lookup goes through after the custom objects (spec 1.3, 5.2, 5.4, 8).
enum class LookupRoute {
    General,       ///< deserialize_keras_object: the registry, then `module` + name (public export)
    ModuleObjects, ///< a get()/deserialize helper or the legacy path: the category's name table
    /// A get() helper given an envelope with `module` (spec 5.2): custom objects by registered
    /// name (else class_name), then the category's table by class_name; `module: null` finds
    /// no built-in.
    ModuleObjectsDict,
    CompileString, ///< a metric string compile() understands itself ("accuracy", "acc", ...)
    Special,       ///< a marker handled before any lookup (__keras_tensor__, __lambda__, ...)
};

/// One identifier to look up, as the loader sees it.
struct LookupQuery {
    QString key;         ///< what the registry is asked for (a class's registered name, else the name)
    QString name;        ///< class_name or function name (what `module` and the tables are asked for)
    Category category = Category::Layers;
    bool isFunction = false;
    LookupRoute route = LookupRoute::ModuleObjects;
    QString module;      ///< General: the envelope's `module` ("" when absent or null)
    bool moduleIsNull = false; ///< ModuleObjectsDict: the envelope says `"module": null`
    /// General: the envelope's explicit registered_name and class_name (Keras 3.15 refuses a
    /// built-in whose explicit registered name differs from both).
    QString registeredName;
    QString className;
    /// The key is Python's None (`"registered_name": null`): no registry entry can match it.
    bool keyIsNone = false;

    /// The key as Python prints it in the trace: 'my_pkg>MyLayer', or None.
    QString keyRepr() const { return keyIsNone ? QStringLiteral("None") : QStringLiteral("'%1'").arg(key); }
};

/// One place the loader consults, in order.
struct LookupStep {
    enum class State {
        NoMatch,    ///< consulted, the key is not there
        Answered,   ///< consulted, the key is there: the lookup ends here
        Hidden,     ///< not consulted: a scope that nesting (Keras 3) or the user (disabled) hides
        NotReached, ///< after the answer
    };
    ResolutionSource source = ResolutionSource::Unresolved;
    QString place;       ///< "scope 'training'", "global registry", "keras.layers", ...
    QString sourceName;  ///< as Resolution::sourceName when this step answers
    State state = State::NoMatch;
    QString matched;     ///< Answered: the entry's key or the built-in's path
    QString note;        ///< why (hidden, shadowed, what was asked)
};

/// The ordered list of places consulted and the answer: the same source and sourceName the load
/// simulation records for the same identifier with the same scopes (includeLiveRegistry false).
struct LookupTrace {
    std::vector<LookupStep> steps;
    ResolutionSource source = ResolutionSource::Unresolved;
    QString sourceName;
    QString resolvedTo;
    /// One line per step: "1. scope 'training': no 'MyDense'" ... "→ answered by ...".
    QString text() const;
};

/// Traces query through scopes (enabled scopes only are entered; Keras 3 consults only the
/// innermost one, Keras 2 all of them merged, inner first), the global registry, the
/// custom_objects argument and the target's built-ins (the catalog).
LookupTrace traceLookup(const LookupQuery& query, Dialect target, const ScopeSet& scopes);

/// The query for an identifier the load simulation recorded (the envelope or string `node` of
/// doc; resolution.node when doc is the document the simulation read): route, key, name and
/// module as the target's loader reads them for a file of the given kind.
LookupQuery lookupQueryFor(const json::Document& doc, json::NodeId node, const Resolution& resolution,
                           formats::FileKind kind, Dialect target);

} // namespace kcs::keras
