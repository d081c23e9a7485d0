// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/debug/PasteErrorDialog.h"

#include "ui/ConfigDocument.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/NodeInfo.h"
#include "ui/SelectionSync.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kcs::ui {

namespace {

constexpr int kFindingRole = Qt::UserRole + 1; ///< index into the findings
constexpr int kNodeRole = Qt::UserRole + 2;    ///< a json::NodeId (object items only)

} // namespace

PasteErrorDialog::PasteErrorDialog(ConfigDocument* document, SelectionSync* selection, JsonPane* pane,
                                   QWidget* parent)
    : QDialog(parent), m_document(document), m_selection(selection), m_pane(pane),
      m_input(new QPlainTextEdit), m_findingsTree(new QTreeWidget), m_explanation(new QTextBrowser),
      m_summary(new QLabel)
{
    setObjectName(QStringLiteral("pasteErrorDialog"));
    setWindowTitle(tr("Paste Error"));
    m_input->setObjectName(QStringLiteral("errorTextEdit"));
    m_input->setPlaceholderText(tr("Paste what Python printed when loading failed: the whole traceback or just "
                                   "the message (\"Unknown layer: 'X'\", \"Could not locate class 'X'\", "
                                   "\"Unrecognized keyword arguments passed to Dense: {...}\", ...)"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setLineWrapMode(QPlainTextEdit::NoWrap);

    m_findingsTree->setObjectName(QStringLiteral("findingsTree"));
    m_findingsTree->setHeaderLabels({tr("Error / object"), tr("Objects")});
    m_findingsTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_findingsTree->header()->setStretchLastSection(false);
    connect(m_findingsTree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { showFinding(item); });

    m_explanation->setObjectName(QStringLiteral("explanationView"));
    m_summary->setObjectName(QStringLiteral("pasteErrorSummary"));
    m_summary->setWordWrap(true);

    auto* findButton = new QPushButton(tr("&Find in Model"));
    findButton->setObjectName(QStringLiteral("findErrorButton"));
    findButton->setToolTip(tr("Read the pasted text (Ctrl+Return)"));
    connect(findButton, &QPushButton::clicked, this, [this] { analyse(); });
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, [this] { analyse(); });
    auto* pasteButton = new QPushButton(tr("&Paste from Clipboard"));
    pasteButton->setObjectName(QStringLiteral("pasteClipboardButton"));
    connect(pasteButton, &QPushButton::clicked, this, [this] {
        setErrorText(QApplication::clipboard()->text());
        analyse();
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(pasteButton, QDialogButtonBox::ActionRole);
    buttons->addButton(findButton, QDialogButtonBox::ActionRole);
    findButton->setDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* results = new QSplitter(Qt::Horizontal);
    results->addWidget(m_findingsTree);
    results->addWidget(m_explanation);
    results->setStretchFactor(0, 1);
    results->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_input);
    split->addWidget(results);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    resize(860, 560);
    connect(this, &QDialog::finished, this, [this] { highlight({}); }); // marks go with the dialog
    // Node ids do not survive edits: the objects are looked up again in the changed model.
    connect(m_document, &ConfigDocument::contentChanged, this, [this] {
        if (!m_findings.empty())
            listFindings();
    });
}

void PasteErrorDialog::setErrorText(const QString& text)
{
    m_input->setPlainText(text);
}

int PasteErrorDialog::analyse()
{
    m_findings = keras::parseErrorText(m_input->toPlainText());
    listFindings();
    if (!m_findings.empty())
        m_findingsTree->setCurrentItem(m_findingsTree->topLevelItem(0));
    return int(m_findings.size());
}

void PasteErrorDialog::listFindings()
{
    m_nodes.clear();
    m_findingsTree->clear();
    m_explanation->clear();
    const json::Document& doc = m_document->json();
    for (size_t i = 0; i < m_findings.size(); ++i) {
        const keras::ErrorFinding& finding = m_findings[i];
        m_nodes.push_back(keras::findErrorNodes(doc, finding));
        auto* item = new QTreeWidgetItem(m_findingsTree, {finding.message, QString::number(m_nodes.back().size())});
        item->setData(0, kFindingRole, int(i));
        item->setToolTip(0, finding.message);
        for (json::NodeId node : m_nodes.back()) {
            auto* child = new QTreeWidgetItem(item, {describeNode(node)});
            child->setData(0, kFindingRole, int(i));
            child->setData(0, kNodeRole, node);
        }
        item->setExpanded(true);
    }
    if (m_findings.empty()) {
        m_summary->setText(tr("No Keras error was recognised in the text."));
        highlight({});
        return;
    }
    int objects = 0;
    for (const auto& nodes : m_nodes)
        objects += int(nodes.size());
    const QString errors = m_findings.size() == 1 ? tr("1 error recognised")
                                                  : tr("%1 errors recognised").arg(m_findings.size());
    const QString named = objects == 1 ? tr("1 object of the model named") : tr("%1 objects of the model named").arg(objects);
    m_summary->setText(errors + QStringLiteral("; ") + named);
}

const std::vector<json::NodeId>& PasteErrorDialog::nodesOf(int index) const
{
    static const std::vector<json::NodeId> none;
    return index >= 0 && index < int(m_nodes.size()) ? m_nodes[size_t(index)] : none;
}

QString PasteErrorDialog::explanation() const
{
    return m_explanation->toPlainText();
}

void PasteErrorDialog::showFinding(QTreeWidgetItem* item)
{
    if (!item)
        return;
    const int index = item->data(0, kFindingRole).toInt();
    if (index < 0 || index >= int(m_findings.size()))
        return;
    const std::vector<json::NodeId>& nodes = m_nodes[size_t(index)];
    QString html = QStringLiteral("<p><b>%1</b></p><p>%2</p>")
                       .arg(m_findings[size_t(index)].message.toHtmlEscaped(),
                            keras::explainError(m_findings[size_t(index)]).toHtmlEscaped());
    if (nodes.empty())
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("No object of the open model matches it.").toHtmlEscaped());
    m_explanation->setHtml(html);
    highlight(nodes);
    const QVariant node = item->data(0, kNodeRole);
    if (node.isValid())
        m_selection->selectNode(node.value<json::NodeId>());
    else if (!nodes.empty())
        m_selection->selectNode(nodes.front());
}

void PasteErrorDialog::highlight(const std::vector<json::NodeId>& nodes)
{
    if (!m_pane || !m_pane->showsWholeDocument())
        return; // a partial view has other offsets; the tree selection still shows the object
    QList<QPair<qint64, qint64>> ranges;
    for (json::NodeId node : nodes) {
        const json::Span span = m_document->json().span(node);
        ranges.append({span.begin, span.end});
    }
    m_pane->editor()->setSearchHighlights(ranges);
}

QString PasteErrorDialog::describeNode(json::NodeId node) const
{
    const json::Document& doc = m_document->json();
    const EnvelopeInfo info = envelopeInfo(doc, node);
    const QString pointer = doc.pointer(node);
    if (!info.isEnvelope)
        return pointer;
    if (info.name.isEmpty())
        return QStringLiteral("%1  (%2)").arg(info.className, pointer);
    return QStringLiteral("%1 '%2'  (%3)").arg(info.className, info.name, pointer);
}

} // namespace kcs::ui
