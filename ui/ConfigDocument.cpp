// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConfigDocument.h"

#include "ui/commands/ApplyJsonTextCommand.h"
#include "ui/commands/CommandId.h"
#include "ui/commands/DocumentEditCommand.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>

namespace kcs::ui {

ConfigDocument::ConfigDocument(QObject* parent) : QObject(parent)
{
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, &ConfigDocument::updateModified);
    connect(&m_undoStack, &QUndoStack::indexChanged, this, &ConfigDocument::updateModified);
}

void ConfigDocument::updateModified()
{
    // The file differs from its saved bytes when a command between the clean state and the
    // current one changes the file; scope changes share the undo history but not the file.
    const int clean = m_undoStack.cleanIndex();
    const int index = m_undoStack.index();
    bool modified = clean < 0; // the saved state was discarded (undone, then a new edit)
    for (int i = std::min(clean, index); !modified && i < std::max(clean, index); ++i)
        modified = m_undoStack.command(i)->id() != int(CommandId::ScopeChange);
    if (modified == m_modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

ConfigDocument::~ConfigDocument()
{
    // Commands refer to this document; drop them before the document goes, without telling
    // receivers that may be half-destroyed themselves (the window owns this document).
    blockSignals(true);
    m_undoStack.clear();
    if (m_file)
        m_file->document().removeListener(this);
}

void ConfigDocument::setFile(std::shared_ptr<LoadedFile> file)
{
    documentAboutToBeReset();
    m_undoStack.clear();
    if (m_file)
        m_file->document().removeListener(this);
    m_file = std::move(file);
    if (m_file)
        m_file->document().addListener(this);
    documentReset();
    m_undoStack.setClean();
    m_modified = false;
    Q_EMIT fileChanged();
    Q_EMIT filePathChanged(filePath());
    Q_EMIT modifiedChanged(false);
    Q_EMIT contentChanged();
}

const json::Document& ConfigDocument::json() const
{
    return m_file ? m_file->document() : m_empty;
}

QString ConfigDocument::filePath() const
{
    return m_file ? m_file->path : QString();
}

QString ConfigDocument::displayName() const
{
    return m_file ? m_file->displayName : QString();
}

QString ConfigDocument::kind() const
{
    return m_file ? m_file->kind : QString();
}

QString ConfigDocument::dialect() const
{
    return m_file ? m_file->dialect : QString();
}

QString ConfigDocument::modelPointer() const
{
    if (!m_file || !m_file->model)
        return QString();
    const json::NodeId model = m_file->model->modelNode();
    return model == json::kNoNode ? QString() : m_file->document().pointer(model);
}

void ConfigDocument::setTarget(TargetKeras target)
{
    if (target == m_target)
        return;
    m_target = target;
    Q_EMIT targetChanged(target);
}

QByteArray ConfigDocument::savedText() const
{
    return m_file ? m_file->originalText : QByteArray();
}

Result<void> ConfigDocument::push(DocumentEditCommand* command)
{
    if (!m_file) {
        delete command;
        return fail(ErrorCode::InvalidArgument, tr("No file is open"));
    }
    m_commandError.reset();
    m_undoStack.push(command); // runs the mutator; a failed command is dropped by the stack
    if (m_commandError) {
        Error error = *m_commandError;
        m_commandError.reset();
        return std::unexpected(error);
    }
    return {};
}

Result<void> ConfigDocument::replaceValue(json::NodeId node, const json::Value& value)
{
    return push(new DocumentEditCommand(this, [node, value](json::Document& doc) {
        return doc.replaceValue(node, value);
    }));
}

Result<void> ConfigDocument::replaceValueText(json::NodeId node, QByteArray jsonText)
{
    return push(new DocumentEditCommand(this, [node, text = std::move(jsonText)](json::Document& doc) {
        return doc.replaceValueText(node, text);
    }));
}

Result<void> ConfigDocument::renameKey(json::NodeId member, const QString& newKey)
{
    return push(new DocumentEditCommand(this, [member, newKey](json::Document& doc) {
        return doc.renameKey(member, newKey);
    }));
}

Result<void> ConfigDocument::insertMember(json::NodeId object, int index, const QString& key,
                                          const json::Value& value)
{
    return push(new DocumentEditCommand(this, [object, index, key, value](json::Document& doc) {
        return doc.insertMember(object, index, key, value);
    }));
}

Result<void> ConfigDocument::insertElement(json::NodeId array, int index, const json::Value& value)
{
    return push(new DocumentEditCommand(this, [array, index, value](json::Document& doc) {
        return doc.insertElement(array, index, value);
    }));
}

Result<void> ConfigDocument::removeChild(json::NodeId container, int index)
{
    return push(new DocumentEditCommand(this, [container, index](json::Document& doc) {
        return doc.removeChild(container, index);
    }));
}

Result<void> ConfigDocument::applyText(QByteArray text)
{
    return push(new ApplyJsonTextCommand(this, std::move(text)));
}

Result<void> ConfigDocument::applySubtreeText(const QString& pointer, QByteArray text)
{
    return push(new ApplyJsonTextCommand(this, pointer, std::move(text)));
}

Result<void> ConfigDocument::saveAs(const QString& path)
{
    if (!m_file)
        return fail(ErrorCode::InvalidArgument, tr("No file is open"));
    const QByteArray text = m_file->document().text();
    if (auto saved = ModelSource::save(*m_file, path); !saved)
        return saved;
    m_file->originalText = text;
    const QString oldPath = m_file->path;
    m_file->path = path;
    m_file->displayName = QFileInfo(path).fileName();
    m_undoStack.setClean();
    if (oldPath != path)
        Q_EMIT filePathChanged(path);
    return {};
}

void ConfigDocument::addListener(json::DocumentListener* listener)
{
    if (std::find(m_listeners.begin(), m_listeners.end(), listener) == m_listeners.end())
        m_listeners.push_back(listener);
}

void ConfigDocument::removeListener(json::DocumentListener* listener)
{
    std::erase(m_listeners, listener);
}

Result<json::Edit> ConfigDocument::runMutator(const Mutator& mutator)
{
    if (!m_file)
        return fail(ErrorCode::InvalidArgument, tr("No file is open"));
    auto edit = mutator(m_file->document());
    if (edit)
        Q_EMIT contentChanged();
    return edit;
}

Result<void> ConfigDocument::applyEdit(const json::Edit& edit)
{
    if (!m_file)
        return fail(ErrorCode::InvalidArgument, tr("No file is open"));
    auto done = m_file->document().apply(edit);
    Q_EMIT contentChanged();
    return done;
}

Result<void> ConfigDocument::revertEdit(const json::Edit& edit)
{
    if (!m_file)
        return fail(ErrorCode::InvalidArgument, tr("No file is open"));
    auto done = m_file->document().revert(edit);
    Q_EMIT contentChanged();
    return done;
}

// --- fan-out of the document's notifications -----------------------------------------------

void ConfigDocument::childrenAboutToBeInserted(json::NodeId parent, int first, int last)
{
    for (auto* l : m_listeners)
        l->childrenAboutToBeInserted(parent, first, last);
}

void ConfigDocument::childrenInserted(json::NodeId parent, int first, int last)
{
    for (auto* l : m_listeners)
        l->childrenInserted(parent, first, last);
}

void ConfigDocument::childrenAboutToBeRemoved(json::NodeId parent, int first, int last)
{
    for (auto* l : m_listeners)
        l->childrenAboutToBeRemoved(parent, first, last);
}

void ConfigDocument::childrenRemoved(json::NodeId parent, int first, int last)
{
    for (auto* l : m_listeners)
        l->childrenRemoved(parent, first, last);
}

void ConfigDocument::valueChanged(json::NodeId node)
{
    for (auto* l : m_listeners)
        l->valueChanged(node);
}

void ConfigDocument::keyChanged(json::NodeId member)
{
    for (auto* l : m_listeners)
        l->keyChanged(member);
}

void ConfigDocument::textChanged(qint64 offset, qint64 removed, qint64 inserted)
{
    for (auto* l : m_listeners)
        l->textChanged(offset, removed, inserted);
}

void ConfigDocument::documentAboutToBeReset()
{
    for (auto* l : m_listeners)
        l->documentAboutToBeReset();
}

void ConfigDocument::documentReset()
{
    for (auto* l : m_listeners)
        l->documentReset();
}

} // namespace kcs::ui
