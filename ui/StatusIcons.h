// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/NodeInfo.h"

#include <QColor>
#include <QIcon>

namespace kcs::ui {

/// The colour and the small round icon that mark how an envelope resolved, drawn at run time so
/// they follow the palette's size and need no image files.
class StatusIcons {
public:
    static QColor color(Resolution resolution);
    static QIcon icon(Resolution resolution);
};

} // namespace kcs::ui
