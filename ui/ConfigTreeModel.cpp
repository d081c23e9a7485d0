// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConfigTreeModel.h"

#include "ui/ConfigDocument.h"
#include "ui/StatusIcons.h"

#include <QBrush>
#include <QFont>

namespace kcs::ui {

using json::Kind;
using json::kNoNode;
using json::NodeId;

ConfigTreeModel::ConfigTreeModel(ConfigDocument* document, QObject* parent)
    : QAbstractItemModel(parent), m_document(document)
{
    Q_ASSERT(document);
    m_document->addListener(this);
}

ConfigTreeModel::~ConfigTreeModel()
{
    m_document->removeListener(this);
}

const json::Document& ConfigTreeModel::doc() const
{
    return m_document->json();
}

QModelIndex ConfigTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(doc().root()));
    const NodeId child = doc().child(nodeFromIndex(parent), row);
    return child == kNoNode ? QModelIndex() : createIndex(row, column, quintptr(child));
}

QModelIndex ConfigTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const NodeId node = nodeFromIndex(child);
    const NodeId up = doc().parent(node);
    if (up == kNoNode)
        return {};
    return indexFor(up);
}

int ConfigTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    if (!parent.isValid())
        return doc().root() == kNoNode ? 0 : 1;
    return doc().childCount(nodeFromIndex(parent));
}

int ConfigTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool ConfigTreeModel::hasChildren(const QModelIndex& parent) const
{
    return rowCount(parent) > 0;
}

QModelIndex ConfigTreeModel::indexFor(NodeId node, int column) const
{
    if (node == kNoNode || !doc().isValid(node))
        return {};
    const int row = node == doc().root() ? 0 : doc().indexInParent(node);
    return createIndex(row, column, quintptr(node));
}

NodeId ConfigTreeModel::nodeFromIndex(const QModelIndex& index) const
{
    if (!index.isValid())
        return kNoNode;
    Q_ASSERT(index.model() == this);
    return NodeId(index.internalId());
}

void ConfigTreeModel::setResolutions(QHash<qint64, Resolution> resolutions)
{
    m_resolutions = std::move(resolutions);
    // Every row's type text and colour may change, nothing moves. A layout change would make the
    // tree re-lay out every expanded row (a second for an open 20,000-layer list), so the views
    // are told through resolutionsChanged() and repaint what they show.
    const QModelIndex root = index(0, 0);
    if (root.isValid())
        Q_EMIT dataChanged(root, index(0, TypeColumn));
    Q_EMIT resolutionsChanged();
}

Resolution ConfigTreeModel::resolution(NodeId node) const
{
    const EnvelopeInfo info = envelopeInfo(doc(), node);
    if (!info.isEnvelope)
        return Resolution::NotAnObject;
    const auto found = m_resolutions.constFind(doc().span(node).begin);
    if (found != m_resolutions.cend())
        return *found;
    const bool k2 = m_document->target() == TargetKeras::TfKeras2;
    return resolutionFromFields(info, k2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3);
}

QString ConfigTreeModel::keyText(NodeId node) const
{
    if (node == doc().root())
        return m_document->displayName().isEmpty() ? tr("(root)") : m_document->displayName();
    return doc().isMember(node) ? doc().key(node) : QString();
}

QString ConfigTreeModel::typeText(NodeId node) const
{
    const EnvelopeInfo info = envelopeInfo(doc(), node);
    if (!info.isEnvelope)
        return kindName(doc().kind(node));
    const Resolution status = resolution(node);
    if (status == Resolution::Custom)
        return tr("%1 (custom: %2)").arg(info.className, info.registeredName);
    if (status == Resolution::Internal)
        return info.className;
    return tr("%1 (%2)").arg(info.className, resolutionName(status));
}

QVariant ConfigTreeModel::displayData(NodeId node, int column) const
{
    switch (column) {
    case KeyColumn: return keyText(node);
    case ValueColumn: return valueSummary(doc(), node);
    case TypeColumn: return typeText(node);
    }
    return {};
}

QVariant ConfigTreeModel::decorationData(NodeId node, int column) const
{
    if (column != TypeColumn)
        return {};
    const Resolution status = resolution(node);
    if (status == Resolution::NotAnObject)
        return {};
    return StatusIcons::icon(status);
}

QVariant ConfigTreeModel::foregroundData(NodeId node, int column) const
{
    if (column != TypeColumn)
        return {};
    const Resolution status = resolution(node);
    if (status == Resolution::NotAnObject || status == Resolution::BuiltIn)
        return {};
    return QBrush(StatusIcons::color(status));
}

