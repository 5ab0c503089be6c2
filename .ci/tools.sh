#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; skips what is
# present at the right version. Nothing here downloads a prebuilt binary: tools
# come from crates.io (built from source), Debian and npm.
#
#   .ci/tools.sh web    # enough to build and serve the playground
#   .ci/tools.sh test   # everything `make test` needs (adds Chromium, ChromeDriver, nats-server)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
want=${1:-test}
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '[tools] %-22s %s\n' "$1" "$2"; }
fail() { printf '[tools] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly, or
# Trunk and wasm-bindgen-test-runner refuse it (and Trunk would try to download).
lock_version() {
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

s=rust-components
if rustup component list --installed 2>/dev/null | grep -q '^rustfmt' &&
   rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  step $s "present"
else
  step $s "installing rustfmt, clippy"
  rustup component add rustfmt clippy || fail $s "rustup component add rustfmt clippy"
fi

s=wasm32-target
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step $s "present"
else
  step $s "installing"
  rustup target add wasm32-unknown-unknown || fail $s "rustup target add wasm32-unknown-unknown"
fi

s=trunk
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  step $s "present ($TRUNK_VERSION)"
else
  step $s "installing $TRUNK_VERSION from crates.io (~8 min on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION" || fail $s "cargo install trunk $TRUNK_VERSION"
fi

s=wasm-bindgen-cli
[ -f Cargo.lock ] || cargo generate-lockfile || fail $s "cargo generate-lockfile"
wb=$(lock_version wasm-bindgen)
[ -n "$wb" ] || fail $s "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $wb" ]; then
  step $s "present ($wb)"
else
  # Not --locked: one of its locked dependencies is no longer in the registry.
  step $s "installing $wb from crates.io (~3 min)"
  cargo install wasm-bindgen-cli --version "$wb" || fail $s "cargo install wasm-bindgen-cli $wb"
fi

s=npm-packages
if [ -f node_modules/.package-lock.json ] && cmp -s package-lock.json node_modules/.ci-lock-stamp; then
  step $s "present"
else
  step $s "npm ci (playwright-core, binaryen)"
  npm ci --no-audit --no-fund --loglevel=error || fail $s "npm ci"
  cp package-lock.json node_modules/.ci-lock-stamp
fi
wasm-opt --version >/dev/null 2>&1 || fail wasm-opt "node_modules/.bin/wasm-opt does not run"

if [ "$want" = test ]; then
  s=chromium
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    step $s "present ($(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'))"
  else
    step $s "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq || fail $s "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null ||
      fail $s "apt-get install chromium chromium-driver"
  fi
fi

if [ "$want" = test ]; then
  # `make conform` checks the JetStream model against a real server.
  s=nats-server
  if command -v nats-server >/dev/null 2>&1; then
    step $s "present ($(nats-server --version 2>/dev/null | awk '{print $2}'))"
  else
    step $s "installing Debian's nats-server"
    as_root apt-get update -qq || fail $s "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null ||
      fail $s "apt-get install nats-server"
  fi
fi
step done "tools ready for '$want'"
