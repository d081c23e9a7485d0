// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/scopes/ScopeStore.h"

#include "ui/ConfigDocument.h"
#include "ui/commands/CommandId.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QUndoCommand>
#include <QUrl>

namespace kcs::ui::scopes {

namespace {

const QString kExampleName = QStringLiteral("example_model.json");
const QString kExampleScopes = QStringLiteral(":/kcs-ui/examples/example_scopes.json");

/// The settings key of a model file's remembered set: its canonical path, percent-encoded so
/// the slashes do not become settings groups.
QString settingsKey(const QString& modelPath)
{
    const QString canonical = QFileInfo(modelPath).canonicalFilePath();
    const QString path = canonical.isEmpty() ? QFileInfo(modelPath).absoluteFilePath() : canonical;
    return QStringLiteral("scopes/byModel/") + QString::fromLatin1(QUrl::toPercentEncoding(path));
}

/// The entry list at target in set (const or not); nullptr for a scope index out of range.
template<class Set>
auto* entriesAt(Set& set, ScopeTarget target)
{
    using List = decltype(&set.global);
    switch (target.kind) {
    case ScopeTarget::Kind::Global: return &set.global;
    case ScopeTarget::Kind::CustomObjects: return &set.customObjects;
    case ScopeTarget::Kind::Scope:
        if (target.scope < 0 || target.scope >= int(set.scopes.size()))
            return List(nullptr);
        return &set.scopes[size_t(target.scope)].objects;
    }
    return List(nullptr);
}

} // namespace

/// One change of the scope set: the set before and after, swapped by undo and redo.
class SetScopesCommand : public QUndoCommand {
public:
    SetScopesCommand(ScopeStore* store, keras::ScopeSet before, keras::ScopeSet after, const QString& text)
        : QUndoCommand(text), m_store(store), m_before(std::move(before)), m_after(std::move(after)) {}
    int id() const override { return int(CommandId::ScopeChange); } // not a file change
    void redo() override { m_store->apply(m_after); }
    void undo() override { m_store->apply(m_before); }

private:
    ScopeStore* m_store;
    keras::ScopeSet m_before;
    keras::ScopeSet m_after;
};

ScopeStore::ScopeStore(ConfigDocument* document, QObject* parent)
    : QObject(parent), m_document(document)
{
    connect(m_document, &ConfigDocument::fileChanged, this, &ScopeStore::restoreForDocument);
    connect(m_document, &ConfigDocument::filePathChanged, this, &ScopeStore::remember);
    if (m_document->hasFile())
        restoreForDocument();
}

const std::vector<keras::ObjectDescriptor>& ScopeStore::entries(ScopeTarget target) const
{
    static const std::vector<keras::ObjectDescriptor> none;
    const auto* list = entriesAt(m_set, target);
    return list ? *list : none;
}

int ScopeStore::addScope(const QString& name, int index)
{
    keras::ScopeSet after = m_set;
    if (index < 0 || index > int(after.scopes.size()))
        index = int(after.scopes.size());
    keras::NamedScope scope;
    scope.name = name;
    after.scopes.insert(after.scopes.begin() + index, std::move(scope));
    push(std::move(after), tr("Add Scope '%1'").arg(name));
    return index;
}

bool ScopeStore::removeScope(int index)
{
    if (index < 0 || index >= int(m_set.scopes.size()))
        return false;
    keras::ScopeSet after = m_set;
    const QString name = after.scopes[size_t(index)].name;
    after.scopes.erase(after.scopes.begin() + index);
    push(std::move(after), tr("Delete Scope '%1'").arg(name));
    return true;
}

bool ScopeStore::renameScope(int index, const QString& name)
{
    if (index < 0 || index >= int(m_set.scopes.size()) || m_set.scopes[size_t(index)].name == name)
        return false;
    keras::ScopeSet after = m_set;
    after.scopes[size_t(index)].name = name;
    push(std::move(after), tr("Rename Scope to '%1'").arg(name));
    return true;
}

bool ScopeStore::setScopeEnabled(int index, bool enabled)
{
    if (index < 0 || index >= int(m_set.scopes.size()) || m_set.scopes[size_t(index)].enabled == enabled)
        return false;
    keras::ScopeSet after = m_set;
    after.scopes[size_t(index)].enabled = enabled;
    const QString name = after.scopes[size_t(index)].name;
    push(std::move(after), enabled ? tr("Enable Scope '%1'").arg(name) : tr("Disable Scope '%1'").arg(name));
    return true;
}

bool ScopeStore::moveScope(int from, int to)
{
    const int count = int(m_set.scopes.size());
    if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        return false;
    keras::ScopeSet after = m_set;
    keras::NamedScope scope = std::move(after.scopes[size_t(from)]);
    after.scopes.erase(after.scopes.begin() + from);
    after.scopes.insert(after.scopes.begin() + to, std::move(scope));
    push(std::move(after), tr("Move Scope '%1'").arg(m_set.scopes[size_t(from)].name));
    return true;
}

bool ScopeStore::addEntry(ScopeTarget where, keras::ObjectDescriptor entry)
{
    std::vector<keras::ObjectDescriptor> one;
    one.push_back(std::move(entry));
    return addEntries(where, std::move(one));
}

bool ScopeStore::addEntries(ScopeTarget where, std::vector<keras::ObjectDescriptor> entries)
{
    keras::ScopeSet after = m_set;
    auto* list = entriesAt(after, where);
    if (!list || entries.empty())
        return false;
    const QString text = entries.size() == 1 ? tr("Add Custom Object '%1'").arg(entries.front().key)
                                             : tr("Add %1 Custom Objects").arg(entries.size());
    list->insert(list->end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
    push(std::move(after), text);
    return true;
}

bool ScopeStore::replaceEntry(ScopeTarget where, int row, keras::ObjectDescriptor entry)
{
    keras::ScopeSet after = m_set;
    auto* list = entriesAt(after, where);
    if (!list || row < 0 || row >= int(list->size()) || (*list)[size_t(row)] == entry)
        return false;
    const QString text = tr("Edit Custom Object '%1'").arg(entry.key);
    (*list)[size_t(row)] = std::move(entry);
    push(std::move(after), text);
    return true;
}

bool ScopeStore::removeEntry(ScopeTarget where, int row)
{
    keras::ScopeSet after = m_set;
    auto* list = entriesAt(after, where);
    if (!list || row < 0 || row >= int(list->size()))
        return false;
    const QString text = tr("Remove Custom Object '%1'").arg((*list)[size_t(row)].key);
    list->erase(list->begin() + row);
    push(std::move(after), text);
    return true;
}

bool ScopeStore::registerGlobally(const QString& package, const QString& name, keras::ObjectDescriptor entry)
{
    if (name.isEmpty())
        return false;
    entry.key = (package.isEmpty() ? QStringLiteral("Custom") : package) + QLatin1Char('>') + name;
    return addEntry(ScopeTarget::global(), std::move(entry));
}

void ScopeStore::replaceAll(keras::ScopeSet set, const QString& text)
{
    push(std::move(set), text);
}

Result<void> ScopeStore::loadFile(const QString& path)
{
    auto set = keras::loadScopeFile(path);
    if (!set)
        return std::unexpected(set.error());
    m_filePath = path;
    replaceAll(std::move(*set), tr("Load Scopes from %1").arg(QFileInfo(path).fileName()));
    return {};
}

Result<void> ScopeStore::saveFile(const QString& path)
{
    if (auto saved = keras::saveScopeFile(m_set, path); !saved)
        return saved;
    m_filePath = path;
    remember();
    return {};
}

void ScopeStore::reset(keras::ScopeSet set)
{
    m_set = std::move(set);
    m_inForce = m_set.inForce();
    Q_EMIT changed();
}

void ScopeStore::push(keras::ScopeSet after, const QString& text)
{
    if (after == m_set)
        return;
    m_document->undoStack()->push(new SetScopesCommand(this, m_set, std::move(after), text));
}

void ScopeStore::apply(const keras::ScopeSet& set)
{
    reset(set);
    remember();
}

void ScopeStore::remember()
{
    const QString model = m_document->filePath();
    if (model.isEmpty())
        return;
    QSettings settings;
    settings.setValue(settingsKey(model), QVariantMap{{QStringLiteral("file"), m_filePath},
                                                      {QStringLiteral("set"), QString::fromUtf8(keras::writeScopeFile(m_set))}});
}

void ScopeStore::restoreForDocument()
{
    m_filePath.clear();
    const QString model = m_document->filePath();
    if (model.isEmpty()) {
        // The bundled example model comes with the scope file its custom layer needs.
        keras::ScopeSet set;
        QFile example(kExampleScopes);
        if (m_document->displayName() == kExampleName && example.open(QIODevice::ReadOnly)) {
            if (auto parsed = keras::parseScopeFile(example.readAll(), kExampleScopes))
                set = std::move(*parsed);
        }
        reset(std::move(set));
        return;
    }
    const QVariantMap saved = QSettings().value(settingsKey(model)).toMap();
    keras::ScopeSet set;
    if (auto parsed = keras::parseScopeFile(saved.value(QStringLiteral("set")).toString().toUtf8()); parsed && !saved.isEmpty()) {
        set = std::move(*parsed);
        m_filePath = saved.value(QStringLiteral("file")).toString();
    }
    reset(std::move(set));
}

} // namespace kcs::ui::scopes
