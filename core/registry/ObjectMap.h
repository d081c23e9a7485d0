// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/PyValue.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <utility>
#include <vector>

namespace kcs::saving {

/// A Python dict of name -> object (class, function or any value), in insertion order, with
/// hashed lookup: the shape of `custom_objects`, a scope's dict, `module_objects` and the global
/// registry. Value type (copies are independent; the objects inside are shared).
class ObjectMap {
public:
    using Entry = std::pair<QString, PyValue>;

    ObjectMap() = default;
    ObjectMap(std::initializer_list<Entry> entries);

    qsizetype size() const { return qsizetype(m_entries.size()); }
    bool isEmpty() const { return m_entries.empty(); }
    const std::vector<Entry>& entries() const { return m_entries; }
    QStringList keys() const;

    const PyValue* find(const QString& key) const;
    bool contains(const QString& key) const { return m_index.contains(key); }
    /// The value or None.
    PyValue value(const QString& key) const;

    /// d[key] = value: replaces in place (order kept) or appends.
    void insert(const QString& key, PyValue value);
    bool remove(const QString& key);
    void clear();
    /// d.update(other): every entry of other, later wins.
    void update(const ObjectMap& other);

private:
    std::vector<Entry> m_entries;
    QHash<QString, qsizetype> m_index;
};

} // namespace kcs::saving
