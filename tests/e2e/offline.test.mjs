// Offline after the first visit (static/sw.js, .ci/offline.mjs; README,
// "Offline"): once the service worker controls the page, the server goes away
// and the browser is offline, and everything still works: a reload, lesson 1
// to its verdict, an experiment (the full module and the engine worker,
// never fetched before), a share link, the explorer; under a course's
// sub-path and in an iframe. A second build is picked up on the next visit
// with a quiet notice, and a page keeps its own build's files to the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFile, readdir, rename, cp, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { launch, watch, setting, untilFinished, shot, SUBPATH } from './harness.mjs';

const DIST = process.env.DIST ?? new URL('../../dist/', import.meta.url).pathname;
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};
// A request the second build's worker script makes, so the server's log
// shows which build's worker ran.
const MARKER = 'marker-build-b';

// The harness's static server (dist/ at `/` and at SUBPATH), with a root that
// can change (a deployment), a switch that makes it unreachable, and a log.
function startServer() {
  const state = { root: DIST, down: false, log: [] };
  const server = createServer(async (req, res) => {
    if (state.down) { req.socket.destroy(); return; }
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    state.log.push(path);
    if (path === '/host.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>host</title><link rel="icon" href="data:,">');
      return;
    }
    if (path.startsWith(SUBPATH)) path = '/' + path.slice(SUBPATH.length);
    if (path === `/${MARKER}`) { res.writeHead(204).end(); return; }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(state.root, path));
    if (!file.startsWith(normalize(state.root))) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(Object.assign(state, {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  }))));
}

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// A fresh browser (own storage, own service workers) whose pages fail the
// test on a console error.
async function visitor(t) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'no console errors or uncaught exceptions');
  });
  const open = async (url) => {
    const page = watch(await context.newPage(), errors);
    if (url) await page.goto(url);
    return page;
  };
  return { context, open };
}

const button = (where, name) => where.getByRole('button', { name, exact: true });
const heading = (where) => where.getByRole('heading', { name: 'OCC Playground' }).waitFor();
// Evaluates an async predicate in the page until it holds (30 s at most).
async function until(page, predicate, what) {
  for (const end = Date.now() + 30_000; Date.now() < end; await page.waitForTimeout(200)) {
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`timed out waiting until ${what}`);
}
const controlled = (where) => where.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

async function offline(context) {
  server.down = true;
  await context.setOffline(true);
}
async function online(context) {
  server.down = false;
  await context.setOffline(false).catch(() => {}); // closed already
}

