// SPDX-License-Identifier: GPL-3.0-or-later
// Stage 1 of the fast JSON reader: structural positions, 64 bytes at a time (StructuralIndex.h).

#include "core/json/StructuralIndex.h"

#include <simdjson.h>

#include <array>
#include <atomic>
#include <bit>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define KCS_JSON_X86 1
#endif

namespace kcs::json::detail {
namespace {

std::atomic<ScanKernel> g_kernel{ScanKernel::Auto};

/// One 64-byte block sorted into classes, one bit per byte (bit i = byte i).
struct BlockMasks {
    quint64 quote = 0;
    quint64 backslash = 0;
    quint64 bracket = 0;   ///< { } [ ]
    quint64 separator = 0; ///< , :
    quint64 ws = 0;      ///< space, tab, line feed, carriage return
    quint64 control = 0; ///< bytes below 0x20
    quint64 newline = 0; ///< line feeds
    quint64 high = 0;    ///< bytes from 0x80: only they can make UTF-8 invalid
};

enum ByteClass : quint8 { Quote = 1, Backslash = 2, Bracket = 4, Separator = 8, Ws = 16, Control = 32, Newline = 64, High = 128 };

constexpr auto kClassTable = [] {
    std::array<quint8, 256> t{};
    for (int c = 0; c < 0x20; ++c)
        t[size_t(c)] = Control;
    t['"'] = Quote;
    t['\\'] = Backslash;
    for (const char c : {'{', '}', '[', ']'})
        t[size_t(uchar(c))] = Bracket;
    t[','] = Separator;
    t[':'] = Separator;
    for (const char c : {' ', '\t', '\n', '\r'})
        t[size_t(uchar(c))] |= Ws;
    t['\n'] |= Newline;
    for (int c = 0x80; c < 0x100; ++c)
        t[size_t(c)] = High;
    return t;
}();

struct ClassifyPortable {
    BlockMasks operator()(const char* p) const
    {
        BlockMasks m;
        for (int i = 0; i < 64; ++i) {
            const quint8 c = kClassTable[uchar(p[i])];
            const quint64 bit = quint64(1) << i;
            m.quote |= (c & Quote) ? bit : 0;
            m.backslash |= (c & Backslash) ? bit : 0;
            m.bracket |= (c & Bracket) ? bit : 0;
            m.separator |= (c & Separator) ? bit : 0;
            m.ws |= (c & Ws) ? bit : 0;
            m.control |= (c & Control) ? bit : 0;
            m.newline |= (c & Newline) ? bit : 0;
            m.high |= (c & High) ? bit : 0;
        }
        return m;
    }
};

struct PrefixXorPortable {
    /// Bit i of the result is the XOR of bits 0..i.
    quint64 operator()(quint64 x) const
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }
};

#if defined(KCS_JSON_X86)
struct ClassifySse2 {
    static quint64 bits(__m128i hits, int shift) { return quint64(quint32(_mm_movemask_epi8(hits))) << shift; }

    BlockMasks operator()(const char* p) const
    {
        // '[' and ']' are '{' and '}' without bit 0x20, so "c | 0x20" finds all four at once.
        BlockMasks m;
        for (int k = 0; k < 4; ++k) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
            const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            const __m128i brace = _mm_or_si128(_mm_cmpeq_epi8(lower, _mm_set1_epi8('{')),
                                               _mm_cmpeq_epi8(lower, _mm_set1_epi8('}')));
            const __m128i sep = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
            const __m128i newline = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
            const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), newline),
                                            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
            const __m128i low = _mm_set1_epi8(0x1F);
            m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), 16 * k);
            m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), 16 * k);
            m.bracket |= bits(brace, 16 * k);
            m.separator |= bits(sep, 16 * k);
            m.ws |= bits(ws, 16 * k);
            m.control |= bits(_mm_cmpeq_epi8(_mm_max_epu8(v, low), low), 16 * k);
            m.newline |= bits(newline, 16 * k);
            m.high |= bits(v, 16 * k);
        }
        return m;
    }
};

struct ClassifyAvx2 {
    [[gnu::target("avx2")]] static quint64 bits(__m256i hits, int shift)
    {
        return quint64(quint32(_mm256_movemask_epi8(hits))) << shift;
    }

