// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/InspectorPanel.h"

#include "core/keras/LookupTrace.h"
#include "ui/ConfigDocument.h"
#include "ui/ConfigTreeModel.h"
#include "ui/DocumentChecker.h"
#include "ui/NodeInfo.h"
#include "ui/scopes/ScopeStore.h"

#include <QFormLayout>
#include <QLabel>

namespace kcs::ui {

namespace {

const char* const kFields[] = {
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Pointer"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Location"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Kind"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Class"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Module"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Registered name"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Name"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Resolution"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Children"),
    QT_TRANSLATE_NOOP("kcs::ui::InspectorPanel", "Lookup"),
};

} // namespace

InspectorPanel::InspectorPanel(ConfigTreeModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_form(new QFormLayout(this))
{
    for (const char* name : kFields) {
        auto* value = new QLabel(this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_fields.insert(QString::fromLatin1(name), value);
        m_form->addRow(tr(name) + QLatin1Char(':'), value);
    }
}

QString InspectorPanel::field(const QString& name) const
{
    const QLabel* label = m_fields.value(name);
    return label ? label->text() : QString();
}

void InspectorPanel::setField(const QString& name, const QString& value)
{
    if (QLabel* label = m_fields.value(name))
        label->setText(value);
}

void InspectorPanel::setLookupSources(const DocumentChecker* checker, const scopes::ScopeStore* store)
{
    m_checker = checker;
    m_scopes = store;
    connect(checker, &DocumentChecker::finished, this, [this] { showNode(m_node); });
}

QString InspectorPanel::lookupText(const json::Document& doc, json::NodeId node) const
{
    if (!m_checker || !m_scopes)
        return {};
    const CheckResult& last = m_checker->lastResult();
    const auto it = last.lookups.constFind(doc.span(node).begin);
    if (it == last.lookups.constEnd()) {
        // Keras stops at the first error: objects after it are never looked up.
        if (last.generation > 0 && !last.loads && m_model->resolution(node) != Resolution::NotAnObject)
            return tr("not looked up: the load stops at the first error before it gets here");
        return {};
    }
    const ConfigDocument* document = m_model->document();
    const keras::Dialect dialect = document->target() == TargetKeras::TfKeras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    const formats::FileKind kind = formats::kindFromName(document->kind()).value_or(formats::FileKind::KerasJson);
    const keras::LookupQuery query = keras::lookupQueryFor(doc, node, *it, kind, dialect);
    return tr("%1 looked up in:").arg(query.keyRepr()) + QLatin1Char('\n')
        + keras::traceLookup(query, dialect, m_scopes->fullSet()).text();
}

void InspectorPanel::showNode(json::NodeId node)
{
    m_node = node;
    const json::Document& doc = m_model->document()->json();
    for (QLabel* label : std::as_const(m_fields))
        label->clear();
    if (node == json::kNoNode || !doc.isValid(node))
        return;
    const SourceLocation where = doc.location(node);
    setField(QStringLiteral("Pointer"), where.pointer.isEmpty() ? tr("(root)") : where.pointer);
    setField(QStringLiteral("Location"), tr("line %1, column %2").arg(where.line).arg(where.column));
    setField(QStringLiteral("Kind"), kindName(doc.kind(node)));
    setField(QStringLiteral("Children"), QString::number(doc.childCount(node)));
    setField(QStringLiteral("Lookup"), lookupText(doc, node));
    const EnvelopeInfo info = envelopeInfo(doc, node);
    if (!info.isEnvelope)
        return;
    setField(QStringLiteral("Class"), info.className);
    setField(QStringLiteral("Module"), info.module);
    setField(QStringLiteral("Registered name"), info.registeredName);
    setField(QStringLiteral("Name"), info.name);
    setField(QStringLiteral("Resolution"), resolutionName(m_model->resolution(node)));
}

} // namespace kcs::ui
