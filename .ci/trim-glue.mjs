// Post-build step (.ci/post-build.sh, after short-imports, before the seal):
// drops the comments and the indentation of each module's JS glue. Trunk
// cannot minify wasm-bindgen's ES module output (its minifier stops at
// `export default`), so the page modules' glue kept its doc comments and
// indentation: ~0.4 KB gzip of a first visit (issue 26). Only whole comment
// lines and leading spaces go, never a byte inside a line, and a glue with a
// template literal spanning lines (where leading spaces are text) or that no
// longer parses is left as it was, loudly.
// Usage: node .ci/trim-glue.mjs DIR (every NAME.js that has a NAME_bg.wasm).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('trim-glue: give the build directory');
  process.exit(1);
}

function trim(text) {
  const out = [];
  let inDoc = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    const end = t.indexOf('*/');
    const after = end < 0 ? '' : t.slice(end + 2).trim();
    if (inDoc || t.startsWith('/*')) {
      // A comment line, or its last one; code after its end stays.
      inDoc = end < 0;
      if (after) out.push(after);
    } else if (t.startsWith('//')) {
      // a line comment: nothing of the line is code
    } else if (t) {
      out.push(t);
    }
  }
  return out.join('\n') + '\n';
}

for (const wasm of fs.readdirSync(dir).filter((f) => f.endsWith('_bg.wasm')).sort()) {
  const file = path.join(dir, wasm.replace(/_bg\.wasm$/, '.js'));
  if (!fs.existsSync(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  // A backtick count that is odd on some line means a template literal runs
  // across lines: its leading spaces are part of a string.
  if (text.split('\n').some((l) => (l.replace(/\\`/g, '').match(/`/g)?.length ?? 0) % 2)) {
    console.warn(`trim-glue: ${path.basename(file)} has a template literal across lines; left as it is`);
    continue;
  }
  const trimmed = trim(text);
  if (trimmed.length >= text.length) continue; // already minified (the worker's)
  const check = path.join(dir, `.trim-glue-check.mjs`);
  fs.writeFileSync(check, trimmed);
  try {
    execFileSync(process.execPath, ['--check', check], { stdio: 'pipe' });
  } catch (e) {
    console.error(`trim-glue: ${path.basename(file)} no longer parses once trimmed:\n${e.stderr}`);
    process.exit(1);
  } finally {
    fs.rmSync(check);
  }
  fs.writeFileSync(file, trimmed);
  console.log(`trim-glue: ${path.basename(file)}: ${text.length - trimmed.length} bytes fewer`);
}