    [[gnu::target("avx2")]] BlockMasks operator()(const char* p) const
    {
        BlockMasks m;
        for (int k = 0; k < 2; ++k) {
            const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
            const __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
            const __m256i brace = _mm256_or_si256(_mm256_cmpeq_epi8(lower, _mm256_set1_epi8('{')),
                                                  _mm256_cmpeq_epi8(lower, _mm256_set1_epi8('}')));
            const __m256i sep = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')),
                                                _mm256_cmpeq_epi8(v, _mm256_set1_epi8(':')));
            // Whitespace by table: the byte's low nibble picks the one whitespace byte it could be.
            const __m256i wsTable = _mm256_setr_epi8(' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0,
                                                     ' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0);
            const __m256i ws = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(wsTable, v), v);
            const __m256i low = _mm256_set1_epi8(0x1F);
            m.quote |= bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')), 32 * k);
            m.backslash |= bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')), 32 * k);
            m.bracket |= bits(brace, 32 * k);
            m.separator |= bits(sep, 32 * k);
            m.ws |= bits(ws, 32 * k);
            m.control |= bits(_mm256_cmpeq_epi8(_mm256_max_epu8(v, low), low), 32 * k);
            m.newline |= bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')), 32 * k);
            m.high |= bits(v, 32 * k);
        }
        return m;
    }
};

struct ClassifyAvx512 {
    [[gnu::target("avx512f,avx512bw")]] BlockMasks operator()(const char* p) const
    {
        // The same classes as ClassifyAvx2, but the compares write the 64-bit masks directly.
        const __m512i v = _mm512_loadu_si512(p);
        const __m512i lower = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
        const __m512i wsTable = _mm512_broadcast_i32x4(_mm_setr_epi8(' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0));
        BlockMasks m;
        m.quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
        m.backslash = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
        m.bracket = _mm512_cmpeq_epi8_mask(lower, _mm512_set1_epi8('{')) | _mm512_cmpeq_epi8_mask(lower, _mm512_set1_epi8('}'));
        m.separator = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(',')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(':'));
        m.ws = _mm512_cmpeq_epi8_mask(_mm512_shuffle_epi8(wsTable, v), v);
        m.control = _mm512_cmple_epu8_mask(v, _mm512_set1_epi8(0x1F));
        m.newline = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
        m.high = _mm512_movepi8_mask(v);
        return m;
    }
};

struct PrefixXorClmul {
    [[gnu::target("pclmul")]] quint64 operator()(quint64 x) const
    {
        // Carry-less multiplication by all ones is the prefix XOR.
        const __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, qint64(x)), _mm_set1_epi8(char(0xFF)), 0);
        return quint64(_mm_cvtsi128_si64(product));
    }
};
#endif

/// The bytes that a backslash escapes (the byte after each backslash that is not itself
/// escaped). escapeNext carries a backslash in the last byte into the next block.
[[gnu::always_inline]] inline quint64 escapedBytes(quint64 backslash, quint64& escapeNext)
{
    quint64 escaped = escapeNext;
    quint64 pending = backslash & ~escapeNext;
    escapeNext = 0;
    while (pending) {
        const int i = std::countr_zero(pending);
        if (i == 63) {
            escapeNext = 1;
            break;
        }
        escaped |= quint64(2) << i;
        pending &= ~(quint64(3) << i);
    }
    return escaped;
}

struct CountZerosPortable {
    int operator()(quint64 x) const { return std::countr_zero(x); }
};

#if defined(KCS_JSON_X86)
struct CountZerosBmi {
    // TZCNT is defined for 0 (64), so no test for it is needed.
    [[gnu::target("bmi")]] int operator()(quint64 x) const { return int(_tzcnt_u64(x)); }
};
#endif

/// Stores the offsets of the set bits of `bits` (block at `base`) and returns how many. The
/// stores may run up to 15 entries past the last offset: the next block overwrites them, and the
/// buffer has room for them (kBufferEntries).
template <class CountZeros>
struct StoreOffsets {
    [[gnu::always_inline]] int operator()(quint32* out, quint32 base, quint64 bits) const
    {
        const int count = std::popcount(bits);
        // Eight stores without a branch per bit (a Keras config has about 12 per block), then four
        // at a time.
        for (int i = 0; i < 8; ++i) {
            out[i] = base + quint32(CountZeros()(bits));
            bits &= bits - 1;
        }
        for (int i = 8; i < count; i += 4) {
            for (int k = 0; k < 4; ++k) {
                out[i + k] = base + quint32(CountZeros()(bits));
                bits &= bits - 1;
            }
        }
        return count;
    }
};

