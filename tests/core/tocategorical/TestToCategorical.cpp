// SPDX-License-Identifier: GPL-3.0-or-later
// keras.utils.to_categorical (spec section 10; checklist item 56), both dialects.
#include "core/json/Document.h"
#include "core/util/ToCategorical.h"

#include <QTest>

#include <algorithm>

using kcs::ErrorCode;
using kcs::json::Value;
using kcs::keras::Dialect;
using kcs::util::CategoricalArray;
using kcs::util::toCategorical;
using kcs::util::ToCategoricalOptions;

Q_DECLARE_METATYPE(kcs::keras::Dialect)
Q_DECLARE_METATYPE(kcs::ErrorCode)
Q_DECLARE_METATYPE(std::vector<qint64>)

namespace {

Value parse(const QByteArray& text)
{
    auto doc = kcs::json::Document::parse(text);
    if (!doc)
        qFatal("bad test JSON %s", text.constData());
    auto v = doc->toValue(doc->root());
    if (!v)
        qFatal("toValue failed");
    return *v;
}

ToCategoricalOptions options(Dialect d, Value numClasses = {}, std::optional<QString> dtype = {})
{
    ToCategoricalOptions o;
    o.dialect = d;
    o.numClasses = std::move(numClasses);
    o.dtype = std::move(dtype);
    return o;
}

/// The index of the 1 in each row of the result (the argmax).
std::vector<qint64> argmaxRows(const CategoricalArray& a)
{
    const qint64 classes = a.shape.back();
    std::vector<qint64> out;
    for (std::size_t row = 0; row * std::size_t(classes) < a.data.size(); ++row) {
        const auto begin = a.data.begin() + qint64(row) * classes;
        out.push_back(std::max_element(begin, begin + classes) - begin);
    }
    return out;
}

} // namespace

class TestToCategorical : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void item56_toCategoricalShapesRowsAndErrors_data();
    void item56_toCategoricalShapesRowsAndErrors();
    void shapes_data();
    void shapes();
    void errors_data();
    void errors();
    void negativeLabelsWrap();
    void labelConversions();
    void dtypePerDialect();
};

void TestToCategorical::item56_toCategoricalShapesRowsAndErrors_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("keras3") << Dialect::Keras3;
    QTest::newRow("keras2") << Dialect::Keras2;
}

