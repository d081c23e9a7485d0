// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace kcs::ui {

class ConfigTreeModel;
class DocumentChecker;
namespace scopes {
class ScopeStore;
}

/// The Inspector dock's content: what the selected node is (pointer, line and column, kind) and,
/// for a Keras object, its class, module, registered name, layer name and how it resolved, and
/// (with lookup sources set) how its name was looked up: each place Keras consulted, in order,
/// and which one answered (keras::LookupTrace).
class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(ConfigTreeModel* model, QWidget* parent = nullptr);

    /// The text of one field ("Class", "Pointer", ...), for tests.
    QString field(const QString& name) const;

    /// The last check's records and the scopes in force, for the "Lookup" field; the panel
    /// refreshes when either reports a change.
    void setLookupSources(const DocumentChecker* checker, const scopes::ScopeStore* store);

public Q_SLOTS:
    void showNode(json::NodeId node);

private:
    void setField(const QString& name, const QString& value);
    QString lookupText(const json::Document& doc, json::NodeId node) const;

    ConfigTreeModel* m_model;
    const DocumentChecker* m_checker = nullptr;
    const scopes::ScopeStore* m_scopes = nullptr;
    json::NodeId m_node = json::kNoNode;
    QFormLayout* m_form;
    QHash<QString, QLabel*> m_fields;
};

} // namespace kcs::ui
