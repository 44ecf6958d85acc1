#!/usr/bin/env bash
# What the drift lint adds to `policyc check`'s time (issue 18 asks for at
# most 20 %), in the process's CPU time (user + system: what the run
# costs, the kernel's share of starting it included) and wall time. See
# benches/README.md, "Drift lint". Nothing is asserted.
#
#   benches/drift-time.sh                 # about a minute on 2 cores
#   ROUNDS=5 RUNS=200 benches/drift-time.sh
#   POLICYC=/path/to/policyc benches/drift-time.sh   # another binary
#
# Each bundled policy is checked as it is ("with") and as a copy with
# `allow = [drift]` on the policy ("without": the lint returns before it
# reads the prose), both in folders of the same name length. hyperfine
# times the two one after the other, in ROUNDS short rounds; each round's
# ratio compares two blocks of runs a moment apart, so a change of load
# falls on both, and the table gives the median round's ratio (and the
# median times).
# Instruction counts (callgrind) are in benches/README.md beside it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ROUNDS=${ROUNDS:-21}
RUNS=${RUNS:-40}

command -v hyperfine >/dev/null 2>&1 || {
  echo "drift-time.sh needs hyperfine (benches/compare.sh installs it)" >&2
  exit 1
}
BIN=${POLICYC:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN=$TARGET/release/policyc
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/policyc-drift.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/a" "$WORK/b"
for p in policies/*.policy; do
  cp "$p" "$WORK/a/"
  sed '0,/^  id  *= /s//  allow = [drift]\n&/' "$p" >"$WORK/b/$(basename "$p")"
done

# The first numeric value of "key" after the Nth "command": in a hyperfine
# JSON export (N = 1 or 2).
field() {
  awk -v n="$1" -v key="\"$2\":" '
    /"command":/ { c++ }
    c == n && index($0, key) { sub(/.*: */, ""); sub(/,.*/, ""); print; exit }' "$3"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| \`policyc check\` | CPU without / with (medians) | the lint adds (CPU, median round) | wall without / with (medians) | the lint adds (wall, median round) |"
echo "| --- | --- | --- | --- | --- |"
for p in "$WORK"/a/*.policy; do
  name=$(basename "$p")
  : >"$WORK/cpu-a"; : >"$WORK/cpu-b"; : >"$WORK/wall-a"; : >"$WORK/wall-b"
  for ((r = 0; r < ROUNDS; r++)); do
    (cd "$WORK" && hyperfine --shell=none --style none --warmup 10 --runs "$RUNS" \
      --export-json "$WORK/h.json" "$BIN check b/$name" "$BIN check a/$name" >/dev/null 2>"$WORK/warnings")
    for n in 1 2; do
      side=$([ "$n" = 1 ] && echo b || echo a)
      awk -v u="$(field "$n" user "$WORK/h.json")" -v s="$(field "$n" system "$WORK/h.json")" \
        'BEGIN { print (u + s) * 1000 }' >>"$WORK/cpu-$side"
      awk -v m="$(field "$n" median "$WORK/h.json")" 'BEGIN { print m * 1000 }' >>"$WORK/wall-$side"
    done
  done
  cpu_b=$(median <"$WORK/cpu-b"); cpu_a=$(median <"$WORK/cpu-a")
  wall_b=$(median <"$WORK/wall-b"); wall_a=$(median <"$WORK/wall-a")
  cpu_ratio=$(paste "$WORK/cpu-a" "$WORK/cpu-b" | awk '{ print $1 / $2 }' | median)
  wall_ratio=$(paste "$WORK/wall-a" "$WORK/wall-b" | awk '{ print $1 / $2 }' | median)
  awk -v n="$name" -v cb="$cpu_b" -v ca="$cpu_a" -v wb="$wall_b" -v wa="$wall_a" \
    -v cr="$cpu_ratio" -v wr="$wall_ratio" 'BEGIN {
    printf "| `%s` | %.2f ms / %.2f ms | %+.1f %% | %.2f ms / %.2f ms | %+.1f %% |\n",
      n, cb, ca, (cr - 1) * 100, wb, wa, (wr - 1) * 100 }'
done
echo
echo "$(hyperfine --version), $ROUNDS rounds of $RUNS runs of each (10 warm-up), no shell; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
