// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace kcs::ui {

class ConfigTreeModel;

/// The Inspector dock's content: what the selected node is (pointer, line and column, kind) and,
/// for a Keras object, its class, module, registered name, layer name and how it resolved.
class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(ConfigTreeModel* model, QWidget* parent = nullptr);

    /// The text of one field ("Class", "Pointer", ...), for tests.
    QString field(const QString& name) const;

public Q_SLOTS:
    void showNode(json::NodeId node);

private:
    void setField(const QString& name, const QString& value);

    ConfigTreeModel* m_model;
    QFormLayout* m_form;
    QHash<QString, QLabel*> m_fields;
};

} // namespace kcs::ui
