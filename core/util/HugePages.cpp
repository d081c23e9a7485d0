// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/HugePages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace kcs::util {

void adviseHugePages(const void* data, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    if (bytes < 4 * kHuge)
        return; // a small array would only split the heap's mapping
    const uintptr_t from = (uintptr_t(data) + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t to = (uintptr_t(data) + bytes) & ~(kHuge - 1);
    if (to > from)
        madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE); // failure is harmless
#else
    (void)data;
    (void)bytes;
#endif
}

} // namespace kcs::util
