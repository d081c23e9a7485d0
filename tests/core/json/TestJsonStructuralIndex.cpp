// SPDX-License-Identifier: GPL-3.0-or-later
// The fast reader (stage-1 structural index + stage-2 node builder) against the byte-wise
// reader: every kernel (portable, SSE2, AVX2 where the CPU has it) must give the same nodes,
// spans, flags and children lists on valid text, and hand invalid text to the byte-wise reader
// (same error, same position). Blocks are 64 bytes, so the inputs put quotes, backslash runs,
// escapes, multi-byte characters and scalars across every offset around a block boundary.

#include "core/json/Document.h"
#include "core/json/DocumentImpl.h"
#include "core/json/PyJson.h"
#include "core/json/StructuralIndex.h"
#include "core/json/StructuralParser.h"
#include "core/util/SyntheticConfig.h"
#include "support/TestSupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <memory>

using namespace kcs;
using namespace kcs::json;
using namespace kcs::json::detail;

namespace {

/// Restores the process-wide kernel choice when a test ends (also when it fails).
class KernelScope {
public:
    explicit KernelScope(ScanKernel k) : m_previous(setScanKernel(k)) {}
    ~KernelScope() { setScanKernel(m_previous); }
    KernelScope(const KernelScope&) = delete;
    KernelScope& operator=(const KernelScope&) = delete;

private:
    ScanKernel m_previous;
};

/// The kernels this CPU can run (the portable one always).
QList<ScanKernel> kernels()
{
    QList<ScanKernel> list{ScanKernel::Portable};
    if (bestScanKernel() != ScanKernel::Portable)
        list << ScanKernel::Sse2;
    if (bestScanKernel() == ScanKernel::Avx2 || bestScanKernel() == ScanKernel::Avx512)
        list << ScanKernel::Avx2;
    if (bestScanKernel() == ScanKernel::Avx512)
        list << ScanKernel::Avx512;
    return list;
}

const char* kernelName(ScanKernel k)
{
    switch (k) {
    case ScanKernel::Portable: return "portable";
    case ScanKernel::Sse2: return "sse2";
    case ScanKernel::Avx2: return "avx2";
    case ScanKernel::Avx512: return "avx512";
    case ScanKernel::ByteWise: return "byte-wise";
    case ScanKernel::Auto: break;
    }
    return "auto";
}

QString describeNode(const Node& n)
{
    return QStringLiteral("kind %1 [%2,%3) key %4+%5 parent %6 index %7 children %8+%9 flags %10")
        .arg(int(n.kind)).arg(n.begin).arg(n.end).arg(qint64(n.keyBegin == kNone ? -1 : qint64(n.keyBegin)))
        .arg(n.keyLength).arg(qint64(n.parent == kNone ? -1 : qint64(n.parent))).arg(n.index).arg(n.childStart)
        .arg(n.childCount).arg(n.flags);
}

/// Empty when both parses agree; else the first difference, in words.
QString firstDifference(const Result<Parsed>& want, const Result<Parsed>& got)
{
    if (!want || !got) {
        if (bool(want) != bool(got))
            return want ? QStringLiteral("byte-wise parsed it, this kernel failed: ") + got.error().message
                        : QStringLiteral("byte-wise failed (%1), this kernel parsed it").arg(want.error().message);
        if (want.error().message != got.error().message || want.error().where.offset != got.error().where.offset)
            return QStringLiteral("error '%1' at %2 instead of '%3' at %4")
                .arg(got.error().message).arg(got.error().where.offset).arg(want.error().message)
                .arg(want.error().where.offset);
        return {};
    }
    if (want->nodes.size() != got->nodes.size())
        return QStringLiteral("%1 nodes instead of %2").arg(got->nodes.size()).arg(want->nodes.size());
    for (size_t i = 0; i < want->nodes.size(); ++i) {
        const QString a = describeNode(want->nodes[i]);
        const QString b = describeNode(got->nodes[i]);
        if (a != b)
            return QStringLiteral("node %1: %2 instead of %3").arg(i).arg(b, a);
    }
    if (want->children != got->children)
        return QStringLiteral("children lists differ");
    if (want->root != got->root)
        return QStringLiteral("root differs");
    return {};
}

Result<Parsed> parseWith(ScanKernel k, const QByteArray& text, const ParseOptions& options = {})
{
    KernelScope scope(k);
    return parseText(text, options);
}

/// Every kernel gives what the byte-wise reader gives; returns the first disagreement.
QString compareKernels(const QByteArray& text, const ParseOptions& options = {})
{
    const Result<Parsed> want = parseWith(ScanKernel::ByteWise, text, options);
    for (const ScanKernel k : kernels()) {
        const QString diff = firstDifference(want, parseWith(k, text, options));
        if (!diff.isEmpty())
            return QStringLiteral("%1: %2").arg(QLatin1String(kernelName(k)), diff);
    }
    return {};
}

/// The fast reader itself accepts the text with every kernel (so a comparison above was not
/// just the byte-wise reader against itself).
bool fastPathAccepts(const QByteArray& text, const ParseOptions& options = {})
{
    for (const ScanKernel k : kernels()) {
        Parsed out;
        if (!parseIndexed(text, options, k, out))
            return false;
    }
    return true;
}

QList<quint32> indexEntries(const QByteArray& text, ScanKernel k, quint64* separators = nullptr, bool* invalid = nullptr)
{
    StructuralIndexer indexer(text, 0, k);
    auto buffer = std::make_unique<quint32[]>(StructuralIndexer::kBufferEntries);
    QList<quint32> entries;
    while (const int count = indexer.fill(buffer.get()))
        entries.append(QList<quint32>(buffer.get(), buffer.get() + count));
    if (separators)
        *separators = indexer.separatorCount();
    if (invalid)
        *invalid = indexer.foundInvalid();
    return entries;
}

QByteArray spaces(int n)
{
    return QByteArray(n, ' ');
}

} // namespace

class TestJsonStructuralIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void indexesStructuralBytesAndFlagsEscapedStrings();
    void reportsControlCharactersAndOpenStrings();
    void kernelSwitchFallsBackToWhatTheCpuHas();
    void matchesByteWiseReaderAcrossBlockBoundaries_data();
    void matchesByteWiseReaderAcrossBlockBoundaries();
    void handsInvalidTextToByteWiseReader_data();
    void handsInvalidTextToByteWiseReader();
    void rejectsNonFiniteWhenNotAllowed();
    void longTextsSpanSeveralChunks();
    void syntheticConfigAndItsTruncationsMatch();
    void corpusFilesAndTheirTruncationsMatch();
    void nodeArrayIsSizedFromTheTextsDensity();
    void layoutIsTheSameWithEveryKernel_data();
    void layoutIsTheSameWithEveryKernel();
};

void TestJsonStructuralIndex::indexesStructuralBytesAndFlagsEscapedStrings()
{
    const QByteArray text = R"({"k": [10, "x\"y"], "b\\": true, "c":""})";
    const quint32 e = StructuralIndexer::kEscapedString;
    const QList<quint32> want{0, 1, 3, 6, 7, 11, 16 | e, 17, 20, 24 | e, 27, 33, 35, 37, 38, 39};
    for (const ScanKernel k : kernels()) {
        quint64 separators = 0;
        bool invalid = true;
        QCOMPARE(indexEntries(text, k, &separators, &invalid), want);
        QCOMPARE(separators, quint64(6));
        QVERIFY(!invalid);
    }
}

void TestJsonStructuralIndex::reportsControlCharactersAndOpenStrings()
{
    for (const ScanKernel k : kernels()) {
        bool invalid = false;
        indexEntries(spaces(60) + "[\"a\tb\"]", k, nullptr, &invalid);
        QVERIFY2(invalid, kernelName(k));
        indexEntries(spaces(70) + "[\"ab", k, nullptr, &invalid);
        QVERIFY2(invalid, kernelName(k));
        // Outside strings a control byte is left to stage 2 (it starts a "scalar" no rule accepts).
        const QList<quint32> outside = indexEntries("[1,\x0c 2]", k, nullptr, &invalid);
        QVERIFY2(!invalid, kernelName(k));
        QCOMPARE(outside, (QList<quint32>{0, 1, 3, 5, 6}));
    }
}

