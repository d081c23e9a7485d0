// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/ToCategorical.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kcs::util {

namespace {

using json::Value;

/// Our own cap on the result size (numpy would try and maybe fail with MemoryError); keeps a
/// hostile num_classes from exhausting memory.
constexpr qint64 kMaxElements = qint64(1) << 28;
/// numpy 2's limit on array dimensions.
constexpr int kMaxDims = 64;

/// Python's type name of a JSON value, as in "'float' object cannot be ...".
QString typeName(const Value& v)
{
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("NoneType");
    case Value::Type::Bool: return QStringLiteral("bool");
    case Value::Type::Int:
    case Value::Type::BigInt: return QStringLiteral("int");
    case Value::Type::Float: return QStringLiteral("float");
    case Value::Type::String: return QStringLiteral("str");
    case Value::Type::Array: return QStringLiteral("list");
    case Value::Type::Object: return QStringLiteral("dict");
    }
    return {};
}

/// repr() of a str for int()'s error message, cut to 200 characters as CPython's %.200R does.
/// ASCII escapes only: non-ASCII characters are kept as they are (labels are numeric text).
QString shortRepr(const QString& s)
{
    const bool hasSingle = s.contains(QLatin1Char('\''));
    const QChar quote = (hasSingle && !s.contains(QLatin1Char('"'))) ? QLatin1Char('"') : QLatin1Char('\'');
    QString out(quote);
    for (QChar c : s) {
        if (c == quote || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + QString(c);
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += quote;
    return out.left(200);
}

/// int(text) for base 10: surrounding whitespace, a sign, digits with single underscores between.
std::optional<qint64> parsePythonInt(const QString& text, bool* overflow)
{
    const QString t = text.trimmed();
    qsizetype i = 0;
    bool negative = false;
    if (i < t.size() && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-')))
        negative = t[i++] == QLatin1Char('-');
    if (i == t.size())
        return std::nullopt;
    unsigned long long magnitude = 0;
    bool lastWasDigit = false;
    for (; i < t.size(); ++i) {
        const QChar c = t[i];
        if (c == QLatin1Char('_') && lastWasDigit && i + 1 < t.size() && t[i + 1].isDigit()) {
            lastWasDigit = false;
            continue;
        }
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        lastWasDigit = true;
        if (magnitude > (std::numeric_limits<unsigned long long>::max() - 9) / 10)
            *overflow = true;
        else
            magnitude = magnitude * 10 + unsigned(c.unicode() - '0');
    }
    const unsigned long long limit = negative ? (1ULL << 63) : (1ULL << 63) - 1;
    if (*overflow || magnitude > limit) {
        *overflow = true;
        return qint64(0);
    }
    return negative ? qint64(0 - magnitude) : qint64(magnitude);
}

/// One element of np.array(x, dtype="int64"): what int(element) gives, or Python's error.
Result<qint64> toLabel(const Value& v)
{
    // Python raises OverflowError for these; ErrorCode has no such kind, so they are Limit.
    static const QString tooLarge = QStringLiteral("Python int too large to convert to C long");
    switch (v.type()) {
    case Value::Type::Bool: return qint64(v.toBool() ? 1 : 0);
    case Value::Type::Int: return v.toInt();
    case Value::Type::BigInt: return fail(ErrorCode::Limit, tooLarge);
    case Value::Type::Float: {
        const double d = v.floatValue().value;
        if (std::isnan(d))
            return fail(ErrorCode::ValueError, QStringLiteral("cannot convert float NaN to integer"));
        if (std::isinf(d))
            return fail(ErrorCode::Limit, QStringLiteral("cannot convert float infinity to integer"));
        const double t = std::trunc(d);
        if (t < -9223372036854775808.0 || t >= 9223372036854775808.0)
            return fail(ErrorCode::Limit, tooLarge);
        return qint64(t);
    }
    case Value::Type::String: {
        bool overflow = false;
        const auto n = parsePythonInt(v.string(), &overflow);
        if (!n)
            return fail(ErrorCode::ValueError,
                        QStringLiteral("invalid literal for int() with base 10: ") + shortRepr(v.string()));
        if (overflow)
            return fail(ErrorCode::Limit, tooLarge);
        return *n;
    }
    default:
        return fail(ErrorCode::TypeError,
                    QStringLiteral("int() argument must be a string, a bytes-like object or a real number, not '%1'")
                        .arg(typeName(v)));
    }
}

QString shapeTuple(const std::vector<qint64>& shape)
{
    QString out = QStringLiteral("(");
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        out += QString::number(shape[i]);
    }
    if (shape.size() == 1)
        out += QLatin1Char(',');
    return out + QLatin1Char(')');
}

struct LabelArray {
    std::vector<qint64> shape;
    std::vector<qint64> labels; ///< flattened, row-major
};

/// np.array(x, dtype="int64"): discovers the shape level by level (no recursion), rejects ragged
/// nesting as numpy does, then converts the leaves in order.
Result<LabelArray> toLabelArray(const Value& root)
{
    LabelArray out;
    std::vector<const Value*> level{&root};
    while (true) {
        const bool anyList = std::any_of(level.begin(), level.end(), [](const Value* v) { return v->isArray(); });
        if (!anyList || level.empty())
            break;
        const qint64 len = qint64(level.front()->isArray() ? level.front()->items().size() : -1);
        for (const Value* v : level) {
            if (!v->isArray() || qint64(v->items().size()) != len)
                return fail(ErrorCode::ValueError,
                            QStringLiteral("setting an array element with a sequence. The requested array has an "
                                           "inhomogeneous shape after %1 dimensions. The detected shape was %2 + "
                                           "inhomogeneous part.")
                                .arg(out.shape.size())
                                .arg(shapeTuple(out.shape)));
        }
        if (int(out.shape.size()) == kMaxDims)
            return fail(ErrorCode::ValueError,
                        QStringLiteral("setting an array element with a sequence. The requested array would exceed "
                                       "the maximum number of dimension of %1.").arg(kMaxDims));
        out.shape.push_back(len);
        std::vector<const Value*> next;
        next.reserve(level.size() * std::size_t(len));
        for (const Value* v : level)
            for (const Value& item : v->items())
                next.push_back(&item);
        level = std::move(next);
    }
    out.labels.reserve(level.size());
    for (const Value* v : level) {
        auto label = toLabel(*v);
        if (!label)
            return std::unexpected(label.error());
        out.labels.push_back(*label);
    }
    return out;
}

/// The num_classes argument: 0 means "infer" (Python's `if not num_classes`).
Result<qint64> classCount(const Value& numClasses, const std::vector<qint64>& labels)
{
    const bool falsy = numClasses.isNull() || (numClasses.isBool() && !numClasses.toBool())
        || (numClasses.isInt() && numClasses.toInt() == 0)
        || (numClasses.isFloat() && numClasses.floatValue().value == 0.0)
        || ((numClasses.isArray() || numClasses.isObject()) && numClasses.size() == 0)
        || (numClasses.isString() && numClasses.string().isEmpty());
    if (falsy) {
        if (labels.empty())
            return fail(ErrorCode::ValueError,
                        QStringLiteral("zero-size array to reduction operation maximum which has no identity"));
        // numpy's int64 arithmetic wraps; the wrapped value then fails as a negative dimension.
        const qint64 max = *std::max_element(labels.begin(), labels.end());
        return qint64(quint64(max) + 1);
    }
    if (numClasses.isInt())
        return numClasses.toInt();
    if (numClasses.isBool())
        return qint64(1);
    if (numClasses.type() == Value::Type::BigInt)
        return fail(ErrorCode::ValueError, QStringLiteral("Maximum allowed dimension exceeded"));
    return fail(ErrorCode::TypeError,
                QStringLiteral("'%1' object cannot be interpreted as an integer").arg(typeName(numClasses)));
}

/// numpy's canonical name for a dtype spelling, or nullopt when numpy does not know it.
std::optional<QString> canonicalDtype(const QString& name)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("float16"), QStringLiteral("float16")}, {QStringLiteral("half"), QStringLiteral("float16")},
        {QStringLiteral("float32"), QStringLiteral("float32")}, {QStringLiteral("single"), QStringLiteral("float32")},
        {QStringLiteral("float64"), QStringLiteral("float64")}, {QStringLiteral("double"), QStringLiteral("float64")},
        {QStringLiteral("float"), QStringLiteral("float64")},   {QStringLiteral("int8"), QStringLiteral("int8")},
        {QStringLiteral("int16"), QStringLiteral("int16")},     {QStringLiteral("int32"), QStringLiteral("int32")},
        {QStringLiteral("int64"), QStringLiteral("int64")},     {QStringLiteral("int"), QStringLiteral("int64")},
        {QStringLiteral("uint8"), QStringLiteral("uint8")},     {QStringLiteral("uint16"), QStringLiteral("uint16")},
        {QStringLiteral("uint32"), QStringLiteral("uint32")},   {QStringLiteral("uint64"), QStringLiteral("uint64")},
        {QStringLiteral("bool"), QStringLiteral("bool")},       {QStringLiteral("complex64"), QStringLiteral("complex64")},
        {QStringLiteral("complex128"), QStringLiteral("complex128")},
    };
    const auto it = names.constFind(name);
    if (it == names.constEnd())
        return std::nullopt;
    return *it;
}

