#!/usr/bin/env bash
# Builds the default handbook and screenshots its key views into
# docs/screenshots/: desktop (1280 wide) and phone (390 wide), light and
# dark. Needs Chromium; pngquant, when installed, shrinks the files.
#
#   scripts/screenshots.sh [output folder]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q --example screenshots
cargo run -q -- build . -q -o "$work/site"
cargo run -q --example screenshots -- "$work/site" "$out"

if command -v pngquant >/dev/null 2>&1; then
  pngquant --force --skip-if-larger --strip --quality 65-90 --ext .png -- "$out"/*.png || true
else
  echo "screenshots: pngquant not found; the PNGs are not optimized" >&2
fi
du -ch "$out"/*.png | tail -1
