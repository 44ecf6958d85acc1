#!/usr/bin/env bash
# End-to-end timings of the policyc command line (process start, reading,
# compiling, rendering and writing), with pandoc for scale. See
# benches/README.md. Nothing is asserted: the script measures and reports.
#
#   benches/compare.sh            # 3 to 5 minutes on 2 cores
#   N=200 RUNS=3 RUNS_SMALL=10 benches/compare.sh   # quicker
#   NO_HYPERFINE=1 benches/compare.sh                # the fallback loop
#
# Builds the release binary, writes a corpus of N policies (the three in
# policies/ repeated, each with its own id) to a temporary folder, times
# each command with hyperfine (installed from Debian when missing and
# running as root; otherwise a loop timed with `date`), measures peak RSS
# with /usr/bin/time, prints a Markdown table and writes it to
# target/bench-results.md (under $CARGO_TARGET_DIR when set).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
N=${N:-1000}            # policies in the big corpus
RUNS=${RUNS:-5}         # timed runs of each big command
RUNS_SMALL=${RUNS_SMALL:-30} # timed runs of each one-policy command
RESULTS=$TARGET/bench-results.md

say() { printf '%s\n' "$*" >&2; }

# Installs a Debian package when its command is missing and we may.
ensure() {
  local cmd=$1 pkg=${2:-$1}
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $pkg (apt-get)…"
    apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$pkg" >/dev/null 2>&1; } ||
      true
  fi
  command -v "$cmd" >/dev/null 2>&1
}

HAVE_HYPERFINE=0
if [ -z "${NO_HYPERFINE:-}" ] && ensure hyperfine; then HAVE_HYPERFINE=1; fi
HAVE_PANDOC=0; ensure pandoc && HAVE_PANDOC=1
[ -x /usr/bin/time ] || ensure /usr/bin/time time || true

say "building the release binary…"
cargo build --release --quiet
BIN=$TARGET/release/policyc

WORK=$(mktemp -d "${TMPDIR:-/tmp}/policyc-compare.XXXXXX")
# A RAM-backed output folder, to tell the disk's cost from policyc's own.
SHM=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then SHM=/dev/shm/$(basename "$WORK"); fi
trap 'rm -rf "$WORK" ${SHM:+"$SHM" "$SHM-cp" "$SHM-one"}' EXIT

