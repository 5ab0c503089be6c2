#!/usr/bin/env bash
# The trace figure in README: `occ-sim run` on a valid 5,000-update occ
# scenario (create at 0, then one update every 5 ms; the course's defaults
# otherwise), printing its whole trace. Reports max RSS and wall time from
# GNU time, the output size and the machine load.
set -euo pipefail
updates=${UPDATES:-5000}
dir=${TMPDIR:-/tmp}/occ-trace-figure
mkdir -p "$dir"
scenario="$dir/occ-$updates.json"
{
  printf '{"format":1,"config":{"strategy":"occ"},"seed":1,"actions":['
  printf '{"at_ms":0,"action":{"type":"create-ticket","title":"concert","price":5}}'
  for ((i = 1; i <= updates; i++)); do
    printf ',{"at_ms":%d,"action":{"type":"update-ticket","id":"CZQ","price":%d}}' $((5 * i)) $((5 + 5 * i))
  done
  printf ']}\n'
} > "$scenario"

cargo build --quiet --profile bench --bin occ-sim
bin=target/release/occ-sim
[[ -x /usr/bin/time ]] || { echo "trace-figure: needs GNU time (apt-get install time)" >&2; exit 1; }

measure() { # label, then occ-sim run flags
  local label=$1; shift
  local bytes
  bytes=$( { /usr/bin/time -v -o "$dir/time.txt" "$bin" run "$scenario" "$@" 2>"$dir/stderr.txt"; } | wc -c)
  local rss wall cpu
  cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.1f s", u + s}' "$dir/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$dir/time.txt")
  awk -v l="$label" -v r="$rss" -v w="$wall" -v c="$cpu" -v b="$bytes" \
    'BEGIN { printf "%-32s max RSS %6.1f MB  wall %8s  cpu %7s  output %7.1f MB\n", l, r / 1024, w, c, b / 1e6 }'
  sed 's/^/    /' "$dir/stderr.txt" | cut -c1-220
}

echo "occ-sim run, occ, $updates updates 5 ms apart, 2 listeners (bench profile)"
measure "whole trace (--trace-limit 1e8)" --trace-limit 100000000
measure "default --trace-limit" 
measure "no trace (--trace-limit 0)" --trace-limit 0
echo "load: $(uptime)"
