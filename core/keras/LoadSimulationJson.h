// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Value.h"
#include "core/keras/LoadSimulation.h"

namespace kcs::keras {

/// The report as the `check --json` object describes it (without the file-level keys `file`,
/// `kind`, `dialect`): target, loads, first_error ({message, pointer, code} or null), problems
/// ([{severity, code, message, pointer, line, column, document, first, fixits}]), unresolved
/// ([{name, category, count}]), resolutions, shared_layers ([{name, calls, call_pointers}]),
/// shared_objects ([{id, pointers, configs_differ}]), lambdas ([{pointer, layer, function_type,
/// base64_length, refused}]). Key order is fixed, so the output is stable for scripts. Without
/// resolution pointers the `resolutions` key is left out (a caller that writes them one by one).
json::Value loadReportToJson(const LoadReport& report, ResolutionPointers* pointers);

/// One resolution as JSON: {pointer, identifier, category, kind, source, source_name,
/// resolved_to[, document]}.
json::Value resolutionToJson(const Resolution& resolution, const QString& pointer);

/// One fix-it as JSON: {title, edits: [{op, pointer, value | new_key}]}.
json::Value fixItToJson(const FixIt& fix);

} // namespace kcs::keras
