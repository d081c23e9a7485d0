// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JsonPane.h"

#include "ui/ConfigDocument.h"
#include "ui/JsonEditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace kcs::ui {

namespace {

qint64 g_wholeTextLimit = 4 * 1024 * 1024;

/// Scintilla lays out (and wraps) a line at a time: its cost grows with the longest line, and a
/// 0.5 MB single-line file (Python's json.dumps writes one line) took 400 ms to show and 50-90 ms
/// per repaint in kcs-ui-bench. Texts with a longer line are shown one object at a time too.
constexpr qsizetype kLongestShownLine = 64 * 1024;

/// Whether text can go into the editor as it is: small enough, and no line too long.
bool fitsEditor(QByteArrayView text)
{
    if (text.size() > g_wholeTextLimit)
        return false;
    if (text.size() <= kLongestShownLine)
        return true;
    qsizetype lineStart = 0;
    for (;;) {
        const qsizetype newline = text.indexOf('\n', lineStart);
        const qsizetype lineEnd = newline < 0 ? text.size() : newline;
        if (lineEnd - lineStart > kLongestShownLine)
            return false;
        if (newline < 0)
            return true;
        lineStart = newline + 1;
    }
}

QString megabytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

JsonPane::JsonPane(ConfigDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_editor(new JsonEditor(this)),
      m_header(new QLabel(this)), m_errorLabel(new QLabel(this)),
      m_applyButton(new QPushButton(tr("&Apply"), this))
{
    m_editor->setObjectName(QStringLiteral("jsonEditor"));
    m_header->setObjectName(QStringLiteral("jsonHeaderLabel"));
    m_errorLabel->setObjectName(QStringLiteral("jsonErrorLabel"));
    m_applyButton->setObjectName(QStringLiteral("applyJsonButton"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    m_applyButton->setEnabled(false);
    m_applyButton->setToolTip(tr("Apply the edited text to the document (Ctrl+Return)"));

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_errorLabel, 1);
    bottom->addWidget(m_applyButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_editor, 1);
    layout->addLayout(bottom);

    auto* applyShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    applyShortcut->setContext(Qt::WidgetShortcut);
    connect(applyShortcut, &QShortcut::activated, this, &JsonPane::apply);
    connect(m_applyButton, &QPushButton::clicked, this, &JsonPane::apply);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(1500);
    connect(&m_idleTimer, &QTimer::timeout, this, &JsonPane::apply);
    connect(m_editor, &JsonEditor::userEdited, this, &JsonPane::onUserEdited);
    connect(m_editor, &JsonEditor::userCursorMoved, this, &JsonPane::onCursorMoved);

    m_document->addListener(this);
    reload();
}

JsonPane::~JsonPane()
{
    m_document->removeListener(this);
}

qint64 JsonPane::wholeTextLimit()
{
    return g_wholeTextLimit;
}

void JsonPane::setWholeTextLimit(qint64 bytes)
{
    g_wholeTextLimit = bytes;
}

void JsonPane::setIdleApplyDelay(int milliseconds)
{
    m_idleTimer.setInterval(milliseconds);
}

QString JsonPane::errorText() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

json::NodeId JsonPane::shownNode() const
{
    const auto& doc = m_document->json();
    return m_whole ? doc.root() : doc.find(m_shownPointer);
}

void JsonPane::reload()
{
    const auto& doc = m_document->json();
    m_dirty = false;
    m_idleTimer.stop();
    m_applyButton->setEnabled(false);
    clearError();
    if (fitsEditor(doc.text())) {
        m_whole = true;
        m_shownPointer = QString();
        m_base = 0;
        m_editor->setReadOnly(false);
        m_editor->setBytes(doc.text());
    } else {
        json::NodeId node = m_whole ? json::kNoNode : doc.find(m_shownPointer);
        showObject(node == json::kNoNode ? doc.root() : node);
        return;
    }
    updateHeader();
}

void JsonPane::showObject(json::NodeId node)
{
    const auto& doc = m_document->json();
    // The object itself when it fits, else its nearest ancestor does not help either: show the
    // node's own text only if it fits, and say so otherwise.
    m_whole = false;
    m_shownPointer = doc.pointer(node);
    // Scintilla refuses every change to a read-only text, programmatic ones included.
    m_editor->setReadOnly(false);
    m_base = doc.span(node).begin;
    if (fitsEditor(doc.raw(node))) {
        m_editor->setBytes(doc.raw(node).toByteArray());
    } else {
        m_editor->setBytes(QByteArray());
        m_editor->setReadOnly(true);
    }
    m_dirty = false;
    m_applyButton->setEnabled(false);
    clearError();
    updateHeader();
}

void JsonPane::updateHeader()
{
    const auto& doc = m_document->json();
    if (m_whole) {
        m_header->setText(tr("Whole file (%1)").arg(megabytes(doc.text().size())));
        return;
    }
    const json::NodeId node = shownNode();
    const QString where = m_shownPointer.isEmpty() ? tr("the root") : m_shownPointer;
    if (m_editor->isReadOnly() && node != json::kNoNode && !fitsEditor(doc.raw(node)))
        m_header->setText(tr("The file is %1: select a smaller object in the tree to see its text "
                             "(%2 is %3)")
                              .arg(megabytes(doc.text().size()), where, megabytes(doc.span(node).length())));
    else
        m_header->setText(tr("Showing %1 only (the file is %2)").arg(where, megabytes(doc.text().size())));
}

void JsonPane::selectNode(json::NodeId node)
{
    const auto& doc = m_document->json();
    if (node == json::kNoNode || !doc.isValid(node) || m_dirty)
        return;
    if (!m_whole) {
        const json::Span shown{m_base, m_base + m_editor->byteLength()};
        const json::Span want = doc.span(node);
        const bool inside = m_editor->byteLength() > 0 && want.begin >= shown.begin && want.end <= shown.end;
        if (!inside)
            showObject(node);
    }
    json::Span span = doc.memberSpan(node);
    if (span.begin < m_base) // the shown object's own key lies outside the text
        span = doc.span(node);
    m_editor->selectBytes(span.begin - m_base, span.end - m_base);
}

void JsonPane::onCursorMoved(qint64 offset)
{
    if (m_dirty)
        return; // the text no longer matches the document's offsets
    const json::NodeId node = m_document->json().nodeAt(offset + m_base);
    if (node != json::kNoNode)
        Q_EMIT nodeActivated(node);
}

void JsonPane::onUserEdited()
{
    m_dirty = true;
    m_applyButton->setEnabled(true);
    if (m_idleTimer.interval() >= 0)
        m_idleTimer.start();
}

bool JsonPane::apply()
{
    m_idleTimer.stop();
    if (!m_dirty)
        return true;
    const QByteArray text = m_editor->bytes();
    m_applying = true;
    const Result<void> done = m_whole ? m_document->applyText(text)
                                                      : m_document->applySubtreeText(m_shownPointer, text);
    m_applying = false;
    if (!done) {
        showError(done.error());
        Q_EMIT applyFailed(m_errorLabel->text());
        return false;
    }
    m_dirty = false;
    m_applyButton->setEnabled(false);
    clearError();
    syncAfterChange(0, 0, 0);
    return true;
}

void JsonPane::showError(const Error& error)
{
    const qint64 offset = std::max<qint64>(0, error.where.offset);
    m_editor->setErrorMarker(offset, std::max<qint64>(1, error.where.length));
    const json::TextPosition at = json::positionInText(m_editor->bytes(), offset);
    m_errorLabel->setText(tr("Line %1, column %2: %3 (the tree keeps the last valid text)")
                              .arg(at.line)
                              .arg(at.column)
                              .arg(error.message));
    m_errorLabel->show();
}

void JsonPane::clearError()
{
    m_editor->clearErrorMarker();
    m_errorLabel->clear();
    m_errorLabel->hide();
}

void JsonPane::syncAfterChange(qint64 offset, qint64 removed, qint64 inserted)
{
    const auto& doc = m_document->json();
    if (!m_whole) {
        const json::NodeId node = shownNode();
        if (node == json::kNoNode) {
            showObject(doc.root());
        } else if (doc.raw(node) != QByteArrayView(m_editor->bytes())) {
            showObject(node);
        }
        return;
    }
    if (!fitsEditor(doc.text())) {
        reload();
        return;
    }
    const qint64 expected = doc.text().size() - inserted + removed;
    if (m_editor->byteLength() == expected && offset + removed <= expected && inserted + removed > 0) {
        m_editor->spliceBytes(offset, removed, doc.text().mid(offset, inserted));
    } else if (m_editor->bytes() != doc.text()) {
        m_editor->setBytes(doc.text());
    }
    updateHeader();
}

void JsonPane::textChanged(qint64 offset, qint64 removed, qint64 inserted)
{
    if (m_applying)
        return; // apply() syncs once the command is on the stack
    if (m_dirty) {
        // A change from elsewhere (tree, undo) wins over text that was never applied.
        reload();
        return;
    }
    syncAfterChange(offset, removed, inserted);
}

void JsonPane::documentReset()
{
    if (m_applying)
        return;
    reload();
}

} // namespace kcs::ui
