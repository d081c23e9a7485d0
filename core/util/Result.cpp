// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Result.h"

namespace kcs {

QString pythonExceptionName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::TypeError: return QStringLiteral("TypeError");
    case ErrorCode::ValueError: return QStringLiteral("ValueError");
    case ErrorCode::RuntimeError: return QStringLiteral("RuntimeError");
    case ErrorCode::IndexError: return QStringLiteral("IndexError");
    case ErrorCode::AttributeError: return QStringLiteral("AttributeError");
    default: return QStringLiteral("Error");
    }
}

} // namespace kcs
