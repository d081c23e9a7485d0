// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace kcs::util {

/// Asks the kernel to back a big array with 2 MiB pages where it can (only advice: nothing
/// happens for a small array, off Linux, or where the kernel declines). The first touch of a big
/// array is a large part of the work that fills it: one fault per 4 KiB page otherwise, each a
/// trip into the kernel; transparent huge pages are often enabled for madvise only.
void adviseHugePages(const void* data, size_t bytes);

} // namespace kcs::util
