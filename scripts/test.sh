#!/usr/bin/env bash
# Runs every check and test of the project, installing what is missing first:
# formatting, lints, strict TypeScript, the Rust test suites (store, CLI, app bindings)
# and the end-to-end test of the real app window over WebDriver.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Each step says how far into the run it starts, so a slow one shows in the log.
step() { printf '\n==> %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "setup"
scripts/setup.sh test

step "format"
cargo fmt --all -- --check

step "UI: unit tests, strict TypeScript and production build"
npm --prefix ui test
npm --prefix ui run build

step "lints"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests"
scripts/with-secret-service.sh scripts/with-pulseaudio.sh cargo test --workspace

step "fuzz: the audio decoder on arbitrary bytes for 60 s"
# cargo-fuzz needs a nightly toolchain (for the sanitizer); without one, say so.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
  mkdir -p crates/audio/fuzz/corpus/decode
  (cd crates/audio && cargo +nightly fuzz run decode fuzz/corpus/decode tests/data -- \
    -max_total_time=60)
else
  echo "skipped: no nightly toolchain (rustup toolchain install nightly)"
fi

step "end-to-end: the app under Xvfb over WebDriver"
scripts/e2e.sh

step "done"
