// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JsonEditor.h"


#include <QFontDatabase>

namespace kcs::ui {

JsonEditor::JsonEditor(QWidget* parent) : QsciScintilla(parent)
{
    setUtf8(true);
    setupLexer();
    setupMargins();
    setupIndicators();
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    setCaretLineVisible(true);
    setCaretLineBackgroundColor(palette().color(QPalette::AlternateBase));
    setTabWidth(2);
    setIndentationsUseTabs(false);
    setEolMode(QsciScintilla::EolUnix);
    // Very long lines are common (Keras writes one-line JSON): wrap at spaces, keep it cheap.
    setWrapMode(QsciScintilla::WrapWord);
    SendScintilla(SCI_SETLAYOUTCACHE, SC_CACHE_PAGE);
    connect(this, &QsciScintilla::textChanged, this, [this] {
        if (!m_programmatic)
            Q_EMIT userEdited();
    });
    connect(this, &QsciScintilla::cursorPositionChanged, this, [this](int, int) {
        const qint64 caret = cursorByte();
        if (m_programmatic || caret == m_programmaticCaret)
            return;
        m_programmaticCaret = -1;
        Q_EMIT userCursorMoved(caret);
    });
}

void JsonEditor::setupLexer()
{
    auto* lexer = new QsciLexerJSON(this);
    lexer->setFoldCompact(false);
    lexer->setHighlightComments(false);
    setLexer(lexer);
    setEditorFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

void JsonEditor::setEditorFont(const QFont& font)
{
    if (auto* lex = lexer()) {
        lex->setDefaultFont(font);
        lex->setFont(font, -1);
    }
    setFont(font);
    setMarginsFont(font);
    setupMargins();
}

void JsonEditor::setupMargins()
{
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginWidth(0, QStringLiteral("0000000"));
}

void JsonEditor::setupIndicators()
{
    m_errorIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator, m_errorIndicator);
    setIndicatorForegroundColor(QColor(0xd0, 0x10, 0x10), m_errorIndicator);
    m_searchIndicator = indicatorDefine(QsciScintilla::StraightBoxIndicator, m_searchIndicator);
    setIndicatorForegroundColor(QColor(0xf0, 0xc0, 0x00), m_searchIndicator);
    SendScintilla(SCI_INDICSETALPHA, m_searchIndicator, 90);
}

void JsonEditor::rememberCaret()
{
    m_programmaticCaret = cursorByte();
}

void JsonEditor::setBytes(const QByteArray& text)
{
    m_programmatic = true;
    SendScintilla(SCI_SETTEXT, 0ul, text.constData());
    SendScintilla(SCI_EMPTYUNDOBUFFER);
    rememberCaret();
    m_programmatic = false;
}

void JsonEditor::spliceBytes(qint64 offset, qint64 removed, const QByteArray& text)
{
    m_programmatic = true;
    SendScintilla(SCI_SETTARGETRANGE, (unsigned long)offset, long(offset + removed));
    SendScintilla(SCI_REPLACETARGET, (unsigned long)text.size(), text.constData());
    SendScintilla(SCI_EMPTYUNDOBUFFER);
    rememberCaret();
    m_programmatic = false;
}

QByteArray JsonEditor::bytes() const
{
    auto* self = const_cast<JsonEditor*>(this);
    const auto* data = reinterpret_cast<const char*>(self->SendScintilla(SCI_GETCHARACTERPOINTER));
    return QByteArray(data, byteLength());
}

qint64 JsonEditor::byteLength() const
{
    return const_cast<JsonEditor*>(this)->SendScintilla(SCI_GETLENGTH);
}

void JsonEditor::selectBytes(qint64 begin, qint64 end)
{
    m_programmatic = true;
    const long line = SendScintilla(SCI_LINEFROMPOSITION, (unsigned long)begin);
    SendScintilla(SCI_ENSUREVISIBLE, (unsigned long)line);
    SendScintilla(SCI_SETSEL, (unsigned long)begin, long(end));
    // Show the start of the selection even when the end is far away.
    SendScintilla(SCI_SCROLLRANGE, (unsigned long)begin, long(begin));
    rememberCaret();
    m_programmatic = false;
}

QPair<qint64, qint64> JsonEditor::selectedBytes() const
{
    auto* self = const_cast<JsonEditor*>(this);
    return {self->SendScintilla(SCI_GETSELECTIONSTART), self->SendScintilla(SCI_GETSELECTIONEND)};
}

qint64 JsonEditor::cursorByte() const
{
    return const_cast<JsonEditor*>(this)->SendScintilla(SCI_GETCURRENTPOS);
}

void JsonEditor::fillIndicator(int indicator, qint64 offset, qint64 length)
{
    SendScintilla(SCI_SETINDICATORCURRENT, (unsigned long)indicator);
    SendScintilla(SCI_INDICATORFILLRANGE, (unsigned long)offset, long(length));
}

void JsonEditor::clearIndicator(int indicator)
{
    SendScintilla(SCI_SETINDICATORCURRENT, (unsigned long)indicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0ul, long(byteLength()));
}

void JsonEditor::setErrorMarker(qint64 offset, qint64 length)
{
    clearErrorMarker();
    const qint64 size = byteLength();
    offset = std::clamp<qint64>(offset, 0, size);
    length = std::max<qint64>(1, length);
    if (offset >= size && size > 0)
        offset = size - 1; // an error at the very end (truncation) marks the last character
    fillIndicator(m_errorIndicator, offset, std::min(length, std::max<qint64>(1, size - offset)));
    const long line = SendScintilla(SCI_LINEFROMPOSITION, (unsigned long)offset);
    SendScintilla(SCI_ENSUREVISIBLE, (unsigned long)line);
}

void JsonEditor::clearErrorMarker()
{
    clearIndicator(m_errorIndicator);
}

QPair<qint64, qint64> JsonEditor::errorMarker() const
{
    auto* self = const_cast<JsonEditor*>(this);
    const qint64 size = byteLength();
    for (qint64 pos = 0; pos < size;) {
        if (self->SendScintilla(SCI_INDICATORVALUEAT, (unsigned long)m_errorIndicator, long(pos)))
            return {pos, self->SendScintilla(SCI_INDICATOREND, (unsigned long)m_errorIndicator, long(pos))};
        const qint64 next = self->SendScintilla(SCI_INDICATOREND, (unsigned long)m_errorIndicator, long(pos));
        if (next <= pos)
            break;
        pos = next;
    }
    return {-1, -1};
}

void JsonEditor::setSearchHighlights(const QList<QPair<qint64, qint64>>& ranges)
{
    clearSearchHighlights();
    for (const auto& [begin, end] : ranges)
        fillIndicator(m_searchIndicator, begin, end - begin);
}

void JsonEditor::clearSearchHighlights()
{
    clearIndicator(m_searchIndicator);
}

} // namespace kcs::ui
