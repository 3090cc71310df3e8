#!/usr/bin/env bash
# Builds the release package of the desktop app (a .deb on Linux), with the `onno`
# command line in it, and copies it to target/package/.
#
#   scripts/package.sh           build it
#   scripts/package.sh --check   build it, then prove it as a user's machine would see it:
#                                unpacked into an empty folder, every library its two
#                                programs link comes with the packages it declares, the
#                                CLI runs and the app opens its first screen under Xvfb
#
# whisper.cpp builds with -march=native by default: a package built on a new machine
# would crash on an older one. GGML_NATIVE=OFF builds it for a fixed instruction set
# instead: ggml's defaults then enable SSE 4.2, AVX, AVX2, BMI2, FMA and F16C (x86-64-v3:
# Intel since 2013, AMD since 2015). For older processors, add GGML_AVX2=OFF
# GGML_BMI2=OFF GGML_FMA=OFF GGML_F16C=OFF (slower everywhere). The package gets its own
# target folder, because whisper.cpp's build does not notice a changed flag in an
# existing one; it lives outside the checkout so a new clone reuses the compiled
# dependencies.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *)
    echo "usage: scripts/package.sh [--check]" >&2
    exit 2
    ;;
esac

scripts/setup.sh "$($check && echo test || echo app)"
export GGML_NATIVE=OFF
export CARGO_TARGET_DIR="${ONNO_PACKAGE_TARGET_DIR:-$HOME/.cache/onno/package-target}"

# Our own crates are always built anew: the folder is shared by every checkout on this
# machine, and cargo judges a path crate fresh by file times, so another checkout's build
# of it could otherwise pass for this one's. The compiled dependencies stay.
members="$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(" ".join("-p " + p["name"] for p in json.load(sys.stdin)["packages"]))')"
# shellcheck disable=SC2086 # one word per flag
cargo clean --quiet --release $members

# The CLI first: the bundler copies it into the package beside the app.
cargo build --release -p onno-cli --bin onno
cli="$CARGO_TARGET_DIR/release/onno"
bundle="$CARGO_TARGET_DIR/release/bundle/deb"
rm -rf "$bundle"
npm --prefix ui run tauri -- build --bundles deb \
  --config "{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/onno\":\"$cli\"}}}}}"
debs=("$bundle"/*.deb)
[ ${#debs[@]} -eq 1 ] || {
  echo "package: expected one .deb in $bundle, found ${#debs[@]}" >&2
  exit 1
}
mkdir -p target/package
deb="target/package/$(basename "${debs[0]}")"
cp "${debs[0]}" "$deb"
echo "package: $deb"
$check || exit 0

unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked/fs"
app="$unpacked/fs/usr/bin/onno-app"
for program in "$app" "$unpacked/fs/usr/bin/onno"; do
  [ -x "$program" ] || {
    echo "package: $(basename "$program") is not in the package" >&2
    exit 1
  }
done

# Every shared library the programs link must come with the declared dependencies or
# theirs: dpkg-shlibdeps names the packages that provide them (as Debian's own
# packaging does), apt the closure of what the package declares.
mkdir -p "$unpacked/shlibs/debian"
touch "$unpacked/shlibs/debian/control"
needed="$(cd "$unpacked/shlibs" && dpkg-shlibdeps -O -e"$app" -e"$unpacked/fs/usr/bin/onno" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed 's/([^)]*)//g; s/ //g' | sed '/^$/d' | sort -u)"
declared="$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/([^)]*)//g; s/ //g' | tr '|' '\n' | sed '/^$/d' | sort -u)"
# shellcheck disable=SC2086 # one word per package
closure="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances $declared 2>/dev/null |
  sed -n 's/^ *\(Pre\)\?Depends: //p; /^[a-z0-9]/p' | sed 's/[<>]//g; s/:any$//; s/ //g' | sort -u)"
missing=()
while IFS= read -r need; do
  # An alternative (a | b) is met when one of its packages is.
  met=false
  for choice in ${need//|/ }; do
    grep -qx "$choice" <<<"$closure" && met=true
  done
  $met || missing+=("$need")
done <<<"$needed"
if [ ${#missing[@]} -gt 0 ]; then
  echo "package: the programs link libraries of ${missing[*]}, which the package's" \
    "dependencies ($(dpkg-deb -f "$deb" Depends)) do not bring; add them to" \
    "bundle.linux.deb.depends in src-tauri/tauri.conf.json" >&2
  exit 1
fi
echo "package: its dependencies bring every library it links ($(wc -l <<<"$needed") packages)"

"$unpacked/fs/usr/bin/onno" --version

# The app from the package, on an empty data folder, under a virtual display.
ONNO_APP_BIN="$app" scripts/with-secret-service.sh \
  xvfb-run -a --server-args="-screen 0 1280x800x24" \
  timeout --kill-after=10 300 node --test tests/package/package.test.mjs
