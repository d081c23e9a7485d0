// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mapping/MappingDialog.h"

#include "core/keras/ClassMapping.h"
#include "core/keras/ClassMappingCandidates.h"
#include "core/keras/LoadSimulation.h"
#include "ui/ConfigDocument.h"
#include "ui/NodeInfo.h"
#include "ui/debug/UndoableEdit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace kcs::ui {

namespace {

constexpr int kShownPlaces = 3; ///< places named in the Where column before "…"
/// Above this many rewritten values the mapping is applied as one text replacement: the views
/// follow every splice of a Compound edit one by one, which on a big single-line file (what
/// to_json() writes) costs seconds per splice; one replacement reloads them once.
constexpr size_t kMaxSplices = 16;

/// applyMappings, planned on a copy so the document (and its views) change in one step: the
/// Compound edit itself when it is small, else one replacement of the whole text by the same
/// bytes. Either way undo restores the original bytes.
Result<json::Edit> applyMappingsInOneStep(json::Document& doc, formats::FileDialect dialect,
                                          const std::vector<keras::MappingRule>& rules,
                                          const std::vector<keras::ObjectDescriptor>& descriptors)
{
    auto copy = json::Document::parse(doc.text());
    if (!copy)
        return std::unexpected(copy.error());
    auto planned = keras::applyMappings(*copy, dialect, rules, descriptors);
    if (!planned)
        return planned;
    if (planned->parts.size() <= kMaxSplices) {
        if (auto applied = doc.apply(*planned); !applied)
            return std::unexpected(applied.error());
        return planned;
    }
    auto whole = doc.replaceText(copy->text());
    if (whole)
        whole->description = planned->description;
    return whole;
}

formats::FileDialect fileDialectOf(const ConfigDocument* document)
{
    return formats::dialectFromName(document->dialect()).value_or(formats::FileDialect::Keras3);
}

QString targetKindText(const keras::MappingTarget& target)
{
    switch (target.kind) {
    case keras::MappingTarget::Kind::Registered:
        return target.descriptor ? QObject::tr("declared custom object") : QObject::tr("registered key");
    case keras::MappingTarget::Kind::Custom:
        return target.descriptor ? QObject::tr("declared custom object") : QObject::tr("custom name");
    case keras::MappingTarget::Kind::BuiltIn:
        return QObject::tr("built-in %1.%2").arg(target.builtin->module, target.builtin->name());
    }
    return {};
}

/// The lines of one mapping in the differences view: a header, then each misfit occurrence.
QStringList describePlan(const keras::MappingPlan& plan)
{
    const qsizetype uses = qsizetype(plan.occurrences.size());
    QStringList lines{(uses == 1 ? QObject::tr("%1 → %2 (%3), 1 use:") : QObject::tr("%1 → %2 (%3), %4 uses:"))
                          .arg(plan.rule.from, plan.target.key, targetKindText(plan.target), QString::number(uses))};
    const QStringList misfits = keras::describeDifferences(plan);
    const bool compared = std::any_of(plan.occurrences.begin(), plan.occurrences.end(),
                                      [](const keras::MappingOccurrence& o) { return o.checked; });
    if (!compared)
        lines.append(QObject::tr("    the parameters of %1 are not known: nothing compared").arg(plan.target.key));
    else if (misfits.isEmpty())
        lines.append(QObject::tr("    every config fits the parameters of %1").arg(plan.target.key));
    for (const QString& line : misfits)
        lines.append(QStringLiteral("    ") + line);
    return lines;
}

/// The alias entry that makes `entry.name` stand for `target` in a scope.
keras::ObjectDescriptor aliasFor(const MappingDialog::Entry& entry, const keras::MappingTarget& target,
                                 keras::Dialect dialect)
{
    keras::ObjectDescriptor alias;
    alias.key = entry.name;
    alias.aliasOf = target.key;
    alias.category = entry.category;
    alias.isFunction = entry.isFunction;
    if (target.descriptor) {
        alias.isFunction = target.descriptor->isFunction;
        alias.params = target.descriptor->params;
        alias.acceptsExtraKwargs = target.descriptor->acceptsExtraKwargs;
    } else if (target.builtin) {
        const keras::Catalog& catalog = keras::Catalog::forDialect(dialect);
        alias.isFunction = target.builtin->kind != keras::EntryKind::Class;
        if (!alias.isFunction && !catalog.acceptsAnyKey(*target.builtin))
            alias.params = catalog.acceptedKeys(*target.builtin);
    }
    return alias;
}

} // namespace

