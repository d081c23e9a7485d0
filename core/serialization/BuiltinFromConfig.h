// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal: the from_config of built-in classes (Builtins.cpp attaches them to the Symbols).

#include "core/keras/Catalog.h"
#include "core/serialization/Symbol.h"

namespace kcs::saving::builtin {

/// The from_config of a catalog class: Lambda, the model classes and everything else (the
/// constructor check of the catalog, wrapped as Keras's Operation.from_config wraps it).
Symbol::FromConfig fromConfigFor(const keras::Catalog& catalog, const keras::BuiltinEntry& entry);

/// Model classes (ModelFromConfig.cpp).
Result<PyValue> sequentialFromConfig(const SymbolRef& cls, const PyValue& config);
Result<PyValue> functionalFromConfig(const SymbolRef& cls, const PyValue& config);
Result<PyValue> modelFromConfig(const keras::Catalog& catalog, const keras::BuiltinEntry& entry,
                                const SymbolRef& cls, const PyValue& config);

} // namespace kcs::saving::builtin
