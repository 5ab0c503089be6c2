// Every input path hardened (issue 12): saved work survives a corrupt link,
// explore() with many updates returns, the host page loads an exported file
// with its step, import errors name their source, the iframe's height follows
// its content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, setting, shot, SUBPATH } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const lesson = (page) => page.getByLabel('Lesson', { exact: true });

test('saved work survives a corrupt link and the plain URL after it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.base + SUBPATH);
  await lesson(page).selectOption('3');
  // The student's own work: the lesson, changed (a lesson as opened is not saved).
  await (await setting(page, 'Strategy')).selectOption('newest-wins');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('"lesson"'));
  // A corrupt link: the student's work is what opens, and the notice says so.
  // The first-visit page has no link reader: it reloads into the full page.
  await page.goto(server.base + SUBPATH + '#v1.AAAA');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /This link could not be opened: .+Your saved work is open instead; nothing was overwritten\./);
  assert.equal(await lesson(page).inputValue(), '3');
  // Then the plain URL: still the student's work.
  await page.goto(server.base + SUBPATH);
  await page.reload();
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  assert.equal(await lesson(page).inputValue(), '3');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a good link does not overwrite saved work until the run is changed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base + SUBPATH);
  await lesson(page).selectOption('6');
  // The student's own work: lesson 6, changed.
  await (await setting(page, 'Strategy')).selectOption('newest-wins');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('step100'));
  const saved = await page.evaluate(() => localStorage.getItem('occ-playground/last'));
  await page.getByRole('button', { name: 'Copy link' }).click();
  const first = await page.getByLabel('Link to copy').inputValue();
  // Another run's link: opened, but storage still holds lesson 6.
  await lesson(page).selectOption('1');
  await page.getByRole('button', { name: 'Copy link' }).click();
  // The click returns before the page draws the new link.
  await page.waitForFunction((f) => document.querySelector('[aria-label="Link to copy"]')?.value !== f, first);
  const link = await page.getByLabel('Link to copy').inputValue();
  await page.evaluate((s) => localStorage.setItem('occ-playground/last', s), saved);
  await page.goto(link);
  await page.reload();
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  assert.equal(await lesson(page).inputValue(), '1');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await page.evaluate(() => localStorage.getItem('occ-playground/last')), saved);
  await context.close();
});

test('explore() for occ with 6 updates returns, counts as decimal strings', async () => {
  const { page, errors } = await openPage(browser, server.base + SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const r = await page.evaluate(async () => {
    const out = await window.wasmBindings.explore({ strategy: 'occ', scheme: 'increment', updates: 6, listeners: 2 });
    let bad;
    try { await window.wasmBindings.explore({ strategy: 'nonsense', scheme: 'increment', updates: 2 }); } catch (e) { bad = e.message; }
    let badExp;
    try { await window.wasmBindings.runExperiment({ config: { strategy: 'nonsense' }, updates: 2, trials: 5, seed: 1 }); } catch (e) { badExp = e.message; }
    return { type: typeof out.schedules, exact: out.schedules_exact, big: BigInt(out.schedules) > 2n ** 32n, same: out.schedules_exact === out.schedules, bad, badExp };
  });
  assert.equal(r.type, 'string');
  // main's explorer: 4.3 x 10^10 schedules; a string whatever its size.
  assert.ok(r.big && r.same, JSON.stringify(r));
  assert.match(r.bad, /^explore\(\), field strategy: unknown value "nonsense"; allowed/);
  assert.match(r.badExp, /field config\.strategy: unknown value "nonsense"; allowed/);
  assert.deepEqual(errors, []);
});

async function hostPage() {
  const { page, errors } = await openPage(browser, server.base + '/host.html', { width: 1000, height: 800 });
  await page.setContent(`<!doctype html><title>Course page</title><h1>Lecture 12</h1>
    <iframe id="pg" src="${server.base}${SUBPATH}?embed" width="800" height="300" style="border:0"></iframe>
    <script>window.events = []; window.heights = [];
      addEventListener('message', (e) => {
        if (e.data?.type === 'occ-playground') events.push(e.data);
        if (e.data?.type === 'occ-playground:resize') {
          heights.push(e.data.height);
          document.getElementById('pg').style.height = e.data.height + 'px';
        }
      });</script>`);
  const frame = page.frameLocator('#pg');
  await frame.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const post = (msg) => page.evaluate((m) => document.getElementById('pg').contentWindow.postMessage(m, '*'), msg);
  return { page, errors, frame, post };
}

test('the host page loads an "Export scenario" file with its lesson and a step', async () => {
  const { page: source } = await openPage(browser, server.base + SUBPATH);
  await lesson(source).selectOption('6');
  const [download] = await Promise.all([
    source.waitForEvent('download'),
    source.getByRole('button', { name: 'Export scenario' }).click(),
  ]);
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assert.ok(exported.lesson, 'the export carries its lesson');
  await source.close();
  const { page, errors, frame, post } = await hostPage();
  await post({ type: 'occ-playground', command: 'load', scenario: exported, step: 2 });
  await page.waitForFunction(() => window.events.some((e) => e.step === 2));
  assert.equal(await frame.getByRole('alert').count(), 0, 'no refusal');
  // A bad one of ours is refused naming the host page and the field.
  exported.scenario.config.strategy = 'nonsense';
  await post({ type: 'occ-playground', command: 'load', scenario: exported });
  const alert = frame.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /the host page's message, field scenario\.scenario\.config\.strategy: unknown value "nonsense"/);
  assert.deepEqual(errors, []);
});

test('import errors name the source and what the file is', async () => {
  const { page, errors } = await openPage(browser, server.base + SUBPATH);
  const cases = [
    [{ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }, /the file is a PNG image, not a scenario or trace/],
    [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Lecture notes, week 4\n') }, /the file is plain text \("Lecture notes, week 4"\), neither JSON nor a share link/],
    [{ name: 'deep.json', mimeType: 'application/json', buffer: Buffer.from('['.repeat(5000) + ']'.repeat(5000)) }, /the file is JSON nested more than 32 levels deep/],
    [{ name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(20 << 20, 32) }, /the file is 20\.0 MB \(20971520 bytes\); a scenario or trace may be at most 8\.0 MB/],
  ];
  for (const [file, expected] of cases) {
    await page.getByLabel('Import scenario').setInputFiles(file);
    const alert = page.getByRole('alert');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[role=alert]')?.textContent ?? ''), expected.source);
    assert.match(await alert.textContent(), /Nothing was changed\./);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
  }
  await shot(page, 'import-error');
  assert.deepEqual(errors, []);
});

test('the iframe height follows its content through occ-playground:resize', async () => {
  const { page, errors, frame } = await hostPage();
  await page.waitForFunction(() => window.heights.length > 0);
  const first = await page.evaluate(() => window.heights.at(-1));
  assert.ok(first > 300, `reported ${first}`);
  // Narrower: the layout stacks and grows taller, and the host hears about it.
  await page.evaluate(() => { document.getElementById('pg').width = '420'; });
  await page.waitForFunction((h) => window.heights.at(-1) > h, first);
  // The frame then shows everything without an inner scroll bar.
  await page.waitForFunction(() => document.getElementById('pg').getBoundingClientRect().height === window.heights.at(-1));
  const inner = await frame.locator('html').evaluate((html) => html.scrollHeight - window.innerHeight);
  assert.ok(inner <= 1, `inner scroll of ${inner}px`);
  assert.deepEqual(errors, []);
});
