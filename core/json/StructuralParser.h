// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/json: stage 2 of the fast JSON reader.

#include "core/json/DocumentImpl.h"
#include "core/json/StructuralIndex.h"

namespace kcs::json::detail {

/// Builds the nodes of text (shorter than 2 GiB) from its structural index
/// (StructuralIndexer), with an explicit stack, into out: the same nodes, spans, flags and
/// children lists as the byte-wise reader makes. Only the bytes the index does not cover are
/// read: numbers and literals (validated as they are scanned) and the strings that hold a
/// backslash (their escapes are validated).
///
/// Returns false for any text that is not valid JSON, without saying why: invalid text is rare,
/// so the caller reads it again with the byte-wise reader, which words the error exactly.
bool parseIndexed(QByteArrayView text, const ParseOptions& options, ScanKernel kernel, Parsed& out);

} // namespace kcs::json::detail
