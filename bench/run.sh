#!/usr/bin/env bash
# Benchmark: cold `careerbook build` of synthetic handbooks of 1,000 and
# 10,000 pages (the reference corpus of ../shared/bench, converted to
# careerbook's format). Reports wall time, peak memory and output size.
# Builds run with --no-cache: these are cold builds.
#
# Usage: bench/run.sh [PAGES...]        (default: 1000 10000)
# Env:   RUNS=3     builds per size (the median is reported)
#        WORK=...   where corpora are generated (default bench/work, git-ignored)
#        OUT=...    output folder parent (default /dev/shm, so disk speed is not measured)
# Each size is built twice: with the search index (the default) and without.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=${WORK:-$here/work}
out_parent=${OUT:-/dev/shm}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

gen="$repo/../shared/bench/gen_corpus.py"
if [ ! -f "$gen" ]; then
  echo "bench: ../shared/bench/gen_corpus.py not found next to the repository" >&2
  exit 2
fi
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

(cd "$repo" && cargo build --release --quiet)
bin="$repo/target/release/careerbook"
mkdir -p "$work"

printf '%-8s %-8s %-10s %-10s %-12s %-10s %s\n' pages search wall_s peak_MB output_MB files runs
for n in "${sizes[@]}"; do
for search in on off; do
  corpus="$work/corpus-$n"
  book="$work/book-$n"
  if [ ! -d "$book" ]; then
    python3 "$gen" --pages "$n" --out "$corpus" --force >/dev/null
    rm -rf "$book"
    python3 "$here/convert_plain.py" "$corpus/plain" "$book" >/dev/null
  fi
  # The same handbook with the search index switched off, to show its cost.
  if [ "$search" = off ]; then
    variant="$work/book-$n-nosearch"
    if [ ! -d "$variant" ]; then
      cp -r "$book" "$variant"
      printf '\n[search]\nenabled = false\n' >> "$variant/book.toml"
    fi
  else
    variant="$book"
  fi
  out="$out_parent/careerbook-bench-$n"
  times=()
  peak=0
  for _ in $(seq "$runs"); do
    rm -rf "$out"
    sync
    stats=$( { /usr/bin/time -f '%e %M' "$bin" -q build --no-cache "$variant" -o "$out" ; } 2>&1 >/dev/null | tail -1)
    t=${stats% *}; m=${stats#* }
    times+=("$t")
    [ "$m" -gt "$peak" ] && peak=$m
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  size=$(du -sm "$out" | cut -f1)
  files=$(find "$out" -type f | wc -l)
  printf '%-8s %-8s %-10s %-10s %-12s %-10s %s\n' "$n" "$search" "$median" "$((peak / 1024))" "$size" "$files" "${times[*]}"
  rm -rf "$out"
done
done
