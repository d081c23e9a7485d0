// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SearchBar.h"

#include "ui/ConfigDocument.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QToolButton>

namespace kcs::ui {

SearchBar::SearchBar(ConfigDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_edit(new QLineEdit(this)), m_count(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("searchEdit"));
    m_edit->setPlaceholderText(tr("Find in keys and values"));
    m_edit->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("searchCountLabel"));
    auto* previous = new QToolButton(this);
    previous->setObjectName(QStringLiteral("findPreviousButton"));
    previous->setText(tr("Previous"));
    auto* next = new QToolButton(this);
    next->setObjectName(QStringLiteral("findNextButton"));
    next->setText(tr("Next"));
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Close the find bar (Esc)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(new QLabel(tr("Find:"), this));
    layout->addWidget(m_edit, 1);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(m_count);
    layout->addWidget(close);

    connect(m_edit, &QLineEdit::returnPressed, this, &SearchBar::findNext);
    connect(m_edit, &QLineEdit::textChanged, this, [this] { m_stale = true; m_count->clear(); });
    connect(previous, &QToolButton::clicked, this, &SearchBar::findPrevious);
    connect(next, &QToolButton::clicked, this, &SearchBar::findNext);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &QWidget::hide);
    connect(m_document, &ConfigDocument::contentChanged, this, [this] { m_stale = true; });
}

void SearchBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void SearchBar::refresh()
{
    if (!m_stale && m_query == m_edit->text())
        return;
    m_query = m_edit->text();
    m_hits = NodeSearch::find(m_document->json(), m_query);
    m_stale = false;
    m_current = -1;
    Q_EMIT hitsChanged(m_hits);
}

void SearchBar::step(int delta)
{
    refresh();
    if (m_hits.empty()) {
        m_current = -1;
        updateLabel();
        return;
    }
    const int count = int(m_hits.size());
    m_current = m_current < 0 ? (delta > 0 ? 0 : count - 1) : (m_current + delta + count) % count;
    updateLabel();
    Q_EMIT hitSelected(m_hits[size_t(m_current)].node, m_hits[size_t(m_current)].match);
}

void SearchBar::findNext()
{
    step(+1);
}

void SearchBar::findPrevious()
{
    step(-1);
}

void SearchBar::updateLabel()
{
    if (m_query.isEmpty())
        m_count->clear();
    else if (m_hits.empty())
        m_count->setText(tr("No matches"));
    else
        m_count->setText(tr("%1 of %2").arg(m_current + 1).arg(m_hits.size()));
}

} // namespace kcs::ui
