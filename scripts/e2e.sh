#!/usr/bin/env bash
# End-to-end tests: builds the UI, the app with the UI embedded (`custom-protocol`, so it
# does not look for a dev server) and the CLI, then drives the real app over WebDriver
# under a virtual X display.
#
# What it needs (Xvfb, WebKitWebDriver, tauri-driver, PulseAudio, espeak-ng) is installed
# by setup.sh, PostgreSQL for the sync server among them. The recording test runs beside a private PulseAudio server with virtual
# devices (with-pulseaudio.sh), on a generated tiny whisper model where no words are
# needed and on real tiny.en weights where they are. Screenshots land in target/e2e/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/setup.sh test
npm --prefix ui run build
cargo build -p onno-app --features custom-protocol
cargo build --bin onno
# The sync test runs the real sync server on a throwaway PostgreSQL cluster.
cargo build --bin onno-sync-server
# The first-run test downloads real Whisper weights (converted once, then cached).
ONNO_SPEECH_MODELS="${ONNO_SPEECH_MODELS:-$(scripts/speech-models.sh)}"
export ONNO_SPEECH_MODELS
target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target/e2e"
[ -f "$target/e2e/ggml-tiny-random.bin" ] ||
  cargo run -q -p onno-test-support --bin make-whisper-model -- \
    --shape tiny --out "$target/e2e/ggml-tiny-random.bin"

# A private session bus (with-secret-service.sh, when none is running) holds the
# desktop services the app's toolkit starts, so they end with the run rather than
# linger on an autolaunched one. -a picks a free display number, so parallel runs and
# a developer's own X don't clash. The whole run takes about a minute; one stuck for
# 15 fails rather than waits.
scripts/with-pulseaudio.sh scripts/with-secret-service.sh scripts/with-postgres.sh \
  xvfb-run -a --server-args="-screen 0 1280x800x24" \
  timeout --kill-after=10 900 node --test --test-concurrency=1 tests/e2e/*.test.mjs
