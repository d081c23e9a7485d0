// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Serialize.h"

#include "core/registry/Registry.h"
#include "core/serialization/JsonBridge.h"
#include "core/serialization/Repr.h"
#include "core/serialization/Sharing.h"
#include "core/serialization/Symbol.h"


namespace kcs::saving {

namespace {

PyValue marker(const char* className, PyValue config)
{
    return PyValue::dict({{QStringLiteral("class_name"), QString::fromLatin1(className)},
                          {QStringLiteral("config"), std::move(config)}});
}

/// One serialize_keras_object call tree (spec section 2); depth counts nesting of the value.
class Serializer {
public:
    explicit Serializer(const SerializeOptions& options) : m_options(options) {}

    Result<PyValue> run(const PyValue& obj, int depth);

private:
    Result<PyValue> sequence(const PyValue& obj, int depth);
    Result<PyValue> dict(const PyValue& obj, int depth);
    Result<PyValue> bytes(const PyValue& obj);
    Result<PyValue> slice(const PyValue& obj, int depth);
    PyValue lambda(const PyValue& obj);
    Result<PyValue> classEnvelope(const PyValue& obj, int depth);
    Result<PyValue> innerConfig(const PyValue& obj, int depth);
    void addBuildAndCompileConfig(const PyValue& obj, PyValue& envelope, int depth);

    const SerializeOptions& m_options;
};

Result<PyValue> Serializer::run(const PyValue& obj, int depth)
{
    if (depth > kMaxNesting)
        return fail(ErrorCode::RuntimeError, QStringLiteral("maximum recursion depth exceeded"));
    using T = PyValue::Type;
    switch (obj.type()) {
    case T::None:
    case T::Bool:
    case T::Int:
    case T::BigInt:
    case T::Float:
    case T::Str: return obj;
    case T::List:
    case T::Tuple: return sequence(obj, depth);
    case T::Dict: return dict(obj, depth);
    case T::Bytes: return bytes(obj);
    case T::Slice: return slice(obj, depth);
    case T::Ellipsis: return marker("__ellipsis__", PyValue::dict());
    case T::KerasTensor: {
        const PyKerasTensor& k = obj.kerasTensorValue();
        return marker("__keras_tensor__",
                      PyValue::dict({{QStringLiteral("shape"), k.shape},
                                     {QStringLiteral("dtype"), k.dtype},
                                     {QStringLiteral("keras_history"), k.kerasHistory}}));
    }
    case T::Tensor:
    case T::NumpyArray: {
        const PyArray& a = obj.arrayValue();
        // A 0-d numpy array is a plain scalar in Keras's output (rule 12).
        if (!a.isTensor && !a.value.isListOrTuple())
            return a.value;
        return marker(a.isTensor ? "__tensor__" : "__numpy__",
                      PyValue::dict({{QStringLiteral("value"), a.value},
                                     {QStringLiteral("dtype"), a.dtype}}));
    }
    case T::Lambda: return lambda(obj);
    case T::TypeSpec: return obj.typeSpecValue().envelope;
    case T::Class:
    case T::Function:
    case T::Object: return classEnvelope(obj, depth);
    }
    return obj;
}

Result<PyValue> Serializer::sequence(const PyValue& obj, int depth)
{
    std::vector<PyValue> out;
    out.reserve(obj.items().size());
    for (const PyValue& item : obj.items()) {
        auto s = run(item, depth + 1);
        if (!s)
            return s;
        out.push_back(std::move(*s));
    }
    return obj.isTuple() ? PyValue::tuple(std::move(out)) : PyValue::list(std::move(out));
}

Result<PyValue> Serializer::dict(const PyValue& obj, int depth)
{
    PyValue out = PyValue::dict();
    for (const auto& [key, value] : obj.dictValue().items()) {
        auto s = run(value, depth + 1);
        if (!s)
            return s;
        out.dictValue().items().emplace_back(key, std::move(*s));
    }
    return out;
}

/// Python's UnicodeDecodeError text for the first invalid UTF-8 sequence, or empty if valid.
QString utf8Error(const QByteArray& data)
{
    const auto* b = reinterpret_cast<const unsigned char*>(data.constData());
    const qsizetype n = data.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = b[i];
        int need = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the first continuation byte
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; lo = c == 0xE0 ? 0xA0 : 0x80; hi = c == 0xED ? 0x9F : 0xBF; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; lo = c == 0xF0 ? 0x90 : 0x80; hi = c == 0xF4 ? 0x8F : 0xBF; }
        QString reason;
        qsizetype end = i + 1; // one past the bytes the error covers
        if (need == 0) {
            reason = QStringLiteral("invalid start byte");
        } else {
            for (int k = 1; k <= need; ++k) {
                if (i + k >= n) { reason = QStringLiteral("unexpected end of data"); break; }
                const unsigned char cc = b[i + k];
                const bool ok = k == 1 ? (cc >= lo && cc <= hi) : (cc >= 0x80 && cc <= 0xBF);
                if (!ok) { reason = QStringLiteral("invalid continuation byte"); break; }
                end = i + k + 1;
            }
            if (reason.isEmpty()) { i += need + 1; continue; }
        }
        const QString where = end - i == 1
            ? QStringLiteral("byte 0x%1 in position %2").arg(c, 2, 16, QLatin1Char('0')).arg(i)
            : QStringLiteral("bytes in position %1-%2").arg(i).arg(end - 1);
        return QStringLiteral("'utf-8' codec can't decode %1: %2").arg(where, reason);
    }
    return {};
}

