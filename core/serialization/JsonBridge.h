// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/json/Value.h"
#include "core/serialization/PyValue.h"
#include "core/util/Result.h"

namespace kcs::saving {

/// How deep a value may nest when it enters or leaves the framework (json::Value's own limit).
inline constexpr int kMaxNesting = json::Value::kMaxDepth;

/// json.loads semantics: objects become dicts (key order kept; a duplicated key keeps its first
/// position and its last value, as Python's dict does), arrays lists, numbers int/float (float
/// spellings are kept so unchanged numbers write back as they were read). Markers such as
/// `__bytes__` stay plain dicts: decoding them is deserialize's job.
PyValue fromJson(const json::Value& value);
/// The same, read straight from a parsed document's node (no json::Value in between). Iterative;
/// nesting deeper than kMaxNesting is refused.
Result<PyValue> fromDocument(const json::Document& document, json::NodeId node);

/// json.dumps's view of a value: dicts -> objects, lists and tuples -> arrays, scalars as they
/// are. Anything else (bytes, instances, classes, ...) is Python's
/// `Object of type {name} is not JSON serializable` (TypeError). Float spellings are kept.
Result<json::Value> toJson(const PyValue& value);

/// Structural equality after a JSON round trip: tuples compare as lists; otherwise Python ==.
bool equalAsJson(const PyValue& a, const PyValue& b);

} // namespace kcs::saving
