// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "ui/NodeInfo.h"

#include <QAbstractItemModel>
#include <QHash>

namespace kcs::ui {

class ConfigDocument;

/// The tree of the config: a thin adapter over the json::Document of a ConfigDocument. Each
/// index carries its NodeId in internalId(); nothing is copied, and rows exist only for the
/// parents a view asks about. The single top-level row is the document's root.
///
/// Edits through setData() become undo commands on the document; the document's notifications
/// become begin/endInsertRows, begin/endRemoveRows, dataChanged and model resets.
class ConfigTreeModel : public QAbstractItemModel, private json::DocumentListener {
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        NodeIdRole = Qt::UserRole + 1, ///< json::NodeId (quint32)
        PointerRole,                   ///< RFC 6901 pointer (QString)
        KindRole,                      ///< int(json::Kind)
        ResolutionRole,                ///< int(Resolution) for envelopes
        ClassNameRole,                 ///< class_name of an envelope, else empty
        EditTextRole,                  ///< the value as the editor starts with it
        /// "[i]" for array elements. Their key column has no display text: a position label
        /// would change whenever an earlier element comes or goes, so the delegate paints it
        /// from the current row instead.
        IndexLabelRole,
    };

    explicit ConfigTreeModel(ConfigDocument* document, QObject* parent = nullptr);
    ~ConfigTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    QModelIndex indexFor(json::NodeId node, int column = KeyColumn) const;
    json::NodeId nodeFromIndex(const QModelIndex& index) const;
    ConfigDocument* document() const { return m_document; }

    /// Resolution results of the load simulation, keyed by the byte offset of the envelope's
    /// value; envelopes not in the map fall back to what their own fields say.
    void setResolutions(QHash<qint64, Resolution> resolutions);
    Resolution resolution(json::NodeId node) const;

Q_SIGNALS:
    /// An edit through setData() was refused by the document (the message says why).
    void editFailed(const QString& message);
    /// setResolutions() changed the type column's text and colour of any envelope row; views
    /// repaint what they show (no dataChanged per row: there may be 100,000 of them).
    void resolutionsChanged();

private:
    const json::Document& doc() const;
    QVariant displayData(json::NodeId node, int column) const;
    QVariant decorationData(json::NodeId node, int column) const;
    QVariant foregroundData(json::NodeId node, int column) const;
    QString keyText(json::NodeId node) const;
    QString typeText(json::NodeId node) const;
    bool setValue(json::NodeId node, const QVariant& value);
    void nodeChanged(json::NodeId node);

    void childrenAboutToBeInserted(json::NodeId parent, int first, int last) override;
    void childrenInserted(json::NodeId parent, int first, int last) override;
    void childrenAboutToBeRemoved(json::NodeId parent, int first, int last) override;
    void childrenRemoved(json::NodeId parent, int first, int last) override;
    void valueChanged(json::NodeId node) override;
    void keyChanged(json::NodeId member) override;
    void documentAboutToBeReset() override;
    void documentReset() override;

    ConfigDocument* m_document;
    QHash<qint64, Resolution> m_resolutions;
};

} // namespace kcs::ui