MappingDialog::MappingDialog(ConfigDocument* document, const keras::ScopeSet& scopes, QWidget* parent)
    : QDialog(parent), m_document(document), m_descriptors(keras::allDescriptors(scopes)),
      m_catalogDialect(keras::catalogDialectFor(fileDialectOf(document))), m_intro(new QLabel),
      m_table(new QTableWidget), m_differences(new QPlainTextEdit), m_message(new QLabel),
      m_applyInFile(new QPushButton(tr("Apply in &File"))),
      m_applyInScopes(new QPushButton(tr("Add &Aliases to Scopes")))
{
    setObjectName(QStringLiteral("mappingDialog"));
    setWindowTitle(tr("Map Unknown Classes"));
    m_intro->setObjectName(QStringLiteral("mappingIntro"));
    m_intro->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("unresolvedTable"));
    m_differences->setObjectName(QStringLiteral("differencesView"));
    m_differences->setReadOnly(true);
    m_differences->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_differences->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_message->setObjectName(QStringLiteral("mappingMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_applyInFile->setObjectName(QStringLiteral("applyInFileButton"));
    m_applyInFile->setToolTip(tr("Rewrite class_name, registered_name and module of every use, as one undo step"));
    m_applyInScopes->setObjectName(QStringLiteral("applyInScopesButton"));
    m_applyInScopes->setToolTip(tr("Leave the file unchanged: add an alias entry per name to the custom objects"));
    connect(m_applyInFile, &QPushButton::clicked, this, [this] { (void)applyInFile(); });
    connect(m_applyInScopes, &QPushButton::clicked, this, [this] { (void)applyInScopes(); });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_applyInScopes, QDialogButtonBox::ActionRole);
    buttons->addButton(m_applyInFile, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* lower = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(tr("Parameter differences between each old config and its target "
                                  "(nothing changes until you apply):"));
    heading->setWordWrap(true);
    lowerLayout->addWidget(heading);
    lowerLayout->addWidget(m_differences, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(900, 560);

    collectUnresolved(scopes);
    fillTable();
    updateDifferences();
}

void MappingDialog::collectUnresolved(const keras::ScopeSet& scopes)
{
    // First as the Keras that wrote the file reads it (whose rules the rewrite follows), then
    // as the target reads it; a name the file's own Keras ships is a dialect difference for the
    // converter, not an unknown class, so the target's run adds only the others.
    const keras::Dialect target =
        m_document->target() == TargetKeras::TfKeras2 ? keras::Dialect::Keras2 : keras::Dialect::Keras3;
    addUnresolved(scopes, m_catalogDialect, false);
    if (target != m_catalogDialect)
        addUnresolved(scopes, target, true);
}

void MappingDialog::addUnresolved(const keras::ScopeSet& scopes, keras::Dialect dialect, bool skipFileBuiltins)
{
    if (!m_document->hasFile())
        return;
    const json::Document& doc = m_document->json();
    const json::NodeId model = doc.find(m_document->modelPointer());
    if (model == json::kNoNode)
        return;
    keras::LoadOptions options;
    options.target = dialect;
    options.fileKind = formats::kindFromName(m_document->kind()).value_or(formats::FileKind::KerasJson);
    options.customObjects = scopes;
    options.checkGraph = false;
    const keras::LoadReport report = keras::simulateLoad(doc, model, options);
    const keras::Catalog& fileCatalog = keras::Catalog::forDialect(m_catalogDialect);
    for (const keras::UnresolvedName& name : report.unresolved()) {
        const bool known = std::any_of(m_entries.begin(), m_entries.end(), [&name](const Entry& e) {
            return e.name == name.name && e.category == name.category;
        });
        const bool fileBuiltin = fileCatalog.hasCategory(name.category)
                                 && (fileCatalog.lookup(name.category, name.name)
                                     || (name.category == keras::Category::Layers && fileCatalog.legacyLookup(name.name)));
        if (known || (skipFileBuiltins && fileBuiltin))
            continue;
        Entry entry{name.name, name.category, false, name.count, {}, {}};
        for (const keras::Resolution& r : report.resolutions) {
            if (r.source() != keras::ResolutionSource::Unresolved || r.identifier() != name.name
                || r.category() != name.category || r.inTrainingConfig)
                continue;
            entry.isFunction = r.isFunction();
            const QString pointer = doc.pointer(r.node);
            entry.pointers.append(pointer);
            const EnvelopeInfo info = envelopeInfo(doc, r.node);
            entry.labels.append(info.name.isEmpty() ? pointer : QStringLiteral("'%1'").arg(info.name));
        }
        m_entries.push_back(std::move(entry));
    }
}

void MappingDialog::fillTable()
{
    const QString target = m_catalogDialect == keras::Dialect::Keras2 ? tr("tf.keras 2") : tr("Keras 3");
    m_intro->setText(!m_document->hasFile() ? tr("No model is open.")
                     : m_entries.empty()
                         ? tr("Every class and function name of this model resolves for %1.").arg(target)
                         : (m_entries.size() == 1 ? tr("One name of this model resolves to nothing %1 knows.").arg(target)
                                                  : tr("%1 names of this model resolve to nothing %2 knows.")
                                                        .arg(m_entries.size()).arg(target))
                               + QLatin1Char(' ')
                               + tr("Choose what each one maps to (or type any name); names left empty stay as "
                                    "they are."));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Category"), tr("Uses"), tr("Where"), tr("Map to")});
    m_table->setRowCount(int(m_entries.size()));
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < int(m_entries.size()); ++row) {
        const Entry& entry = m_entries[size_t(row)];
        const QString where = entry.labels.mid(0, kShownPlaces).join(QStringLiteral(", "))
                              + (entry.labels.size() > kShownPlaces ? QStringLiteral(", …") : QString());
        const QStringList cells{entry.name, keras::identifierKindWord(entry.category)
                                                + (entry.isFunction ? tr(" (function)") : QString()),
                                QString::number(entry.uses), where};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(column == WhereColumn ? entry.pointers.join(QLatin1Char('\n')) : cells[column]);
            if (column == UsesColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
        auto* model = new QStandardItemModel(0, 2, this);
        model->appendRow({new QStandardItem(QString()), new QStandardItem(tr("leave unmapped"))});
        QStringList names;
        for (const keras::MappingCandidate& c :
             keras::mappingCandidates(entry.name, entry.category, m_catalogDialect, m_descriptors)) {
            model->appendRow({new QStandardItem(c.name), new QStandardItem(c.reason)});
            names.append(c.name);
        }
        m_candidates.push_back(names);
        auto* combo = new QComboBox;
        combo->setObjectName(QStringLiteral("mappingTargetCombo"));
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->setModel(model);
        auto* view = new QTreeView;
        view->setHeaderHidden(true);
        view->setRootIsDecorated(false);
        view->setMinimumWidth(420);
        combo->setView(view);
        view->resizeColumnToContents(0);
        combo->lineEdit()->setPlaceholderText(tr("(leave unmapped)"));
        combo->setCurrentIndex(0);
        connect(combo, &QComboBox::currentTextChanged, this, &MappingDialog::updateDifferences);
        m_table->setCellWidget(row, TargetColumn, combo);
    }
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < int(m_entries.size()) && !m_entries[size_t(row)].pointers.isEmpty())
            Q_EMIT placeActivated(m_entries[size_t(row)].pointers.first());
    });
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(WhereColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TargetColumn, QHeaderView::Interactive);
    m_table->setColumnWidth(TargetColumn, 240);
}

