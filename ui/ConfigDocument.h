// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Document.h"
#include "core/util/Result.h"
#include "ui/ModelSource.h"

#include <QObject>
#include <QUndoStack>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace kcs::ui {

/// The keras version a file is checked against (the status bar switch).
enum class TargetKeras { Keras3, TfKeras2 };

/// The window's facade over one opened model file: it owns the LoadedFile (and so the faithful
/// json::Document), the QUndoStack every edit goes through, and the file's identity (path,
/// kind, dialect). Views never mutate the document themselves: they call the edit functions
/// here, which push one undo command each, and they follow the document through the
/// json::DocumentListener interface (addListener), which keeps working across file switches.
///
/// Structural listener calls arrive synchronously on the GUI thread; replacing the file is
/// announced by documentAboutToBeReset/documentReset, like replaceText.
class ConfigDocument : public QObject, private json::DocumentListener {
    Q_OBJECT
public:
    explicit ConfigDocument(QObject* parent = nullptr);
    ~ConfigDocument() override;

    /// Takes over a loaded file; clears the undo stack (the new file is "clean").
    void setFile(std::shared_ptr<LoadedFile> file);
    bool hasFile() const { return m_file != nullptr; }
    const LoadedFile* file() const { return m_file.get(); }

    const json::Document& json() const;
    QUndoStack* undoStack() { return &m_undoStack; }
    /// The file's bytes differ from what was opened or last saved (changes of the scope set
    /// are on the undo stack too, but do not count).
    bool isModified() const { return m_modified; }

    QString filePath() const;      ///< empty when the file has never been saved (example)
    QString displayName() const;
    QString kind() const;
    QString dialect() const;
    /// The model config inside the document (tfjs and wrapped files nest it); "" = the root.
    QString modelPointer() const;
    TargetKeras target() const { return m_target; }
    void setTarget(TargetKeras target);

    /// The config text as it is on disk (last opened or saved): the "before" of the save diff.
    QByteArray savedText() const;

    // --- edits: each pushes one undo command; on failure nothing is pushed ---------------------
    Result<void> replaceValue(json::NodeId node, const json::Value& value);
    Result<void> replaceValueText(json::NodeId node, QByteArray jsonText);
    Result<void> renameKey(json::NodeId member, const QString& newKey);
    Result<void> insertMember(json::NodeId object, int index, const QString& key, const json::Value& value);
    Result<void> insertElement(json::NodeId array, int index, const json::Value& value);
    Result<void> removeChild(json::NodeId container, int index);
    /// Replaces the whole config text (the JSON text view's Apply).
    Result<void> applyText(QByteArray text);
    /// Replaces the value at pointer by text (the text view of a large file shows one object).
    Result<void> applySubtreeText(const QString& pointer, QByteArray text);

    /// Writes the config to path atomically; on success the path becomes the file's path and the
    /// undo stack is marked clean.
    Result<void> saveAs(const QString& path);

    void addListener(json::DocumentListener* listener);
    void removeListener(json::DocumentListener* listener);

    // Used by the undo commands only.
    using Mutator = std::function<Result<json::Edit>(json::Document&)>;
    Result<json::Edit> runMutator(const Mutator& mutator);
    Result<void> applyEdit(const json::Edit& edit);
    Result<void> revertEdit(const json::Edit& edit);
    void reportCommandError(const Error& error) { m_commandError = error; }

Q_SIGNALS:
    void fileChanged();              ///< a new file was set (path, kind, dialect may differ)
    void filePathChanged(const QString& path);
    void modifiedChanged(bool modified);
    void contentChanged();           ///< after every edit, undo or redo
    void targetChanged(kcs::ui::TargetKeras target);

private:
    void updateModified();
    Result<void> push(class DocumentEditCommand* command);
    void childrenAboutToBeInserted(json::NodeId parent, int first, int last) override;
    void childrenInserted(json::NodeId parent, int first, int last) override;
    void childrenAboutToBeRemoved(json::NodeId parent, int first, int last) override;
    void childrenRemoved(json::NodeId parent, int first, int last) override;
    void valueChanged(json::NodeId node) override;
    void keyChanged(json::NodeId member) override;
    void textChanged(qint64 offset, qint64 removed, qint64 inserted) override;
    void documentAboutToBeReset() override;
    void documentReset() override;

    std::shared_ptr<LoadedFile> m_file;
    json::Document m_empty;  ///< what json() returns before any file is set
    QUndoStack m_undoStack;
    bool m_modified = false;
    std::vector<json::DocumentListener*> m_listeners;
    std::optional<Error> m_commandError;
    TargetKeras m_target = TargetKeras::Keras3;
};

} // namespace kcs::ui