#if defined(KCS_JSON_X86)
/// AVX-512 VBMI2: one compress gathers the positions of all the set bits at once, instead of a
/// chain of bit scans that each wait for the previous one.
struct StoreOffsetsCompress {
    [[gnu::target("avx512f,avx512bw,avx512vbmi2,popcnt")]] int operator()(quint32* out, quint32 base, quint64 bits) const
    {
        const int count = std::popcount(bits);
        const __m512i positions = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46,
                                                  45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28,
                                                  27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
                                                  9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        const __m512i packed = _mm512_maskz_compress_epi8(bits, positions);
        const __m512i offset = _mm512_set1_epi32(int(base));
        // Sixteen at a time, widened to 32 bits; a block seldom has more than sixteen.
        _mm512_storeu_si512(out, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 0)), offset));
        if (count > 16) [[unlikely]] {
            _mm512_storeu_si512(out + 16, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 1)), offset));
            if (count > 32) {
                _mm512_storeu_si512(out + 32, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 2)), offset));
                if (count > 48)
                    _mm512_storeu_si512(out + 48, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 3)), offset));
            }
        }
        return count;
    }
};
#endif

template <class Classify, class PrefixXor, class Store>
[[gnu::always_inline]] inline int indexBlock(const char* block, quint32 base, StructuralIndexer::Carries& c,
                                             quint32* out, quint64& invalid, quint64& high)
{
    const BlockMasks m = Classify()(block);
    high |= m.high;
    if (m.newline && c.firstNewline < 0) [[unlikely]]
        c.firstNewline = qint64(base) + std::countr_zero(m.newline);
    const quint64 quote = m.quote & ~escapedBytes(m.backslash, c.escapeNext);
    // inString: each opening quote and the string's bytes up to (not including) its closing quote.
    const quint64 inString = PrefixXor()(quote) ^ c.inString;
    c.inString = quint64(qint64(inString) >> 63);
    invalid |= m.control & inString;
    const quint64 bracket = m.bracket & ~inString;
    const quint64 separator = m.separator & ~inString;
    c.separators += quint64(std::popcount(separator));
    const quint64 scalar = ~(inString | quote | bracket | separator | (m.ws & ~inString));
    const quint64 scalarStarts = scalar & ~((scalar << 1) | c.scalarBefore);
    c.scalarBefore = scalar >> 63;
    const quint64 openers = quote & inString;
    const quint64 closers = quote & ~inString;
    // Each opener's bit carries through its string's bytes up to the first backslash or, when
    // there is none, into the closing quote (see the class comment).
    const quint64 clean = inString & ~m.backslash;
    quint64 sum = 0;
    const bool carryA = __builtin_add_overflow(clean, openers, &sum);
    const bool carryB = __builtin_add_overflow(sum, c.cleanString, &sum);
    c.cleanString = (carryA || carryB) ? 1 : 0;
    const quint64 structurals = bracket | quote | scalarStarts;
    const int count = Store()(out, base, structurals);
    for (quint64 escapedClosers = closers & ~sum; escapedClosers; escapedClosers &= escapedClosers - 1) {
        const quint64 below = (escapedClosers - 1) & ~escapedClosers;
        out[std::popcount(structurals & below)] |= StructuralIndexer::kEscapedString;
    }
    return count;
}

/// Indexes [begin, end): whole blocks read in place, a last partial block copied and padded
/// with spaces (which cannot change what the text means).
template <class Classify, class PrefixXor, class Store>
[[gnu::always_inline]] inline int indexRange(const char* p, qint64 begin, qint64 end, bool last,
                                             StructuralIndexer::Carries& c, quint32* out, bool& invalid, bool& highBytes)
{
    // The carries and the verdict stay in registers for the whole range.
    StructuralIndexer::Carries carries = c;
    quint64 invalidBytes = 0;
    quint64 high = 0;
    int count = 0;
    qint64 pos = begin;
    for (; pos + 64 <= end; pos += 64)
        count += indexBlock<Classify, PrefixXor, Store>(p + pos, quint32(pos), carries, out + count, invalidBytes, high);
    if (last && pos < end) {
        alignas(64) char tail[64];
        std::memset(tail, ' ', sizeof tail);
        std::memcpy(tail, p + pos, size_t(end - pos));
        count += indexBlock<Classify, PrefixXor, Store>(tail, quint32(pos), carries, out + count, invalidBytes, high);
    }
    c = carries;
    invalid = invalid || invalidBytes != 0;
    highBytes = high != 0;
    return count;
}

int indexPortable(const char* p, qint64 begin, qint64 end, bool last, StructuralIndexer::Carries& c,
                  quint32* out, bool& invalid, bool& highBytes)
{
    return indexRange<ClassifyPortable, PrefixXorPortable, StoreOffsets<CountZerosPortable>>(p, begin, end, last, c, out, invalid, highBytes);
}

