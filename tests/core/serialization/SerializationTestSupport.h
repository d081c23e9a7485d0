// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by the serialization tests: C++ classes registered like Python ones,
// built-in symbols, and JSON text of values.

#include "core/json/PyJson.h"
#include "core/serialization/Builtins.h"
#include "core/serialization/Deserialize.h"
#include "core/serialization/JsonBridge.h"
#include "core/serialization/Symbol.h"

#include <QtTest>

namespace kcs::test {

/// A custom layer written in C++: from_config/get_config like a Python class.
class MyDense : public saving::Instance {
public:
    explicit MyDense(int units) : m_units(units) {}
    static Result<std::shared_ptr<MyDense>> fromConfig(const saving::PyDict& config)
    {
        const saving::PyValue* units = config.find(u"units");
        if (!units || !units->isInt())
            return fail(ErrorCode::TypeError,
                        QStringLiteral("MyDense.__init__() missing 1 required positional argument: 'units'"));
        return std::make_shared<MyDense>(int(units->toInt()));
    }
    Result<saving::PyValue> getConfig() const
    {
        return saving::PyValue::dict({{QStringLiteral("units"), m_units}});
    }
    int units() const { return m_units; }

private:
    int m_units;
};

/// A wrapper layer holding another layer object (the shared-object case).
class Wrapper : public saving::Instance {
public:
    explicit Wrapper(saving::PyValue layer) : m_layer(std::move(layer)) {}
    static Result<std::shared_ptr<Wrapper>> fromConfig(const saving::PyDict& config)
    {
        const saving::PyValue* layer = config.find(u"layer");
        auto inner = saving::deserializeKerasObject(layer ? *layer : saving::PyValue());
        if (!inner)
            return std::unexpected(inner.error());
        return std::make_shared<Wrapper>(*inner);
    }
    Result<saving::PyValue> getConfig() const
    {
        return saving::PyValue::dict({{QStringLiteral("layer"), m_layer}});
    }
    const saving::PyValue& layer() const { return m_layer; }

private:
    saving::PyValue m_layer;
};

/// The built-in class or function `name` of a category.
inline saving::SymbolRef builtin(keras::Category category, const QString& name,
                                 keras::Dialect dialect = keras::Dialect::Keras3)
{
    const saving::PyValue v = saving::Builtins::forDialect(dialect).moduleObjects(category).value(name);
    return v.isSymbol() ? v.symbol() : saving::SymbolRef();
}

/// An instance of a built-in class holding config.
inline saving::PyValue builtinObject(keras::Category category, const QString& name, saving::PyValue config,
                                     keras::Dialect dialect = keras::Dialect::Keras3)
{
    return saving::PyValue(std::make_shared<saving::ConfigObject>(builtin(category, name, dialect), std::move(config)));
}

/// json.dumps of a value (which must be JSON-able).
inline QByteArray dumps(const saving::PyValue& value)
{
    auto json = saving::toJson(value);
    if (!json)
        return "<not JSON: " + json.error().message.toUtf8() + ">";
    return json::dumps(*json);
}

/// A value parsed from JSON text (json.loads).
inline saving::PyValue loads(const QByteArray& text)
{
    auto doc = json::Document::parse(text);
    if (!doc) {
        qWarning("bad JSON in test: %s", qPrintable(doc.error().message));
        return {};
    }
    auto v = saving::fromDocument(*doc, doc->root());
    return v ? *v : saving::PyValue();
}

} // namespace kcs::test

// Data-driven rows carry the Keras version whose wording they check.
Q_DECLARE_METATYPE(kcs::saving::KerasVersion)
