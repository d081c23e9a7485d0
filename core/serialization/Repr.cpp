// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Repr.h"

#include "core/registry/Registry.h"
#include "core/serialization/PyRepr.h"
#include "core/serialization/Symbol.h"

namespace kcs::saving {

namespace {

void appendRepr(QString& out, const PyValue& value);

void appendSequence(QString& out, const std::vector<PyValue>& items, QChar open, QChar close,
                    bool tuple)
{
    out += open;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += u", ";
        appendRepr(out, items[i]);
    }
    if (tuple && items.size() == 1)
        out += u',';
    out += close;
}

void appendBytes(QString& out, const QByteArray& data)
{
    // Python prefers single quotes unless the bytes contain ' and no ".
    const bool dq = data.contains('\'') && !data.contains('"');
    const char quote = dq ? '"' : '\'';
    out += u'b';
    out += QLatin1Char(quote);
    for (const char ch : data) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\' || c == static_cast<unsigned char>(quote)) {
            out += u'\\';
            out += QLatin1Char(ch);
        } else if (c == '\n') {
            out += u"\\n";
        } else if (c == '\r') {
            out += u"\\r";
        } else if (c == '\t') {
            out += u"\\t";
        } else if (c < 0x20 || c >= 0x7f) {
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        } else {
            out += QLatin1Char(ch);
        }
    }
    out += QLatin1Char(quote);
}

void appendObject(QString& out, const PyValue& value)
{
    const SymbolRef cls = value.instance()->cls();
    const QString name = cls ? (cls->module.isEmpty() ? cls->name : cls->module + u'.' + cls->name)
                             : QStringLiteral("object");
    out += QStringLiteral("<%1 object>").arg(name);
}

void appendRepr(QString& out, const PyValue& value)
{
    using T = PyValue::Type;
    switch (value.type()) {
    case T::None: out += u"None"; return;
    case T::Bool: out += value.toBool() ? u"True" : u"False"; return;
    case T::Int: out += QString::number(value.toInt()); return;
    case T::BigInt: out += QString::fromLatin1(value.bigInt().digits); return;
    case T::Float: out += serialization::pyReprFloat(value.floatValue().value); return;
    case T::Str: out += serialization::pyReprString(value.str()); return;
    case T::Bytes: appendBytes(out, value.bytesValue()); return;
    case T::List: appendSequence(out, value.items(), u'[', u']', false); return;
    case T::Tuple: appendSequence(out, value.items(), u'(', u')', true); return;
    case T::Dict: {
        out += u'{';
        bool first = true;
        for (const auto& [key, v] : value.dictValue().items()) {
            if (!first)
                out += u", ";
            first = false;
            out += serialization::pyReprString(key);
            out += u": ";
            appendRepr(out, v);
        }
        out += u'}';
        return;
    }
    case T::Slice: {
        const PySlice& s = value.sliceValue();
        out += u"slice(";
        appendRepr(out, s.start);
        out += u", ";
        appendRepr(out, s.stop);
        out += u", ";
        appendRepr(out, s.step);
        out += u')';
        return;
    }
    case T::Ellipsis: out += u"Ellipsis"; return;
    case T::NumpyArray:
    case T::Tensor: {
        const PyArray& a = value.arrayValue();
        out += a.isTensor ? u"tf.Tensor(" : u"array(";
        appendRepr(out, a.value);
        out += QStringLiteral(", dtype=%1)").arg(a.dtype);
        return;
    }
    case T::KerasTensor: {
        const PyKerasTensor& k = value.kerasTensorValue();
        out += u"<KerasTensor shape=";
        appendRepr(out, k.shape);
        out += QStringLiteral(", dtype=%1>").arg(k.dtype);
        return;
    }
    case T::Lambda: out += u"<function <lambda>>"; return;
    case T::TypeSpec: out += u"<TypeSpec>"; return;
    case T::Class:
    case T::Function: out += symbolRepr(value.symbol()); return;
    case T::Object: appendObject(out, value); return;
    }
}

} // namespace

QString repr(const PyValue& value)
{
    QString out;
    appendRepr(out, value);
    return out;
}

QString typeRepr(const PyValue& value)
{
    if (value.isObject())
        return serialization::pyReprClass(pythonTypeName(value));
    return QStringLiteral("<class '%1'>").arg(pythonTypeName(value));
}

} // namespace kcs::saving