#if defined(KCS_JSON_X86)
int indexSse2(const char* p, qint64 begin, qint64 end, bool last, StructuralIndexer::Carries& c, quint32* out,
              bool& invalid, bool& highBytes)
{
    return indexRange<ClassifySse2, PrefixXorPortable, StoreOffsets<CountZerosPortable>>(p, begin, end, last, c, out, invalid, highBytes);
}

[[gnu::target("avx2,pclmul,bmi,popcnt")]] int indexAvx2(const char* p, qint64 begin, qint64 end, bool last,
                                                        StructuralIndexer::Carries& c, quint32* out, bool& invalid, bool& highBytes)
{
    return indexRange<ClassifyAvx2, PrefixXorClmul, StoreOffsets<CountZerosBmi>>(p, begin, end, last, c, out, invalid, highBytes);
}

[[gnu::target("avx512f,avx512bw,avx512vbmi2,avx2,pclmul,bmi,popcnt")]] int indexAvx512(const char* p, qint64 begin, qint64 end,
                                                                         bool last, StructuralIndexer::Carries& c,
                                                                         quint32* out, bool& invalid, bool& highBytes)
{
    return indexRange<ClassifyAvx512, PrefixXorClmul, StoreOffsetsCompress>(p, begin, end, last, c, out, invalid, highBytes);
}
#endif

/// The kernels that read the text by blocks, each needing what the ones before it need.
int rank(ScanKernel k)
{
    switch (k) {
    case ScanKernel::Portable: return 0;
    case ScanKernel::Sse2: return 1;
    case ScanKernel::Avx2: return 2;
    case ScanKernel::Avx512: return 3;
    case ScanKernel::Auto:
    case ScanKernel::ByteWise: break;
    }
    return -1;
}

ScanKernel resolve(ScanKernel wanted)
{
    const ScanKernel best = bestScanKernel();
    if (wanted == ScanKernel::Auto || rank(wanted) > rank(best))
        return best;
    return wanted;
}

} // namespace

ScanKernel setScanKernel(ScanKernel kernel)
{
    return g_kernel.exchange(kernel);
}

ScanKernel scanKernel()
{
    return resolve(g_kernel.load(std::memory_order_relaxed));
}

ScanKernel bestScanKernel()
{
#if defined(KCS_JSON_X86)
    static const ScanKernel best = [] {
        __builtin_cpu_init();
        const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul")
            && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
        const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512vbmi2");
        return avx512 ? ScanKernel::Avx512 : avx2 ? ScanKernel::Avx2 : ScanKernel::Sse2;
    }();
    return best;
#else
    return ScanKernel::Portable;
#endif
}

StructuralIndexer::StructuralIndexer(QByteArrayView text, qint64 begin, ScanKernel kernel)
    : m_p(text.data()), m_n(text.size()), m_pos(begin), m_kernel(resolve(kernel))
{
}

int StructuralIndexer::fill(quint32* out)
{
    if (m_pos >= m_n)
        return 0;
    const qint64 end = std::min(m_n, m_pos + kChunkBytes);
    const bool last = end == m_n;
    int count = 0;
    bool highBytes = true;
    switch (m_kernel) {
#if defined(KCS_JSON_X86)
    case ScanKernel::Avx512:
        count = indexAvx512(m_p, m_pos, end, last, m_carry, out, m_invalid, highBytes);
        break;
    case ScanKernel::Avx2:
        count = indexAvx2(m_p, m_pos, end, last, m_carry, out, m_invalid, highBytes);
        break;
    case ScanKernel::Sse2:
        count = indexSse2(m_p, m_pos, end, last, m_carry, out, m_invalid, highBytes);
        break;
#endif
    default:
        count = indexPortable(m_p, m_pos, end, last, m_carry, out, m_invalid, highBytes);
        break;
    }
    // UTF-8 is checked chunk by chunk, right after the chunk is indexed (the text is read from
    // memory once), and only where a byte from 0x80 is: ASCII is valid UTF-8, and a Keras config
    // is usually ASCII throughout. A range ends before a character that straddles the chunk's
    // end; the bytes left over from the previous chunk (its straddling character's start, a byte
    // order mark) are checked with the chunk whatever it holds.
    if (highBytes || m_utf8Checked < m_pos) {
        qint64 checkedEnd = end;
        while (!last && checkedEnd > m_utf8Checked && (uchar(m_p[checkedEnd]) & 0xC0) == 0x80)
            --checkedEnd;
        if (!simdjson::validate_utf8(m_p + m_utf8Checked, size_t(checkedEnd - m_utf8Checked)))
            m_invalid = true;
        m_utf8Checked = checkedEnd;
    } else {
        m_utf8Checked = end;
    }
    m_pos = end;
    m_inString = m_carry.inString != 0;
    return count;
}

} // namespace kcs::json::detail
