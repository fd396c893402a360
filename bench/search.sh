#!/usr/bin/env bash
# Search benchmark on the 10,000-page handbook: index size on disk, bytes a
# browser loads before the first result, and query time, in headless Chromium
# from file://. Needs chromium and ../shared/bench/gen_corpus.py (via run.sh).
#
# Usage: bench/search.sh [PAGES]   (default 10000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
n=${1:-10000}
out=${OUT:-/dev/shm}/careerbook-search-bench-$n
# Reuse run.sh's corpus generation (one quick build of that size).
RUNS=1 "$here/run.sh" "$n" >/dev/null
rm -rf "$out"
"$repo/target/release/careerbook" -q build "${WORK:-$here/work}/book-$n" -o "$out"
(cd "$repo" && cargo run --release --quiet --example search_bench -- "$out")
rm -rf "$out"
