#!/usr/bin/env bash
# Renders every .md of built sites with independent Markdown processors, raw
# HTML on — pandoc (Debian's package) reading GitHub's dialect (-f gfm) and
# its own, laxer about tags (-f markdown), and markdown-it (npm, pinned,
# html: true) — and fails on any element or attribute in the result
# that Markdown syntax alone would not produce (scripts/check-markdown.py):
# no prose or value of a policy may become a live tag in any processor.
# The hostile fixture tests/fixtures/markdown/hostile.policy is built and
# checked every time as well.
#
#   scripts/check-markdown.sh [SITE_DIR...]
#
# Missing tools are installed first: pandoc with apt-get (as root, or through
# sudo -n), markdown-it with npm into target/markdown-check.
# Exit status: 0 everything passed, 1 a check failed, 2 the checker could not run.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
TOOLS_DIR=$REPO_ROOT/target/markdown-check
MARKDOWN_IT=markdown-it@14.1.0
HOSTILE=$REPO_ROOT/tests/fixtures/markdown/hostile.policy

say() { printf 'check-markdown: %s\n' "$*"; }
die() { printf 'check-markdown: error: %s\n' "$*" >&2; exit 2; }

[[ ${1:-} != -h && ${1:-} != --help ]] || {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}
for dir in "$@"; do
  [[ -d $dir ]] || die "SITE_DIR '$dir' is not a directory"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-markdown.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT

# --- 1. tools ----------------------------------------------------------------

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

if ! command -v pandoc >/dev/null 2>&1; then
  say "apt-get install pandoc"
  { as_root apt-get update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc; } \
    >"$WORK/apt.log" 2>&1 || { tail -n 30 "$WORK/apt.log" >&2; die "installing pandoc failed"; }
fi
command -v python3 >/dev/null 2>&1 || die "python3 is missing"
command -v node >/dev/null 2>&1 || die "node is missing"
command -v npm >/dev/null 2>&1 || die "npm is missing"

if [[ ! -f $TOOLS_DIR/node_modules/markdown-it/package.json ]] \
    || [[ $(node -p 'require(process.argv[1]).version' \
            "$TOOLS_DIR/node_modules/markdown-it/package.json") != "${MARKDOWN_IT#*@}" ]]; then
  say "npm install $MARKDOWN_IT into $TOOLS_DIR"
  mkdir -p -- "$TOOLS_DIR"
  (cd -- "$TOOLS_DIR" && npm install --no-save --ignore-scripts --no-audit --no-fund \
      --loglevel=error "$MARKDOWN_IT") >"$WORK/npm.log" 2>&1 \
    || { tail -n 40 "$WORK/npm.log" >&2; die "npm install $MARKDOWN_IT failed"; }
fi

# pandoc 3.8 renamed --no-highlight; either keeps code blocks plain.
if pandoc --help | grep -q -- '--syntax-highlighting'; then
  PLAIN_CODE=(--syntax-highlighting=none)
else
  PLAIN_CODE=(--no-highlight)
fi

# --- 2. the hostile fixture ---------------------------------------------------

say "building $HOSTILE"
(cd -- "$REPO_ROOT" && cargo run --locked --quiet -- build "$HOSTILE" \
    --out "$WORK/hostile" --format md) >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "the hostile fixture does not build"; }

# --- 3. render and check ------------------------------------------------------

MD_FILES=()
for dir in "$WORK/hostile" "$@"; do
  mapfile -d '' -O "${#MD_FILES[@]}" MD_FILES < <(find "$dir" -type f -name '*.md' -print0 | LC_ALL=C sort -z)
done
[[ ${#MD_FILES[@]} -gt 1 || $# -eq 0 ]] || die "no .md file under $*"
say "${#MD_FILES[@]} markdown file(s)"

MANIFEST=$WORK/manifest.tsv
: >"$MANIFEST"
i=0
for md in "${MD_FILES[@]}"; do
  i=$((i + 1))
  pandoc -f gfm -t html "${PLAIN_CODE[@]}" "$md" -o "$WORK/$i.pandoc.html" \
    || die "pandoc failed on $md"
  pandoc -f markdown -t html "${PLAIN_CODE[@]}" "$md" -o "$WORK/$i.pandoc-markdown.html" \
    || die "pandoc -f markdown failed on $md"
  printf '%s\tmarkdown-it\t%s\n' "$md" "$WORK/$i.markdown-it.html" >>"$MANIFEST"
  printf '%s\tpandoc -f gfm\t%s\n' "$md" "$WORK/$i.pandoc.html" >>"$MANIFEST"
  printf '%s\tpandoc -f markdown\t%s\n' "$md" "$WORK/$i.pandoc-markdown.html" >>"$MANIFEST"
done
# One node process renders every file (html: true: raw HTML passes through).
grep -P '\tmarkdown-it\t' "$MANIFEST" | cut -f1,3 \
  | NODE_PATH=$TOOLS_DIR/node_modules node -e '
const fs = require("fs");
const md = require("markdown-it")({ html: true });
for (const line of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) {
  const [source, out] = line.split("\t");
  fs.writeFileSync(out, md.render(fs.readFileSync(source, "utf8")));
}' || die "markdown-it failed"

python3 "$SCRIPT_DIR/check-markdown.py" "$MANIFEST"
