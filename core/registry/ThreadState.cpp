// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/ThreadState.h"

#include <atomic>

namespace kcs::saving {

namespace {
// clearSession() cannot reach into other threads' storage; it bumps this counter and every
// thread resets its own state when it next sees a newer value.
std::atomic<quint64> g_generation{0};
} // namespace

ThreadState& threadState()
{
    thread_local ThreadState state;
    const quint64 now = g_generation.load(std::memory_order_acquire);
    if (state.generation != now) {
        state = ThreadState{};
        state.generation = now;
    }
    return state;
}

const ObjectMap& currentScopeObjects()
{
    static const ObjectMap empty;
    const ThreadState& s = threadState();
    return s.scope ? *s.scope : empty;
}

void clearSession()
{
    g_generation.fetch_add(1, std::memory_order_acq_rel);
}

} // namespace kcs::saving
