// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

namespace kcs::json {

/// A JSON value held in memory, in the shape Python's json module reads it: objects keep their
/// member order (and duplicate keys, if built that way), numbers keep whether they were integers
/// or floats. Used to build new content for a Document and to materialise parts of one; the
/// Document itself never stores Values.
///
/// Values nest at most kMaxDepth levels (recursive destruction and writing stay within a thread's
/// stack); Document::toValue refuses deeper input.
class Value {
public:
    static constexpr int kMaxDepth = 2000;

    enum class Type { Null, Bool, Int, Float, BigInt, String, Array, Object };
    using Array = std::vector<Value>;
    using Member = std::pair<QString, Value>;
    using Object = std::vector<Member>;

    struct Float {
        double value = 0;
        QByteArray spelling; ///< the source text when read from a file; empty: write as Python would
    };
    struct BigInt {
        QByteArray digits; ///< an integer too large for int64, kept as its decimal text
    };

    Value() = default; // null
    Value(std::nullptr_t) {}
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(std::int64_t(i)) {}
    Value(long i) : m_data(std::int64_t(i)) {}
    Value(long long i) : m_data(std::int64_t(i)) {}
    Value(double d) : m_data(Float{d, {}}) {}
    Value(const char* s) : m_data(QString::fromUtf8(s)) {}
    Value(QString s) : m_data(std::move(s)) {}
    Value(Array a) : m_data(std::move(a)) {}
    Value(Object o) : m_data(std::move(o)) {}
    Value(Float f) : m_data(std::move(f)) {}
    Value(BigInt b) : m_data(std::move(b)) {}

    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Type type() const { return Type(m_data.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInt() const { return type() == Type::Int; }
    bool isFloat() const { return type() == Type::Float; }
    bool isNumber() const { return isInt() || isFloat() || type() == Type::BigInt; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    bool toBool() const { return isBool() ? std::get<bool>(m_data) : false; }
    std::int64_t toInt() const;   ///< ints as is, floats truncated, else 0
    double toDouble() const;      ///< any number, else 0
    QString toString() const { return isString() ? std::get<QString>(m_data) : QString(); }
    const QString& string() const { return std::get<QString>(m_data); }
    const Float& floatValue() const { return std::get<Float>(m_data); }
    const BigInt& bigInt() const { return std::get<BigInt>(m_data); }
    const Array& items() const { return std::get<Array>(m_data); }
    Array& items() { return std::get<Array>(m_data); }
    const Object& members() const { return std::get<Object>(m_data); }
    Object& members() { return std::get<Object>(m_data); }

    /// Object lookup, last duplicate wins (as Python reads it). nullptr when absent or not an object.
    const Value* find(QStringView key) const;
    Value* find(QStringView key);
    bool contains(QStringView key) const { return find(key) != nullptr; }
    /// Object member value or a null Value.
    const Value& operator[](QStringView key) const;
    /// Appends (objects) — does not replace an existing key.
    void append(QString key, Value v) { members().emplace_back(std::move(key), std::move(v)); }
    void append(Value v) { items().push_back(std::move(v)); }
    /// Sets the last member named key, or appends it.
    void set(QString key, Value v);
    bool remove(QStringView key);

    qsizetype size() const; ///< items or members; 0 for scalars

    /// Python equality: 1 == 1.0, True == 1, object members compared as dicts (order-free),
    /// NaN != NaN.
    friend bool operator==(const Value& a, const Value& b);

private:
    std::variant<std::nullptr_t, bool, std::int64_t, Float, BigInt, QString, Array, Object> m_data;
};

} // namespace kcs::json