# --- The corpus -------------------------------------------------------------
# one/one.policy (socnect), and many/policies/ with N files: the three
# bundled policies in turn, the value of the first `id = "…"` line replaced.
mkdir -p "$WORK/one" "$WORK/many/policies"
cp policies/socnect.policy "$WORK/one/one.policy"
SOURCES=(policies/*.policy) # sorted by the glob
for ((i = 0; i < N; i++)); do
  src=${SOURCES[i % ${#SOURCES[@]}]}
  name=$(basename "$src" .policy)
  id=$(printf '%s-%04d' "$name" "$i")
  sed -E '0,/^([[:space:]]*id[[:space:]]*=[[:space:]]*)"[^"]*"/s//\1"'"$id"'"/' \
    "$src" >"$WORK/many/policies/$id.policy"
done
BYTES=$(cat "$WORK"/many/policies/*.policy | wc -c)
say "corpus: $N files, $((BYTES / 1000)) KB in $WORK/many/policies"
(cd "$WORK/many" && "$BIN" check >/dev/null 2>&1) || {
  say "the corpus does not check cleanly:"; (cd "$WORK/many" && "$BIN" check) || true; exit 1; }

cp tests/fixtures/reference/socnect.md "$WORK/socnect.md"

# --- Measuring ----------------------------------------------------------------
ROWS=()

# The Nth (default first) numeric value of "key": in a hyperfine JSON
# export — the Nth command's, for keys each command has once.
json_num() { grep "\"$1\":" "$2" | sed -n "${3:-1}p" | sed -E 's/.*: *([-0-9.eE+]+).*/\1/'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

# Peak RSS in MB, the largest of three runs (prepare before each).
peak_rss() {
  local dir=$1 prepare=$2 cmd=$3 best=0 kb
  for _ in 1 2 3; do
    (cd "$dir" && $prepare)
    # shellcheck disable=SC2086 # the command is words, split on purpose
    (cd "$dir" && /usr/bin/time -f '%M' -o "$WORK/rss" $cmd >/dev/null 2>&1)
    kb=$(tail -n 1 "$WORK/rss")
    [ "$kb" -gt "$best" ] && best=$kb
  done
  awk -v k="$best" 'BEGIN { printf "%.1f", k / 1024 }'
}

# The median of the row whose label starts with $1, in ms.
median_of() { printf '%s\n' "${ROWS[@]}" | awk -F' [|] ' -v l="$1" 'index($1, "| " l) == 1 { print $2; exit }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1f", a / b; else printf "–" }'; }

# measure LABEL DIR RUNS PREPARE CMD — runs CMD (plain words, no shell) in
# DIR, PREPARE before each run; adds a table row.
measure() {
  local label=$1 dir=$2 runs=$3 prepare=$4 cmd=$5 median mean sd min cpu rss
  say "measuring: $label"
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    (cd "$dir" && hyperfine --shell=none --style none --warmup 2 --runs "$runs" \
      --prepare "$prepare" --export-json "$WORK/h.json" "$cmd" >/dev/null)
    median=$(ms "$(json_num median "$WORK/h.json")")
    mean=$(ms "$(json_num mean "$WORK/h.json")")
    sd=$(ms "$(json_num stddev "$WORK/h.json")")
    min=$(ms "$(json_num min "$WORK/h.json")")
    cpu=$(ms "$(awk -v u="$(json_num user "$WORK/h.json")" -v s="$(json_num system "$WORK/h.json")" 'BEGIN { print u + s }')")
  else
    local times=() t0 t1
    for ((r = 0; r < runs + 2; r++)); do
      (cd "$dir" && $prepare)
      t0=$(date +%s%N)
      # shellcheck disable=SC2086 # the command is words, split on purpose
      (cd "$dir" && $cmd >/dev/null 2>&1)
      t1=$(date +%s%N)
      ((r >= 2)) && times+=($(((t1 - t0) / 1000)))
    done
    read -r median mean sd min < <(printf '%s\n' "${times[@]}" | sort -n | awk '
      { t[NR] = $1; s += $1; q += $1 * $1 }
      END { m = s / NR; printf "%.1f %.1f %.1f %.1f\n", t[int((NR + 1) / 2)] / 1000, m / 1000,
            sqrt(q / NR - m * m) / 1000, t[1] / 1000 }')
    cpu="–"
  fi
  rss=$(peak_rss "$dir" "$prepare" "$cmd")
  ROWS+=("| $label | $median | $mean ± $sd | $min | $cpu | $rss |")
}

P=$BIN
measure "process start (\`policyc --version\`)" "$WORK" "$RUNS_SMALL" true "$P --version"
measure "build 1 policy (socnect), fresh output folder" "$WORK" "$RUNS_SMALL" \
  "rm -rf out-one" "$P build one/one.policy --out out-one --format html,md,json"
if [ -n "$SHM" ]; then
  measure "build 1 policy (socnect), fresh output folder in tmpfs (/dev/shm)" "$WORK" "$RUNS_SMALL" \
    "rm -rf $SHM-one" "$P build one/one.policy --out $SHM-one --format html,md,json"
fi
# What the disk alone costs for one policy's outputs: the same files and
# folders copied, by a process that starts faster than policyc.
measure "copy of 1 policy's outputs (\`cp -r\`), fresh folder" "$WORK" "$RUNS_SMALL" \
  "rm -rf out-one-cp" "cp -r out-one out-one-cp"
measure "build $N policies, fresh output folder" "$WORK/many" "$RUNS" \
  "rm -rf ../out-many" "$P build --out ../out-many"
(cd "$WORK/many" && "$P" build --out ../out-many 2>/dev/null)
measure "build $N policies over the previous output" "$WORK/many" "$RUNS" \
  true "$P build --out ../out-many"
if [ -n "$SHM" ]; then
  measure "build $N policies, fresh output folder in tmpfs (/dev/shm)" "$WORK/many" "$RUNS" \
    "rm -rf $SHM" "$P build --out $SHM"
fi
if [ -n "$SHM" ]; then
  # What the file system alone costs for these outputs: the bar of issue 20
  # is a build into tmpfs within 5x of this copy, in the same run.
  measure "\`cp -r\` of those outputs into tmpfs (/dev/shm)" "$WORK" "$RUNS" \
    "rm -rf $SHM-cp" "cp -r out-many $SHM-cp"
fi
measure "check $N policies" "$WORK/many" "$RUNS" true "$P check"
if [ "$HAVE_PANDOC" = 1 ]; then
  measure "pandoc: socnect.md to standalone HTML" "$WORK" "$RUNS_SMALL" \
    "rm -f out.html" "pandoc -s socnect.md -o out.html --metadata title=x"
fi
OUT_MB=$(du -sm "$WORK/out-many" | cut -f1)

# The one-policy build into tmpfs against `--version` again, the two timed
# in turn by one hyperfine, ROUNDS_RATIO times: a change of load between
# rows above falls on one side only; here it falls on both. The ratio of
# each round's medians; the report gives their median and range.
ROUNDS_RATIO=${ROUNDS_RATIO:-5}
RATIOS=()
if [ "$HAVE_HYPERFINE" = 1 ] && [ -n "$SHM" ]; then
  say "measuring: one build into tmpfs against --version, $ROUNDS_RATIO rounds"
  for ((r = 0; r < ROUNDS_RATIO; r++)); do
    (cd "$WORK" && hyperfine --shell=none --style none --warmup 10 --runs "$RUNS_SMALL" \
      --prepare true --prepare "rm -rf $SHM-one" --export-json "$WORK/r.json" \
      "$P --version" "$P build one/one.policy --out $SHM-one --format html,md,json" >/dev/null 2>&1)
    RATIOS+=("$(awk -v build="$(json_num median "$WORK/r.json" 2)" \
      -v version="$(json_num median "$WORK/r.json" 1)" 'BEGIN { printf "%.2f", build / version }')")
  done
fi

# --- Report -------------------------------------------------------------------
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# policyc end-to-end benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- output: $(df -T "$WORK" | awk 'NR == 2 { print $2 }') under $(dirname "$WORK")$([ -n "$SHM" ] && echo ", and tmpfs for the row that says so")"
  echo "- corpus: $N policies ($((BYTES / 1000)) KB of source; ${OUT_MB} MB of output), the three bundled policies repeated with distinct ids"
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    echo "- timing: $(hyperfine --version), no shell (\`--shell=none\`), 2 warm-up runs, $RUNS_SMALL runs (one policy, pandoc) or $RUNS runs ($N policies); CPU is user + system time of the process"
  else
    echo "- timing: a shell loop timed with \`date\` (hyperfine missing), 2 warm-up runs, $RUNS_SMALL or $RUNS runs"
  fi
  echo "- peak RSS: \`/usr/bin/time -f %M\`, the largest of three runs"
  [ "$HAVE_PANDOC" = 1 ] && echo "- $(pandoc --version | head -n 1)"
  echo
  echo "| run | median ms | mean ± σ ms | min ms | CPU ms | peak RSS MB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- build of 1 policy / process start: $(ratio "$(median_of "build 1 policy")" "$(median_of "process start")")x (the bar: 2x)"
  if [ -n "$SHM" ]; then
    echo "- the same build into tmpfs / process start: $(ratio "$(median_of "build 1 policy (socnect), fresh output folder in tmpfs")" "$(median_of "process start")")x"
  fi
  if [ "${#RATIOS[@]}" -gt 0 ]; then
    echo "- the same, timed in turn with \`--version\` ($ROUNDS_RATIO rounds of $RUNS_SMALL runs): $(printf '%s\n' "${RATIOS[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%sx, the median round (rounds %sx to %sx)", v[int((NR + 1) / 2)], v[1], v[NR] }')"
  fi
  echo "- \`cp -r\` of that policy's outputs / process start: $(ratio "$(median_of "copy of 1 policy")" "$(median_of "process start")")x (what the output folder's disk alone costs)"
  if [ -n "$SHM" ]; then
    echo "- build of $N into tmpfs / \`cp -r\` of its outputs: $(ratio "$(median_of "build $N policies, fresh output folder in tmpfs")" "$(median_of "\`cp -r\`")")x (the bar: 5x)"
  fi
} >"$RESULTS"
cat "$RESULTS"
say ""
say "written to $RESULTS"