void TestJsonStructuralIndex::kernelSwitchFallsBackToWhatTheCpuHas()
{
    KernelScope scope(ScanKernel::Portable);
    QCOMPARE(scanKernel(), ScanKernel::Portable);
    QCOMPARE(setScanKernel(ScanKernel::Avx2), ScanKernel::Portable);
    const bool hasAvx2 = bestScanKernel() == ScanKernel::Avx2 || bestScanKernel() == ScanKernel::Avx512;
    QCOMPARE(scanKernel(), hasAvx2 ? ScanKernel::Avx2 : bestScanKernel());
    setScanKernel(ScanKernel::Avx512);
    QCOMPARE(scanKernel(), bestScanKernel() == ScanKernel::Avx512 ? ScanKernel::Avx512 : bestScanKernel());
    setScanKernel(ScanKernel::Auto);
    QCOMPARE(scanKernel(), bestScanKernel());
#if defined(__x86_64__)
    QVERIFY(bestScanKernel() == ScanKernel::Sse2 || bestScanKernel() == ScanKernel::Avx2
            || bestScanKernel() == ScanKernel::Avx512);
#else
    QCOMPARE(bestScanKernel(), ScanKernel::Portable);
#endif
}

void TestJsonStructuralIndex::matchesByteWiseReaderAcrossBlockBoundaries_data()
{
    QTest::addColumn<QByteArray>("text");
    // Strings of 62..66 and 126..130 bytes starting at every offset near a boundary.
    for (const int length : {0, 1, 62, 63, 64, 65, 66, 126, 127, 128, 129, 130}) {
        for (int lead = 0; lead < 4; ++lead) {
            const QByteArray body = "[" + spaces(lead) + "\"" + QByteArray(length, 'a') + "\", \"b\"]";
            QTest::addRow("string %d at %d", length, lead) << body;
        }
    }
    // Backslash runs of 1..6 ending on each byte from 60 to 67, in values and in keys; an odd run
    // escapes the quote after it.
    for (int run = 1; run <= 6; ++run) {
        for (int endAt = 60; endAt <= 67; ++endAt) {
            const QByteArray tail = QByteArray(run, '\\') + (run % 2 ? "\"y" : "y");
            const int before = endAt - run - 2;
            const QByteArray value = "[\"" + QByteArray(before, 'x') + tail + "\", 1]";
            QTest::addRow("%d backslashes ending at %d", run, endAt) << value;
            const QByteArray key = "{\"" + QByteArray(before, 'x') + tail + "\": \"" + tail + "\"}";
            QTest::addRow("%d backslashes ending at %d in a key", run, endAt) << key;
        }
    }
    // Escapes and multi-byte characters across the boundary.
    for (int at = 56; at <= 66; ++at) {
        const QByteArray pad(at - 2, 'p');
        QTest::addRow("\\u escape at %d", at) << "[\"" + pad + "\\u00e9\\ud83d\\ude00\"]";
        QTest::addRow("\\n escape at %d", at) << "[\"" + pad + "\\n\\t\\/\"]";
        QTest::addRow("2-byte character at %d", at) << "[\"" + pad + "\xc3\xa9\"]";
        QTest::addRow("3-byte character at %d", at) << "[\"" + pad + "\xe2\x82\xac\"]";
        QTest::addRow("4-byte character at %d", at) << "[\"" + pad + "\xf0\x9f\x98\x80\"]";
        QTest::addRow("escaped quote pair at %d", at) << "{\"" + pad + "\\\"\": \"\\\\\"}";
    }
    // Numbers, literals and structural bytes on every offset around 64.
    for (int lead = 52; lead <= 66; ++lead) {
        const QByteArray pad = spaces(lead);
        QTest::addRow("number at %d", lead) << "[" + pad + "-12.5e+3, 0, 7]";
        QTest::addRow("literals at %d", lead) << "[" + pad + "true,false,null,NaN,-Infinity,Infinity]";
        QTest::addRow("separators at %d", lead) << "{\"a\"" + pad + ":" + pad + "[]" + pad + "," + pad + "\"b\":{}}";
        QTest::addRow("adjacent strings at %d", lead) << "[" + pad + "\"\",\"\",\"\\\\\",\"\"]";
        QTest::addRow("scalar root at %d", lead) << pad + "123" + pad;
    }
    QTest::newRow("empty containers") << QByteArray(R"({"a": {}, "b": [], "c": [{}, [[]], { }, [ ]]})");
    QTest::newRow("indented with CRLF") << QByteArray("{\r\n  \"a\" : [\r\n    1 ,\r\n    2\r\n  ]\r\n}\r\n");
    QTest::newRow("tabs and spaces before separators") << QByteArray("[1\t, 2 ,\n3 ]");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"a\": 1}");
    QTest::newRow("string root") << QByteArray("\"just a string\"");
    QTest::newRow("duplicate keys") << QByteArray(R"({"a": 1, "a": 2, "\u0061": 3})");
    QTest::newRow("keras layer") << QByteArray(
        R"({"class_name": "Dense", "config": {"name": "d\u00e9", "units": 64, "l2": 1e-05, "shape": [null, 32], "bias": true, "x": NaN}})");
}

