// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/PyValue.h"

#include "core/serialization/Symbol.h"

#include <cmath>

namespace kcs::saving {

// --- PyDict ------------------------------------------------------------------------------------

const PyValue* PyDict::find(QStringView key) const
{
    for (const Item& item : m_items) {
        if (item.first == key)
            return &item.second;
    }
    return nullptr;
}

PyValue* PyDict::find(QStringView key)
{
    return const_cast<PyValue*>(std::as_const(*this).find(key));
}

void PyDict::set(const QString& key, PyValue value)
{
    if (PyValue* existing = find(key))
        *existing = std::move(value);
    else
        m_items.emplace_back(key, std::move(value));
}

bool PyDict::remove(QStringView key)
{
    const auto before = m_items.size();
    std::erase_if(m_items, [&](const Item& item) { return item.first == key; });
    return m_items.size() != before;
}

// --- PyValue construction ------------------------------------------------------------------------

PyValue::PyValue(SymbolRef symbol)
{
    if (symbol)
        m_data = std::move(symbol);
}

PyValue::PyValue(InstanceRef instance)
{
    if (instance)
        m_data = std::move(instance);
}

PyValue PyValue::bytes(QByteArray data)
{
    PyValue v;
    v.m_data = std::make_shared<const QByteArray>(std::move(data));
    return v;
}

PyValue PyValue::list(std::vector<PyValue> items)
{
    PyValue v;
    v.m_data = std::make_shared<PyList>(PyList{std::move(items)});
    return v;
}

PyValue PyValue::tuple(std::vector<PyValue> items)
{
    PyValue v;
    v.m_data = std::make_shared<const PyTuple>(PyTuple{std::move(items)});
    return v;
}

PyValue PyValue::dict(std::vector<PyDict::Item> items)
{
    auto d = std::make_shared<PyDict>();
    for (auto& item : items)
        d->set(item.first, std::move(item.second));
    PyValue v;
    v.m_data = std::move(d);
    return v;
}

PyValue PyValue::slice(PyValue start, PyValue stop, PyValue step)
{
    PyValue v;
    v.m_data = std::make_shared<const PySlice>(PySlice{std::move(start), std::move(stop), std::move(step)});
    return v;
}

PyValue PyValue::ellipsis()
{
    // Python has exactly one Ellipsis object.
    static const auto single = std::make_shared<const Ellipsis>();
    PyValue v;
    v.m_data = single;
    return v;
}

PyValue PyValue::numpyArray(PyValue value, QString dtype)
{
    PyValue v;
    v.m_data = std::make_shared<const PyArray>(PyArray{false, std::move(value), std::move(dtype)});
    return v;
}

PyValue PyValue::tensor(PyValue value, QString dtype)
{
    PyValue v;
    v.m_data = std::make_shared<const PyArray>(PyArray{true, std::move(value), std::move(dtype)});
    return v;
}

PyValue PyValue::kerasTensor(PyValue shape, QString dtype, PyValue kerasHistory)
{
    PyValue v;
    v.m_data = std::make_shared<const PyKerasTensor>(
        PyKerasTensor{std::move(shape), std::move(dtype), std::move(kerasHistory)});
    return v;
}

PyValue PyValue::lambda(PyValue config)
{
    PyValue v;
    v.m_data = std::make_shared<const PyLambda>(PyLambda{std::move(config)});
    return v;
}

PyValue PyValue::typeSpec(PyValue envelope)
{
    PyValue v;
    v.m_data = std::make_shared<const PyTypeSpec>(PyTypeSpec{std::move(envelope)});
    return v;
}

// --- PyValue access ------------------------------------------------------------------------------

PyValue::Type PyValue::type() const
{
    switch (m_data.index()) {
    case 0: return Type::None;
    case 1: return Type::Bool;
    case 2: return Type::Int;
    case 3: return Type::BigInt;
    case 4: return Type::Float;
    case 5: return Type::Str;
    case 6: return Type::Bytes;
    case 7: return Type::List;
    case 8: return Type::Tuple;
    case 9: return Type::Dict;
    case 10: return Type::Slice;
    case 11: return Type::Ellipsis;
    case 12: return std::get<12>(m_data)->isTensor ? Type::Tensor : Type::NumpyArray;
    case 13: return Type::KerasTensor;
    case 14: return Type::Lambda;
    case 15: return Type::TypeSpec;
    case 16: return std::get<16>(m_data)->isFunction() ? Type::Function : Type::Class;
    default: return Type::Object;
    }
}

bool PyValue::isPlain() const
{
    const Type t = type();
    return t == Type::Str || t == Type::Int || t == Type::BigInt || t == Type::Float
        || t == Type::Bool;
}

double PyValue::toDouble() const
{
    switch (type()) {
    case Type::Bool: return toBool() ? 1.0 : 0.0;
    case Type::Int: return double(toInt());
    case Type::BigInt: return bigInt().digits.toDouble();
    case Type::Float: return floatValue().value;
    default: return 0;
    }
}

const QByteArray& PyValue::bytesValue() const
{
    return *std::get<std::shared_ptr<const QByteArray>>(m_data);
}

const std::vector<PyValue>& PyValue::items() const
{
    static const std::vector<PyValue> none;
    if (auto l = std::get_if<std::shared_ptr<PyList>>(&m_data))
        return (*l)->items;
    if (auto t = std::get_if<std::shared_ptr<const PyTuple>>(&m_data))
        return (*t)->items;
    return none;
}

std::vector<PyValue>& PyValue::listItems()
{
    return std::get<std::shared_ptr<PyList>>(m_data)->items;
}

const PyDict& PyValue::dictValue() const { return *std::get<std::shared_ptr<PyDict>>(m_data); }
PyDict& PyValue::dictValue() { return *std::get<std::shared_ptr<PyDict>>(m_data); }
const PySlice& PyValue::sliceValue() const { return *std::get<std::shared_ptr<const PySlice>>(m_data); }
const PyArray& PyValue::arrayValue() const { return *std::get<std::shared_ptr<const PyArray>>(m_data); }
const PyKerasTensor& PyValue::kerasTensorValue() const
{
    return *std::get<std::shared_ptr<const PyKerasTensor>>(m_data);
}
const PyLambda& PyValue::lambdaValue() const { return *std::get<std::shared_ptr<const PyLambda>>(m_data); }
const PyTypeSpec& PyValue::typeSpecValue() const
{
    return *std::get<std::shared_ptr<const PyTypeSpec>>(m_data);
}
const SymbolRef& PyValue::symbol() const { return std::get<SymbolRef>(m_data); }
const InstanceRef& PyValue::instance() const { return std::get<InstanceRef>(m_data); }

const PyValue* PyValue::get(QStringView key) const
{
    return isDict() ? dictValue().find(key) : nullptr;
}

PyValue PyValue::value(QStringView key) const
{
    const PyValue* v = get(key);
    return v ? *v : PyValue();
}

quintptr PyValue::identity() const
{
    return std::visit(
        [](const auto& alt) -> quintptr {
            if constexpr (requires { alt.get(); })
                return reinterpret_cast<quintptr>(static_cast<const void*>(alt.get()));
            else
                return 0;
        },
        m_data);
}

bool PyValue::isSameObject(const PyValue& other) const
{
    const quintptr id = identity();
    return id != 0 && id == other.identity();
}

PyValue PyValue::deepCopy() const
{
    switch (type()) {
    case Type::List: {
        std::vector<PyValue> out;
        out.reserve(items().size());
        for (const PyValue& item : items())
            out.push_back(item.deepCopy());
        return list(std::move(out));
    }
    case Type::Tuple: {
        std::vector<PyValue> out;
        for (const PyValue& item : items())
            out.push_back(item.deepCopy());
        return tuple(std::move(out));
    }
    case Type::Dict: {
        PyValue out = dict();
        for (const auto& [key, v] : dictValue().items())
            out.dictValue().items().emplace_back(key, v.deepCopy());
        return out;
    }
    case Type::Slice: {
        const PySlice& s = sliceValue();
        return slice(s.start.deepCopy(), s.stop.deepCopy(), s.step.deepCopy());
    }
    default:
        return *this;
    }
}

// --- equality ------------------------------------------------------------------------------------

namespace {

bool isNumeric(PyValue::Type t)
{
    return t == PyValue::Type::Bool || t == PyValue::Type::Int || t == PyValue::Type::Float
        || t == PyValue::Type::BigInt;
}

bool numbersEqual(const PyValue& a, const PyValue& b)
{
    using T = PyValue::Type;
    if (a.type() == T::BigInt || b.type() == T::BigInt) {
        if (a.type() == T::BigInt && b.type() == T::BigInt)
            return a.bigInt().digits == b.bigInt().digits;
        return a.toDouble() == b.toDouble();
    }
    if (a.type() != T::Float && b.type() != T::Float) {
        const std::int64_t x = a.isBool() ? (a.toBool() ? 1 : 0) : a.toInt();
        const std::int64_t y = b.isBool() ? (b.toBool() ? 1 : 0) : b.toInt();
        return x == y;
    }
    return a.toDouble() == b.toDouble(); // NaN != NaN falls out of IEEE comparison
}

bool sequencesEqual(const std::vector<PyValue>& a, const std::vector<PyValue>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i]))
            return false;
    }
    return true;
}