Result<QString> resultDtype(const ToCategoricalOptions& options)
{
    if (options.dialect == keras::Dialect::Keras3) {
        if (options.dtype)
            return fail(ErrorCode::TypeError,
                        QStringLiteral("to_categorical() got an unexpected keyword argument 'dtype'"));
        return QStringLiteral("float64");
    }
    const QString requested = options.dtype.value_or(QStringLiteral("float32"));
    if (auto canonical = canonicalDtype(requested))
        return *canonical;
    return fail(ErrorCode::TypeError, QStringLiteral("data type '%1' not understood").arg(requested));
}

/// categorical[np.arange(n), labels] = 1 on an n x classes array of zeros.
Result<void> fillOneHot(const std::vector<qint64>& labels, qint64 classes, std::vector<double>& data)
{
    const qint64 n = qint64(labels.size());
    data.assign(std::size_t(n * classes), 0.0);
    for (qint64 i = 0; i < n; ++i) {
        const qint64 label = labels[std::size_t(i)];
        if (label >= classes || label < -classes)
            return fail(ErrorCode::IndexError,
                        QStringLiteral("index %1 is out of bounds for axis 1 with size %2").arg(label).arg(classes));
        const qint64 column = label < 0 ? label + classes : label; // Python's negative indexing
        data[std::size_t(i * classes + column)] = 1.0;
    }
    return {};
}

} // namespace