void TestJsonStructuralIndex::matchesByteWiseReaderAcrossBlockBoundaries()
{
    QFETCH(QByteArray, text);
    QVERIFY2(fastPathAccepts(text), "the fast reader refused valid text");
    const QString diff = compareKernels(text);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestJsonStructuralIndex::handsInvalidTextToByteWiseReader_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<qint64>("offset");
    QTest::newRow("colon in an array") << QByteArray("[1 :]") << "unexpected ':', expected ',' or ']' after an array element" << 3LL;
    QTest::newRow("leading comma") << QByteArray("[, 1]") << "unexpected ',', expected a JSON value" << 1LL;
    QTest::newRow("two colons") << QByteArray("{\"a\"::1}") << "unexpected ':', expected a JSON value" << 5LL;
    QTest::newRow("two commas") << QByteArray("{\"a\": 1,, \"b\": 2}") << "unexpected ',', expected a string key" << 8LL;
    QTest::newRow("comma after the root") << QByteArray("[1],") << "unexpected ',' after the JSON value (only whitespace may follow it)" << 3LL;
    QTest::newRow("colon after a value") << QByteArray("{\"a\": 1: 2}") << "unexpected ':', expected ',' or '}' after an object member" << 7LL;
    QTest::newRow("form feed between values") << QByteArray("[1,\x0c 2]") << "unexpected character U+000C, expected a JSON value" << 3LL;
    QTest::newRow("0x1a between values") << QByteArray("[1\x1a 2]") << "unexpected character U+001A, expected ',' or ']' after an array element" << 2LL;
    QTest::newRow("backslash outside strings") << QByteArray("[\\\"a\"]") << "unexpected '\\', expected a JSON value" << 1LL;
    QTest::newRow("number run on") << QByteArray("[12x]") << "unexpected 'x', expected ',' or ']' after an array element" << 3LL;
    QTest::newRow("literal run on") << QByteArray("[truex]") << "unexpected 'x', expected ',' or ']' after an array element" << 5LL;
    QTest::newRow("bad escape after a block") << QByteArray("[\"" + QByteArray(70, 'a') + "\\x\"]") << "invalid escape '\\x' in string" << 72LL;
    QTest::newRow("short \\u at a boundary") << QByteArray("[\"" + QByteArray(60, 'a') + "\\u12\"]")
                                            << "invalid \\u escape in string: four hex digits must follow \\u" << 62LL;
    QTest::newRow("tab in a string at 64") << QByteArray("[\"" + QByteArray(62, 'a') + "\tb\"]")
                                          << "control character U+0009 in string (it must be escaped)" << 64LL;
    QTest::newRow("string open at the end") << QByteArray(spaces(100) + "[\"" + QByteArray(100, 'a'))
                                            << "unterminated string (the input ends before its closing quote)" << 101LL;
    QTest::newRow("quote escaped at the end") << QByteArray("[\"ab\\\"]") << "unterminated string (the input ends before its closing quote)" << 1LL;
    QTest::newRow("key too long") << QByteArray("{\"" + QByteArray(70000, 'k') + "\": 1}") << "object key longer than 65533 bytes" << 1LL;
    QTest::newRow("unclosed after a block") << QByteArray("{\"a\": [" + spaces(80) + "1") << "unexpected end of input: the array opened at line 1, column 7 is not closed" << 88LL;
    QTest::newRow("nul byte") << QByteArray("[1,\0]", 5) << "unexpected character U+0000, expected a JSON value" << 3LL;
    // Stage 2 does not read the whitespace before a closing bracket: the count of separators
    // finds the comma there.
    QTest::newRow("comma then spaces before ']'") << QByteArray("[1 , ]") << "unexpected ']', expected a JSON value" << 5LL;
    QTest::newRow("comma on the line of '}'") << QByteArray("{\"a\": 1\n  ,\n}") << "unexpected '}', expected a string key" << 12LL;
    // UTF-8 is checked only in chunks with a byte from 0x80: a character cut by the end of one
    // is still seen when the next chunk is ASCII.
    QTest::newRow("cut character before an ASCII chunk")
        << QByteArray("[\"" + QByteArray(StructuralIndexer::kChunkBytes - 3, 'a') + "\xc3\"" + QByteArray(20000, ' ') + "]")
        << "invalid UTF-8 byte 0xc3" << qint64(StructuralIndexer::kChunkBytes - 1);
    QTest::newRow("colon before ']'") << QByteArray("[[1]\n  :]") << "unexpected ':', expected ',' or ']' after an array element" << 7LL;
}

