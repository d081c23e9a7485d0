// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/Symbol.h"

#include <vector>

namespace kcs::saving {

/// A Sequential or Functional model rebuilt from its config: the config it was built from (its
/// get_config) and the layer objects deserialized from it, in config order. The graph is checked
/// (every call resolvable) but no tensors exist: nothing is computed.
class ModelObject : public ConfigObject {
public:
    ModelObject(SymbolRef cls, PyValue config, std::vector<PyValue> layers)
        : ConfigObject(std::move(cls), std::move(config)), m_layers(std::move(layers)) {}
    const std::vector<PyValue>& layers() const { return m_layers; }

private:
    std::vector<PyValue> m_layers;
};

} // namespace kcs::saving