test('after the first visit every part works offline: reload, lesson 1, an experiment, a share link, the explorer', { timeout: 180_000 }, async (t) => {
  const { context, open } = await visitor(t);
  const page = await open(server.base + SUBPATH);
  await heading(page);
  await controlled(page);
  await offline(context);
  t.after(() => online(context));
  const seen = server.log.length;

  await page.reload();
  await heading(page);
  await (await setting(page, 'Lesson')).selectOption('0');
  await (await setting(page, 'Speed')).selectOption('1000000');
  await button(page, 'Play').click();
  await untilFinished(page);
  await page.getByRole('status').first().getByText('Diverged').waitFor();

  // The full module and the engine worker: never fetched while online.
  await button(page, 'Experiments').click();
  await page.getByRole('heading', { name: 'Experiments', level: 2 }).waitFor();
  await button(page, 'Run').click();
  await page.locator('.run-status', { hasText: /^Finished/ }).waitFor({ timeout: 60_000 });
  await shot(page, 'offline-experiment');

  await button(page, 'Live view').click();
  await button(page, 'Copy link').click();
  const link = await page.getByLabel('Link to copy').inputValue();
  assert.match(link, /#/);
  const timeline = await page.getByRole('listbox', { name: 'Timeline' }).textContent();
  const shared = await open(link);
  await heading(shared);
  assert.equal(await shared.getByRole('listbox', { name: 'Timeline' }).textContent(), timeline, 'the link reopens the run');

  await button(shared, 'Explorer').click();
  await shared.getByRole('heading', { name: 'Explorer', level: 2 }).waitFor();
  await button(shared, 'Explore').click();
  await shared.getByRole('heading', { name: /Shortest counterexample/ }).waitFor();

  // A lesson's address, opened for the first time offline.
  const lesson = await open(server.base + SUBPATH + '?lesson=3');
  await heading(lesson);
  assert.equal(await lesson.getByLabel('Lesson', { exact: true }).inputValue(), '2');
  assert.equal(server.log.length, seen, 'nothing reached the server');
});

test('embedded in a course page, the playground works offline too', { timeout: 120_000 }, async (t) => {
  const { context, open } = await visitor(t);
  const host = await open(server.base + '/host.html');
  await host.setContent(`<!doctype html><title>Course page</title><link rel="icon" href="data:,">
    <iframe id="pg" title="OCC Playground" src="${server.base}${SUBPATH}?embed&lesson=1" width="1000" height="700"></iframe>`);
  const frame = () => host.frames().find((f) => f.url().includes('embed'));
  await heading(host.frameLocator('#pg'));
  await controlled(frame());
  await offline(context);
  t.after(() => online(context));
  await frame().evaluate(() => location.reload());
  const pg = host.frameLocator('#pg');
  await heading(pg);
  await pg.getByRole('link', { name: 'Open in the full playground' }).waitFor();
  await button(pg, 'Step').click();
  await pg.locator('.clock', { hasText: /step 1\b/ }).waitFor();
});

// Build B: build A (DIST) with its worker's script changed (it also reports
// to the server, so the log shows which build's worker ran), the worker's
// files under other names (A's are gone from the server, as after a real
// deployment: a page of A can only have them from its cache) and its own
// manifest.
async function secondBuild(t) {
  const dir = await mkdtemp(join(tmpdir(), 'occ-build-b-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(DIST, dir, { recursive: true });
  const loader = join(dir, 'occ-worker-loader.js');
  let script = await readFile(loader, 'utf8');
  for (const name of (await readdir(dir)).filter((f) => /^occ-worker-[0-9a-f]{16}(\.js|_bg\.wasm)$/.test(f))) {
    const renamed = name.replace(/-[0-9a-f]{16}/, '-bbbbbbbbbbbbbbbb');
    await rename(join(dir, name), join(dir, renamed));
    script = script.replaceAll(name, renamed);
  }
  assert.match(script, /occ-worker-b{16}\.js/);
  await writeFile(loader, `fetch('./${MARKER}').catch(() => {});\n${script}`);
  execFileSync('node', [new URL('../../.ci/offline.mjs', import.meta.url).pathname, dir]);
  return dir;
}

test('a new build is picked up on the next visit with a notice; an open page keeps its own build', { timeout: 180_000 }, async (t) => {
  const b = await secondBuild(t);
  const { open } = await visitor(t);
  const page = await open(server.base + SUBPATH);
  await heading(page);
  await controlled(page);
  const workerScript = () => page.evaluate(() => fetch('occ-worker-loader.js').then((r) => r.text()));
  assert.doesNotMatch(await workerScript(), new RegExp(MARKER));

  server.root = b;
  t.after(() => { server.root = DIST; });
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const notice = page.getByRole('status').filter({ hasText: 'A new version of the playground is ready: reload to use it.' });
  await notice.waitFor({ timeout: 60_000 });
  await shot(page, 'offline-update-ready', { fullPage: false });

  // Still build A to the end: its worker's script, and a worker started now.
  assert.doesNotMatch(await workerScript(), new RegExp(MARKER), 'the open page gets its own build\'s files');
  const spec = { config: { strategy: 'occ', listeners: 2 }, updates: 5, trials: 20, seed: 3 };
  assert.equal((await page.evaluate((s) => window.wasmBindings.runExperimentAsync(s, { workers: 1 }), spec)).trials, 20);
  assert.ok(!server.log.some((p) => p.endsWith(MARKER)), 'no worker of build B ran in a page of build A');

  // The next visit is build B's, whole, and says nothing.
  await page.reload();
  await heading(page);
  assert.match(await workerScript(), new RegExp(MARKER));
  assert.equal((await page.evaluate((s) => window.wasmBindings.runExperimentAsync(s, { workers: 1 }), spec)).trials, 20);
  assert.ok(server.log.some((p) => p.endsWith(MARKER)), 'build B\'s worker ran in build B\'s page');
  await page.waitForTimeout(500);
  assert.equal(await notice.count(), 0, 'no notice on the new build');
});

// `trunk serve` builds in debug, where .ci/offline.mjs writes no manifest: a
// browser that had a release build's worker at the same address must not be
// answered from its cache. The debug build's worker removes the caches and
// unregisters, and the next reload comes from the server.
test('a debug build (trunk serve) at the same address is never answered from the cache', { timeout: 120_000 }, async (t) => {
  const dev = await mkdtemp(join(tmpdir(), 'occ-build-dev-'));
  t.after(() => rm(dev, { recursive: true, force: true }));
  await cp(DIST, dev, { recursive: true });
  const worker = join(dev, 'sw.js');
  await writeFile(worker, (await readFile(worker, 'utf8')).replace(/^const MANIFEST = .*;$/m, 'const MANIFEST = null;'));
  const page0 = join(dev, 'index.html');
  await writeFile(page0, (await readFile(page0, 'utf8')).replace('<title>', '<title>dev: '));

  const { open } = await visitor(t);
  const page = await open(server.base + SUBPATH);
  await heading(page);
  await controlled(page);
  server.root = dev;
  t.after(() => { server.root = DIST; });
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  // Polled from here: Playwright's waitForFunction does not await a
  // predicate's promise (an async one passes at once, a race this test lost).
  await until(page, async () => (await navigator.serviceWorker.getRegistration()) === undefined
    && (await caches.keys()).length === 0, 'the debug worker removed the caches and unregistered');
  const seen = server.log.length;
  await page.reload();
  await heading(page);
  assert.match(await page.title(), /^dev: /, 'the page came from the server');
  assert.ok(server.log.slice(seen).includes(SUBPATH), 'the reload reached the server');
});
