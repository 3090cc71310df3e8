#!/usr/bin/env bash
# Starts (or restarts) the private PulseAudio server of the live capture tests in the
# current XDG_RUNTIME_DIR, with its virtual devices, and waits until it answers:
#
#   meet          a null sink, the default output: what a call would play ("them" is
#                 recorded from its monitor, meet.monitor)
#   micfeed       a mono null sink the tests play the microphone's sound into
#   vmic          the default input: a virtual microphone reading micfeed's monitor
#
#   scripts/pulse-server.sh start | restart | stop
#
# scripts/with-pulseaudio.sh wraps a whole command in one; tests call `restart` to
# check that capture survives the audio server going away.
set -euo pipefail
: "${XDG_RUNTIME_DIR:?set XDG_RUNTIME_DIR to the runtime directory of the server}"

stop() {
  # This server's own pid, from its own runtime directory: `pulseaudio --kill` may find
  # another server of the same user.
  local pidfile="$XDG_RUNTIME_DIR/pulse/pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$pidfile"
}

start() {
  # -n: no default configuration; everything this server has is loaded here.
  pulseaudio -D -n --exit-idle-time=-1 --log-target=stderr --log-level=error \
    --load="module-native-protocol-unix auth-anonymous=1" \
    --load="module-null-sink sink_name=meet sink_properties=device.description=Meeting" \
    --load="module-null-sink sink_name=micfeed channels=1 sink_properties=device.description=MicFeed" \
    --load="module-remap-source source_name=vmic master=micfeed.monitor source_properties=device.description=VirtualMic"
  for _ in $(seq 100); do
    if pactl info >/dev/null 2>&1; then
      pactl set-default-sink meet
      pactl set-default-source vmic
      return 0
    fi
    sleep 0.1
  done
  echo "pulse-server: PulseAudio did not start" >&2
  return 1
}

case "${1:-start}" in
  start) start ;;
  restart) stop; start ;;
  stop) stop ;;
  *) echo "usage: $0 start|restart|stop" >&2; exit 2 ;;
esac