void TestToCategorical::item56_toCategoricalShapesRowsAndErrors()
{
    QFETCH(Dialect, dialect);
    // [0, 2, 5] -> 3 x 6 (inferred), rows sum to 1, argmax recovers the labels.
    auto r = toCategorical(parse("[0, 2, 5]"), options(dialect));
    QVERIFY(r);
    QCOMPARE(r->shape, (std::vector<qint64>{3, 6}));
    for (std::size_t row = 0; row < 3; ++row) {
        double sum = 0;
        for (std::size_t c = 0; c < 6; ++c)
            sum += r->data[row * 6 + c];
        QCOMPARE(sum, 1.0);
    }
    QCOMPARE(argmaxRows(*r), (std::vector<qint64>{0, 2, 5}));
    QCOMPARE(r->data, (std::vector<double>{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    // num_classes 0 means "infer".
    auto zero = toCategorical(parse("[0, 2, 5]"), options(dialect, Value(0)));
    QVERIFY(zero);
    QCOMPARE(zero->shape, (std::vector<qint64>{3, 6}));
    // Negative labels wrap; out-of-range ones are numpy's IndexError.
    auto wrapped = toCategorical(parse("[-1]"), options(dialect, Value(3)));
    QVERIFY(wrapped);
    QCOMPARE(wrapped->data, (std::vector<double>{0, 0, 1}));
    auto out = toCategorical(parse("[5]"), options(dialect, Value(3)));
    QVERIFY(!out);
    QCOMPARE(out.error().code, ErrorCode::IndexError);
    QCOMPARE(out.error().message, QStringLiteral("index 5 is out of bounds for axis 1 with size 3"));
    // Empty input without num_classes.
    auto empty = toCategorical(parse("[]"), options(dialect));
    QVERIFY(!empty);
    QCOMPARE(empty.error().code, ErrorCode::ValueError);
    QCOMPARE(empty.error().message, QStringLiteral("zero-size array to reduction operation maximum which has no identity"));
    // dtype: Keras 3 float64, Keras 2 float32 by default.
    QCOMPARE(r->dtype, dialect == Dialect::Keras3 ? QStringLiteral("float64") : QStringLiteral("float32"));
}

void TestToCategorical::shapes_data()
{
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<int>("numClasses");
    QTest::addColumn<std::vector<qint64>>("shape");
    QTest::addColumn<std::vector<qint64>>("argmax");
    // Section 10's worked cases, C = 4.
    QTest::newRow("(3,1) -> (3,C)") << QByteArray("[[1], [0], [3]]") << 4 << std::vector<qint64>{3, 4}
                                    << std::vector<qint64>{1, 0, 3};
    QTest::newRow("(3,2,1) -> (3,2,C)") << QByteArray("[[[0], [1]], [[2], [3]], [[3], [0]]]") << 4
                                        << std::vector<qint64>{3, 2, 4} << std::vector<qint64>{0, 1, 2, 3, 3, 0};
    QTest::newRow("(4,3) -> (4,3,C)") << QByteArray("[[0,1,2],[1,2,3],[3,3,3],[0,0,0]]") << 4
                                      << std::vector<qint64>{4, 3, 4}
                                      << std::vector<qint64>{0, 1, 2, 1, 2, 3, 3, 3, 3, 0, 0, 0};
    QTest::newRow("rank 1 of length 1 is not squeezed") << QByteArray("[1]") << 4 << std::vector<qint64>{1, 4}
                                                         << std::vector<qint64>{1};
    QTest::newRow("(1,1) -> (1,C)") << QByteArray("[[2]]") << 4 << std::vector<qint64>{1, 4} << std::vector<qint64>{2};
    QTest::newRow("scalar -> (C,)") << QByteArray("2") << 4 << std::vector<qint64>{4} << std::vector<qint64>{2};
    QTest::newRow("empty with count -> (0,C)") << QByteArray("[]") << 4 << std::vector<qint64>{0, 4}
                                               << std::vector<qint64>{};
    QTest::newRow("(2,0) -> (2,0,C)") << QByteArray("[[], []]") << 4 << std::vector<qint64>{2, 0, 4}
                                      << std::vector<qint64>{};
    QTest::newRow("inferred from max") << QByteArray("[[1], [2]]") << 0 << std::vector<qint64>{2, 3}
                                       << std::vector<qint64>{1, 2};
}

void TestToCategorical::shapes()
{
    QFETCH(QByteArray, labels);
    QFETCH(int, numClasses);
    QFETCH(std::vector<qint64>, shape);
    QFETCH(std::vector<qint64>, argmax);
    for (Dialect d : {Dialect::Keras3, Dialect::Keras2}) {
        auto r = toCategorical(parse(labels), options(d, numClasses ? Value(numClasses) : Value()));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->shape, shape);
        qint64 elements = 1;
        for (qint64 s : shape)
            elements *= s;
        QCOMPARE(qint64(r->data.size()), elements);
        QCOMPARE(argmaxRows(*r), argmax);
        QCOMPARE(std::count(r->data.begin(), r->data.end(), 1.0), qint64(argmax.size()));
    }
}

void TestToCategorical::errors_data()
{
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<QByteArray>("numClasses"); // JSON text; empty: None
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("label too large") << QByteArray("[0, 7, 1]") << QByteArray("3") << ErrorCode::IndexError
                                     << "index 7 is out of bounds for axis 1 with size 3";
    QTest::newRow("label too negative") << QByteArray("[-4]") << QByteArray("3") << ErrorCode::IndexError
                                        << "index -4 is out of bounds for axis 1 with size 3";
    QTest::newRow("all negative inferred") << QByteArray("[-1]") << QByteArray() << ErrorCode::IndexError
                                           << "index -1 is out of bounds for axis 1 with size 0";
    QTest::newRow("empty nested") << QByteArray("[[]]") << QByteArray() << ErrorCode::ValueError
                                  << "zero-size array to reduction operation maximum which has no identity";
    QTest::newRow("float count") << QByteArray("[1]") << QByteArray("3.0") << ErrorCode::TypeError
                                 << "'float' object cannot be interpreted as an integer";
    QTest::newRow("string count") << QByteArray("[1]") << QByteArray("\"3\"") << ErrorCode::TypeError
                                  << "'str' object cannot be interpreted as an integer";
    QTest::newRow("negative count") << QByteArray("[1]") << QByteArray("-2") << ErrorCode::ValueError
                                    << "negative dimensions are not allowed";
    QTest::newRow("ragged") << QByteArray("[[1, 2], [3]]") << QByteArray() << ErrorCode::ValueError
                            << "setting an array element with a sequence. The requested array has an inhomogeneous "
                               "shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.";
    QTest::newRow("ragged deeper") << QByteArray("[[[1], [2]], [[3], 4]]") << QByteArray() << ErrorCode::ValueError
                                   << "setting an array element with a sequence. The requested array has an "
                                      "inhomogeneous shape after 2 dimensions. The detected shape was (2, 2) + "
                                      "inhomogeneous part.";
    QTest::newRow("non-numeric string") << QByteArray(R"(["1.5"])") << QByteArray() << ErrorCode::ValueError
                                        << "invalid literal for int() with base 10: '1.5'";
    QTest::newRow("None label") << QByteArray("[null]") << QByteArray() << ErrorCode::TypeError
                                << "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'";
    QTest::newRow("dict label") << QByteArray(R"([{"a": 1}])") << QByteArray() << ErrorCode::TypeError
                                << "int() argument must be a string, a bytes-like object or a real number, not 'dict'";
    QTest::newRow("NaN label") << QByteArray("[NaN]") << QByteArray() << ErrorCode::ValueError
                               << "cannot convert float NaN to integer";
    QTest::newRow("infinite label") << QByteArray("[Infinity]") << QByteArray() << ErrorCode::Limit
                                    << "cannot convert float infinity to integer";
    QTest::newRow("huge int label") << QByteArray("[123456789012345678901234567890]") << QByteArray()
                                    << ErrorCode::Limit << "Python int too large to convert to C long";
    QTest::newRow("deeper than numpy's 64 dimensions")
        << (QByteArray(70, '[') + "1" + QByteArray(70, ']')) << QByteArray() << ErrorCode::ValueError
        << "setting an array element with a sequence. The requested array would exceed the maximum number of "
           "dimension of 64.";
    QTest::newRow("result too large") << QByteArray("[0, 1]") << QByteArray("1000000000000") << ErrorCode::Limit
                                      << "to_categorical would allocate 2 x 1000000000000 elements; the limit is 268435456";
}

void TestToCategorical::errors()
{
    QFETCH(QByteArray, labels);
    QFETCH(QByteArray, numClasses);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    for (Dialect d : {Dialect::Keras3, Dialect::Keras2}) {
        auto r = toCategorical(parse(labels), options(d, numClasses.isEmpty() ? Value() : parse(numClasses)));
        QVERIFY(!r);
        QCOMPARE(r.error().message, message);
        QCOMPARE(r.error().code, code);
    }
}

void TestToCategorical::negativeLabelsWrap()
{
    auto r = toCategorical(parse("[-1, -3, 0]"), options(Dialect::Keras3, Value(3)));
    QVERIFY(r);
    QCOMPARE(argmaxRows(*r), (std::vector<qint64>{2, 0, 0}));
    // Inferred count from a max of 1 gives 2 classes; -2 wraps to 0.
    auto inferred = toCategorical(parse("[1, -2]"), options(Dialect::Keras2));
    QVERIFY(inferred);
    QCOMPARE(inferred->shape, (std::vector<qint64>{2, 2}));
    QCOMPARE(argmaxRows(*inferred), (std::vector<qint64>{1, 0}));
}

void TestToCategorical::labelConversions()
{
    // Floats truncate toward zero, booleans are 0/1, numeric strings parse as int() does.
    auto r = toCategorical(parse(R"([1.9, -0.5, true, false, " 2 ", "+1", "1_0"])"), options(Dialect::Keras3, Value(11)));
    QVERIFY2(r, r ? "" : qPrintable(r.error().message));
    QCOMPARE(argmaxRows(*r), (std::vector<qint64>{1, 0, 1, 0, 2, 1, 10}));
    // False / empty num_classes are falsy too (Python's `if not num_classes`), True is 1.
    auto falsy = toCategorical(parse("[2]"), options(Dialect::Keras3, Value(false)));
    QVERIFY(falsy);
    QCOMPARE(falsy->shape, (std::vector<qint64>{1, 3}));
    auto one = toCategorical(parse("[0]"), options(Dialect::Keras3, Value(true)));
    QVERIFY(one);
    QCOMPARE(one->shape, (std::vector<qint64>{1, 1}));
    auto badUnderscore = toCategorical(parse(R"(["1__0"])"), options(Dialect::Keras3));
    QVERIFY(!badUnderscore);
    QCOMPARE(badUnderscore.error().message, QStringLiteral("invalid literal for int() with base 10: '1__0'"));
}

void TestToCategorical::dtypePerDialect()
{
    auto k3 = toCategorical(parse("[0]"), options(Dialect::Keras3, Value(2)));
    QCOMPARE(k3->dtype, QStringLiteral("float64"));
    auto k3dtype = toCategorical(parse("[0]"), options(Dialect::Keras3, Value(2), QStringLiteral("float32")));
    QVERIFY(!k3dtype);
    QCOMPARE(k3dtype.error().code, ErrorCode::TypeError);
    QCOMPARE(k3dtype.error().message, QStringLiteral("to_categorical() got an unexpected keyword argument 'dtype'"));
    QCOMPARE(toCategorical(parse("[0]"), options(Dialect::Keras2, Value(2)))->dtype, QStringLiteral("float32"));
    QCOMPARE(toCategorical(parse("[0]"), options(Dialect::Keras2, Value(2), QStringLiteral("int32")))->dtype,
             QStringLiteral("int32"));
    QCOMPARE(toCategorical(parse("[0]"), options(Dialect::Keras2, Value(2), QStringLiteral("float")))->dtype,
             QStringLiteral("float64"));
    auto bad = toCategorical(parse("[0]"), options(Dialect::Keras2, Value(2), QStringLiteral("floot32")));
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, ErrorCode::TypeError);
    QCOMPARE(bad.error().message, QStringLiteral("data type 'floot32' not understood"));
}

QTEST_APPLESS_MAIN(TestToCategorical)
#include "TestToCategorical.moc"