Result<CategoricalArray> toCategorical(const Value& labels, const ToCategoricalOptions& options)
{
    // Keras 3 has no dtype parameter: Python rejects the call before running anything.
    if (options.dialect == keras::Dialect::Keras3 && options.dtype)
        return std::unexpected(resultDtype(options).error());
    auto array = toLabelArray(labels);
    if (!array)
        return std::unexpected(array.error());
    std::vector<qint64> outShape = array->shape;
    if (outShape.size() > 1 && outShape.back() == 1)
        outShape.pop_back();

    auto count = classCount(options.numClasses, array->labels);
    if (!count)
        return std::unexpected(count.error());
    const qint64 classes = *count;
    auto dtype = resultDtype(options); // np.zeros converts the shape before the dtype
    if (!dtype)
        return std::unexpected(dtype.error());
    if (classes < 0)
        return fail(ErrorCode::ValueError, QStringLiteral("negative dimensions are not allowed"));
    const qint64 n = qint64(array->labels.size());
    if (classes > 0 && n > kMaxElements / classes)
        return fail(ErrorCode::Limit, QStringLiteral("to_categorical would allocate %1 x %2 elements; the limit is %3")
                                          .arg(n).arg(classes).arg(kMaxElements));

    CategoricalArray out;
    out.dtype = *dtype;
    if (auto filled = fillOneHot(array->labels, classes, out.data); !filled)
        return std::unexpected(filled.error());
    out.shape = std::move(outShape);
    out.shape.push_back(classes);
    return out;
}

} // namespace kcs::util
