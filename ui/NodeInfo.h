// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/keras/Dialect.h"

#include <QString>

namespace kcs::ui {

/// How a Keras object envelope resolves, as the tree, the inspector and the search show it.
enum class Resolution {
    NotAnObject, ///< not an envelope
    BuiltIn,     ///< a class or function the target Keras ships
    Custom,      ///< a registered custom object ("package>Name")
    Unknown,     ///< nothing known resolves it
    Unsafe,      ///< a Python lambda: needs unsafe deserialization
    Internal,    ///< a serialization marker (__keras_tensor__, __numpy__, ...)
    Error,       ///< resolving it fails (a problem points at it)
};

/// What a JSON object says about itself when it is a Keras object envelope
/// ({"module", "class_name", "config", "registered_name"} and the legacy forms without module).
struct EnvelopeInfo {
    bool isEnvelope = false;
    QString className;
    QString module;          ///< empty when absent or null
    QString registeredName;  ///< empty when absent or null
    QString name;            ///< the layer's name ("name" member or config.name), if any
};

/// Reads the envelope fields of node (cheap: a few member lookups, nothing materialised).
EnvelopeInfo envelopeInfo(const json::Document& document, json::NodeId node);

/// The status of an envelope from its own fields, for nodes the load simulation has not
/// judged (before it runs, or when the loader stops before reaching them): markers, lambdas,
/// "pkg>Name" registrations, keras.* modules, and module-less class names (Keras 1/2) that
/// the target's catalog knows; any other name is Unknown.
Resolution resolutionFromFields(const EnvelopeInfo& info, keras::Dialect target);

QString resolutionName(Resolution resolution);

/// Short text for a node's value: decoded strings, numbers as spelled, sizes of containers.
QString valueSummary(const json::Document& document, json::NodeId node, int maxLength = 120);

QString kindName(json::Kind kind);

} // namespace kcs::ui
