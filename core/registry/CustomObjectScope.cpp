// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CustomObjectScope.h"

#include "core/registry/ThreadState.h"

namespace kcs::saving {

CustomObjectScope::CustomObjectScope(const ObjectMap& objects)
    : CustomObjectScope(keras::Dialect::Keras3, {objects})
{
}

CustomObjectScope::CustomObjectScope(keras::Dialect dialect, const std::vector<ObjectMap>& maps)
{
    ThreadState& state = threadState();
    m_saved = state.scope;
    auto next = std::make_shared<ObjectMap>();
    if (dialect == keras::Dialect::Keras2 && m_saved)
        *next = *m_saved; // Keras 2 merges into the current map
    for (const ObjectMap& map : maps)
        next->update(map);
    state.scope = std::move(next);
}

CustomObjectScope::CustomObjectScope(std::shared_ptr<const ObjectMap> objects)
{
    ThreadState& state = threadState();
    m_saved = state.scope;
    state.scope = std::move(objects);
}

CustomObjectScope::~CustomObjectScope()
{
    threadState().scope = std::move(m_saved);
}

SafeModeScope::SafeModeScope(std::optional<bool> safeMode)
{
    ThreadState& state = threadState();
    m_saved = state.safeMode;
    state.safeMode = safeMode;
}

SafeModeScope::~SafeModeScope()
{
    threadState().safeMode = m_saved;
}

void enableUnsafeDeserialization()
{
    threadState().safeMode = false;
}

std::optional<bool> inSafeMode()
{
    return threadState().safeMode;
}

} // namespace kcs::saving
