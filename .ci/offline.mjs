// The last step of Trunk's post_build hook (.ci/post-build.sh), after
// .ci/seal.mjs: it needs the build's final bytes.
// 1. The offline manifest: every file of the build (but sw.js and the
//    compressed copies) with its SRI hash, and the build's id (a hash of that
//    list), written into sw.js's `const MANIFEST = ...;` line. The service
//    worker precaches exactly these bytes into a cache named by the id; a new
//    build changes sw.js, which is how browsers find it (README, "Offline").
// 2. Compressed copies beside each text and wasm file (FILE.br, brotli at
//    quality 11, and FILE.gz, gzip -9), for hosts that serve them as they are
//    (README, "Hosting"); a copy no smaller than its file is not written.
// Release builds only: a debug build (`trunk serve`) keeps sw.js's manifest
// null, so the worker steps aside and the dev server is never answered from
// a cache. Run by hand: TRUNK_STAGING_DIR=dist node .ci/offline.mjs, or
// `node .ci/offline.mjs DIR` (idempotent: the manifest line is rewritten).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) fail('no build to read: set TRUNK_STAGING_DIR (Trunk does) or pass the directory');
if (!existsSync(join(dir, 'index.html'))) fail(`index.html is not in ${dir}`);

function fail(why) {
  console.error(`offline: ${why}`);
  process.exit(1);
}

const WORKER = 'sw.js';
const COMPRESSED = /\.(br|gz)$/;
// What a host sends compressed: the page's text and its wasm (the icon is
// SVG, text too).
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|wasm|json|txt|map)$/;

if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('offline: debug build, no manifest (the service worker steps aside) and no compressed copies');
  process.exit(0);
}

const worker = join(dir, WORKER);
if (!existsSync(worker)) fail(`${WORKER} is not in ${dir} (index.html copies static/sw.js)`);

function files(at) {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path) : [relative(dir, path).split(sep).join('/')];
  });
}

// Copies left by an earlier run go first, so the list is the build's own.
for (const name of files(dir)) if (COMPRESSED.test(name)) rmSync(join(dir, name));
const names = files(dir).filter((name) => name !== WORKER).sort();

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const list = Object.fromEntries(names.map((name) => [name, sri(readFileSync(join(dir, name)))]));
const build = createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 16);

const line = /^const MANIFEST = .*;$/m;
const source = readFileSync(worker, 'utf8');
if ((source.match(new RegExp(line.source, 'gm')) ?? []).length !== 1) fail(`${WORKER} has no single "const MANIFEST = ...;" line to write`);
// Its whole-line comments go too, as seal does for the loader: every visit's
// update check downloads it (it has no multi-line strings).
const code = source.split('\n').filter((l) => !/^\s*(\/\/.*)?$/.test(l)).join('\n');
writeFileSync(worker, `${code.replace(line, () => `const MANIFEST = ${JSON.stringify({ build, files: list })};`)}\n`);

let written = 0;
let saved = 0;
for (const name of [...names, WORKER]) {
  if (!COMPRESSIBLE.test(name)) continue;
  const bytes = readFileSync(join(dir, name));
  const copies = {
    br: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm') ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }),
    gz: gzipSync(bytes, { level: 9 }),
  };
  for (const [ext, copy] of Object.entries(copies)) {
    if (copy.length >= bytes.length) continue;
    writeFileSync(join(dir, `${name}.${ext}`), copy);
    written += 1;
    saved += bytes.length - copy.length;
  }
}
console.log(`offline: build ${build}, ${names.length} files in ${WORKER}'s manifest; ${written} compressed copies (.br, .gz), ${saved} bytes smaller in all`);
