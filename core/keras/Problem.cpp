// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/Problem.h"

namespace kcs::keras {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error: return QStringLiteral("error");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: break;
    }
    return QStringLiteral("info");
}

} // namespace kcs::keras
