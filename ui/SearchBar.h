// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/NodeSearch.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace kcs::ui {

class ConfigDocument;

/// The find bar over keys and values: a query line, next/previous, and "3 of 17". Results are
/// computed once per query and document state; moving through them emits hitSelected, and
/// every new result list emits hitsChanged so the text view can highlight all of them.
class SearchBar : public QWidget {
    Q_OBJECT
public:
    explicit SearchBar(ConfigDocument* document, QWidget* parent = nullptr);

    QLineEdit* lineEdit() const { return m_edit; }
    int hitCount() const { return int(m_hits.size()); }
    int currentHit() const { return m_current; } ///< -1 when none

public Q_SLOTS:
    void activate();  ///< shows the bar and focuses the query (Find)
    void findNext();
    void findPrevious();

Q_SIGNALS:
    void hitSelected(json::NodeId node, json::Span match);
    void hitsChanged(const std::vector<kcs::ui::SearchHit>& hits);

private:
    void refresh();
    void step(int delta);
    void updateLabel();

    ConfigDocument* m_document;
    QLineEdit* m_edit;
    QLabel* m_count;
    std::vector<SearchHit> m_hits;
    QString m_query;   ///< the query m_hits belong to
    bool m_stale = true;
    int m_current = -1;
};

} // namespace kcs::ui
