#!/usr/bin/env bash
# What a first visit downloads, measured as a browser gets it: index.html and
# every file it references (script, module preload, wasm, css, icon), raw,
# gzip -9 and brotli (quality 11, Node's zlib). Files fetched only on first
# use (the engine worker) are listed apart and not counted. Fails above the
# budget (gzip bytes; SIZE_BUDGET overrides).
set -euo pipefail
dir=${1:-dist}
# A ratchet towards the issue's 150 KB: just above the first visit measured
# on 2026-12-01 once the panels and the JS API had moved to the worker (the
# page links no experiment or explorer engine), with main merged: 383,882
# bytes by gzip -9 here (`make dist && make size`), 388,706 by Node's zlib
# level 9 over the same responses in tests/e2e/worker.test.mjs, which reads
# this line too. 384 KB leaves both about 4-9 KB of headroom, so a small fix
# does not fail CI; lower it with every cut, never raise it (README, "Figures").
budget=${SIZE_BUDGET:-$((384 * 1024))}
[ -f "$dir/index.html" ] || { echo "size: no $dir/index.html; run 'make dist' first" >&2; exit 1; }

# Every local file index.html names (quoted ./x or x with a known extension).
first=$( { echo index.html
  grep -oE "[\"'](\./)?[A-Za-z0-9_./-]+\.(js|wasm|css|svg|png|ico)[\"']" "$dir/index.html" |
    tr -d "\"'" | sed 's#^\./##'; } | sort -u)
sizes() { # file... -> "raw gzip brotli" per line
  for f in "$@"; do printf '%s %s\n' "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"; done |
    paste -d' ' - <(node -e '
      const z = require("zlib"), fs = require("fs");
      const q = { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } };
      for (const f of process.argv.slice(1)) console.log(z.brotliCompressSync(fs.readFileSync(f), q).length);
    ' "$@")
}
report() { # title, files...
  local title=$1; shift
  local raw=0 gz=0 br=0 f r g b
  printf '%-44s %10s %10s %10s\n' "$title" raw gzip brotli
  mapfile -t lines < <(sizes "$@")
  for i in "${!lines[@]}"; do
    read -r r g b <<<"${lines[$i]}"; f=${1#"$dir"/}; shift
    raw=$((raw + r)); gz=$((gz + g)); br=$((br + b))
    printf '  %-42s %10d %10d %10d\n' "$f" "$r" "$g" "$b"
  done
  printf '  %-42s %10d %10d %10d\n' total "$raw" "$gz" "$br"
  total_gz=$gz
}
files=()
for f in $first; do
  [ -f "$dir/$f" ] || { echo "size: index.html references $f, not in $dir/" >&2; exit 1; }
  files+=("$dir/$f")
done
report "first visit (before interactive)" "${files[@]}"
page_gz=$total_gz
mapfile -t later < <(find "$dir" -maxdepth 1 -type f -name 'occ-worker*' | sort)
if [ ${#later[@]} -gt 0 ]; then report "engine worker (on first use)" "${later[@]}"; fi
if [ "$page_gz" -gt "$budget" ]; then
  echo "size: FAILED: a first visit is $page_gz bytes gzip, over the budget of $budget" >&2
  exit 1
fi
echo "size: first visit $page_gz bytes gzip, within the budget of $budget"
