// Embedding safely (issue 27): only the page that embeds the playground
// commands it (not a window that opened it, not a sibling frame), `?host=`
// pins that page's origin, the Content-Security-Policy is in force (and
// harness.mjs fails every other journey on a violation of it), and a changed
// file of the build is refused with a message, not run.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import { journeys, shot, startServer, SUBPATH, SERVICE_WORKERS_BLOCKED } from './harness.mjs';

const journey = journeys();
const DIST = new URL('../../dist/', import.meta.url).pathname;

// Two more origins (another port each): the pinned course page, and another.
let course, stranger;
before(async () => { course = await startServer(); stranger = await startServer(); });
after(async () => { await course?.close(); await stranger?.close(); });

// A run no one in these journeys should see opened: its ticket's title says so.
const HIJACK = { format: 1, seed: 9, config: { strategy: 'naive' }, actions: [
  { at_ms: 0, action: { type: 'create-ticket', title: 'hijacked', price: 1 } }] };
const hijack = [
  { type: 'occ-playground', command: 'load', scenario: HIJACK },
  { type: 'occ-playground', command: 'play' },
];

const tickets = (where) => where.getByRole('table', { name: 'Tickets database' }).textContent();
const clock = (where) => where.locator('.clock').textContent();
const ignored = (n) => new RegExp(`${n} messages? for the playground from a window other than the page embedding it.* ignored; nothing was changed\\.`);

// A course page at `origin` embedding the playground at `src`, recording
// what it hears.
async function coursePage(open, origin, src) {
  const page = await open();
  await page.goto(origin + '/host.html');
  await page.setContent(`<!doctype html><title>Course page</title><link rel="icon" href="data:,">
    <iframe id="pg" name="pg" title="OCC Playground" src="${src}" width="1000" height="700"></iframe>
    <iframe id="sib" name="sib" title="Another widget" src="${origin}/host.html" width="200" height="100"></iframe>
    <script>window.events = []; window.heights = [];
      addEventListener('message', (e) => {
        if (e.data?.type === 'occ-playground') events.push(e.data);
        if (e.data?.type === 'occ-playground:resize') heights.push(e.data.height);
      });</script>`);
  const frame = page.frameLocator('#pg');
  await frame.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await frame.getByRole('table', { name: 'Tickets database' }).waitFor();
  const post = (msg) => page.evaluate((m) => document.getElementById('pg').contentWindow.postMessage(m, '*'), msg);
  return { page, frame, post };
}

journey('a window that opened the playground cannot command it: ignored, counted, the run untouched', async ({ base, open }) => {
  const opener = await open('/host.html');
  const [popup] = await Promise.all([
    opener.context().waitForEvent('page'),
    opener.evaluate((url) => { window.pg = window.open(url); }, `${base}${SUBPATH}?embed&lesson=occ`),
  ]);
  await popup.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await popup.getByRole('button', { name: 'Step', exact: true }).click();
  await popup.getByRole('button', { name: 'Step', exact: true }).click();
  const before = [await tickets(popup), await clock(popup)];
  for (const m of hijack) await opener.evaluate((m) => window.pg.postMessage(m, '*'), m);
  await popup.getByRole('alert').filter({ hasText: ignored(2) }).waitFor();
  await popup.waitForTimeout(500); // a play, had it been taken, would have moved the clock
  assert.deepEqual([await tickets(popup), await clock(popup)], before, 'the student\'s run is as it was');
  assert.doesNotMatch(await tickets(popup), /hijacked/);
});

journey('a sibling frame cannot command the embedded playground; its parent still can', async ({ base, open }) => {
  const { page, frame, post } = await coursePage(open, base, `${base}${SUBPATH}?embed`);
  const before = await tickets(frame);
  const sibling = page.frame({ name: 'sib' });
  for (const m of hijack) await sibling.evaluate((m) => parent.frames.pg.postMessage(m, '*'), m);
  await frame.getByRole('alert').filter({ hasText: ignored(2) }).waitFor();
  assert.equal(await tickets(frame), before, 'the student\'s run is as it was');
  assert.equal(await page.evaluate(() => window.events.filter((e) => e.event !== 'opened' && e.step > 0).length), 0, 'nothing played');
  // The embedding page itself is still obeyed.
  await post({ type: 'occ-playground', command: 'step' });
  await page.waitForFunction(() => window.events.some((e) => e.step === 1));
  assert.doesNotMatch(await tickets(frame), /hijacked/);
  await shot(page, 'embed-sibling-ignored');
});

