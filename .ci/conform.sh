#!/usr/bin/env bash
# `make conform`: starts Debian's nats-server (JetStream on, a temporary
# store) on a free loopback port, runs `occ-sim conform` against it (the
# suite in tests/conform/, or the arguments given), and stops the server
# however the run ends (the trap). Exit: occ-sim's (0 agree, 1 disagree, 2
# bad input).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

command -v nats-server >/dev/null ||
  { echo "conform: nats-server is missing (.ci/tools.sh test installs it)" >&2; exit 2; }

echo "== conformance: the JetStream model against nats-server $(nats-server --version | awk '{print $2}')"  >&2
# Its own target dir: an occ-sim with the feature never replaces the one
# `cargo test` builds in target/debug (cargo does not copy a fresh binary
# back over one built with other features).
export CARGO_TARGET_DIR=target/conform-build
cargo build --quiet --features conform --bin occ-sim

store=$(mktemp -d)
pid=
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$store"
}
trap stop EXIT INT TERM

# -p -1: the server takes a free port itself (no window for another
# process to take one picked here) and logs it.
nats-server -a 127.0.0.1 -p -1 -js -sd "$store/js" >"$store/server.log" 2>&1 &
pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o 'client connections on 127.0.0.1:[0-9]*' "$store/server.log" | grep -o '[0-9]*$' || true)
  if [ -n "$port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$store/server.log" >&2; exit 2; }
  port=
  sleep 0.1
done
[ -n "$port" ] || { echo "conform: nats-server did not start listening" >&2; cat "$store/server.log" >&2; exit 2; }

# The table goes to the log; the JSON (both sides in full) to target/conform/.
mkdir -p target/conform
report=target/conform/report.json
status=0
"$CARGO_TARGET_DIR/debug/occ-sim" conform --server "nats://127.0.0.1:$port" "$@" >"$report" || status=$?
if [ "$status" = 1 ]; then
  cat "$report"
  echo "conform: the model and the server disagree (the JSON above, also in $report, has both sides)" >&2
elif [ "$status" != 0 ]; then
  echo "conform: exit $status" >&2
fi
exit "$status"
