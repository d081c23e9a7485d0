// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/JsonBridge.h"

namespace kcs::saving {

namespace {

PyValue scalarFromJson(const json::Value& value)
{
    using T = json::Value::Type;
    switch (value.type()) {
    case T::Null: return {};
    case T::Bool: return value.toBool();
    case T::Int: return PyValue(value.toInt());
    case T::Float: return PyValue::Float{value.floatValue().value, value.floatValue().spelling};
    case T::BigInt: return PyValue::BigInt{value.bigInt().digits};
    case T::String: return value.string();
    default: return {};
    }
}

} // namespace

PyValue fromJson(const json::Value& value)
{
    // json::Value nests at most kMaxDepth levels, which bounds this recursion.
    if (value.isArray()) {
        std::vector<PyValue> items;
        items.reserve(value.items().size());
        for (const json::Value& item : value.items())
            items.push_back(fromJson(item));
        return PyValue::list(std::move(items));
    }
    if (value.isObject()) {
        PyValue out = PyValue::dict();
        for (const auto& [key, member] : value.members())
            out.dictValue().set(key, fromJson(member));
        return out;
    }
    return scalarFromJson(value);
}

namespace {

PyValue scalarFromDocument(const json::Document& doc, json::NodeId node)
{
    switch (doc.kind(node)) {
    case json::Kind::Null: return {};
    case json::Kind::Bool: return doc.boolValue(node);
    case json::Kind::String: return doc.string(node);
    case json::Kind::Number: {
        if (doc.isIntegerSpelling(node)) {
            if (auto i = doc.toInt64(node))
                return PyValue(*i);
            QByteArray digits = doc.raw(node).toByteArray();
            if (digits == "-0")
                digits = "0";
            return PyValue::BigInt{digits};
        }
        return PyValue::Float{doc.toDouble(node), doc.raw(node).toByteArray()};
    }
    default: return {};
    }
}

} // namespace

Result<PyValue> fromDocument(const json::Document& doc, json::NodeId node)
{
    if (!doc.isValid(node))
        return fail(ErrorCode::NotFound, QStringLiteral("no such node"));
    // Explicit stack: a hostile document may nest far deeper than a thread's stack allows.
    struct Frame {
        json::NodeId node;
        PyValue container;
        int next = 0;
    };
    auto makeContainer = [&](json::NodeId n) {
        return doc.kind(n) == json::Kind::Array ? PyValue::list() : PyValue::dict();
    };
    const json::Kind rootKind = doc.kind(node);
    if (rootKind != json::Kind::Array && rootKind != json::Kind::Object)
        return scalarFromDocument(doc, node);
    std::vector<Frame> stack;
    stack.push_back({node, makeContainer(node)});
    PyValue result = stack.back().container;
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next >= doc.childCount(top.node)) {
            stack.pop_back();
            continue;
        }
        const json::NodeId child = doc.child(top.node, top.next++);
        const json::Kind k = doc.kind(child);
        PyValue value = (k == json::Kind::Array || k == json::Kind::Object)
            ? makeContainer(child)
            : scalarFromDocument(doc, child);
        if (top.container.isList())
            top.container.listItems().push_back(value);
        else
            top.container.dictValue().set(doc.key(child), value);
        if (k == json::Kind::Array || k == json::Kind::Object) {
            if (int(stack.size()) >= kMaxNesting)
                return fail(ErrorCode::Limit,
                            QStringLiteral("The value nests deeper than %1 levels").arg(kMaxNesting),
                            doc.location(child));
            stack.push_back({child, value});
        }
    }
    return result;
}

Result<json::Value> toJson(const PyValue& value)
{
    using T = PyValue::Type;
    switch (value.type()) {
    case T::None: return json::Value();
    case T::Bool: return json::Value(value.toBool());
    case T::Int: return json::Value(value.toInt());
    case T::BigInt: return json::Value(json::Value::BigInt{value.bigInt().digits});
    case T::Float:
        return json::Value(json::Value::Float{value.floatValue().value, value.floatValue().spelling});
    case T::Str: return json::Value(value.str());
    case T::List:
    case T::Tuple: {
        json::Value out = json::Value::array();
        for (const PyValue& item : value.items()) {
            auto v = toJson(item);
            if (!v)
                return v;
            out.append(std::move(*v));
        }
        return out;
    }
    case T::Dict: {
        json::Value out = json::Value::object();
        for (const auto& [key, member] : value.dictValue().items()) {
            auto v = toJson(member);
            if (!v)
                return v;
            out.append(key, std::move(*v));
        }
        return out;
    }
    default:
        return fail(ErrorCode::TypeError, QStringLiteral("Object of type %1 is not JSON serializable")
                                              .arg(pythonTypeName(value).section(u'.', -1)));
    }
}

bool equalAsJson(const PyValue& a, const PyValue& b)
{
    if (a.isListOrTuple() && b.isListOrTuple()) {
        if (a.items().size() != b.items().size())
            return false;
        for (size_t i = 0; i < a.items().size(); ++i) {
            if (!equalAsJson(a.items()[i], b.items()[i]))
                return false;
        }
        return true;
    }
    if (a.isDict() && b.isDict()) {
        const PyDict& x = a.dictValue();
        const PyDict& y = b.dictValue();
        if (x.size() != y.size())
            return false;
        for (const auto& [key, v] : x.items()) {
            const PyValue* other = y.find(key);
            if (!other || !equalAsJson(v, *other))
                return false;
        }
        return true;
    }
    return a == b;
}

} // namespace kcs::saving
