// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Catalog.h"
#include "core/keras/ScopeFile.h"
#include "core/serialization/Symbol.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kcs::keras {

/// One parameter of a Python `def`, as written.
struct PythonParam {
    enum class Kind { Normal, KeywordOnly, VarArgs, VarKeywords };
    QString name;
    Kind kind = Kind::Normal;
    std::optional<QString> defaultText; ///< the default's source text ("None", "'relu'", "(3, 3)")
};

/// A class or function found in Python source, and what a registration of it would mean.
struct PythonObject {
    enum class Kind { Class, Function };
    Kind kind = Kind::Class;
    QString name;             ///< the Python name
    bool registered = false;  ///< decorated with register_keras_serializable (any spelling)
    QString package = QStringLiteral("Custom"); ///< the decorator's package (default "Custom")
    QString registeredName;   ///< the decorator's name (default: the object's own name)
    QStringList bases;        ///< base class expressions as written ("keras.layers.Layer")
    std::optional<Category> category; ///< implied by the bases or, for functions, the name
    std::vector<PythonParam> params;  ///< __init__ (self dropped) or the function's own
    bool hasInit = false;     ///< classes: an __init__ of its own was read
    QStringList configKeys;   ///< string keys get_config returns or adds, in source order
    QString file;
    int line = 0;             ///< of the `class` / `def` line (1-based)
    QString module;           ///< dotted module name from the file's path under the scanned root

    /// "package>name" when registered, else the plain name (what Keras looks the object up by).
    QString key() const;
    /// The accepted constructor keys (named params); nullopt when the class has no __init__ of its own.
    std::optional<QStringList> acceptedKeys() const;
    bool hasVarKeywords() const;
    /// As a scope entry (loadsim's descriptor; what scope files and the Scopes panel hold).
    ObjectDescriptor toDescriptor() const;
    /// As a registry object (serialization's descriptor class / function).
    saving::SymbolRef toSymbol() const;
};

/// What a scan found, plus the files it could not read or skipped (one line each).
struct PythonScan {
    std::vector<PythonObject> objects; ///< file order, then source order
    QStringList warnings;
    /// Registered objects, and the undecorated classes whose name is in `referencedNames`
    /// (the names a model uses that nothing resolves), as scope entries.
    std::vector<ObjectDescriptor> descriptors(const QStringList& referencedNames = {}) const;
};

/// Reads Python sources without running anything: a tokenizer (strings of every prefix and
/// quoting, comments, continuations, brackets, indentation) and a reader of the statements that
/// matter (imports and their aliases, decorators, class and def headers, __init__ parameters,
/// get_config's keys). Hostile input (binary data, unbalanced brackets, deep nesting, huge files)
/// is read in linear time without recursion; files over kMaxFileBytes are skipped with a warning.
class PythonSourceScanner {
public:
    static constexpr qint64 kMaxFileBytes = 8 * 1024 * 1024;
    static constexpr int kMaxFiles = 5000;

    /// One file's text. `module` is recorded on every object found.
    static std::vector<PythonObject> scanText(QByteArrayView text, const QString& fileName = {},
                                              const QString& module = {});
    /// Files and folders (folders recursively, *.py only, sorted by path).
    static PythonScan scanPaths(const QStringList& paths);
};

/// The category a base class name implies (the last dotted part: Layer, Model, Loss, Metric,
/// Initializer, Regularizer, Constraint, LearningRateSchedule, Optimizer, or a built-in Keras
/// layer/loss/metric class such as Dense), or nullopt.
std::optional<Category> categoryForBase(QStringView baseExpression);

} // namespace kcs::keras
