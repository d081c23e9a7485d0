// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/QsciIncludes.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace kcs::ui {

/// The JSON text view: QScintilla with the JSON lexer, folding, line numbers, brace matching, a
/// squiggle indicator for syntax errors and a box indicator for search hits. All positions in
/// its API are byte offsets of the UTF-8 text (Scintilla's own unit), the unit of json::Span.
///
/// Text set through setBytes()/spliceBytes() is not a user edit: it emits no userEdited() and
/// leaves QScintilla's undo buffer empty, so Ctrl+Z in the editor only undoes unapplied typing.
class JsonEditor : public QsciScintilla {
    Q_OBJECT
public:
    explicit JsonEditor(QWidget* parent = nullptr);

    void setBytes(const QByteArray& text);
    /// Replaces [offset, offset + removed) by text, keeping scroll position and folds elsewhere.
    void spliceBytes(qint64 offset, qint64 removed, const QByteArray& text);
    QByteArray bytes() const;
    qint64 byteLength() const;

    void selectBytes(qint64 begin, qint64 end);
    QPair<qint64, qint64> selectedBytes() const;
    qint64 cursorByte() const;

    /// Marks [offset, offset + length) with the error squiggle (at least one character).
    void setErrorMarker(qint64 offset, qint64 length = 1);
    void clearErrorMarker();
    /// The marked range, or (-1, -1) when there is none (for tests and the status line).
    QPair<qint64, qint64> errorMarker() const;

    void setSearchHighlights(const QList<QPair<qint64, qint64>>& ranges);
    void clearSearchHighlights();

    /// Fixed-pitch font of the given point size for text and margin (screenshots fix the size).
    void setEditorFont(const QFont& font);

Q_SIGNALS:
    void userEdited();
    void userCursorMoved(qint64 offset);

private:
    void setupLexer();
    void setupMargins();
    void setupIndicators();
    void fillIndicator(int indicator, qint64 offset, qint64 length);
    void clearIndicator(int indicator);

    void rememberCaret();

    bool m_programmatic = false;
    /// Where the last programmatic change left the caret. QScintilla reports caret moves later,
    /// when it repaints; a report of this position is ours, not the user's.
    qint64 m_programmaticCaret = -1;
    int m_errorIndicator = 8;
    int m_searchIndicator = 9;
};

} // namespace kcs::ui
