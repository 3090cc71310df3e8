#!/usr/bin/env bash
# Runs a command beside a private PulseAudio server with the virtual devices the live
# capture tests play into (see pulse-server.sh), then stops the server:
#
#   scripts/with-pulseaudio.sh cargo test -p onno-live
#
# The server lives in its own runtime directory and is reached through
# XDG_RUNTIME_DIR alone; nothing of the user's own audio set-up is touched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

runtime="$(mktemp -d)"
export XDG_RUNTIME_DIR="$runtime"
# State and configuration too, so that servers started side by side (two test runs, a
# benchmark) never share a cookie or the runtime link PulseAudio keeps in ~/.config.
export PULSE_STATE_PATH="$runtime/state"
export PULSE_CONFIG_PATH="$runtime/config"
mkdir -p "$PULSE_STATE_PATH" "$PULSE_CONFIG_PATH"
unset PULSE_SERVER

cleanup() {
  "$here/pulse-server.sh" stop || true
  rm -rf "$runtime"
}
trap cleanup EXIT

"$here/pulse-server.sh" start
"$@"
