// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace kcs::saving {

class PyValue;
class Symbol;
class Instance;
using SymbolRef = std::shared_ptr<const Symbol>;
using InstanceRef = std::shared_ptr<Instance>;

/// A Python list: shared and mutable, like Python's (copying a PyValue aliases the list).
struct PyList {
    std::vector<PyValue> items;
};

/// A Python tuple: shared, never changed after construction.
struct PyTuple {
    std::vector<PyValue> items;
};

/// A Python dict with str keys, in insertion order. Shared and mutable like Python's, which is what
/// lets the shared-object bookkeeping add `shared_object_id` to an envelope already handed out.
/// Lookups are linear: configs have a handful of keys. (Non-str keys, which only hand-built Python
/// objects have, are not modelled.)
class PyDict {
public:
    using Item = std::pair<QString, PyValue>;

    const std::vector<Item>& items() const { return m_items; }
    std::vector<Item>& items() { return m_items; }
    qsizetype size() const { return qsizetype(m_items.size()); }
    bool isEmpty() const { return m_items.empty(); }
    const PyValue* find(QStringView key) const;
    PyValue* find(QStringView key);
    bool contains(QStringView key) const { return find(key) != nullptr; }
    /// Replaces the value of an existing key in place (order kept) or appends it, as d[k] = v.
    void set(const QString& key, PyValue value);
    bool remove(QStringView key);

private:
    std::vector<Item> m_items;
};

/// Python's slice(start, stop, step).
struct PySlice;
/// A numpy array (`__numpy__`) or an eager tensor (`__tensor__`): nested list value and dtype name.
struct PyArray;
/// A symbolic tensor (`__keras_tensor__`): shape, dtype and the keras_history used for rewiring.
struct PyKerasTensor;
/// A Python lambda as stored in a file. Kept as data for inspection and re-saving, NEVER executed.
struct PyLambda;
/// A TensorFlow TypeSpec envelope (`__typespec__`), kept as the envelope it was read from.
struct PyTypeSpec;

/// A Python value as Keras's serialization code sees it in memory: None, bool, int, float, str,
/// bytes, list, tuple, dict, slice, Ellipsis, numpy arrays / tensors / symbolic tensors, lambdas
/// (opaque), TypeSpecs, classes and functions (Symbol) and object instances (Instance).
///
/// Containers and objects have Python's reference semantics: a copy of a PyValue refers to the
/// same list, dict or instance; deepCopy() makes an independent structure. Scalars are values.
/// Identity (Python's `is` / `id()`) is the address of the shared part (identity()).
class PyValue {
public:
    enum class Type {
        None, Bool, Int, BigInt, Float, Str, Bytes, List, Tuple, Dict, Slice, Ellipsis,
        NumpyArray, Tensor, KerasTensor, Lambda, TypeSpec, Class, Function, Object
    };
    struct Float {
        double value = 0;
        QByteArray spelling; ///< JSON source text when read from a file; empty: Python's repr
    };
    struct BigInt {
        QByteArray digits; ///< an int beyond 64 bits, as decimal text
    };
    struct Ellipsis {};