bool dictsEqual(const PyDict& a, const PyDict& b)
{
    if (a.size() != b.size())
        return false;
    for (const auto& [key, v] : a.items()) {
        const PyValue* other = b.find(key);
        if (!other || !(v == *other))
            return false;
    }
    return true;
}

} // namespace

bool operator==(const PyValue& a, const PyValue& b)
{
    using T = PyValue::Type;
    const T ta = a.type();
    const T tb = b.type();
    if (isNumeric(ta) && isNumeric(tb))
        return numbersEqual(a, b);
    if (ta != tb)
        return false;
    switch (ta) {
    case T::None:
    case T::Ellipsis: return true;
    case T::Str: return a.str() == b.str();
    case T::Bytes: return a.bytesValue() == b.bytesValue();
    case T::List:
    case T::Tuple: return sequencesEqual(a.items(), b.items());
    case T::Dict: return dictsEqual(a.dictValue(), b.dictValue());
    case T::Slice:
        return a.sliceValue().start == b.sliceValue().start
            && a.sliceValue().stop == b.sliceValue().stop
            && a.sliceValue().step == b.sliceValue().step;
    case T::NumpyArray:
    case T::Tensor:
        return a.arrayValue().dtype == b.arrayValue().dtype
            && a.arrayValue().value == b.arrayValue().value;
    case T::KerasTensor:
        return a.kerasTensorValue().shape == b.kerasTensorValue().shape
            && a.kerasTensorValue().dtype == b.kerasTensorValue().dtype
            && a.kerasTensorValue().kerasHistory == b.kerasTensorValue().kerasHistory;
    default: return a.isSameObject(b);
    }
}

