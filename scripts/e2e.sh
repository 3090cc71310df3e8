#!/usr/bin/env bash
# End-to-end tests: builds the UI, the app with the UI embedded (`custom-protocol`, so it
# does not look for a dev server) and the CLI, then drives the real app over WebDriver
# under a virtual X display.
#
# What it needs (Xvfb, WebKitWebDriver, tauri-driver) is installed by setup.sh.
# Screenshots land in target/e2e/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/setup.sh test
npm --prefix ui run build
cargo build -p onno-app --features custom-protocol
cargo build --bin onno

# -a picks a free display number, so parallel runs and a developer's own X don't clash.
xvfb-run -a --server-args="-screen 0 1280x800x24" \
  node --test --test-concurrency=1 tests/e2e/app.test.mjs