    PyValue() = default; // None
    PyValue(std::nullptr_t) {}
    PyValue(bool b) : m_data(b) {}
    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool> && !std::is_same_v<I, char>)
    PyValue(I i) : m_data(std::int64_t(i)) {}
    PyValue(double d) : m_data(Float{d, {}}) {}
    PyValue(Float f) : m_data(std::move(f)) {}
    PyValue(BigInt b) : m_data(std::move(b)) {}
    PyValue(const char* s) : m_data(QString::fromUtf8(s)) {}
    PyValue(QString s) : m_data(std::move(s)) {}
    PyValue(SymbolRef symbol);
    PyValue(InstanceRef instance);
    template <class T>
        requires std::is_base_of_v<Instance, T>
    PyValue(std::shared_ptr<T> instance) : PyValue(InstanceRef(std::move(instance))) {}

    static PyValue bytes(QByteArray data);
    static PyValue list(std::vector<PyValue> items = {});
    static PyValue tuple(std::vector<PyValue> items = {});
    static PyValue dict(std::vector<PyDict::Item> items = {});
    static PyValue slice(PyValue start, PyValue stop, PyValue step);
    static PyValue ellipsis();
    static PyValue numpyArray(PyValue value, QString dtype);
    static PyValue tensor(PyValue value, QString dtype);
    static PyValue kerasTensor(PyValue shape, QString dtype, PyValue kerasHistory);
    /// A lambda from a `__lambda__` marker (generic form {"value": [...]}) or a K3 Lambda layer
    /// ({"code", "defaults", "closure"}); config is the marker's inner config, kept as is.
    static PyValue lambda(PyValue config);
    static PyValue typeSpec(PyValue envelope);

    Type type() const;
    bool isNone() const { return m_data.index() == 0; }
    bool isBool() const { return std::holds_alternative<bool>(m_data); }
    bool isInt() const { return std::holds_alternative<std::int64_t>(m_data); }
    bool isFloat() const { return std::holds_alternative<Float>(m_data); }
    bool isStr() const { return std::holds_alternative<QString>(m_data); }
    bool isList() const { return type() == Type::List; }
    bool isTuple() const { return type() == Type::Tuple; }
    bool isListOrTuple() const { return isList() || isTuple(); }
    bool isDict() const { return type() == Type::Dict; }
    bool isClass() const { return type() == Type::Class; }
    bool isFunction() const { return type() == Type::Function; }
    bool isSymbol() const { return std::holds_alternative<SymbolRef>(m_data); }
    bool isObject() const { return type() == Type::Object; }
    /// str, int, float or bool (Keras's PLAIN_TYPES; bool is an int in Python).
    bool isPlain() const;

    bool toBool() const { return isBool() && std::get<bool>(m_data); }
    std::int64_t toInt() const { return isInt() ? std::get<std::int64_t>(m_data) : 0; }
    double toDouble() const;
    QString toStr() const { return isStr() ? std::get<QString>(m_data) : QString(); }
    const QString& str() const { return std::get<QString>(m_data); }
    const Float& floatValue() const { return std::get<Float>(m_data); }
    const BigInt& bigInt() const { return std::get<BigInt>(m_data); }
    const QByteArray& bytesValue() const;
    /// Elements of a list or tuple (empty for anything else).
    const std::vector<PyValue>& items() const;
    std::vector<PyValue>& listItems(); ///< a list's elements (mutable); precondition isList()
    const PyDict& dictValue() const;   ///< precondition isDict()
    PyDict& dictValue();
    const PySlice& sliceValue() const;
    const PyArray& arrayValue() const; ///< NumpyArray or Tensor
    const PyKerasTensor& kerasTensorValue() const;
    const PyLambda& lambdaValue() const;
    const PyTypeSpec& typeSpecValue() const;
    const SymbolRef& symbol() const;   ///< Class or Function
    const InstanceRef& instance() const; ///< Object

    /// Dict member or nullptr (also when this is not a dict).
    const PyValue* get(QStringView key) const;
    /// Dict member value or None.
    PyValue value(QStringView key) const;

    /// Address of the shared part (containers, symbols, instances, markers); 0 for scalars.
    quintptr identity() const;
    bool isSameObject(const PyValue& other) const;

    /// An independent copy of containers (lists, tuples, dicts, slices); symbols and instances
    /// stay shared, as copy.deepcopy would keep classes. Depth is bounded by the caller's input.
    PyValue deepCopy() const;

    /// Python ==: numbers by value (True == 1 == 1.0), containers element-wise (a list never
    /// equals a tuple, dicts ignore order), symbols and instances by identity, NaN != NaN.
    friend bool operator==(const PyValue& a, const PyValue& b);

private:
    using Data = std::variant<std::nullptr_t, bool, std::int64_t, BigInt, Float, QString,
                              std::shared_ptr<const QByteArray>, std::shared_ptr<PyList>,
                              std::shared_ptr<const PyTuple>, std::shared_ptr<PyDict>,
                              std::shared_ptr<const PySlice>, std::shared_ptr<const Ellipsis>,
                              std::shared_ptr<const PyArray>, std::shared_ptr<const PyKerasTensor>,
                              std::shared_ptr<const PyLambda>, std::shared_ptr<const PyTypeSpec>,
                              SymbolRef, InstanceRef>;
    Data m_data;
};

struct PySlice {
    PyValue start, stop, step;
};

struct PyArray {
    bool isTensor = false; ///< false: numpy array (`__numpy__`); true: eager tensor (`__tensor__`)
    PyValue value;         ///< nested lists of numbers
    QString dtype;
};

struct PyKerasTensor {
    PyValue shape;        ///< list of dims (None for unknown)
    QString dtype;
    PyValue kerasHistory; ///< [layer name, node index, tensor index] or None
};

struct PyLambda {
    /// The inner config of the marker exactly as read: {"value": [code, defaults, closure]}
    /// (generic marker) or {"code": ..., "defaults": ..., "closure": ...} (K3 Lambda layer).
    PyValue config;
    /// The base64 bytecode text (whichever form), for display.
    QString code() const;
};

struct PyTypeSpec {
    PyValue envelope; ///< {"class_name": "__typespec__", "spec_name", "module", "config", ...}
};

/// Python's type(x).__name__ for the plain kinds ("str", "list", "NoneType", ...), and the
/// class name for instances; used in messages such as "instead got <class 'list'>".
QString pythonTypeName(const PyValue& value);

} // namespace kcs::saving
