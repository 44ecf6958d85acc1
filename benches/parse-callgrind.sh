#!/usr/bin/env bash
# Instructions a byte of the parse (issue 20), counted by callgrind, which
# a busy machine does not blur. See the "Parse" section of
# benches/README.md. Nothing is asserted: the script measures and reports.
#
#   benches/parse-callgrind.sh          # socnect and the 2 MB policy
#   INPUTS=socnect benches/parse-callgrind.sh
#   TOP=40 benches/parse-callgrind.sh   # more rows of the per-rule table
#   POLICYC_PARSE_READER=fast benches/parse-callgrind.sh  # the fast reader
#                                       # (no per-rule table: no pest rules)
#
# Builds `benches/parse.rs` (release profile), runs it under callgrind with
# POLICYC_PARSE_ONCE set so that it parses one input once, counts only
# inside `parse_once` (the delimiter scan and the pest parse), and prints
# the instructions, instructions a byte, and the grammar's rules by
# inclusive count (a rule's count includes the rules it calls, so nested
# rules such as `section` count their items again).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
INPUTS=${INPUTS:-socnect large}
TOP=${TOP:-25}
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }

BIN=$(cargo bench --bench parse --no-run --message-format=json 2>/dev/null \
  | grep '"kind":\["bench"\].*"name":"parse"' \
  | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
[ -x "$BIN" ] || { echo "could not build the parse bench" >&2; exit 1; }

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for input in $INPUTS; do
  bytes=$(POLICYC_PARSE_ONCE=$input "$BIN" | cut -d' ' -f1)
  POLICYC_PARSE_ONCE=$input valgrind --tool=callgrind --collect-atstart=no \
    --toggle-collect='*parse_once*' --callgrind-out-file="$OUT/$input.out" \
    "$BIN" >/dev/null 2>"$OUT/$input.log"
  ir=$(callgrind_annotate "$OUT/$input.out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  awk -v n="$input" -v ir="$ir" -v b="$bytes" 'BEGIN {
    printf "%-8s %9d bytes  %12d instructions  %7.1f a byte\n", n, b, ir, ir / b }'
  # The grammar's rules: pest generates a function a rule, named after it.
  callgrind_annotate --inclusive=yes "$OUT/$input.out" 2>/dev/null \
    | grep -E 'rules::(visible::|hidden::)?[A-Za-z_]+[^:]*$|skip' \
    | sed -E 's/^ *([0-9,]+) .*rules::(visible::|hidden::)?([A-Za-z_]+).*/\1 \3/' \
    | head -"$TOP"
done