void TestJsonStructuralIndex::handsInvalidTextToByteWiseReader()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(qint64, offset);
    for (const ScanKernel k : kernels()) {
        Parsed out;
        QVERIFY2(!parseIndexed(text, {}, k, out), kernelName(k));
        const Result<Parsed> r = parseWith(k, text);
        QVERIFY(!r);
        QCOMPARE(r.error().message, message);
        QCOMPARE(r.error().where.offset, offset);
    }
}

void TestJsonStructuralIndex::rejectsNonFiniteWhenNotAllowed()
{
    const ParseOptions strict{false};
    for (const QByteArray& text : {QByteArray("[NaN]"), QByteArray("[-Infinity]"), QByteArray("[Infinity]")}) {
        for (const ScanKernel k : kernels()) {
            Parsed out;
            QVERIFY(!parseIndexed(text, strict, k, out));
        }
        QVERIFY(fastPathAccepts(text));
        const QString diff = compareKernels(text, strict);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
}

void TestJsonStructuralIndex::longTextsSpanSeveralChunks()
{
    // Several 16 KiB chunks, with a string, an escape run and a number on each chunk boundary.
    QByteArray text = "[";
    while (text.size() < 5 * StructuralIndexer::kChunkBytes) {
        const qsizetype toBoundary = StructuralIndexer::kChunkBytes - text.size() % StructuralIndexer::kChunkBytes;
        if (toBoundary > 12) {
            text += "\"" + QByteArray(toBoundary - 5, 'z') + "\\\\\\\"ab\", ";
            text += "12345678, ";
        } else {
            text += "1, ";
        }
    }
    text += "{\"end\": [true, null]}]";
    QVERIFY(fastPathAccepts(text));
    const QString diff = compareKernels(text);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // A deep document through the fast path: no recursion, every level a node.
    const QByteArray deep = QByteArray(200'000, '[') + QByteArray(200'000, ']');
    QVERIFY(fastPathAccepts(deep));
    QVERIFY(compareKernels(deep).isEmpty());
}

void TestJsonStructuralIndex::syntheticConfigAndItsTruncationsMatch()
{
    SyntheticOptions o;
    o.layers = 40;
    const QByteArray config = syntheticChainConfig(o);
    QVERIFY(fastPathAccepts(config));
    QString diff = compareKernels(config);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QRandomGenerator rng(20261205);
    for (int i = 0; i < 300 && diff.isEmpty(); ++i) {
        const QByteArray cut = config.left(qsizetype(rng.bounded(quint32(config.size()))));
        diff = compareKernels(cut);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("prefix of %1 bytes: %2").arg(cut.size()).arg(diff)));
    }
    const char alphabet[] = "{}[],:\" \\\n0-.eEaNtu\x01\xc3\xa9";
    int parsedByFastPath = 0;
    for (int i = 0; i < 600 && diff.isEmpty(); ++i) {
        QByteArray m = config;
        m[qsizetype(rng.bounded(quint32(m.size())))] = alphabet[rng.bounded(int(sizeof alphabet - 1))];
        diff = compareKernels(m);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("mutant %1: %2").arg(i).arg(diff)));
        Parsed out;
        parsedByFastPath += parseIndexed(m, {}, ScanKernel::Auto, out) ? 1 : 0;
    }
    // Most one-byte changes inside strings keep the text valid: the fast path read those itself.
    QVERIFY(parsedByFastPath > 100);
}

