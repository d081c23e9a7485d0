// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/FixIt.h"

#include <algorithm>

namespace kcs::keras {
namespace {

Result<json::Edit> applyOne(json::Document& doc, const FixEdit& edit)
{
    const json::NodeId node = doc.find(edit.pointer);
    if (node == json::kNoNode)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("The fix cannot be applied: nothing at %1").arg(edit.pointer));
    switch (edit.op) {
    case FixEdit::Op::Replace:
        return doc.replaceValue(node, edit.value);
    case FixEdit::Op::Remove: {
        const json::NodeId parent = doc.parent(node);
        if (parent == json::kNoNode)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The fix cannot remove the root"));
        return doc.removeChild(parent, doc.indexInParent(node));
    }
    case FixEdit::Op::RenameKey:
        if (!doc.isMember(node))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("The fix cannot rename %1: not an object member").arg(edit.pointer));
        return doc.renameKey(node, edit.newKey);
    }
    return fail(ErrorCode::InvalidArgument, QStringLiteral("Unknown fix edit"));
}

} // namespace

QString fixEditOpName(FixEdit::Op op)
{
    switch (op) {
    case FixEdit::Op::Replace: return QStringLiteral("replace");
    case FixEdit::Op::Remove: return QStringLiteral("remove");
    case FixEdit::Op::RenameKey: break;
    }
    return QStringLiteral("rename-key");
}

Result<std::vector<json::Edit>> applyFixIt(json::Document& document, const FixIt& fix)
{
    std::vector<json::Edit> done;
    for (const FixEdit& edit : fix.edits) {
        Result<json::Edit> r = applyOne(document, edit);
        if (!r) {
            // Leave the document as it was: undo what this fix already changed.
            for (auto it = done.rbegin(); it != done.rend(); ++it)
                (void)document.revert(*it);
            return std::unexpected(r.error());
        }
        done.push_back(std::move(*r));
    }
    return done;
}

int editDistance(QStringView a, QStringView b)
{
    // Two-row Levenshtein; names are short.
    std::vector<int> prev(size_t(b.size()) + 1), cur(size_t(b.size()) + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[size_t(j)] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        const QChar ca = a[i - 1].toCaseFolded();
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = ca == b[j - 1].toCaseFolded() ? 0 : 1;
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1,
                                       prev[size_t(j - 1)] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[size_t(b.size())];
}

} // namespace kcs::keras
