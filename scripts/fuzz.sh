#!/usr/bin/env bash
# Fuzzes careerbook's readers with cargo-fuzz (libFuzzer) on the nightly
# toolchain. Seeds come from the repository's content, fixtures and
# ../shared/corpora when present; fuzz/careerbook.dict holds the syntax.
#
#   scripts/fuzz.sh seeds              write the seed corpora (fuzz/corpus/)
#   scripts/fuzz.sh run TARGET [RUNS]  fuzz one target (default 1,000,000 runs)
#   scripts/fuzz.sh smoke [SECONDS]    every target for SECONDS (default 30)
#   scripts/fuzz.sh list               the targets
#
# Each input has a 10 s time limit and a 2 GB memory limit; a crash, hang
# or out-of-memory input lands in fuzz/artifacts/TARGET/. Built without
# AddressSanitizer (-s none): careerbook has no unsafe code on these paths,
# and the sanitizer halves the executions per second.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(handbook document overlay import_ft import_monzo import_etsy import_csv)
FUZZ=(cargo +nightly fuzz)

have_nightly() {
  rustup run nightly rustc --version >/dev/null 2>&1
}

ensure_tools() {
  if ! have_nightly; then
    echo "fuzz: no nightly toolchain (rustup toolchain install nightly); not fuzzing" >&2
    return 1
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
  fi
}

seeds() {
  python3 - <<'PY'
import os, pathlib
repo = pathlib.Path('.').resolve()
out = repo / 'fuzz' / 'corpus'
SEP = b'\0\x01'
corpora = repo.parent / 'shared' / 'corpora'
def put(target, name, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)
def md(folder):
    return sorted(p for p in (repo / folder).rglob('*') if p.is_file() and not any(x.startswith('.') for x in p.parts))
kinds = ['levels', 'guides', 'questions', 'anti-patterns', 'exercises', 'checklists', 'families']
minimal = 'tests/fixtures/minimal/content/'
slot_for = {
    'levels': minimal + 'levels/senior.md', 'guides': minimal + 'guides/glue-work.md',
    'questions': minimal + 'questions/disagree.md', 'anti-patterns': minimal + 'anti-patterns/hiding-behind-we.md',
    'exercises': minimal + 'exercises/story-bank.md', 'checklists': minimal + 'checklists/pre-deploy.md',
    'families': 'content/families/backend.md',
}
n = 0
# handbook: the fixture as it is, then with one file replaced by the
# handbook's own or another fixture's.
put('handbook', 'base', b'')
for src in md('content') + md('tests/fixtures/families/content') + md('tests/fixtures/eight-levels/content'):
    rel = src.as_posix()
    kind = next((k for k in kinds if f'/{k}/' in rel), None)
    if src.name == 'framework.toml':
        name = 'content/framework.toml'
    elif src.name == 'index.md' and src.parent.name == 'content':
        name = 'content/index.md'
    elif kind:
        name = slot_for[kind].replace(minimal, 'content/')
    else:
        continue
    if src.stat().st_size > 60000:
        continue
    n += 1
    put('handbook', f'{n:04}', name.encode() + b'\n' + src.read_bytes())
for src in md('examples/overlay'):
    n += 1
    put('handbook', f'{n:04}', b'overlay/' + src.relative_to(repo / 'examples/overlay').as_posix().encode() + b'\n' + src.read_bytes())
for f in ['tests/fixtures/families/book.toml', 'tests/fixtures/eight-levels/book.toml']:
    if (repo / f).exists():
        n += 1
        put('handbook', f'{n:04}', b'book.toml\n' + (repo / f).read_bytes())
# document: the kind's index (as careerbook lists kinds) is the first byte.
order = ['levels', 'guides', 'questions', 'anti-patterns', 'exercises', 'checklists', 'families']
for src in md('content') + md('tests/fixtures'):
    if src.suffix != '.md' or 'overlay' in src.as_posix():
        continue
    kind = next((i for i, k in enumerate(order) if f'/{k}/' in src.as_posix()), 0)
    if src.stat().st_size <= 60000:
        put('document', src.as_posix().replace('/', '_'), bytes([kind]) + src.read_bytes())
# overlay: 0 brag, 1 packet, 2 assessment.
for src in md('examples/overlay'):
    which = 0 if src.name == 'brag.md' else 1 if src.name == 'packet.md' else 2
    put('overlay', src.name, bytes([which]) + src.read_bytes())
def sources(fixture, corpus, exts):
    found = []
    for base in [repo / 'tests/fixtures/import' / fixture, corpora / corpus]:
        if base.exists():
            found += sorted(p for p in base.rglob('*') if p.is_file() and p.suffix in exts)
    return found
def seed_name(p):
    return p.relative_to(repo.parent).as_posix().replace('/', '_')
for p in sources('ft', 'ft-engineering-progression', {'.yml', '.yaml'}):
    put('import_ft', seed_name(p), p.read_bytes())
for p in sources('monzo', 'monzo-progression-framework', {'.md'}):
    if p.stat().st_size <= 200000:
        put('import_monzo', seed_name(p), p.read_bytes())
for p in sources('csv', 'none', {'.csv'}):
    put('import_csv', seed_name(p), p.read_bytes())
for base in [repo / 'tests/fixtures/import/etsy', corpora / 'etsy-career-ladder']:
    if (base / 'index.md').exists():
        put('import_etsy', seed_name(base),
            (base / 'competencies.md').read_bytes() + SEP + (base / 'index.md').read_bytes())
for t in sorted(os.listdir(out)):
    print(f'fuzz: {t}: {len(os.listdir(out / t))} seeds')
PY
}

run() {
  local target=$1 runs=${2:-1000000} seconds=${3:-0}
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  local limit=(-runs="$runs")
  [ "$seconds" -gt 0 ] && limit=(-max_total_time="$seconds")
  (cd fuzz && RAYON_NUM_THREADS=1 "${FUZZ[@]}" run -O -s none "$target" "corpus/$target" -- \
    -dict=careerbook.dict -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "${limit[@]}")
}

case "${1:-}" in
  seeds) seeds ;;
  list) printf '%s\n' "${TARGETS[@]}" ;;
  run)
    [ $# -ge 2 ] || { echo "usage: scripts/fuzz.sh run TARGET [RUNS]" >&2; exit 2; }
    ensure_tools || exit 0
    [ -d "fuzz/corpus/$2" ] || seeds
    run "$2" "${3:-1000000}"
    ;;
  smoke)
    ensure_tools || exit 0
    seeds
    (cd fuzz && "${FUZZ[@]}" build -O -s none)
    for t in "${TARGETS[@]}"; do
      echo "fuzz: smoke $t for ${2:-30} s"
      log="fuzz/artifacts/$t.log"
      mkdir -p fuzz/artifacts
      if ! run "$t" 0 "${2:-30}" >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/" >&2
        exit 1
      fi
      grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" || true
    done
    ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
