// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to core/json: stage 1 of the fast JSON reader (see StructuralParser.h for stage 2).

#include <QByteArrayView>

#include <cstdint>

namespace kcs::json::detail {

/// Which code finds the structural positions. Auto picks the fastest one the CPU has; the others
/// exist so that tests can run every path on the same inputs and compare the node arrays.
enum class ScanKernel : quint8 {
    Auto,
    Portable,  ///< plain C++, one byte at a time (what non-x86 builds use)
    Sse2,      ///< x86-64 baseline, 16 bytes a step
    Avx2,      ///< AVX2 + PCLMUL, chosen at run time when the CPU has them
    ByteWise,  ///< no index at all: the byte-wise reader that also words every error message
    Avx512,    ///< AVX-512 BW + VBMI2: one load per block, masks and offsets without a loop
};

/// Process-wide choice for the next parses (tests only; the default is Auto). Returns the previous
/// one. A kernel the CPU lacks falls back to the best one it has.
ScanKernel setScanKernel(ScanKernel kernel);
ScanKernel scanKernel();
/// The kernel Auto stands for on this CPU.
ScanKernel bestScanKernel();

/// Stage 1: finds, 64 bytes at a time, the bytes the grammar needs to look at — each '{', '}',
/// '[' and ']' outside strings, every unescaped quote (opening and closing) and the first byte of
/// every number or literal — and returns their offsets in text order, a chunk at a time so that
/// the index stays small and in cache whatever the size of the text. It only counts the ',' and
/// ':' (a third of the structural bytes of a Keras config): stage 2 finds those next to the
/// values.
///
/// How (per 64-byte block, with carries between blocks): classify the bytes into bit masks,
/// work out which bytes a backslash escapes, turn the unescaped quotes into an in-string mask by
/// a prefix XOR, and keep only the structural bytes outside strings. A closing quote whose string
/// holds a backslash is returned with kEscapedString set, found with one addition: adding each
/// string's opening-quote bit to the string's bytes (backslashes cleared) carries up to the
/// closing quote only if no backslash is in between.
///
/// simdjson has such a stage 1 (and validates the UTF-8 for this one), but only behind its
/// internal namespace (simdjson::internal::dom_parser_implementation::stage1), and it needs a
/// padded copy of the text, indexes the whole text at once (4 bytes per structural), leaves out
/// closing quotes (the string ends we keep as spans) and does not mark escaped strings.
///
/// The indexer only finds positions; it never judges the grammar. It does report bytes that are
/// invalid wherever they are (invalid UTF-8, a control character inside a string) and a text
/// that ends inside a string, so that stage 2 can hand such texts to the byte-wise reader for
/// the exact message.
class StructuralIndexer {
public:
    static constexpr quint32 kEscapedString = 0x80000000u; ///< flag on a closing quote's offset
    static constexpr quint32 kOffsetMask = 0x7fffffffu;
    static constexpr int kChunkBytes = 16 * 1024;
    /// Room fill() needs: one entry per byte of a chunk, plus the slack of its unrolled stores.
    static constexpr int kBufferEntries = kChunkBytes + 64;

    /// text must be shorter than 2 GiB (offsets and the flag share 32 bits). Indexing starts at
    /// offset begin (after a byte order mark).
    StructuralIndexer(QByteArrayView text, qint64 begin, ScanKernel kernel);

    /// Indexes the next chunk into out (kBufferEntries long) and returns how many offsets it
    /// wrote; 0 once the whole text is indexed.
    int fill(quint32* out);

    /// Invalid UTF-8 or a control character inside a string so far, or the text ends inside a
    /// string.
    bool foundInvalid() const { return m_invalid || (m_pos >= m_n && m_inString); }
    /// The ',' and ':' outside strings in the text indexed so far: they are not in the index
    /// (stage 2 finds each one as the first byte after a value or key that is not whitespace,
    /// and checks at the end that it found them all).
    quint64 separatorCount() const { return m_carry.separators; }
    /// The offset of the first line feed in the text indexed so far, -1 while there is none
    /// (outside strings unless foundInvalid(): a string cannot hold one).
    qint64 firstNewline() const { return m_carry.firstNewline; }
    /// The text before this offset is indexed.
    qint64 indexedTo() const { return m_pos; }

    struct Carries {
        quint64 inString = 0;     ///< all ones while a string continues into the next block
        quint64 escapeNext = 0;   ///< 1: the next block's first byte is escaped by a backslash
        quint64 scalarBefore = 0; ///< 1: the last byte was part of a number or literal
        quint64 cleanString = 0;  ///< 1: the open string has no backslash so far
        quint64 separators = 0;   ///< ',' and ':' outside strings so far
        qint64 firstNewline = -1; ///< see firstNewline()
    };

private:
    const char* m_p;
    qint64 m_n;
    qint64 m_pos;
    qint64 m_utf8Checked = 0; ///< the text before this offset is valid UTF-8
    ScanKernel m_kernel;
    Carries m_carry;
    bool m_invalid = false;
    bool m_inString = false;
};

} // namespace kcs::json::detail
