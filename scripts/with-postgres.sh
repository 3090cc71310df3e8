#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster, so the
# sync server's tests talk to a real database. When DATABASE_URL is already set, the
# command runs as is against that server. Otherwise a cluster is created in a temporary
# folder (initdb, as the postgres user when run as root, which initdb refuses), listens
# only on a Unix socket inside that folder, and is stopped and deleted with the command.
#
#   scripts/with-postgres.sh cargo test -p onno-sync-server
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

# The newest installed version's tools (Debian keeps them off PATH).
bin="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL is missing; run scripts/setup.sh test" >&2
  exit 1
fi

dir="$(mktemp -d)"
# The cluster's files belong to whoever runs the server: postgres when we are root.
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
fi
mkdir -p "$dir/data" "$dir/socket"
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$dir"
  chmod 755 "$dir"
fi

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

# The socket's file name carries the port, so any port serves: nothing listens on TCP.
port=5432
as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
# Room for the load benchmark's connections beside the tests'.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -p $port -c max_connections=300" \
  start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 1
}
"$bin/createdb" -h "$dir/socket" -p "$port" -U postgres onno

export DATABASE_URL="postgres://postgres@localhost:$port/onno?host=$dir/socket"
status=0
"$@" || status=$?
exit "$status"
