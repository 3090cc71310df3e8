#!/usr/bin/env bash
# Builds and starts the Onno desktop app on its defaults: the database in the platform
# data folder (override with ONNO_DATA_DIR), no language model, no sync. Installs what
# is missing first; safe to run again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/setup.sh app
npm --prefix ui run build
cargo run --release -p onno-app --features custom-protocol
