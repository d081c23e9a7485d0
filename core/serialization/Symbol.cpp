// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Symbol.h"

#include <QMutex>
#include <QMutexLocker>

#include <unordered_map>

namespace kcs::saving {

QString Symbol::exportModule() const
{
    const qsizetype dot = exportPath.lastIndexOf(u'.');
    return dot < 0 ? QString() : exportPath.left(dot);
}

QString Symbol::exportName() const
{
    const qsizetype dot = exportPath.lastIndexOf(u'.');
    return dot < 0 ? exportPath : exportPath.mid(dot + 1);
}

namespace symbols {

SymbolRef descriptorClass(QString name, QString module, QString category, QString package,
                          std::vector<ParamSpec> params)
{
    auto s = std::make_shared<Symbol>();
    s->kind = Symbol::Kind::Class;
    s->name = std::move(name);
    s->module = std::move(module);
    s->category = std::move(category);
    s->package = std::move(package);
    s->params = std::move(params);
    s->origin = SymbolOrigin::Descriptor;
    // Without the class's code the best model of its from_config is Keras's default one, which
    // keeps what it was given; get_config gives it back, so a load/save round trip is exact.
    s->fromConfig = [](const SymbolRef& cls, const PyValue& config) -> Result<PyValue> {
        return PyValue(std::make_shared<ConfigObject>(cls, config));
    };
    s->getConfig = [](const Instance& self) -> Result<PyValue> {
        if (auto* held = dynamic_cast<const ConfigObject*>(&self))
            return held->config();
        return PyValue::dict();
    };
    return s;
}

SymbolRef descriptorFunction(QString name, QString module, QString category, QString package)
{
    auto s = std::make_shared<Symbol>();
    s->kind = Symbol::Kind::Function;
    s->name = std::move(name);
    s->module = std::move(module);
    s->category = std::move(category);
    s->package = std::move(package);
    s->origin = SymbolOrigin::Descriptor;
    return s;
}

SymbolRef plainClass(QString name, QString module)
{
    auto s = std::make_shared<Symbol>();
    s->kind = Symbol::Kind::Class;
    s->name = std::move(name);
    s->module = std::move(module);
    s->origin = SymbolOrigin::Native;
    return s;
}

} // namespace symbols

// --- Instance ------------------------------------------------------------------------------------

namespace {
struct NativeClasses {
    QMutex mutex;
    std::unordered_map<std::type_index, SymbolRef> byType;
};
NativeClasses& nativeClasses()
{
    static NativeClasses table;
    return table;
}
} // namespace

namespace detail {
void bindNativeClass(std::type_index type, SymbolRef cls)
{
    NativeClasses& t = nativeClasses();
    QMutexLocker lock(&t.mutex);
    t.byType[type] = std::move(cls);
}

SymbolRef nativeClass(std::type_index type)
{
    NativeClasses& t = nativeClasses();
    QMutexLocker lock(&t.mutex);
    auto it = t.byType.find(type);
    return it == t.byType.end() ? SymbolRef() : it->second;
}
} // namespace detail

Instance::~Instance() = default;

SymbolRef Instance::cls() const
{
    return detail::nativeClass(std::type_index(typeid(*this)));
}

std::optional<PyValue> Instance::buildConfig() const
{
    if (!m_built)
        return std::nullopt;
    return m_buildConfig;
}

std::optional<PyValue> Instance::compileConfig() const
{
    if (m_compiled && m_compileConfig)
        return m_compileConfig;
    const SymbolRef c = cls();
    if (c && c->reportsCompileConfig)
        return PyValue::dict(); // an uncompiled model reports {} (K3 >= 3.10)
    return std::nullopt;
}

Result<void> Instance::buildFromConfig(const PyValue& config)
{
    m_buildConfig = config;
    m_built = true;
    return {};
}

Result<void> Instance::compileFromConfig(const PyValue& config)
{
    m_compileConfig = config;
    m_compiled = true;
    return {};
}

ConfigObject::ConfigObject(SymbolRef cls, PyValue config)
    : m_class(std::move(cls)), m_config(std::move(config))
{
}

} // namespace kcs::saving
