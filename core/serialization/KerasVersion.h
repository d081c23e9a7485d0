// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keras/Dialect.h"

#include <compare>

namespace kcs::saving {

/// The Keras release whose behaviour (and exact message wording) to reproduce. Defaults to
/// Keras 3.15.1; Keras 2 means tf.keras / tf-keras (2.15 by default).
struct KerasVersion {
    int major = 3;
    int minor = 15;
    int patch = 1;

    static constexpr KerasVersion keras3(int minor = 15, int patch = 1) { return {3, minor, patch}; }
    static constexpr KerasVersion keras2(int minor = 15, int patch = 0) { return {2, minor, patch}; }

    bool isKeras3() const { return major >= 3; }
    keras::Dialect dialect() const { return isKeras3() ? keras::Dialect::Keras3 : keras::Dialect::Keras2; }
    /// Same major version and at least major.minor.
    bool atLeast(int maj, int min) const { return major == maj && minor >= min; }
    bool atMost(int maj, int min) const { return major == maj && minor <= min; }

    friend constexpr auto operator<=>(const KerasVersion&, const KerasVersion&) = default;
};

} // namespace kcs::saving
