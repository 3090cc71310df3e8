#!/usr/bin/env bash
# Makes the font that onno-export embeds in PDF exports:
# crates/export/fonts/NotoSansCJKkr-Regular-subset.otf.
#
# Noto Sans CJK KR Regular (SIL Open Font License 1.1) from Debian's fonts-noto-cjk,
# cut with fontTools (PyPI) to what a Korean and English meeting needs: Latin, every
# modern Hangul syllable and jamo, Korean and general punctuation, currency signs, the
# usual symbols, and full-width forms, without hinting or vertical metrics. Hanja are
# left out (they would quadruple the file); a PDF export draws them with the system's
# Noto Sans CJK when fonts-noto-cjk is installed. The output is the same for the same
# inputs, so running this again changes nothing unless the font or the set changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source_font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# The fonts in the collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK, then the Mono ones.
korean_index=1
fonttools_version=4.68.0
out="$root/crates/export/fonts/NotoSansCJKkr-Regular-subset.otf"

if [ ! -f "$source_font" ]; then
  echo "make-pdf-font: $source_font is missing; install fonts-noto-cjk (apt-get install fonts-noto-cjk)" >&2
  exit 1
fi
venv="${ONNO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onno}/fonttools-$fonttools_version"
if [ ! -x "$venv/bin/pyftsubset" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "fonttools==$fonttools_version"
fi

unicodes=(
  U+0020-007E U+00A0-017F           # Basic Latin, Latin-1, Latin Extended-A
  U+2000-206F U+20A0-20CF           # general punctuation, currency (₩ €)
  U+2100-214F U+2190-21FF U+2200-22FF # letterlike symbols, arrows, maths
  U+2460-24FF U+2500-257F U+25A0-25FF # enclosed numbers, box drawing, shapes
  U+3000-303F                       # CJK symbols and punctuation
  U+1100-11FF U+3130-318F U+A960-A97F U+D7B0-D7FF # Hangul jamo
  U+AC00-D7A3                       # the 11,172 Hangul syllables
  U+3200-32FF U+3300-33FF           # enclosed CJK (㈜), CJK units (㎡)
  U+FF00-FFEF                       # full-width and half-width forms
)
"$venv/bin/pyftsubset" "$source_font" --font-number="$korean_index" \
  --unicodes="$(IFS=,; echo "${unicodes[*]}")" \
  --no-hinting --layout-features=kern --drop-tables+=vhea,vmtx,VORG,BASE --name-IDs='*' \
  --output-file="$out"
echo "make-pdf-font: wrote $out ($(wc -c <"$out") bytes)"
