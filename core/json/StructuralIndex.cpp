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
};

enum ByteClass : quint8 { Quote = 1, Backslash = 2, Bracket = 4, Separator = 8, Ws = 16, Control = 32 };

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
            const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
            const __m128i low = _mm_set1_epi8(0x1F);
            m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), 16 * k);
            m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), 16 * k);
            m.bracket |= bits(brace, 16 * k);
            m.separator |= bits(sep, 16 * k);
            m.ws |= bits(ws, 16 * k);
            m.control |= bits(_mm_cmpeq_epi8(_mm_max_epu8(v, low), low), 16 * k);
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
        }
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

/// Stores the offsets of the set bits of `bits` (block at `base`) and returns how many.
template <class CountZeros>
[[gnu::always_inline]] inline int storeOffsets(quint32* out, quint32 base, quint64 bits)
{
    const int count = std::popcount(bits);
    // Eight stores without a branch per bit (a Keras config has about 12 per block), then four
    // at a time; the stores past count are overwritten by the next block (the buffer has room).
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

template <class Classify, class PrefixXor, class CountZeros>
[[gnu::always_inline]] inline int indexBlock(const char* block, quint32 base, StructuralIndexer::Carries& c,
                                             quint32* out, quint64& invalid)
{
    const BlockMasks m = Classify()(block);
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
    const int count = storeOffsets<CountZeros>(out, base, structurals);
    for (quint64 escapedClosers = closers & ~sum; escapedClosers; escapedClosers &= escapedClosers - 1) {
        const quint64 below = (escapedClosers - 1) & ~escapedClosers;
        out[std::popcount(structurals & below)] |= StructuralIndexer::kEscapedString;
    }
    return count;
}

/// Indexes [begin, end): whole blocks read in place, a last partial block copied and padded
/// with spaces (which cannot change what the text means).
template <class Classify, class PrefixXor, class CountZeros>
[[gnu::always_inline]] inline int indexRange(const char* p, qint64 begin, qint64 end, bool last,
                                             StructuralIndexer::Carries& c, quint32* out, bool& invalid)
{
    // The carries and the verdict stay in registers for the whole range.
    StructuralIndexer::Carries carries = c;
    quint64 invalidBytes = 0;
    int count = 0;
    qint64 pos = begin;
    for (; pos + 64 <= end; pos += 64)
        count += indexBlock<Classify, PrefixXor, CountZeros>(p + pos, quint32(pos), carries, out + count, invalidBytes);
    if (last && pos < end) {
        alignas(64) char tail[64];
        std::memset(tail, ' ', sizeof tail);
        std::memcpy(tail, p + pos, size_t(end - pos));
        count += indexBlock<Classify, PrefixXor, CountZeros>(tail, quint32(pos), carries, out + count, invalidBytes);
    }
    c = carries;
    invalid = invalid || invalidBytes != 0;
    return count;
}

int indexPortable(const char* p, qint64 begin, qint64 end, bool last, StructuralIndexer::Carries& c,
                  quint32* out, bool& invalid)
{
    return indexRange<ClassifyPortable, PrefixXorPortable, CountZerosPortable>(p, begin, end, last, c, out, invalid);
}

#if defined(KCS_JSON_X86)
int indexSse2(const char* p, qint64 begin, qint64 end, bool last, StructuralIndexer::Carries& c, quint32* out,
              bool& invalid)
{
    return indexRange<ClassifySse2, PrefixXorPortable, CountZerosPortable>(p, begin, end, last, c, out, invalid);
}

[[gnu::target("avx2,pclmul,bmi,popcnt")]] int indexAvx2(const char* p, qint64 begin, qint64 end, bool last,
                                                        StructuralIndexer::Carries& c, quint32* out, bool& invalid)
{
    return indexRange<ClassifyAvx2, PrefixXorClmul, CountZerosBmi>(p, begin, end, last, c, out, invalid);
}
#endif

ScanKernel resolve(ScanKernel wanted)
{
    const ScanKernel best = bestScanKernel();
    if (wanted == ScanKernel::Auto)
        return best;
    if (wanted == ScanKernel::Avx2 && best != ScanKernel::Avx2)
        return best;
    if (wanted == ScanKernel::Sse2 && best == ScanKernel::Portable)
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
        return avx2 ? ScanKernel::Avx2 : ScanKernel::Sse2;
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
    // UTF-8 is checked chunk by chunk, just before the chunk is indexed (the text is read from
    // memory once); a range ends before a character that straddles the chunk's end.
    qint64 checkedEnd = end;
    while (!last && checkedEnd > m_utf8Checked && (uchar(m_p[checkedEnd]) & 0xC0) == 0x80)
        --checkedEnd;
    if (!simdjson::validate_utf8(m_p + m_utf8Checked, size_t(checkedEnd - m_utf8Checked)))
        m_invalid = true;
    m_utf8Checked = checkedEnd;
    int count = 0;
    switch (m_kernel) {
#if defined(KCS_JSON_X86)
    case ScanKernel::Avx2:
        count = indexAvx2(m_p, m_pos, end, last, m_carry, out, m_invalid);
        break;
    case ScanKernel::Sse2:
        count = indexSse2(m_p, m_pos, end, last, m_carry, out, m_invalid);
        break;
#endif
    default:
        count = indexPortable(m_p, m_pos, end, last, m_carry, out, m_invalid);
        break;
    }
    m_pos = end;
    m_inString = m_carry.inString != 0;
    return count;
}

} // namespace kcs::json::detail