Result<PyValue> Serializer::bytes(const PyValue& obj)
{
    const QByteArray& data = obj.bytesValue();
    if (const QString error = utf8Error(data); !error.isEmpty())
        return fail(ErrorCode::ValueError, error); // UnicodeDecodeError is a ValueError
    return marker("__bytes__", PyValue::dict({{QStringLiteral("value"), QString::fromUtf8(data)}}));
}

Result<PyValue> Serializer::slice(const PyValue& obj, int depth)
{
    const PySlice& s = obj.sliceValue();
    auto start = run(s.start, depth + 1);
    auto stop = run(s.stop, depth + 1);
    auto step = run(s.step, depth + 1);
    for (auto* r : {&start, &stop, &step}) {
        if (!*r)
            return *r;
    }
    return marker("__slice__", PyValue::dict({{QStringLiteral("start"), *start},
                                              {QStringLiteral("stop"), *stop},
                                              {QStringLiteral("step"), *step}}));
}

PyValue Serializer::lambda(const PyValue& obj)
{
    // The generic marker stores [code, defaults, closure] under "value"; a lambda read from a K3
    // Lambda layer config holds them as separate keys.
    const PyValue& cfg = obj.lambdaValue().config;
    PyValue value = cfg.value(u"value");
    if (!cfg.get(u"value"))
        value = PyValue::list({cfg.value(u"code"), cfg.value(u"defaults"), cfg.value(u"closure")});
    return marker("__lambda__", PyValue::dict({{QStringLiteral("value"), value}}));
}

Result<PyValue> Serializer::innerConfig(const PyValue& obj, int depth)
{
    if (obj.isFunction()) {
        const bool registeredKey = m_options.version.isKeras3() && m_options.version.minor >= 7;
        return PyValue(registeredKey ? registeredNameOf(obj.symbol()) : obj.symbol()->name);
    }
    if (obj.isClass()) // a class object: named, no bound get_config
        return PyValue(registeredNameOf(obj.symbol()));
    const SymbolRef cls = obj.instance()->cls();
    if (!cls || !cls->hasGetConfig())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("Cannot serialize object %1 of type %2. To be serializable, a "
                                   "class must implement the `get_config()` method.")
                        .arg(repr(obj), typeRepr(obj)));
    auto config = cls->getConfig(*obj.instance());
    if (!config)
        return config;
    if (!config->isDict())
        return fail(ErrorCode::TypeError,
                    QStringLiteral("The `get_config()` method of %1 should return a dict. It returned: %2")
                        .arg(repr(obj), repr(*config)));
    return dict(*config, depth);
}

Result<PyValue> Serializer::classEnvelope(const PyValue& obj, int depth)
{
    auto inner = innerConfig(obj, depth);
    if (!inner)
        return inner;
    PyValue module, className, registeredName;
    if (obj.isSymbol()) {
        // The class of a function is builtins.function, of a class builtins.type; neither is
        // exported, and their registered name is their own name.
        const QString typeName = obj.isFunction() ? QStringLiteral("function") : QStringLiteral("type");
        module = QStringLiteral("builtins");
        className = typeName;
        registeredName = typeName;
    } else {
        const SymbolRef cls = obj.instance()->cls();
        if (!cls->exportPath.isEmpty()) {
            module = cls->exportModule();
            className = cls->exportName();
        } else {
            module = cls->module;
            className = cls->name;
            if (cls->module != u"builtins")
                registeredName = registeredNameOf(cls);
        }
    }
    PyValue envelope = PyValue::dict({{QStringLiteral("module"), module},
                                      {QStringLiteral("class_name"), className},
                                      {QStringLiteral("config"), *inner},
                                      {QStringLiteral("registered_name"), registeredName}});
    if (obj.isObject())
        addBuildAndCompileConfig(obj, envelope, depth);
    sharing::recordAfterSerialization(obj, envelope);
    return envelope;
}

void Serializer::addBuildAndCompileConfig(const PyValue& obj, PyValue& envelope, int depth)
{
    const Instance& instance = *obj.instance();
    if (auto build = instance.buildConfig(); build && !build->isNone()) {
        if (auto s = run(*build, depth + 1))
            envelope.dictValue().set(QStringLiteral("build_config"), *s);
    }
    auto compile = instance.compileConfig();
    // Before 3.10 an uncompiled model reported no compile config at all.
    const bool reportsEmpty = m_options.version.isKeras3() && m_options.version.minor >= 10;
    if (compile && !instance.isCompiled() && !reportsEmpty)
        compile.reset();
    if (compile && !compile->isNone()) {
        if (auto s = run(*compile, depth + 1))
            envelope.dictValue().set(QStringLiteral("compile_config"), *s);
    }
}

} // namespace

Result<PyValue> serializeKerasObject(const PyValue& object, const SerializeOptions& options)
{
    Serializer serializer(options);
    return serializer.run(object, 0);
}

} // namespace kcs::saving
