// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Sharing.h"

#include "core/registry/ThreadState.h"

namespace kcs::saving {

ObjectSharingScope::ObjectSharingScope()
{
    threadState().sharing = std::make_shared<SharingMaps>();
}

ObjectSharingScope::~ObjectSharingScope()
{
    threadState().sharing.reset();
}

LegacySharedObjectSavingScope::LegacySharedObjectSavingScope()
{
    LegacySaving& s = threadState().legacySaving;
    if (s.depth++ == 0) {
        s.nextId = 0;
        s.byObject.clear();
    }
}

LegacySharedObjectSavingScope::~LegacySharedObjectSavingScope()
{
    LegacySaving& s = threadState().legacySaving;
    if (--s.depth == 0)
        s.byObject.clear();
}

LegacySharedObjectLoadingScope::LegacySharedObjectLoadingScope()
{
    LegacyLoading& l = threadState().legacyLoading;
    l.active = true;
    l.byId.clear();
}

LegacySharedObjectLoadingScope::~LegacySharedObjectLoadingScope()
{
    LegacyLoading& l = threadState().legacyLoading;
    l.active = false;
    l.byId.clear();
}

namespace sharing {

void recordAfterSerialization(const PyValue& obj, PyValue& envelope)
{
    PyDict& env = envelope.dictValue();
    if (const PyValue* module = env.find(u"module"); module && module->isStr()
        && module->str() == u"__main__")
        env.set(QStringLiteral("module"), PyValue());
    const auto maps = threadState().sharing;
    if (!maps)
        return;
    const quintptr id = obj.identity();
    if (id == 0)
        return;
    auto it = maps->idToConfig.find(id);
    if (it == maps->idToConfig.end()) {
        maps->idToConfig.insert(id, {obj, envelope});
        return;
    }
    // Python's id() is the address; keep it as a 64-bit integer, as Keras writes it.
    const PyValue sharedId{qint64(id)};
    env.set(QStringLiteral("shared_object_id"), sharedId);
    it->second.dictValue().set(QStringLiteral("shared_object_id"), sharedId);
}

namespace {
std::optional<qint64> idKey(const PyValue& id)
{
    if (id.isInt())
        return id.toInt();
    return std::nullopt; // ids are ints in every file Keras writes; others cannot match
}
} // namespace

std::optional<PyValue> sharedObject(const PyValue& id)
{
    const auto maps = threadState().sharing;
    const auto key = idKey(id);
    if (!maps || !key)
        return std::nullopt;
    auto it = maps->idToObject.constFind(*key);
    if (it == maps->idToObject.constEnd())
        return std::nullopt;
    return *it;
}

void recordAfterDeserialization(const PyValue& obj, const PyValue& id)
{
    const auto maps = threadState().sharing;
    const auto key = idKey(id);
    if (maps && key)
        maps->idToObject.insert(*key, obj);
}

PyValue legacyEnvelope(const QString& className, PyValue config, const PyValue& obj)
{
    PyValue base = PyValue::dict({{QStringLiteral("class_name"), className},
                                  {QStringLiteral("config"), std::move(config)}});
    LegacySaving& s = threadState().legacySaving;
    const quintptr key = obj.identity();
    if (s.depth == 0 || key == 0)
        return base;
    auto it = s.byObject.find(key);
    if (it == s.byObject.end()) {
        s.byObject.insert(key, {obj, base, s.nextId++});
        return base;
    }
    // The first repeat adds the id to the one envelope every reference prints.
    PyValue& envelope = it->envelope;
    if (!envelope.dictValue().contains(u"shared_object_id"))
        envelope.dictValue().set(QStringLiteral("shared_object_id"), PyValue(it->id));
    return envelope;
}

std::optional<PyValue> legacySharedObject(const PyValue& id)
{
    const LegacyLoading& l = threadState().legacyLoading;
    const auto key = idKey(id);
    if (!l.active || !key)
        return std::nullopt;
    auto it = l.byId.constFind(*key);
    if (it == l.byId.constEnd())
        return std::nullopt;
    return *it;
}

void legacyRecord(const PyValue& id, const PyValue& obj)
{
    LegacyLoading& l = threadState().legacyLoading;
    if (const auto key = idKey(id); l.active && key)
        l.byId.insert(*key, obj);
}

} // namespace sharing

} // namespace kcs::saving
