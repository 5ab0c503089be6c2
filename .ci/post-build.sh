#!/usr/bin/env bash
# Trunk's one post_build hook (Trunk.toml). Trunk 0.21 starts every hook of a
# stage at the same time (hooks.rs: spawned together, awaited together), so
# two [[hooks]] entries would race over index.html. The steps that must run
# in order run here, one after another, on the staged build
# ($TRUNK_STAGING_DIR, or the directory given):
# - a step that writes into index.html goes before seal (seal hashes its
#   inline scripts into the Content-Security-Policy);
# - short-imports: short wasm import names in each module and its JS glue
#   and trim-glue: the glue without its comments and indentation (both
#   before seal and offline, which hash and compress the final bytes);
# - names: long-cache names for the full page module and the engine worker,
#   and every reference to them rewritten (seal must hash the renamed files);
# - seal: the files' integrity hashes, the policy's inline script hashes;
# - offline: the service worker's manifest of the final bytes, the
#   compressed copies (it must see what seal wrote).
set -euo pipefail
cd "$(dirname "$0")/.."
export TRUNK_STAGING_DIR=${TRUNK_STAGING_DIR:-${1:?post-build: give the build directory}}
bash .ci/prerender.sh # the first screen's markup into index.html's body
node .ci/short-imports.mjs # short wasm import names in each module and its JS
node .ci/trim-glue.mjs # no comments nor indentation in the modules' JS glue
node .ci/names.mjs
node .ci/seal.mjs
node .ci/offline.mjs
