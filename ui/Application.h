// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kcs::ui {

/// Builds the QApplication and the main window, opens the file named on the command line (or
/// the bundled example model) and runs the event loop. Returns the exit code.
int runApplication(int argc, char** argv);

/// Organisation and application names (QSettings keys) and the version; tests call it too.
void setApplicationIdentity();

} // namespace kcs::ui
