// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/json/Value.h"
#include "core/util/Result.h"

#include <QString>

#include <vector>

namespace kcs::keras {

/// One change a fix-it makes to the document, addressed by JSON Pointer so it stays meaningful
/// while the document is edited elsewhere. Data only: the GUI turns it into an undoable command,
/// the core applies it with applyFixIt().
struct FixEdit {
    enum class Op {
        Replace,   ///< the value at `pointer` becomes `value`
        Remove,    ///< the member or element at `pointer` is removed
        RenameKey, ///< the member at `pointer` gets the key `newKey` (value kept)
    };
    Op op = Op::Replace;
    QString pointer;
    json::Value value;
    QString newKey;

    friend bool operator==(const FixEdit&, const FixEdit&) = default;
};

/// A known repair for a problem: a short imperative title ("Rename class to 'Conv2D'") and the
/// edits that perform it, applied in order.
struct FixIt {
    QString title;
    std::vector<FixEdit> edits;

    friend bool operator==(const FixIt&, const FixIt&) = default;
};

/// "replace", "remove", "rename-key" (the words the JSON output uses).
QString fixEditOpName(FixEdit::Op op);

/// Applies the edits of a fix-it to the document, in order. Returns the document edits made
/// (for undo); on failure the edits already made are reverted and the error names the pointer.
Result<std::vector<json::Edit>> applyFixIt(json::Document& document, const FixIt& fix);

/// Levenshtein distance, case-insensitive (for "did you mean" candidates).
int editDistance(QStringView a, QStringView b);

} // namespace kcs::keras
