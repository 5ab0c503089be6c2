#!/usr/bin/env bash
# Trunk's post_build hook, before the seal (Trunk.toml): writes the first
# screen into the staged index.html, so a slow network shows the title, lesson
# 1's text and the stage before any wasm arrives. The markup comes from the
# live view's own components, rendered natively by Yew's server-side renderer
# (src/bin/occ-prerender.rs, src/app/first_screen.rs) into index.html's
# `<div id="first-screen" hidden>`; static/loader.js shows it for the plain
# address only, and the live view replaces it once it has drawn the same.
# Built in its own target dir with the first-visit module's feature set, so
# its native Yew never forces a rebuild of the main target; nothing is
# downloaded that Cargo.lock does not already name.
# Run by hand: TRUNK_STAGING_DIR=dist .ci/prerender.sh (idempotent).
set -euo pipefail
dir=${TRUNK_STAGING_DIR:-${1:-}}
[ -n "$dir" ] || { echo "prerender: no build to fill: set TRUNK_STAGING_DIR (Trunk does) or pass the directory" >&2; exit 1; }
page="$dir/index.html"
[ -f "$page" ] || { echo "prerender: $page is not there" >&2; exit 1; }
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="$PWD/target/prerender"
cargo build --quiet --no-default-features --features prerender --bin occ-prerender
html=$(mktemp)
trap 'rm -f "$html"' EXIT
"$CARGO_TARGET_DIR/debug/occ-prerender" >"$html"
node - "$page" "$html" <<'JS'
const fs = require('node:fs');
const [page, html] = process.argv.slice(2);
const text = fs.readFileSync(page, 'utf8');
// The placeholder as written, or as Trunk's minifier leaves it (attributes
// sorted, unquoted), empty or already filled by an earlier run.
const slot = /(<div\b[^>]*\bid=["']?first-screen\b["']?[^>]*>)[\s\S]*?(<\/div><!--\/first-screen-->|<\/div>(?=\s*<\/body>))/gi;
const found = text.match(slot) ?? [];
if (found.length !== 1) {
  console.error(`prerender: ${page} has ${found.length} <div id="first-screen"> placeholders at the end of <body>, not one`);
  process.exit(1);
}
const markup = fs.readFileSync(html, 'utf8').trim();
if (/<script\b/i.test(markup)) {
  console.error('prerender: the first screen holds a <script>, which the page policy would not run');
  process.exit(1);
}
fs.writeFileSync(page, text.replace(slot, (_, open) => `${open}${markup}</div><!--/first-screen-->`));
console.log(`prerender: first screen written into ${page} (${Buffer.byteLength(markup)} bytes)`);
JS
