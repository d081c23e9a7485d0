// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace kcs::ui {

class ConfigDocument;
class JsonEditor;

/// The JSON text side of the window: a JsonEditor kept in step with the ConfigDocument, a line
/// saying what the text shows, and the Apply button with the line for syntax errors.
///
/// Small files are shown whole. A file larger than wholeTextLimit(), or with a line longer than
/// 64 KiB (one-line JSON from json.dumps), is shown one object at a
/// time (the one selected in the tree, or its nearest ancestor that fits), because QScintilla
/// needs seconds for a 10 MB single-line text; the header line says which object is shown.
///
/// Typing is local until applied, explicitly (Apply, Ctrl+Return) or after a pause: then the
/// text replaces the document's (or the shown object's) in one undo command. A syntax error
/// puts a squiggle at its position and the message under the editor; the document, and so the
/// tree, keep the last good state.
class JsonPane : public QWidget, private json::DocumentListener {
    Q_OBJECT
public:
    explicit JsonPane(ConfigDocument* document, QWidget* parent = nullptr);
    ~JsonPane() override;

    JsonEditor* editor() const { return m_editor; }

    /// Files larger than this (bytes) are shown one object at a time.
    static qint64 wholeTextLimit();
    static void setWholeTextLimit(qint64 bytes);
    /// Idle time after the last keystroke before the text is applied on its own (ms).
    void setIdleApplyDelay(int milliseconds);

    bool showsWholeDocument() const { return m_whole; }
    QString shownPointer() const { return m_shownPointer; }
    bool hasUnappliedEdits() const { return m_dirty; }
    QString errorText() const;

public Q_SLOTS:
    /// Selects node's text (key included), switching the shown object first if needed.
    void selectNode(json::NodeId node);
    /// Applies the typed text. Returns false (and marks the error) when it does not parse.
    bool apply();

Q_SIGNALS:
    /// The user moved the cursor onto node's text (not emitted for programmatic moves).
    void nodeActivated(json::NodeId node);
    void applyFailed(const QString& message);

private:
    void reload();
    void showObject(json::NodeId node);
    json::NodeId shownNode() const;
    void syncAfterChange(qint64 offset, qint64 removed, qint64 inserted);
    void onUserEdited();
    void onCursorMoved(qint64 offset);
    void showError(const Error& error);
    void clearError();
    void updateHeader();

    void textChanged(qint64 offset, qint64 removed, qint64 inserted) override;
    void documentReset() override;

    ConfigDocument* m_document;
    JsonEditor* m_editor;
    QLabel* m_header;
    QLabel* m_errorLabel;
    QPushButton* m_applyButton;
    QTimer m_idleTimer;
    bool m_whole = true;     ///< the editor shows the whole text
    QString m_shownPointer;  ///< otherwise: the pointer of the object shown ("" = the root)
    qint64 m_base = 0;       ///< document offset of the editor's first byte
    bool m_dirty = false;
    bool m_applying = false;
};

} // namespace kcs::ui
