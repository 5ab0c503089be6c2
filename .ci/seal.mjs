// A step of Trunk's post_build hook (.ci/post-build.sh): seals the staged build before it
// becomes dist/. Trunk inlines the loader (static/loader.js) as written, and
// its minifier leaves scripts alone: first the loader's whole-line comments
// go (they are for its readers, and a first visit downloads them; a line that
// starts with // is a comment in this script, which has no multi-line
// strings). Then two passes, in this order, since the second hashes the text
// the first writes:
// 1. every `seal:FILE` in index.html and the worker's loader becomes FILE's
//    SRI hash (sha384-...): the import map's `integrity` for the page
//    modules' JS, the loader's `fetch(url, { integrity })` for their wasm,
//    the worker loader's for the worker's wasm. A changed file is refused by
//    the browser, not run.
// 2. `'inline-script-hashes'` in the Content-Security-Policy becomes the
//    sha256 of every inline <script> (the loader and the import map), the
//    only inline scripts the policy lets run. Their text holds the hashed
//    file names, so it changes with every build: the hash is computed here,
//    after the build, never by hand.
// Run by hand: TRUNK_STAGING_DIR=dist node .ci/seal.mjs (idempotent: a sealed
// build has nothing left to seal and is checked as it is).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) fail('no build to seal: set TRUNK_STAGING_DIR (Trunk does) or pass the directory');

function fail(why) {
  console.error(`seal: ${why}`);
  process.exit(1);
}

const digest = (algorithm, bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;

// Pass 1: the files' SRI hashes.
function sealFiles(name) {
  const path = join(dir, name);
  if (!existsSync(path)) fail(`${name} is not in ${dir}`);
  const text = readFileSync(path, 'utf8').replace(/seal:([A-Za-z0-9_.-]+)/g, (_, file) => {
    const target = join(dir, file);
    if (!existsSync(target)) fail(`${name} asks for the hash of ${file}, which the build did not write`);
    return digest('sha384', readFileSync(target));
  });
  writeFileSync(path, text);
  return text;
}

const page = join(dir, 'index.html');
if (!existsSync(page)) fail(`index.html is not in ${dir}`);
writeFileSync(page, readFileSync(page, 'utf8').replace(/(<script type=["']?module["']?>)([\s\S]*?)(<\/script>)/g,
  (_, open, body, close) => open + body.split('\n').filter((l) => !/^\s*(\/\/.*)?$/.test(l)).join('\n') + close));

sealFiles('occ-worker-loader.js');
let html = sealFiles('index.html');

// Pass 2: the policy's inline script hashes.
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
  .map(([, , body]) => `'${digest('sha256', Buffer.from(body, 'utf8'))}'`);
const marker = "'inline-script-hashes'";
const policies = html.match(/http-equiv=["']?content-security-policy/gi) ?? [];
if (policies.length !== 1) fail(`index.html has ${policies.length} Content-Security-Policy meta tags, not one`);
if (html.includes(marker)) {
  html = html.replace(marker, inline.join(' '));
} else {
  // Already sealed: every inline script's hash must be in the policy as it is.
  const missing = inline.filter((h) => !html.includes(h));
  if (missing.length) fail(`index.html's policy lacks ${missing.join(' ')}; rebuild it`);
}
writeFileSync(join(dir, 'index.html'), html);
console.log(`seal: ${inline.length} inline scripts hashed into the policy; files' integrity written`);
