#!/usr/bin/env bash
# Instruction counts of the policyc command line under callgrind: start-up,
# `check` and `build` of each bundled policy, and an N-policy corpus through
# the CLI (`check`, `build` into tmpfs) and in memory (benches/corpus.rs).
# Instructions do not depend on the machine's load, so these are the figures
# to compare across changes. See benches/README.md. Nothing is asserted.
#
#   benches/callgrind.sh                       # N=1000: 10-20 minutes on 2 cores
#   N=100 benches/callgrind.sh                 # quicker; the corpus rows scale
#   BIN=/path/to/policyc benches/callgrind.sh  # another binary (a `main` build,
#                                              # for the "before" column); the
#                                              # in-memory row is then skipped
#
# Every count is the whole process (start-up included) and all its threads,
# except the in-memory row: the inclusive count of `corpus::in_memory`.
# Prints a Markdown table and writes it to target/callgrind-results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
N=${N:-1000}
RESULTS=$TARGET/callgrind-results.md

say() { printf '%s\n' "$*" >&2; }

if ! command -v valgrind >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing valgrind (apt-get)…"
    apt-get install -y -qq valgrind >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq valgrind >/dev/null 2>&1; }
  fi
  command -v valgrind >/dev/null 2>&1 || { say "valgrind is needed"; exit 1; }
fi

CORPUS_BENCH=""
if [ -z "${BIN:-}" ]; then
  say "building the release binary and the corpus bench…"
  cargo build --release --quiet
  cargo bench --bench corpus --no-run --quiet 2>/dev/null
  CORPUS_BENCH=$(ls -t "$TARGET"/release/deps/corpus-* 2>/dev/null | grep -v '\.d$' | head -n 1 || true)
  BIN=$TARGET/release/policyc
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/policyc-callgrind.XXXXXX")
OUT=$WORK
if [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT=/dev/shm/$(basename "$WORK"); mkdir -p "$OUT"; fi
trap 'rm -rf "$WORK" "$OUT"' EXIT

# The corpus: the bundled policies in turn, the first `id = "…"` patched.
mkdir -p "$WORK/many/policies"
SOURCES=(policies/*.policy)
for ((i = 0; i < N; i++)); do
  src=${SOURCES[i % ${#SOURCES[@]}]}
  id=$(printf '%s-%04d' "$(basename "$src" .policy)" "$i")
  sed -E '0,/^([[:space:]]*id[[:space:]]*=[[:space:]]*)"[^"]*"/s//\1"'"$id"'"/' \
    "$src" >"$WORK/many/policies/$id.policy"
done

# The total of a callgrind output file, in millions.
millions() { awk '/^(summary|totals):/ { n = $2 } END { printf "%.2f", n / 1e6 }' "$1"; }

ROWS=()
# row LABEL DIR CMD… — runs CMD in DIR under callgrind; adds a table row.
row() {
  local label=$1 dir=$2
  shift 2
  say "counting: $label"
  (cd "$dir" && valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$@" >/dev/null 2>&1) ||
    { say "  failed: $*"; ROWS+=("| $label | failed |"); return; }
  ROWS+=("| $label | $(millions "$WORK/cg.out") |")
}

row "start-up (\`--version\`)" "$ROOT" "$BIN" --version
for src in "${SOURCES[@]}"; do
  name=$(basename "$src" .policy)
  row "check $name" "$ROOT" "$BIN" check "$src"
  rm -rf "$OUT/one"
  row "build $name (html, md, json)" "$ROOT" "$BIN" build "$src" --out "$OUT/one" --format html,md,json
done
row "check $N policies" "$WORK/many" "$BIN" check
rm -rf "$OUT/many"
row "build $N policies into tmpfs (html, md, json)" "$WORK/many" "$BIN" build --out "$OUT/many"
if [ -n "$CORPUS_BENCH" ]; then
  say "counting: $N policies in memory"
  POLICYC_CORPUS_N=$N valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
    --toggle-collect='*corpus::in_memory*' "$CORPUS_BENCH" >/dev/null 2>&1
  ROWS+=("| $N policies in memory, 1 thread (compile + html, md, json) | $(millions "$WORK/cg.out") |")
fi

mkdir -p "$(dirname "$RESULTS")"
{
  echo "# policyc instruction counts"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?'); binary: $BIN"
  echo "- $(valgrind --version); counts in millions of instructions, whole process and threads"
  echo
  echo "| run | M instructions |"
  echo "| --- | ---: |"
  printf '%s\n' "${ROWS[@]}"
} >"$RESULTS"
cat "$RESULTS"
say "written to $RESULTS"
