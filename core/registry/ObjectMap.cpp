// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/ObjectMap.h"

namespace kcs::saving {

ObjectMap::ObjectMap(std::initializer_list<Entry> entries)
{
    for (const Entry& e : entries)
        insert(e.first, e.second);
}

QStringList ObjectMap::keys() const
{
    QStringList out;
    out.reserve(size());
    for (const Entry& e : m_entries)
        out.append(e.first);
    return out;
}

const PyValue* ObjectMap::find(const QString& key) const
{
    auto it = m_index.constFind(key);
    return it == m_index.constEnd() ? nullptr : &m_entries[size_t(*it)].second;
}

PyValue ObjectMap::value(const QString& key) const
{
    const PyValue* v = find(key);
    return v ? *v : PyValue();
}

void ObjectMap::insert(const QString& key, PyValue value)
{
    auto it = m_index.constFind(key);
    if (it != m_index.constEnd()) {
        m_entries[size_t(*it)].second = std::move(value);
        return;
    }
    m_index.insert(key, size());
    m_entries.emplace_back(key, std::move(value));
}

bool ObjectMap::remove(const QString& key)
{
    auto it = m_index.find(key);
    if (it == m_index.end())
        return false;
    const qsizetype at = *it;
    m_index.erase(it);
    m_entries.erase(m_entries.begin() + at);
    // Removal is rare (scripts editing the registry); reindexing the tail keeps lookups O(1).
    for (qsizetype i = at; i < size(); ++i)
        m_index[m_entries[size_t(i)].first] = i;
    return true;
}

void ObjectMap::clear()
{
    m_entries.clear();
    m_index.clear();
}

void ObjectMap::update(const ObjectMap& other)
{
    for (const Entry& e : other.m_entries)
        insert(e.first, e.second);
}

} // namespace kcs::saving
