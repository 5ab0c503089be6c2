// Post-build step (.ci/post-build.sh, before the seal): gives every wasm
// import of each module a short name, in its wasm and in its JS alike.
// wasm-bindgen names an import after its JS function plus a 16-hex-digit hash
// (`__wbg_addEventListener_847fd86b8c33ec43`), and each name is written twice,
// once in the wasm's import section and once as a key of the JS glue's
// import object: ~230 hashes that gzip cannot squeeze, ~3.9 KB gzip of the
// first visit (issue 26). Renaming is safe because nothing else names an
// import: the glue hands its import object to WebAssembly.instantiate and the
// wasm calls imports by index. A name the JS does not hold exactly once
// stops the build rather than ship a module that cannot link.
// Usage: node .ci/short-imports.mjs DIR (every NAME_bg.wasm with a NAME.js).
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('short-imports: give the build directory');
  process.exit(1);
}

function fail(why) {
  console.error(`short-imports: ${why}`);
  process.exit(1);
}

// LEB128 (unsigned 32-bit), as the wasm binary format writes lengths.
function readU32(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}
function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}
const utf8 = new TextDecoder('utf-8', { fatal: true });

// The import section's entries: [module, field, descriptor bytes].
function readImports(body) {
  let [count, at] = readU32(body, 0);
  const entries = [];
  const name = () => {
    const [len, from] = readU32(body, at);
    at = from + len;
    return utf8.decode(body.subarray(from, at));
  };
  const limits = () => {
    const flags = body[at++];
    if (flags > 0x07) fail(`unknown limits flags ${flags}`);
    [, at] = readU32(body, at);
    if (flags & 0x01) [, at] = readU32(body, at);
  };
  for (; count > 0; count--) {
    const module = name();
    const field = name();
    const start = at;
    const kind = body[at++];
    if (kind === 0x00) [, at] = readU32(body, at); // function: its type
    else if (kind === 0x01) { at++; limits(); } // table: element type, limits
    else if (kind === 0x02) limits(); // memory
    else if (kind === 0x03) at += 2; // global: value type, mutability
    else if (kind === 0x04) { at++; [, at] = readU32(body, at); } // tag
    else fail(`import ${module}.${field} has an unknown kind ${kind}`);
    entries.push([module, field, body.subarray(start, at)]);
  }
  if (at !== body.length) fail('the import section has bytes after its last entry');
  return entries;
}

function writeImports(entries) {
  const str = (s) => { const b = Buffer.from(s, 'utf8'); return [writeU32(b.length), b]; };
  return Buffer.concat([writeU32(entries.length),
    ...entries.flatMap(([module, field, desc]) => [...str(module), ...str(field), desc])]);
}

// Short names (`$0`, `$1`, ...), each checked to be absent from the JS first.
function* shortNames(js) {
  for (let i = 0; ; i++) {
    const name = `$${i.toString(36)}`;
    if (!js.includes(name)) yield name;
  }
}

function shorten(wasmFile, jsFile) {
  const wasm = fs.readFileSync(wasmFile);
  let js = fs.readFileSync(jsFile, 'utf8');
  if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmFile} is not a wasm module`);
  const sections = [];
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at];
    const [size, from] = readU32(wasm, at + 1);
    sections.push([id, wasm.subarray(from, from + size), wasm.subarray(at, from + size)]);
    at = from + size;
  }
  const imports = sections.find(([id]) => id === 2);
  if (!imports) return 0;
  const entries = readImports(imports[1]);
  const names = shortNames(js);
  const renamed = new Map();
  for (const entry of entries) {
    const field = entry[1];
    // Only what the glue names once, as its import object's key
    // (`name: function`, or `name:(` minified); anything else stops the build.
    const word = `(?<![\\w$])${field.replace(/[$]/g, '\\$')}(?![\\w$])`;
    const found = js.match(new RegExp(word, 'g'))?.length ?? 0;
    const keys = js.match(new RegExp(`${word}(?=\\s*:)`, 'g'))?.length ?? 0;
    if (!/^[A-Za-z_$][\w$]*$/.test(field) || found !== 1 || keys !== 1) {
      fail(`${path.basename(jsFile)} names import ${field} ${found} times, not once`);
    }
    if (!renamed.has(field)) renamed.set(field, names.next().value);
    entry[1] = renamed.get(field);
  }
  for (const [field, short] of renamed) {
    js = js.replace(new RegExp(`(?<![\\w$])${field.replace(/[$]/g, '\\$')}(?=\\s*:)`), short);
  }
  const body = writeImports(entries);
  const out = Buffer.concat([wasm.subarray(0, 8), ...sections.map(([id, , whole]) =>
    id === 2 ? Buffer.concat([Buffer.from([2]), writeU32(body.length), body]) : whole)]);
  if (!WebAssembly.validate(out)) fail(`${wasmFile} does not validate after the renaming`);
  fs.writeFileSync(wasmFile, out);
  fs.writeFileSync(jsFile, js);
  return wasm.length - out.length;
}

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('_bg.wasm')).sort()) {
  const js = path.join(dir, file.replace(/_bg\.wasm$/, '.js'));
  if (!fs.existsSync(js)) continue;
  const saved = shorten(path.join(dir, file), js);
  console.log(`short-imports: ${file}: ${saved} bytes fewer`);
}
