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

# Inside the private bus: run the keyring's secrets component in the foreground with its
# files in a throwaway folder, creating and unlocking a login collection with a known
# password read from stdin (gnome-keyring creates none for an empty one), and wait until
# it answers on the bus. Daemon and folder go when the command ends: a daemonized
# keyring would outlive the bus.
inner='
keyrings="$(mktemp -d)"
printf onno-test | XDG_DATA_HOME="$keyrings" \
  gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
keyring=$!
trap "kill $keyring 2>/dev/null; wait $keyring 2>/dev/null; rm -rf \"$keyrings\"" EXIT
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q "boolean true" && break
  sleep 0.1
done
"$@"
'
exec dbus-run-session -- bash -c "$inner" with-secret-service "$@"
