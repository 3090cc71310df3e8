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
  # Desktop services a program started on this runtime folder may have mounted a file
  # system in it (the document portal mounts doc/); rm must not walk into one.
  local mounted
  mounted="$(awk -v root="$runtime/" 'index($2, root) == 1 { print $2 }' /proc/mounts)"
  for mount in $mounted; do
    fusermount3 -uz "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
  done
  rm -rf --one-file-system "$runtime" || echo "with-pulseaudio: $runtime left behind" >&2
}
trap cleanup EXIT

"$here/pulse-server.sh" start
"$@"