int MappingDialog::rowOf(const QString& name) const
{
    for (size_t row = 0; row < m_entries.size(); ++row) {
        if (m_entries[row].name == name)
            return int(row);
    }
    return -1;
}

QStringList MappingDialog::candidates(int row) const
{
    return row >= 0 && row < int(m_candidates.size()) ? m_candidates[size_t(row)] : QStringList();
}

QComboBox* MappingDialog::targetCombo(int row) const
{
    return qobject_cast<QComboBox*>(m_table->cellWidget(row, TargetColumn));
}

QString MappingDialog::target(int row) const
{
    QComboBox* combo = targetCombo(row);
    return combo ? combo->currentText().trimmed() : QString();
}

void MappingDialog::setTarget(int row, const QString& target)
{
    if (QComboBox* combo = targetCombo(row))
        combo->setCurrentText(target);
}

QString MappingDialog::differencesText() const
{
    return m_differences->toPlainText();
}

std::vector<std::pair<int, QString>> MappingDialog::chosenTargets() const
{
    std::vector<std::pair<int, QString>> chosen;
    for (int row = 0; row < int(m_entries.size()); ++row) {
        const QString text = target(row);
        if (!text.isEmpty() && text != m_entries[size_t(row)].name)
            chosen.emplace_back(row, text);
    }
    return chosen;
}

