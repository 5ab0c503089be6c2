// Share links, a corrupt link, the embed page driven by postMessage from a host
// page, the JS API from the console, and export/import of a scenario.
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { journeys, shot, SHOTS, SUBPATH } from './harness.mjs';

const journey = journeys();

const clock = (page) => page.locator('.clock').textContent();
const verdictText = (page) => page.getByRole('status').first().textContent();

journey('a copied link reopens the same run at the same step', async ({ base, open }) => {
  const page = await open(SUBPATH);
  await page.getByLabel('Lesson', { exact: true }).selectOption('3');
  for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByLabel('Link to copy').inputValue();
  assert.match(link, new RegExp(`^${base}${SUBPATH}#v1\\.[A-Za-z0-9_-]+$`));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  const expected = [await clock(page), await verdictText(page),
    await page.getByRole('table', { name: 'Orders database' }).textContent()];

  const other = await open();
  await other.goto(link);
  await other.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  assert.deepEqual([await clock(other), await verdictText(other),
    await other.getByRole('table', { name: 'Orders database' }).textContent()], expected);
  assert.equal(await other.getByLabel('Lesson', { exact: true }).inputValue(), '3', 'the lesson is part of the link');
  await shot(other, 'shared-link-opened');
}, { context: { permissions: ['clipboard-read', 'clipboard-write'] } });

journey('a corrupt link shows a message and the default scenario', async ({ open }) => {
  for (const bad of ['#v1.AAAA', '#v1.%%%', '#v9.abc', '#nonsense']) {
    const page = await open(SUBPATH + bad);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // The first page has nothing saved; the later ones open what the first saved.
    assert.match(await alert.textContent(), /This link could not be opened: .+ (The default scenario is loaded|Your saved work is open instead; nothing was overwritten)\./);
    assert.match(await page.getByRole('table', { name: 'Tickets database' }).textContent(), /CZQconcert50/);
    if (bad === '#v9.abc') await shot(page, 'corrupt-link');
    await page.close();
  }
});

journey('the embed page in an iframe follows postMessage commands and reports back', async ({ base, open }) => {
  const page = await open('/host.html');
  await page.setContent(`<!doctype html><title>Course page</title><h1>Lecture 12</h1>
    <iframe id="pg" src="${base}${SUBPATH}?embed" width="1000" height="700"></iframe>
    <script>window.events = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'occ-playground') events.push(e.data); });</script>`);
  const frame = page.frameLocator('#pg');
  await frame.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  assert.ok(await frame.getByRole('link', { name: 'Open in the full playground' }).isVisible());
  assert.equal(await frame.getByLabel('Lesson', { exact: true }).count(), 0, 'no page chrome in embed mode');

  const scenario = await page.evaluate(async (base) => {
    // Ask the app for the JS API's view of a lesson-like scenario: build one by hand.
    return { format: 1, seed: 7, config: { strategy: 'naive' }, actions: [
      { at_ms: 0, action: { type: 'create-ticket', title: 'concert', price: 5 } },
      { at_ms: 100, action: { type: 'update-ticket', id: 'CZQ', price: 10 } },
      { at_ms: 100, action: { type: 'update-ticket', id: 'CZQ', price: 15 } },
    ] };
  }, base);
  const post = (msg) => page.evaluate((m) => document.getElementById('pg').contentWindow.postMessage(m, '*'), msg);
  await post({ type: 'occ-playground', command: 'load', scenario });
  await post({ type: 'something-else', command: 'play' });
  await post('play');
  for (let i = 0; i < 3; i++) await post({ type: 'occ-playground', command: 'step' });
  await page.waitForFunction(() => window.events.some((e) => e.step === 3));
  await post({ type: 'occ-playground', command: 'play' });
  await page.waitForFunction(() => window.events.some((e) => e.verdict === 'Diverged'), null, { timeout: 30_000 });
  const last = await page.evaluate(() => window.events.at(-1));
  assert.equal(last.type, 'occ-playground');
  assert.match(last.reason, /Tickets has 15/);
  await shot(page, 'embed-in-host-page');
});

journey('the JS API runs experiments, explores and runs scenarios in workers; bad input rejects naming the field', async ({ open }) => {
  const page = await open(SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const result = await page.evaluate(async () => {
    const api = window.wasmBindings;
    const exp = await api.runExperiment({ config: { strategy: 'naive' }, updates: 2, trials: 200, seed: 1 });
    const ex = await api.explore({ strategy: 'naive', scheme: 'increment', updates: 2, listeners: 2 });
    const run = await api.runScenario({ format: 1, seed: 7, config: { strategy: 'occ' }, actions: [
      { at_ms: 0, action: { type: 'create-ticket', title: 'concert', price: 5 } }] });
    const errs = [];
    for (const bad of [{ updates: 2, trials: 5, seed: 1, config: { strategy: 'nope' } },
                       { updates: 2, seed: 1 }, { updates: 2, trials: 0, seed: 1 }, 'hello']) {
      try { await api.runExperiment(bad); errs.push('no error'); } catch (e) { errs.push(e instanceof Error ? e.message : 'not an Error'); }
    }
    const rejected = api.runExperiment({});
    rejected.catch(() => {});
    return { exp, ex, run, errs, promise: rejected instanceof Promise };
  });
  assert.equal(result.exp.trials, 200);
  assert.equal(result.exp.consistent + result.exp.diverged + result.exp.stalled, 200);
  assert.ok(result.exp.diverged > 0, 'naive diverges in some trials');
  assert.ok(result.ex.diverged > 0 && result.ex.counterexample.length > 0, 'the explorer finds the counterexample');
  assert.equal(result.run.outcome, 'consistent');
  assert.ok(result.run.trace.steps.length > 0);
  assert.match(result.errs[0], /nope/);
  assert.match(result.errs[1], /trials/);
  assert.match(result.errs[2], /trials/);
  assert.match(result.errs[3], /experiment/);
  assert.equal(result.promise, true, 'even bad input gets a Promise (rejected)');
});

journey('export a scenario, import it back; a wrong file changes nothing', async ({ open }) => {
  const page = await open(SUBPATH);
  await page.getByLabel('Lesson', { exact: true }).selectOption('6');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export scenario' }).click(),
  ]);
  await mkdir(SHOTS, { recursive: true });
  const path = SHOTS + 'exported-scenario.json';
  await download.saveAs(path);
  await page.getByLabel('Lesson', { exact: true }).selectOption('0');
  await page.getByLabel('Import scenario').setInputFiles(path);
  await page.waitForFunction(() => document.querySelector('#scheme').value === 'step100');
  assert.equal(await page.getByLabel('Lesson', { exact: true }).inputValue(), '6');

  const wrong = SHOTS + 'wrong.json';
  await writeFile(wrong, '{"hello": "world"}');
  await page.getByLabel('Import scenario').setInputFiles(wrong);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /could not be imported: .*scenario.* Nothing was changed/);
  assert.equal(await page.getByLabel('Version scheme').inputValue(), 'step100');
});
