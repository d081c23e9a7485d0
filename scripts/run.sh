#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Keras Config Studio (Release) and starts it on FILE, or on the bundled example model.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build "$root/build/release" --target keras-config-studio
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
  echo "run.sh: no display found. Run it under a virtual X server instead:" >&2
  echo "  xvfb-run -a -s '-screen 0 1280x800x24' $0 $*" >&2
  exit 1
fi
exec "$root/build/release/bin/keras-config-studio" "$@"