void MappingDialog::updateDifferences()
{
    const auto chosen = chosenTargets();
    m_applyInFile->setEnabled(!chosen.empty());
    m_applyInScopes->setEnabled(!chosen.empty());
    m_message->hide();
    if (chosen.empty()) {
        m_differences->setPlainText(tr("Choose a target in the \"Map to\" column: how each old config fits the "
                                       "target's parameters is shown here before anything is applied."));
        return;
    }
    QStringList lines;
    for (const auto& [row, text] : chosen) {
        const keras::MappingRule rule{m_entries[size_t(row)].name, text};
        auto plan = keras::planMapping(m_document->json(), fileDialectOf(m_document), rule, m_descriptors);
        if (plan)
            lines += describePlan(*plan);
        else
            lines.append(QStringLiteral("%1 → %2: %3").arg(rule.from, rule.to, plan.error().message));
    }
    m_differences->setPlainText(lines.join(QLatin1Char('\n')));
}

void MappingDialog::showError(const QString& message)
{
    m_message->setText(message);
    m_message->show();
}

Result<void> MappingDialog::applyInFile()
{
    std::vector<keras::MappingRule> rules;
    for (const auto& [row, text] : chosenTargets())
        rules.push_back({m_entries[size_t(row)].name, text});
    if (rules.empty())
        return fail(ErrorCode::InvalidArgument, tr("Choose a target for at least one name"));
    auto mutator = [dialect = fileDialectOf(m_document), rules, descriptors = m_descriptors](json::Document& doc) {
        return applyMappingsInOneStep(doc, dialect, rules, descriptors);
    };
    auto applied = pushUndoableEdit(m_document, std::move(mutator), QString());
    if (!applied) {
        showError(tr("Nothing was changed: %1").arg(applied.error().message));
        return applied;
    }
    accept();
    return {};
}

Result<void> MappingDialog::applyInScopes()
{
    std::vector<keras::ObjectDescriptor> aliases;
    for (const auto& [row, text] : chosenTargets()) {
        const Entry& entry = m_entries[size_t(row)];
        const keras::MappingTarget target =
            keras::resolveMappingTarget(text, m_catalogDialect, m_descriptors, entry.category);
        aliases.push_back(aliasFor(entry, target, m_catalogDialect));
    }
    if (aliases.empty())
        return fail(ErrorCode::InvalidArgument, tr("Choose a target for at least one name"));
    Q_EMIT aliasesRequested(aliases);
    accept();
    return {};
}

} // namespace kcs::ui
