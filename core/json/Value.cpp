// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/Value.h"

#include <QList>

#include <algorithm>
#include <cmath>

namespace kcs::json {

std::int64_t Value::toInt() const
{
    switch (type()) {
    case Type::Int: return std::get<std::int64_t>(m_data);
    case Type::Float: return std::int64_t(std::get<Float>(m_data).value);
    case Type::Bool: return std::get<bool>(m_data) ? 1 : 0;
    default: return 0;
    }
}

double Value::toDouble() const
{
    switch (type()) {
    case Type::Int: return double(std::get<std::int64_t>(m_data));
    case Type::Float: return std::get<Float>(m_data).value;
    case Type::BigInt: return std::get<BigInt>(m_data).digits.toDouble();
    case Type::Bool: return std::get<bool>(m_data) ? 1.0 : 0.0;
    default: return 0;
    }
}

const Value* Value::find(QStringView key) const
{
    if (!isObject())
        return nullptr;
    const Object& m = members();
    for (auto it = m.rbegin(); it != m.rend(); ++it) {
        if (it->first == key)
            return &it->second;
    }
    return nullptr;
}

Value* Value::find(QStringView key)
{
    return const_cast<Value*>(std::as_const(*this).find(key));
}

const Value& Value::operator[](QStringView key) const
{
    static const Value null;
    const Value* v = find(key);
    return v ? *v : null;
}

void Value::set(QString key, Value v)
{
    if (Value* existing = find(key))
        *existing = std::move(v);
    else
        append(std::move(key), std::move(v));
}

bool Value::remove(QStringView key)
{
    if (!isObject())
        return false;
    Object& m = members();
    const auto before = m.size();
    std::erase_if(m, [&](const Member& member) { return member.first == key; });
    return m.size() != before;
}

qsizetype Value::size() const
{
    if (isArray())
        return qsizetype(items().size());
    if (isObject())
        return qsizetype(members().size());
    return 0;
}

namespace {

bool numbersEqual(const Value& a, const Value& b)
{
    if (a.type() == Value::Type::BigInt || b.type() == Value::Type::BigInt) {
        if (a.type() == b.type())
            return a.bigInt().digits == b.bigInt().digits;
        return a.toDouble() == b.toDouble();
    }
    if ((a.isInt() || a.isBool()) && (b.isInt() || b.isBool()))
        return a.toInt() == b.toInt();
    return a.toDouble() == b.toDouble(); // NaN != NaN, as in Python
}

// Python dict equality: same key set (last duplicate wins), equal values.
bool objectsEqual(const Value& a, const Value& b)
{
    QList<QString> keysA;
    for (const auto& [k, v] : a.members()) {
        if (!keysA.contains(k))
            keysA << k;
    }
    QList<QString> keysB;
    for (const auto& [k, v] : b.members()) {
        if (!keysB.contains(k))
            keysB << k;
    }
    if (keysA.size() != keysB.size())
        return false;
    return std::ranges::all_of(keysA, [&](const QString& k) {
        const Value* vb = b.find(k);
        return vb && *a.find(k) == *vb;
    });
}

} // namespace

bool operator==(const Value& a, const Value& b)
{
    if (a.isNumber() || a.isBool() || b.isNumber() || b.isBool()) {
        const bool na = a.isNumber() || a.isBool();
        const bool nb = b.isNumber() || b.isBool();
        return na && nb && numbersEqual(a, b);
    }
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case Value::Type::Null: return true;
    case Value::Type::String: return a.string() == b.string();
    case Value::Type::Array: return a.items() == b.items();
    case Value::Type::Object: return objectsEqual(a, b);
    default: return false;
    }
}

} // namespace kcs::json
