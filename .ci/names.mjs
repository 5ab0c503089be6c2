// A step of Trunk's post_build hook (.ci/post-build.sh), BEFORE .ci/seal.mjs:
// gives the full page module and the engine worker long-cache names, as
// Trunk gives the first-visit module (README, "Hosting"). Trunk builds both
// as "worker" assets (so nothing preloads or starts them) and leaves those
// unhashed: occ-playground.js + occ-playground_bg.wasm become
// occ-playground-<hash>.js + occ-playground-<hash>_bg.wasm, the same for
// occ-worker, <hash> being 16 hex digits of the sha256 of the pair's bytes.
// Then every place that names them is rewritten: index.html (the import map
// and the loader's `full`, `seal:` markers included, so seal hashes the
// renamed files), the glue's own default wasm name, and the worker's script
// (static/occ-worker-loader.js). That script keeps its name: it is compiled
// into the full module (src/offload/pool.rs), so it is served no-cache.
// Run by hand on an unsealed build only: TRUNK_STAGING_DIR=DIR node
// .ci/names.mjs (a renamed build has nothing left to rename; a sealed one is
// refused).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) fail('no build to rename: set TRUNK_STAGING_DIR (Trunk does) or pass the directory');

function fail(why) {
  console.error(`names: ${why}`);
  process.exit(1);
}

// Which files name each module: the page names the full module, the worker's
// script names the worker.
const MODULES = { 'occ-playground': 'index.html', 'occ-worker': 'occ-worker-loader.js' };

const read = (name) => readFileSync(join(dir, name), 'utf8');
const renamed = [];
for (const [module, namedIn] of Object.entries(MODULES)) {
  const js = `${module}.js`;
  const wasm = `${module}_bg.wasm`;
  if (!existsSync(join(dir, namedIn))) fail(`${namedIn} is not in ${dir}`);
  if (!existsSync(join(dir, js)) && !existsSync(join(dir, wasm))) continue; // renamed already
  if (!existsSync(join(dir, js)) || !existsSync(join(dir, wasm))) fail(`${dir} has one of ${js} and ${wasm} but not the other`);
  const glue = read(js);
  const hash = createHash('sha256').update(readFileSync(join(dir, wasm))).update(glue).digest('hex').slice(0, 16);
  const to = { [js]: `${module}-${hash}.js`, [wasm]: `${module}-${hash}_bg.wasm` };
  // Exact names only, never a longer one that contains them.
  const rewrite = (text) => text.replace(new RegExp(`(?<![\\w-])(${js}|${wasm})(?![\\w-])`.replaceAll('.', '\\.'), 'g'), (name) => to[name]);
  const page = read(namedIn);
  // Seal hashes the renamed files: after it, a rename would break the hashes.
  if (!page.includes(`seal:${wasm}`)) fail(`${namedIn} is sealed already (no seal:${wasm}): rename before .ci/seal.mjs`);
  const text = rewrite(page);
  if (!text.includes(to[js]) || !text.includes(to[wasm])) fail(`${namedIn} does not name ${js} and ${wasm}: nothing would load the renamed files`);
  writeFileSync(join(dir, namedIn), text);
  writeFileSync(join(dir, to[js]), rewrite(glue));
  rmSync(join(dir, js));
  renameSync(join(dir, wasm), join(dir, to[wasm]));
  renamed.push(`${to[js]}, ${to[wasm]}`);
}
console.log(renamed.length ? `names: ${renamed.join('; ')}` : 'names: nothing to rename');