journey('?host= pins the course page: its commands are taken and it alone hears reports; another origin is refused', async ({ base, open }) => {
  const src = `${base}${SUBPATH}?embed&host=${encodeURIComponent(course.base)}`;
  // From the pinned origin: commands taken, reports and heights heard.
  const pinned = await coursePage(open, course.base, src);
  await pinned.post({ type: 'occ-playground', command: 'step' });
  await pinned.page.waitForFunction(() => window.events.some((e) => e.step === 1) && window.heights.length > 0);
  assert.equal(await pinned.frame.getByRole('alert').count(), 0, 'nothing refused');

  // The same address embedded by another origin: its commands are refused,
  // and the reports, addressed to the pinned origin, never reach it.
  const other = await coursePage(open, stranger.base, src);
  const before = await tickets(other.frame);
  for (const m of hijack) await other.post(m);
  const alert = other.frame.getByRole('alert').filter({ hasText: ignored(2) });
  await alert.waitFor();
  assert.match(await alert.textContent(), new RegExp(`embedding it at ${course.base}`));
  assert.equal(await tickets(other.frame), before);
  assert.deepEqual(await other.page.evaluate(() => [window.events.length, window.heights.length]), [0, 0]);
}, { expectedErrors: /does not match the recipient window's origin/ });

// The build's file, changed by one byte or one line.
async function tampered(page, pattern, change) {
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: change(await response.body()) });
  });
}
const TAMPERED = /is not the file this page was built with \(its integrity hash differs\), so it was not run/;

journey('a changed file of the build is refused with a message, not run', async ({ base, open }) => {
  // The first visit's wasm, one byte flipped.
  const first = await open();
  await tampered(first, /occ-live-\w+_bg\.wasm$/, (b) => { b[b.length - 1] ^= 1; return b; });
  await first.goto(base + SUBPATH);
  const alert = first.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^The playground could not start \(\.\/occ-live-\w+_bg\.wasm /);
  assert.match(await alert.textContent(), TAMPERED);
  await shot(first, 'tampered-build');
  // The full module's JS with a line added: the import map's integrity
  // refuses it before it runs.
  const embed = await open();
  await tampered(embed, /occ-playground-\w+\.js$/, (b) => Buffer.concat([b, Buffer.from('\nwindow.tampered = true;\n')]));
  await embed.goto(base + SUBPATH + '?embed');
  await embed.getByRole('alert').waitFor();
  assert.match(await embed.getByRole('alert').textContent(), /\.\/occ-playground-\w+\.js is not the file/);
  assert.equal(await embed.evaluate(() => window.tampered), undefined, 'the changed script did not run');
  assert.equal(await embed.getByRole('heading', { name: 'OCC Playground' }).count(), 0);
}, { context: SERVICE_WORKERS_BLOCKED, expectedErrors: /integrity|not the file this page was built with|Failed to fetch/ });

// The worker's wasm is fetched by its own script (occ-worker-loader.js)
// against its hash: a changed one never runs, and the job fails with the pool's
// message once the worker does not start (offload/pool.rs, 20 s).
journey('a changed engine worker module is refused: the job fails with a message', async ({ base, open }) => {
  const page = await open(SUBPATH + '?embed');
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  let served = 0;
  await tampered(page, /occ-worker-\w+_bg\.wasm$/, (b) => { served += 1; b[b.length - 1] ^= 1; return b; });
  const failed = await page.evaluate(async () => {
    try { await window.wasmBindings.runExperiment({ config: { strategy: 'occ' }, updates: 2, trials: 5, seed: 1 }, { workers: 1 }); return 'resolved'; } catch (e) { return e.message; }
  });
  assert.ok(served > 0, 'the worker asked for its wasm');
  assert.match(failed, /the engine worker did not start \(.*not the one this page was built with\)/);
}, { timeout: 90_000, context: SERVICE_WORKERS_BLOCKED, expectedErrors: /Failed to fetch|integrity/ });

journey('the policy is in force: an injected inline script and a request elsewhere are refused, and reported', async ({ open }) => {
  const html = await readFile(DIST + 'index.html', 'utf8');
  const policy = html.match(/http-equiv=["']?Content-Security-Policy["']? content="([^"]+)"/i)?.[1]
    ?? html.match(/content="([^"]+)" http-equiv=["']?Content-Security-Policy/i)?.[1];
  assert.ok(policy, 'index.html declares a policy');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){2}; worker-src 'self'/);
  assert.doesNotMatch(html, /seal:|inline-script-hashes/, 'the build is sealed');

  const page = await open(SUBPATH);
  const reported = [];
  page.on('console', (m) => { if (/Content-Security-Policy violation/.test(m.text())) reported.push(m.text()); });
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const result = await page.evaluate(async (elsewhere) => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true;';
    document.head.append(s);
    const fetched = await fetch(elsewhere).then(() => 'fetched', () => 'refused');
    await new Promise((ok) => setTimeout(ok, 100));
    return { injected: window.injected ?? false, fetched };
  }, stranger.base + '/host.html');
  assert.deepEqual(result, { injected: false, fetched: 'refused' });
  assert.equal(reported.length, 2, reported.join('\n'));
  assert.match(reported.join('\n'), /script-src-elem refused inline/);
  assert.match(reported.join('\n'), /connect-src refused http:\/\/127\.0\.0\.1:\d+\/host\.html/);
}, { provokesViolations: true, expectedErrors: /Content-Security-Policy violation|violates the (following|document's) Content Security Policy|Failed to fetch/ });
