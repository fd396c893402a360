#!/usr/bin/env bash
# Dev server benchmark on the 10,000-page handbook: save-to-served time for
# one-page edits (median over repeated edits) and for a theme change.
# Works on a copy, so the benchmark corpus stays as generated.
#
# Usage: bench/serve.sh [PAGES] [EDITS]   (default 10000 20)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
n=${1:-10000}
edits=${2:-20}
work=${WORK:-$here/work}
[ -d "$work/book-$n" ] || RUNS=1 "$here/run.sh" "$n" >/dev/null
copy=$(mktemp -d "${TMPDIR:-/tmp}/careerbook-serve-bench.XXXXXX")
trap 'rm -rf "$copy"' EXIT
cp -r "$work/book-$n" "$copy/book"
(cd "$repo" && cargo build --release --quiet && cargo run --release --quiet --example serve_bench -- "$copy/book" "$edits")
