// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace kcs::ui {

/// One line of a "changed lines only" diff. Line numbers count from 1; the one of the side a
/// line is not on is 0.
struct DiffLine {
    enum class Type { Removed, Added };
    Type type = Type::Removed;
    int oldLine = 0;
    int newLine = 0;
    QString text;
    friend bool operator==(const DiffLine&, const DiffLine&) = default;
};

/// The line diff the save dialog shows: only removed and added lines, in order. Common leading
/// and trailing lines are skipped first; the rest is matched by longest common subsequence when
/// that is small enough, and otherwise shown as removed then added.
class LineDiff {
public:
    static QList<DiffLine> changedLines(const QByteArray& before, const QByteArray& after);
    /// The text to diff for a config: one-line JSON (as Keras writes it) is laid out with one
    /// value per line, so a change shows as the lines that changed and not as the whole file.
    /// Multi-line text and text that does not parse are returned unchanged.
    static QByteArray diffableText(const QByteArray& configText);
    /// Renders changedLines as "-12 text" / "+12 text" lines.
    static QString render(const QList<DiffLine>& lines);
};

} // namespace kcs::ui
