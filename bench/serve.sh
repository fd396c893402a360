#!/usr/bin/env bash
# Dev server benchmark on the 10,000-page handbook: save-to-served time for
# one-page edits (median over repeated edits) and for a theme change.
# Works on a copy, so the benchmark corpus stays as generated.
#
# Usage: bench/serve.sh [PAGES] [EDITS] [OTHER_CAREERBOOK]
#   (default 10000 20). With OTHER_CAREERBOOK (another build's binary, say
#   the last release's), both run in the same call, in turn, twice each, so
#   the two are measured on the machine as it is now.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
n=${1:-10000}
edits=${2:-20}
other=${3:-}
work=${WORK:-$here/work}
[ -d "$work/book-$n" ] || RUNS=1 "$here/run.sh" "$n" >/dev/null
copy=$(mktemp -d "${TMPDIR:-/tmp}/careerbook-serve-bench.XXXXXX")
trap 'rm -rf "$copy"' EXIT
(cd "$repo" && cargo build --release --quiet && cargo build --release --quiet --example serve_bench)
run() { # label binary
  rm -rf "$copy/book"
  cp -r "$work/book-$n" "$copy/book"
  # Every binary starts with an empty build cache, so first builds compare.
  rm -rf "$copy/book/.careerbook-cache"
  echo "== $1"
  CAREERBOOK_BIN=$2 "$repo/target/release/examples/serve_bench" "$copy/book" "$edits" | grep -E "save to new HTML|theme change|initial build"
}
if [ -z "$other" ]; then
  run "this build" "$repo/target/release/careerbook"
else
  for round in 1 2; do
    run "this build (round $round)" "$repo/target/release/careerbook"
    run "$other (round $round)" "$other"
  done
fi
