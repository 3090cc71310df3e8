#!/usr/bin/env bash
# End-to-end tests: builds the UI, the app with the UI embedded (`custom-protocol`, so it
# does not look for a dev server) and the CLI, then drives the real app over WebDriver
# under a virtual X display.
#
# Needs: Node 20+, tauri-driver 2 (`cargo install tauri-driver --locked --version ^2`),
# and the Debian packages webkit2gtk-driver and xvfb.
# Screenshots land in target/e2e/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

need() {
  command -v "$1" >/dev/null || { echo "e2e: $1 not found; $2" >&2; exit 1; }
}
need WebKitWebDriver "install the Debian package webkit2gtk-driver"
need xvfb-run "install the Debian package xvfb"
if ! command -v tauri-driver >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "e2e: tauri-driver not found; cargo install tauri-driver --locked --version ^2" >&2
  exit 1
fi

[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
npm --prefix ui run build
cargo build -p onno-app --features custom-protocol
cargo build --bin onno

# -a picks a free display number, so parallel runs and a developer's own X don't clash.
xvfb-run -a --server-args="-screen 0 1280x800x24" \
  node --test --test-concurrency=1 tests/e2e/app.test.mjs
