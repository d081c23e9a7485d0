// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/ScopeFile.h"
#include "core/util/Result.h"

#include <QObject>
#include <QString>

#include <vector>

class QUndoStack;

namespace kcs::ui {
class ConfigDocument;
}

namespace kcs::ui::scopes {

/// Where an entry lives: one of the named scopes (by index, outermost first), the global
/// registry (`get_custom_objects()` / `register_keras_serializable`) or the loader's
/// custom_objects argument.
struct ScopeTarget {
    enum class Kind { Scope, Global, CustomObjects };
    Kind kind = Kind::Global;
    int scope = -1; ///< Kind::Scope: index into ScopeSet::scopes

    static ScopeTarget inScope(int index) { return {Kind::Scope, index}; }
    static ScopeTarget global() { return {Kind::Global, -1}; }
    static ScopeTarget customObjects() { return {Kind::CustomObjects, -1}; }
    bool operator==(const ScopeTarget&) const = default;
};

/// The custom-object scopes the window checks its model with: one keras::ScopeSet (scopes
/// outermost first, each with its enabled flag; global registry entries; the custom_objects
/// argument). Owned by the window; one per ConfigDocument.
///
/// Every mutator pushes one QUndoCommand on the document's undo stack (a snapshot of the set
/// before and after), so scope edits undo and redo like config edits; each redo and undo emits
/// changed(), which the DocumentChecker follows at once. A mutator given an index or row out of
/// range does nothing and returns false.
///
/// The set is remembered per model file (QSettings, keyed by the file's canonical path) and
/// restored when that file is opened again; the bundled example model gets the bundled
/// example scope file.
class ScopeStore : public QObject {
    Q_OBJECT
public:
    explicit ScopeStore(ConfigDocument* document, QObject* parent = nullptr);

    /// The set in force: what the checks pass to the load simulation (disabled scopes left out).
    const keras::ScopeSet& scopeSet() const { return m_inForce; }
    /// Everything, disabled scopes included (what the panel shows and a scope file saves).
    const keras::ScopeSet& fullSet() const { return m_set; }
    /// The entries at target (empty for a scope index out of range).
    const std::vector<keras::ObjectDescriptor>& entries(ScopeTarget target) const;

    // --- scopes ----------------------------------------------------------------------------
    /// Inserts an empty scope at index (-1: innermost). Returns its index.
    int addScope(const QString& name, int index = -1);
    bool removeScope(int index);
    bool renameScope(int index, const QString& name);
    bool setScopeEnabled(int index, bool enabled);
    /// Moves a scope so that it ends at index `to` (0 = outermost).
    bool moveScope(int from, int to);

    // --- entries ---------------------------------------------------------------------------
    /// Appends entry at target (the Scopes panel, the mapping dialog's "map in the scope only"
    /// alias with entry.aliasOf set, ...). A Scope target out of range fails.
    bool addEntry(ScopeTarget where, keras::ObjectDescriptor entry);
    /// Appends several entries as one undo step (Python import).
    bool addEntries(ScopeTarget where, std::vector<keras::ObjectDescriptor> entries);
    bool replaceEntry(ScopeTarget where, int row, keras::ObjectDescriptor entry);
    bool removeEntry(ScopeTarget where, int row);
    /// Registers an object globally as `register_keras_serializable(package, name)` would:
    /// key "package>name" (package defaults to "Custom" when empty).
    bool registerGlobally(const QString& package, const QString& name, keras::ObjectDescriptor entry);

    /// Replaces the whole set (one undo step), e.g. after reading a scope file.
    void replaceAll(keras::ScopeSet set, const QString& text);

    // --- files -----------------------------------------------------------------------------
    /// Reads a scope file and makes it the set (one undo step); remembers it for the model.
    Result<void> loadFile(const QString& path);
    /// Writes the full set to path (atomic); remembers it for the model.
    Result<void> saveFile(const QString& path);
    /// The scope file last loaded or saved ("" when none).
    QString filePath() const { return m_filePath; }

    /// Sets the set without an undo step (a new model file, a restored setting).
    void reset(keras::ScopeSet set);

Q_SIGNALS:
    /// After every change of the set (a command's redo or undo, reset).
    void changed();

private:
    friend class SetScopesCommand;
    void push(keras::ScopeSet after, const QString& text);
    void apply(const keras::ScopeSet& set); ///< used by the command
    void remember();
    void restoreForDocument();

    ConfigDocument* m_document;
    keras::ScopeSet m_set;
    keras::ScopeSet m_inForce;
    QString m_filePath;
};

} // namespace kcs::ui::scopes
