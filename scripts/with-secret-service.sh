#!/usr/bin/env bash
# Runs a command with a Secret Service (the Linux keychain) on the session bus, so the
# keychain tests talk to a real one. When a session bus already answers, the command
# runs as is. Otherwise it runs under a private `dbus-run-session` with gnome-keyring
# started on a throwaway keyring folder; bus, daemon and folder end with the command.
#
#   scripts/with-secret-service.sh cargo test --workspace
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

if [ "$(uname -s)" != Linux ] || [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || {
    echo "with-secret-service: $tool is missing; run scripts/setup.sh test" >&2
    exit 1
  }
done

# Inside the private bus: start the keyring's secrets component with its files in a
# throwaway folder, creating and unlocking a login collection with a known password
# read from stdin (gnome-keyring creates none for an empty one). The folder goes when
# the command ends.
inner='
keyrings="$(mktemp -d)"
trap "rm -rf \"$keyrings\"" EXIT
printf onno-test | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
'
exec dbus-run-session -- bash -c "$inner" with-secret-service "$@"
