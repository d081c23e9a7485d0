// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TreeActions.h"

#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QTreeView>

namespace kcs::ui {

namespace {

const QString kKeyMime = QStringLiteral("application/x-kcs-json-key");

Result<json::Value> clipboardValue()
{
    const QByteArray text = QApplication::clipboard()->text().toUtf8();
    auto parsed = json::Document::parse(text);
    if (!parsed)
        return fail(parsed.error().code,
                    QObject::tr("The clipboard does not hold JSON: %1").arg(parsed.error().message));
    return parsed->toValue(parsed->root());
}

} // namespace

TreeActions::TreeActions(QTreeView* tree, ConfigTreeModel* model, QWidget* window)
    : QObject(window), m_tree(tree), m_model(model), m_window(window)
{
    m_copy = makeAction(tr("&Copy as JSON"), "copyJsonAction", QKeySequence::Copy);
    m_paste = makeAction(tr("&Paste JSON"), "pasteJsonAction", QKeySequence::Paste);
    m_replace = makeAction(tr("Replace with Clip&board"), "replaceJsonAction", QKeySequence());
    m_add = makeAction(tr("&Add Member"), "addMemberAction", QKeySequence(Qt::Key_Insert));
    m_remove = makeAction(tr("&Remove"), "removeNodeAction", QKeySequence::Delete);
    m_rename = makeAction(tr("Re&name Key"), "renameKeyAction", QKeySequence(Qt::Key_F2));
    connect(m_copy, &QAction::triggered, this, &TreeActions::copy);
    connect(m_paste, &QAction::triggered, this, &TreeActions::paste);
    connect(m_replace, &QAction::triggered, this, &TreeActions::replaceWithClipboard);
    connect(m_add, &QAction::triggered, this, &TreeActions::add);
    connect(m_remove, &QAction::triggered, this, &TreeActions::remove);
    connect(m_rename, &QAction::triggered, this, &TreeActions::rename);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &TreeActions::updateEnabled);
    connect(model, &QAbstractItemModel::modelReset, this, &TreeActions::updateEnabled);
    updateEnabled();
}

QAction* TreeActions::makeAction(const QString& text, const char* objectName, const QKeySequence& keys)
{
    auto* action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    action->setShortcut(keys);
    // Copy/Paste/Delete mean something else in the text view: these act on the tree only.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(action);
    return action;
}

json::NodeId TreeActions::current() const
{
    return m_model->nodeFromIndex(m_tree->currentIndex());
}

void TreeActions::report(const Result<void>& result)
{
    if (!result)
        Q_EMIT failed(result.error().message);
}

QString TreeActions::uniqueKey(const json::Document& document, json::NodeId object, const QString& base)
{
    QString key = base;
    for (int n = 1; document.member(object, QStringView(key)) != json::kNoNode; ++n)
        key = QStringLiteral("%1_%2").arg(base).arg(n);
    return key;
}

void TreeActions::updateEnabled()
{
    const json::Document& doc = m_model->document()->json();
    const json::NodeId node = current();
    const bool valid = node != json::kNoNode && doc.isValid(node);
    const json::Kind kind = valid ? doc.kind(node) : json::Kind::Null;
    const bool container = valid && (kind == json::Kind::Object || kind == json::Kind::Array);
    m_copy->setEnabled(valid);
    m_paste->setEnabled(valid);
    m_replace->setEnabled(valid);
    m_add->setEnabled(container);
    m_add->setText(kind == json::Kind::Array ? tr("&Add Element") : tr("&Add Member"));
    m_remove->setEnabled(valid && doc.parent(node) != json::kNoNode);
    m_rename->setEnabled(valid && doc.isMember(node));
}

void TreeActions::copy()
{
    const json::Document& doc = m_model->document()->json();
    const json::NodeId node = current();
    if (node == json::kNoNode)
        return;
    auto* mime = new QMimeData;
    mime->setText(QString::fromUtf8(doc.raw(node)));
    if (doc.isMember(node))
        mime->setData(kKeyMime, doc.key(node).toUtf8());
    QApplication::clipboard()->setMimeData(mime);
}

void TreeActions::paste()
{
    ConfigDocument* document = m_model->document();
    const json::Document& doc = document->json();
    const json::NodeId node = current();
    if (node == json::kNoNode)
        return;
    const json::Kind kind = doc.kind(node);
    if (kind != json::Kind::Object && kind != json::Kind::Array) {
        replaceWithClipboard();
        return;
    }
    auto value = clipboardValue();
    if (!value) {
        Q_EMIT failed(value.error().message);
        return;
    }
    const int end = doc.childCount(node);
    if (kind == json::Kind::Array) {
        report(document->insertElement(node, end, *value));
        return;
    }
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const QString copiedKey = mime && mime->hasFormat(kKeyMime) ? QString::fromUtf8(mime->data(kKeyMime))
                                                                : QStringLiteral("pasted");
    report(document->insertMember(node, end, uniqueKey(doc, node, copiedKey), *value));
}

void TreeActions::replaceWithClipboard()
{
    const json::NodeId node = current();
    if (node == json::kNoNode)
        return;
    const QByteArray text = QApplication::clipboard()->text().trimmed().toUtf8();
    report(m_model->document()->replaceValueText(node, text));
}

void TreeActions::add()
{
    ConfigDocument* document = m_model->document();
    const json::Document& doc = document->json();
    const json::NodeId node = current();
    if (node == json::kNoNode)
        return;
    const int end = doc.childCount(node);
    if (doc.kind(node) == json::Kind::Array) {
        report(document->insertElement(node, end, json::Value()));
    } else if (doc.kind(node) == json::Kind::Object) {
        auto done = document->insertMember(node, end, uniqueKey(doc, node, QStringLiteral("new_key")),
                                           json::Value());
        report(done);
        if (!done)
            return;
    } else {
        return;
    }
    const QModelIndex parentIndex = m_model->indexFor(node);
    m_tree->expand(parentIndex);
    const QModelIndex added = m_model->index(end, ConfigTreeModel::KeyColumn, parentIndex);
    m_tree->setCurrentIndex(added);
    if (doc.kind(node) == json::Kind::Object)
        m_tree->edit(added); // a new member wants a name first
}

void TreeActions::remove()
{
    const json::Document& doc = m_model->document()->json();
    const json::NodeId node = current();
    if (node == json::kNoNode || doc.parent(node) == json::kNoNode)
        return;
    report(m_model->document()->removeChild(doc.parent(node), doc.indexInParent(node)));
}

void TreeActions::rename()
{
    const QModelIndex index = m_tree->currentIndex();
    if (index.isValid())
        m_tree->edit(index.siblingAtColumn(ConfigTreeModel::KeyColumn));
}

} // namespace kcs::ui
