// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/keras/ErrorText.h"

#include <QDialog>

#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace kcs::ui {

class ConfigDocument;
class JsonPane;
class SelectionSync;

/// "Paste Error…": the user pastes what Python printed (a whole traceback or one message) and
/// the dialog lists every error it recognises (core parseErrorText), each with the objects of
/// the open model it names (findErrorNodes) and what it means and how to fix it (explainError).
/// Choosing a finding or one of its objects selects that object in the tree and the text; all
/// objects of the finding are highlighted in the text. Non-modal, so the model stays usable;
/// the window owns it.
class PasteErrorDialog : public QDialog {
    Q_OBJECT
public:
    PasteErrorDialog(ConfigDocument* document, SelectionSync* selection, JsonPane* pane,
                     QWidget* parent = nullptr);

    void setErrorText(const QString& text);
    /// Reads the text, lists the findings and selects the first object of the first one.
    /// Returns the number of findings.
    int analyse();

    const std::vector<keras::ErrorFinding>& findings() const { return m_findings; }
    /// The objects of the model finding `index` names (document order).
    const std::vector<json::NodeId>& nodesOf(int index) const;
    /// The explanation shown now (plain text).
    QString explanation() const;

private:
    void listFindings();
    void showFinding(QTreeWidgetItem* item);
    void highlight(const std::vector<json::NodeId>& nodes);
    QString describeNode(json::NodeId node) const;

    ConfigDocument* m_document;
    SelectionSync* m_selection;
    JsonPane* m_pane;
    QPlainTextEdit* m_input;
    QTreeWidget* m_findingsTree;
    QTextBrowser* m_explanation;
    QLabel* m_summary;
    std::vector<keras::ErrorFinding> m_findings;
    std::vector<std::vector<json::NodeId>> m_nodes;
};

} // namespace kcs::ui
