// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/PyValue.h"
#include "core/util/Result.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <typeindex>
#include <vector>

namespace kcs::saving {

/// Where a class or function comes from.
enum class SymbolOrigin {
    Native,     ///< a C++ type registered with a factory and getConfig (like a Python class)
    BuiltIn,    ///< a Keras built-in from the catalog
    Descriptor, ///< a custom object known only by name (no code): name, kind, category, package
};

/// One constructor parameter of a descriptor or built-in (for display and key checks).
struct ParamSpec {
    QString name;
    bool required = false;
    PyValue defaultValue;
};

/// A Python class or function as an object: what a registry, a scope or module_objects maps a name
/// to, and what `registered_name_of` and the serializer look at. Identity is the object's address
/// (two Symbols with the same name are different objects, as in Python). Functions are never
/// called: a function Symbol is a reference that can be resolved, shown and re-serialized.
///
/// Immutable after construction; shared through SymbolRef.
class Symbol {
public:
    enum class Kind { Class, Function };
    /// from_config: builds an instance from the envelope's inner config (a dict; an ancient
    /// Sequential passes a list). The result is normally an Object PyValue.
    using FromConfig = std::function<Result<PyValue>(const SymbolRef& cls, const PyValue& config)>;
    /// get_config of an instance of this class (must return a dict to be serializable).
    using GetConfig = std::function<Result<PyValue>(const Instance& self)>;

    Kind kind = Kind::Class;
    QString name;       ///< __name__ ("MyDense", "relu")
    QString module;     ///< __module__ ("my_pkg.layers", "keras.src.layers.core.dense"; "__main__")
    QString exportPath; ///< canonical public keras.* path ("keras.layers.Dense"), empty if none
    QString category;   ///< "layers", "activations", ... (informational)
    SymbolOrigin origin = SymbolOrigin::Descriptor;
    QString package;    ///< descriptors: the package they are registered under, if known
    std::vector<ParamSpec> params; ///< constructor parameters when known
    FromConfig fromConfig; ///< empty: the class has no from_config
    GetConfig getConfig;   ///< empty: the class has no get_config
    /// Model-like classes report a compile config (`{}` when not compiled), layers never do.
    bool reportsCompileConfig = false;

    bool isClass() const { return kind == Kind::Class; }
    bool isFunction() const { return kind == Kind::Function; }
    bool hasFromConfig() const { return bool(fromConfig); }
    bool hasGetConfig() const { return bool(getConfig); }
    /// Module of the public export ("keras.layers"), empty without one.
    QString exportModule() const;
    /// The last segment of the public export ("Dense"), empty without one.
    QString exportName() const;
};

/// Builds Symbols. Classes and functions made here are not registered anywhere; pass them to
/// registerKerasSerializable() or put them in a scope or module_objects map.
namespace symbols {
/// A custom class known by name only. Its from_config accepts any dict and returns a
/// ConfigObject holding that config; its get_config returns the held config.
SymbolRef descriptorClass(QString name, QString module = QStringLiteral("__main__"),
                          QString category = {}, QString package = {},
                          std::vector<ParamSpec> params = {});
/// A function known by name only (never callable).
SymbolRef descriptorFunction(QString name, QString module = QStringLiteral("__main__"),
                             QString category = {}, QString package = {});
/// A class without get_config or from_config (for the registration check and its messages).
SymbolRef plainClass(QString name, QString module = QStringLiteral("__main__"));
} // namespace symbols

/// An object instance: something a from_config built or C++ code created. Its class is
/// Instance::cls(). Build and compile state follow Keras's Layer/Model (`built`, `compiled`,
/// get_build_config / get_compile_config).
class Instance : public std::enable_shared_from_this<Instance> {
public:
    virtual ~Instance();

    /// The class of this object: for a C++ type defined with defineClass<T>(), the Symbol made
    /// there; ConfigObject returns the class it was built for.
    virtual SymbolRef cls() const;

    bool isBuilt() const { return m_built; }
    void setBuilt(bool built) { m_built = built; }
    bool isCompiled() const { return m_compiled; }

    /// get_build_config(): nullopt before being built (and for non-layers).
    virtual std::optional<PyValue> buildConfig() const;
    /// get_compile_config(): nullopt for layers; `{}` for an uncompiled model.
    virtual std::optional<PyValue> compileConfig() const;
    /// build_from_config / compile_from_config: the default keeps the config (for re-saving).
    virtual Result<void> buildFromConfig(const PyValue& config);
    virtual Result<void> compileFromConfig(const PyValue& config);

protected:
    std::optional<PyValue> m_buildConfig;
    std::optional<PyValue> m_compileConfig;
    bool m_built = false;
    bool m_compiled = false;
};

/// An instance of a built-in or descriptor class: it holds the config it was built from (which is
/// what its get_config returns), so a file can be loaded, inspected and saved without the class's
/// code.
class ConfigObject : public Instance {
public:
    ConfigObject(SymbolRef cls, PyValue config);
    SymbolRef cls() const override { return m_class; }
    const PyValue& config() const { return m_config; }
    void setConfig(PyValue config) { m_config = std::move(config); }

private:
    SymbolRef m_class;
    PyValue m_config;
};

namespace detail {
void bindNativeClass(std::type_index type, SymbolRef cls);
SymbolRef nativeClass(std::type_index type);
} // namespace detail

/// Defines the class of a C++ type T (derived from Instance), as a Python `class` statement
/// would: name and module, and -- when T has them -- from_config and get_config:
///   static Result<std::shared_ptr<T>> fromConfig(const PyDict& config);
///   Result<PyValue> getConfig() const;   // must return a dict to be serializable
/// Instances of T then report this class from Instance::cls(). Calling it again for T replaces
/// the binding (a new class object, as re-running a class statement would).
template <class T>
    requires std::is_base_of_v<Instance, T>
SymbolRef defineClass(QString name, QString module = QStringLiteral("__main__"),
                      QString category = {})
{
    auto symbol = std::make_shared<Symbol>();
    symbol->kind = Symbol::Kind::Class;
    symbol->name = std::move(name);
    symbol->module = std::move(module);
    symbol->category = std::move(category);
    symbol->origin = SymbolOrigin::Native;
    if constexpr (requires(const PyDict& d) { T::fromConfig(d); }) {
        symbol->fromConfig = [](const SymbolRef&, const PyValue& config) -> Result<PyValue> {
            if (!config.isDict())
                return fail(ErrorCode::TypeError,
                            QStringLiteral("from_config() expects a dict config"));
            auto made = T::fromConfig(config.dictValue());
            if (!made)
                return std::unexpected(made.error());
            return PyValue(InstanceRef(std::move(*made)));
        };
    }
    if constexpr (requires(const T& t) { t.getConfig(); }) {
        symbol->getConfig = [](const Instance& self) -> Result<PyValue> {
            return static_cast<const T&>(self).getConfig();
        };
    }
    detail::bindNativeClass(std::type_index(typeid(T)), symbol);
    return symbol;
}

} // namespace kcs::saving
