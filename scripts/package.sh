#!/usr/bin/env bash
# Builds the release package of the desktop app (a .deb on Linux) into
# target/package/release/bundle/.
#
# whisper.cpp builds with -march=native by default: a package built on a new machine
# would crash on an older one. GGML_NATIVE=OFF builds it for a fixed instruction set
# instead: ggml's defaults then enable SSE 4.2, AVX, AVX2, BMI2, FMA and F16C (x86-64-v3:
# Intel since 2013, AMD since 2015). For older processors, add GGML_AVX2=OFF
# GGML_BMI2=OFF GGML_FMA=OFF GGML_F16C=OFF (slower everywhere). The package gets its own
# target folder, because whisper.cpp's build does not notice a changed flag in an
# existing one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/setup.sh app
export GGML_NATIVE=OFF
export CARGO_TARGET_DIR="$root/target/package"
npm --prefix ui run tauri -- build --bundles deb
echo "package: $(ls "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb)"
