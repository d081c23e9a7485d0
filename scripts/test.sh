#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs missing dependencies, builds everything and runs the whole CTest suite:
# core and offscreen GUI tests directly, screenshot tests under xvfb-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset="${KCS_PRESET:-release}"
[ -n "${CI:-}" ] && preset="ci"
"$root/scripts/install-deps.sh"
cmake --preset "$preset" -S "$root"
cmake --build "$root/build/$preset" -j "$(nproc)"
cd "$root/build/$preset"
# One ctest run, so CTest prints one summary line for the whole suite. GUI tests set
# QT_QPA_PLATFORM=offscreen themselves; the screenshot tests need a real X server (xcb), so the whole
# run happens under xvfb-run.
exec xvfb-run -a -s "-screen 0 1280x800x24" ctest --output-on-failure -j "$(nproc)" --timeout 600