void TestJsonStructuralIndex::corpusFilesAndTheirTruncationsMatch()
{
    KCS_REQUIRE_CORPUS(dir);
    const QStringList files = test::corpusFiles(dir, {QStringLiteral("*.json")});
    QVERIFY(files.size() >= 20);
    QRandomGenerator rng(42);
    int parsedFiles = 0;
    for (const QString& name : files) {
        const QByteArray text = test::readFile(dir + QLatin1Char('/') + name);
        QString diff = compareKernels(text);
        QVERIFY2(diff.isEmpty(), qPrintable(name + QStringLiteral(": ") + diff));
        parsedFiles += Document::parse(text) && fastPathAccepts(text) ? 1 : 0;
        for (int i = 0; i < 25 && diff.isEmpty(); ++i) {
            const QByteArray cut = text.left(qsizetype(rng.bounded(quint32(text.size()))));
            diff = compareKernels(cut);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1 cut at %2: %3").arg(name).arg(cut.size()).arg(diff)));
        }
    }
    QVERIFY(parsedFiles >= 20);
}

void TestJsonStructuralIndex::nodeArrayIsSizedFromTheTextsDensity()
{
    // Room for one node per 14 bytes, or what the first chunk of the index promises for a denser
    // text; a text that gets denser past its first chunk grows the array (twice here).
    SyntheticOptions o;
    o.layers = 400;
    QByteArray sparseThenDense = "[";
    for (int i = 0; i < 3000; ++i)
        sparseThenDense += "\"" + QByteArray(200, char('a' + i % 26)) + "\", ";
    for (int i = 0; i < 100'000; ++i)
        sparseThenDense += "[0], ";
    sparseThenDense += "{}]";
    QByteArray numbers = "[";
    for (int i = 0; i < 200'000; ++i)
        numbers += QByteArray::number(i % 10) + ",";
    numbers += "0]";
    const QByteArray compact = syntheticChainConfig(o);
    DumpOptions pretty;
    pretty.indent = 2;
    const QByteArray indented = dumps(*Document::parse(compact)->toValue(0), pretty);
    QVERIFY(indented.size() > compact.size() * 3 / 2);
    for (const QByteArray& text : {compact, indented, numbers, sparseThenDense}) {
        QVERIFY(fastPathAccepts(text));
        const QString diff = compareKernels(text);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        Parsed out;
        QVERIFY(parseIndexed(text, {}, ScanKernel::Auto, out));
        QVERIFY(out.nodes.size() > 10'000);
        QVERIFY(out.nodes.capacity() <= std::max(out.nodes.size() * 3 / 2, size_t(text.size() / 14)) + 512);
        QVERIFY(out.children.capacity() <= out.nodes.capacity());
        // What the document keeps: an array grown past the reserve has less than 30% to spare.
        const Result<Parsed> kept = parseText(text, {});
        QVERIFY(kept);
        QVERIFY(kept->nodes.capacity() <= std::max(kept->nodes.size() * 10 / 7, size_t(text.size() / 14) + 64));
    }
}

void TestJsonStructuralIndex::layoutIsTheSameWithEveryKernel_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("multiLine");
    QTest::newRow("one line") << QByteArray("[1, {\"a\": 2}]") << false;
    QTest::newRow("line feeds around the value only") << QByteArray("\n\n[1, 2]\r\n") << false;
    QTest::newRow("line feed before and inside") << QByteArray("\n[1,\n\t2]") << true;
    QTest::newRow("indented") << QByteArray("{\r\n    \"a\": [\r\n        1\r\n    ]\r\n}\r\n") << true;
    QTest::newRow("line feed after a long line") << QByteArray("[" + QByteArray(100'000, '1') + ",\n  2]") << true;
}

void TestJsonStructuralIndex::layoutIsTheSameWithEveryKernel()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, multiLine);
    const Layout want = [&] {
        KernelScope scope(ScanKernel::ByteWise);
        return Document::parse(text)->layout();
    }();
    QCOMPARE(want.multiLine, multiLine);
    for (const ScanKernel k : kernels()) {
        KernelScope scope(k);
        const Layout got = Document::parse(text)->layout();
        QCOMPARE(got.multiLine, want.multiLine);
        QCOMPARE(got.indentUnit, want.indentUnit);
        QCOMPARE(got.newline, want.newline);
        QCOMPARE(got.itemSeparator, want.itemSeparator);
        QCOMPARE(got.keySeparator, want.keySeparator);
    }
}

QTEST_APPLESS_MAIN(TestJsonStructuralIndex)
#include "TestJsonStructuralIndex.moc"
