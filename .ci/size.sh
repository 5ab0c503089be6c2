#!/usr/bin/env bash
# What a first visit downloads: every file of the release build, raw and gzip -9.
set -euo pipefail
dir=${1:-dist}
[ -d "$dir" ] || { echo "size: no $dir/; run 'make dist' first" >&2; exit 1; }
total_raw=0; total_gz=0
printf '%-44s %10s %10s\n' file raw gzip
while IFS= read -r f; do
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "${f#"$dir"/}" "$raw" "$gz"
done < <(find "$dir" -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) | sort)
printf '%-44s %10d %10d\n' total "$total_raw" "$total_gz"
