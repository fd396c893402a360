#!/usr/bin/env bash
# The dev server under load on the 10,000-page handbook: 50 clients
# fetching pages and assets for 60 s while a page is saved every 100 ms,
# beside idle and byte-at-a-time connections (examples/serve_load.rs).
# Prints requests per second, latency percentiles, failed and truncated
# responses, the server's memory over the run and save-to-served times
# before and after. Works on a copy; exits 1 on any failed, truncated or
# stale response.
#
# Usage: bench/serve-load.sh [PAGES] [SECONDS] [CLIENTS]   (default 10000 60 50)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
n=${1:-10000}
seconds=${2:-60}
clients=${3:-50}
work=${WORK:-$here/work}
[ -d "$work/book-$n" ] || RUNS=1 "$here/run.sh" "$n" >/dev/null
copy=$(mktemp -d "${TMPDIR:-/tmp}/careerbook-serve-load.XXXXXX")
trap 'rm -rf "$copy"' EXIT
(cd "$repo" && cargo build --release --quiet && cargo build --release --quiet --example serve_load)
cp -r "$work/book-$n" "$copy/book"
rm -rf "$copy/book/.careerbook-cache"
"$repo/target/release/examples/serve_load" "$copy/book" "$seconds" "$clients"