QString PyLambda::code() const
{
    if (const PyValue* c = config.get(u"code"))
        return c->toStr();
    const PyValue value = config.value(u"value");
    if (value.isListOrTuple() && !value.items().empty())
        return value.items().front().toStr();
    return {};
}

QString pythonTypeName(const PyValue& value)
{
    using T = PyValue::Type;
    switch (value.type()) {
    case T::None: return QStringLiteral("NoneType");
    case T::Bool: return QStringLiteral("bool");
    case T::Int:
    case T::BigInt: return QStringLiteral("int");
    case T::Float: return QStringLiteral("float");
    case T::Str: return QStringLiteral("str");
    case T::Bytes: return QStringLiteral("bytes");
    case T::List: return QStringLiteral("list");
    case T::Tuple: return QStringLiteral("tuple");
    case T::Dict: return QStringLiteral("dict");
    case T::Slice: return QStringLiteral("slice");
    case T::Ellipsis: return QStringLiteral("ellipsis");
    case T::NumpyArray: return QStringLiteral("numpy.ndarray");
    case T::Tensor: return QStringLiteral("tensorflow.python.framework.ops.EagerTensor");
    case T::KerasTensor: return QStringLiteral("keras.src.backend.common.keras_tensor.KerasTensor");
    case T::Lambda: return QStringLiteral("function");
    case T::TypeSpec: return QStringLiteral("TypeSpec");
    case T::Class: return QStringLiteral("type");
    case T::Function: return QStringLiteral("function");
    case T::Object: {
        const SymbolRef cls = value.instance()->cls();
        if (!cls)
            return QStringLiteral("object");
        return cls->module.isEmpty() ? cls->name : cls->module + u'.' + cls->name;
    }
    }
    return {};
}

} // namespace kcs::saving