QVariant ConfigTreeModel::data(const QModelIndex& index, int role) const
{
    const NodeId node = nodeFromIndex(index);
    if (node == kNoNode || !doc().isValid(node))
        return {};
    switch (role) {
    case Qt::DisplayRole: return displayData(node, index.column());
    case Qt::EditRole:
    case EditTextRole:
        if (index.column() == KeyColumn)
            return doc().isMember(node) ? doc().key(node) : QVariant();
        if (doc().kind(node) == Kind::String)
            return doc().string(node);
        return QString::fromUtf8(doc().raw(node));
    case Qt::ToolTipRole:
        return doc().pointer(node);
    case Qt::DecorationRole: return decorationData(node, index.column());
    case Qt::ForegroundRole: return foregroundData(node, index.column());
    case NodeIdRole: return QVariant::fromValue(node);
    case PointerRole: return doc().pointer(node);
    case KindRole: return int(doc().kind(node));
    case ResolutionRole: return int(resolution(node));
    case ClassNameRole: return envelopeInfo(doc(), node).className;
    case IndexLabelRole:
        if (node == doc().root() || doc().isMember(node))
            return {};
        return QStringLiteral("[%1]").arg(index.row());
    }
    return {};
}

QVariant ConfigTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    }
    return {};
}

Qt::ItemFlags ConfigTreeModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags result = QAbstractItemModel::flags(index);
    const NodeId node = nodeFromIndex(index);
    if (node == kNoNode)
        return result;
    if (index.column() == KeyColumn && doc().isMember(node))
        result |= Qt::ItemIsEditable;
    const Kind kind = doc().kind(node);
    if (index.column() == ValueColumn && kind != Kind::Object && kind != Kind::Array)
        result |= Qt::ItemIsEditable;
    return result;
}

bool ConfigTreeModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole)
        return false;
    const NodeId node = nodeFromIndex(index);
    if (node == kNoNode || !(flags(index) & Qt::ItemIsEditable))
        return false;
    if (index.column() == KeyColumn) {
        const QString key = value.toString();
        if (key == doc().key(node))
            return true;
        auto renamed = m_document->renameKey(node, key);
        if (!renamed)
            Q_EMIT editFailed(renamed.error().message);
        return bool(renamed);
    }
    return setValue(node, value);
}

bool ConfigTreeModel::setValue(NodeId node, const QVariant& value)
{
    Result<void> done;
    if (value.typeId() == QMetaType::Bool) {
        if (doc().kind(node) == Kind::Bool && doc().boolValue(node) == value.toBool())
            return true;
        done = m_document->replaceValue(node, json::Value(value.toBool()));
    } else if (doc().kind(node) == Kind::String) {
        if (doc().string(node) == value.toString())
            return true;
        done = m_document->replaceValue(node, json::Value(value.toString()));
    } else {
        // Numbers and null are edited as JSON text: unchanged text keeps the file's spelling.
        const QByteArray text = value.toString().trimmed().toUtf8();
        if (text == doc().raw(node))
            return true;
        done = m_document->replaceValueText(node, text);
    }
    if (!done)
        Q_EMIT editFailed(done.error().message);
    return bool(done);
}

void ConfigTreeModel::nodeChanged(NodeId node)
{
    // An envelope's row shows its class and name, which live in its members: repaint the node
    // and the two levels above it.
    for (int level = 0; level < 3 && node != kNoNode; ++level, node = doc().parent(node)) {
        const QModelIndex first = indexFor(node, KeyColumn);
        if (first.isValid())
            Q_EMIT dataChanged(first, indexFor(node, TypeColumn));
    }
}

void ConfigTreeModel::childrenAboutToBeInserted(NodeId parent, int first, int last)
{
    beginInsertRows(indexFor(parent), first, last);
}

void ConfigTreeModel::childrenInserted(NodeId parent, int first, int last)
{
    Q_UNUSED(first);
    Q_UNUSED(last);
    endInsertRows();
    nodeChanged(parent);
}

void ConfigTreeModel::childrenAboutToBeRemoved(NodeId parent, int first, int last)
{
    beginRemoveRows(indexFor(parent), first, last);
}

void ConfigTreeModel::childrenRemoved(NodeId parent, int, int)
{
    endRemoveRows();
    nodeChanged(parent);
}

void ConfigTreeModel::valueChanged(NodeId node)
{
    nodeChanged(node);
}

void ConfigTreeModel::keyChanged(NodeId member)
{
    nodeChanged(member);
}

void ConfigTreeModel::documentAboutToBeReset()
{
    beginResetModel();
}

void ConfigTreeModel::documentReset()
{
    m_resolutions.clear();
    endResetModel();
}

} // namespace kcs::ui
