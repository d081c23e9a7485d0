// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "support/TestConfig.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFont>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>

namespace kcs::test {

/// What every screenshot test sets up first, so the PNGs stay comparable between runs and
/// never touch the user's settings: test-mode paths, cleared settings, the Fusion style and a
/// fixed 9 pt DejaVu Sans.
inline void prepareScreenshots()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KerasConfigStudioTests"));
    QSettings().clear();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSize(9);
    QApplication::setFont(font);
}

/// $KCS_SCREENSHOT_DIR (set by CTest for SCREENSHOT tests), else <build>/screenshots; created.
inline QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("KCS_SCREENSHOT_DIR", QStringLiteral(KCS_BINARY_DIR "/screenshots"));
    QDir().mkpath(dir);
    return dir;
}

} // namespace kcs::test
