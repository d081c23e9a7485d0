// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace kcs::keras {

/// Which Keras the rules follow: tf.keras 2.x (tf-keras 2.21 / keras 2.15) or Keras 3 (3.15).
/// Header-only, so every library can name a dialect without linking the catalog.
enum class Dialect { Keras2, Keras3 };

/// "keras2" / "keras3" (the words the catalog files and the command line use).
inline QString dialectName(Dialect dialect)
{
    return dialect == Dialect::Keras2 ? QStringLiteral("keras2") : QStringLiteral("keras3");
}

/// The dialect named by "keras2" / "keras3" (exact, lower case), or nullopt.
inline std::optional<Dialect> dialectFromName(QStringView word)
{
    if (word == u"keras2")
        return Dialect::Keras2;
    if (word == u"keras3")
        return Dialect::Keras3;
    return std::nullopt;
}

} // namespace kcs::keras
