#!/usr/bin/env bash
# Regenerates icons/ from scripts/make-icon.py: the 1024 px source, then the desktop
# sizes the bundle config names (tauri.conf.json `bundle.icon`). Mobile and Windows
# Store tiles are dropped; Onno ships desktop only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 "$root/scripts/make-icon.py" "$root/icons/app-icon.png"
(cd "$root/ui" && npx tauri icon ../icons/app-icon.png -o ../icons)
rm -rf "$root/icons/android" "$root/icons/ios" "$root"/icons/Square*.png \
  "$root/icons/StoreLogo.png" "$root/icons/64x64.png"
