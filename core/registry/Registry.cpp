// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/Registry.h"

#include "core/registry/ThreadState.h"
#include "core/serialization/Repr.h"

#include <QMutexLocker>

namespace kcs::saving {

namespace {
quintptr keyOf(const SymbolRef& object)
{
    return reinterpret_cast<quintptr>(object.get());
}
} // namespace

QStringList CustomObjects::keys() const
{
    QMutexLocker lock(&m_mutex);
    return m_objects.keys();
}

qsizetype CustomObjects::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_objects.size();
}

bool CustomObjects::contains(const QString& key) const
{
    QMutexLocker lock(&m_mutex);
    return m_objects.contains(key);
}

PyValue CustomObjects::value(const QString& key) const
{
    QMutexLocker lock(&m_mutex);
    return m_objects.value(key);
}

void CustomObjects::insert(const QString& key, PyValue value)
{
    QMutexLocker lock(&m_mutex);
    m_objects.insert(key, std::move(value));
    changed();
}

bool CustomObjects::remove(const QString& key)
{
    QMutexLocker lock(&m_mutex);
    changed();
    return m_objects.remove(key);
}

void CustomObjects::clear()
{
    QMutexLocker lock(&m_mutex);
    m_objects.clear();
    m_names.clear();
    changed();
}

std::shared_ptr<const ObjectMap> CustomObjects::sharedSnapshot() const
{
    QMutexLocker lock(&m_mutex);
    if (!m_cached)
        m_cached = std::make_shared<const ObjectMap>(m_objects);
    return m_cached;
}

quint64 CustomObjects::generation() const
{
    QMutexLocker lock(&m_mutex);
    return m_generation;
}

ObjectMap CustomObjects::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_objects;
}

QString CustomObjects::registeredKey(const SymbolRef& object) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_names.constFind(keyOf(object));
    return it == m_names.constEnd() ? QString() : it->second;
}

Result<void> CustomObjects::registerObject(const SymbolRef& object, const QString& key,
                                           OnDuplicate onDuplicate)
{
    QMutexLocker lock(&m_mutex);
    if (onDuplicate == OnDuplicate::Raise) {
        if (const PyValue* existing = m_objects.find(key))
            return fail(ErrorCode::ValueError,
                        key + QStringLiteral(" has already been registered to ") + repr(*existing));
        auto named = m_names.constFind(keyOf(object));
        if (named != m_names.constEnd())
            return fail(ErrorCode::ValueError, symbolRepr(object)
                            + QStringLiteral(" has already been registered to ") + named->second);
    }
    m_objects.insert(key, PyValue(object));
    m_names.insert(keyOf(object), {object, key});
    changed();
    return {};
}

CustomObjects& customObjects()
{
    static CustomObjects registry;
    return registry;
}

Result<SymbolRef> registerKerasSerializable(SymbolRef object, const QString& package,
                                            const QString& name, OnDuplicate onDuplicate)
{
    if (!object)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Cannot register None"));
    const QString shortName = name.isEmpty() ? object->name : name;
    const QString key = package + u'>' + shortName;
    if (object->isClass() && !object->hasGetConfig())
        return fail(ErrorCode::ValueError,
                    QStringLiteral("Cannot register a class that does not have a get_config() method."));
    if (auto ok = customObjects().registerObject(object, key, onDuplicate); !ok)
        return std::unexpected(ok.error());
    return object;
}

QString registeredNameOf(const SymbolRef& object)
{
    if (!object)
        return {};
    const QString key = customObjects().registeredKey(object);
    return key.isEmpty() ? object->name : key;
}

PyValue registeredObjectFor(const QString& name, const ObjectMap& customObjectsArg,
                            const ObjectMap* moduleObjects)
{
    if (const PyValue* v = currentScopeObjects().find(name))
        return *v;
    {
        PyValue global = customObjects().value(name);
        if (!global.isNone() || customObjects().contains(name))
            return global;
    }
    if (const PyValue* v = customObjectsArg.find(name))
        return *v;
    if (moduleObjects) {
        if (const PyValue* v = moduleObjects->find(name))
            return *v;
    }
    return {};
}

QString symbolRepr(const SymbolRef& object)
{
    if (!object)
        return QStringLiteral("None");
    if (object->isFunction())
        return QStringLiteral("<function %1>").arg(object->name);
    const QString qualified = object->module.isEmpty() || object->module == u"builtins"
        ? object->name
        : object->module + u'.' + object->name;
    return QStringLiteral("<class '%1'>").arg(qualified);
}

} // namespace kcs::saving
