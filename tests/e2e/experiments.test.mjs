// Journeys through the experiments and explorer tabs: run the lecture's
// "repeat 200x" and read the chart, cancel a big run, open a diverged trial
// and the explorer's counterexample in the live view. Then measurements (not
// assertions on time): WASM throughput of the 200-update experiment and the
// longest main-thread task while the panel runs 10,000 trials. Figures go to
// target/e2e/perf-experiments.json and stdout; screenshots to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { startServer, launch, openPage, shot, bothSizes, SHOTS, SUBPATH } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const verdict = (page) => page.getByRole('status').first();
const button = (page, name) => page.getByRole('button', { name, exact: true });

async function fresh(tab, viewport) {
  const { page, errors } = await openPage(browser, server.base + SUBPATH, viewport);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  if (tab) {
    await button(page, tab).click();
    await page.getByRole('heading', { name: tab, level: 2 }).waitFor();
  }
  return { page, errors };
}

async function runAndWait(page, timeout = 60_000) {
  await button(page, 'Run').click();
  await page.locator('.run-status', { hasText: /^Finished/ }).waitFor({ timeout });
}

// "120 consistent · 80 diverged · 0 stalled" for each strategy row of the charts.
async function chartNumbers(page) {
  const texts = await page.locator('svg.outcome-chart .chart-numbers').allTextContents();
  return texts.map((t) => {
    const [, c, d, s] = t.match(/(\d+) consistent · (\d+) diverged · (\d+) stalled/);
    return { consistent: +c, diverged: +d, stalled: +s };
  });
}

test('a 200-trial naive experiment: the chart adds up and shows divergence; a trial opens diverged', async () => {
  const { page, errors } = await fresh('Experiments');
  assert.equal(await page.getByLabel('Trials', { exact: true }).inputValue(), '200');
  await runAndWait(page);
  const [naive] = await chartNumbers(page);
  assert.equal(naive.consistent + naive.diverged + naive.stalled, 200);
  assert.ok(naive.diverged > 0, JSON.stringify(naive));
  const table = page.getByRole('table', { name: /Trials by outcome/ });
  assert.match(await table.textContent(), /naive/);
  assert.match(await page.getByRole('img', { name: /Outcomes per strategy/ }).getAttribute('aria-label'), /diverged/);
  await bothSizes(page, 'experiments-naive');

  await page.getByRole('button', { name: /^Open trial \d+ \(diverged\)$/ }).first().click();
  await verdict(page).getByText('Diverged').waitFor();
  assert.match(await verdict(page).textContent(), /Orders has price/);
  // Back on the experiments tab the results are still there.
  await button(page, 'Experiments').click();
  await page.locator('svg.outcome-chart').waitFor();
  assert.deepEqual(errors, []);
});

test('all strategies x all schemes fill the matrix; a failing cell opens its trial', async () => {
  const { page, errors } = await fresh('Experiments');
  await page.getByLabel('Strategy', { exact: true }).selectOption('all');
  await page.getByLabel('Version scheme', { exact: true }).selectOption('all');
  await runAndWait(page);
  const matrix = page.getByRole('table', { name: /Strategy × version scheme/ });
  const cells = await matrix.locator('td').allTextContents();
  assert.equal(cells.length, 15);
  assert.match(cells[0], /^diverges/, 'naive with increment');
  assert.match(cells[4], /^stalls/, 'occ with step100');
  assert.match(cells[3], /^converges/, 'occ with increment');
  for (const numbers of await chartNumbers(page)) {
    assert.equal(numbers.consistent + numbers.diverged + numbers.stalled, 200);
  }
  await bothSizes(page, 'experiments-matrix');
  await matrix.getByRole('button', { name: /^occ with step100 stalls/ }).click();
  await verdict(page).getByText('Stalled').waitFor();
  assert.deepEqual(errors, []);
});

test('a large run can be cancelled: progress stops and says so', async () => {
  const { page, errors } = await fresh('Experiments');
  await page.getByLabel('Trials', { exact: true }).fill('100000');
  await page.getByLabel('Updates per trial').fill('200');
  await button(page, 'Run').click();
  const progress = page.locator('#exp-progress');
  await page.waitForFunction(() => Number(document.querySelector('#exp-progress')?.value) > 0);
  assert.ok(await progress.isVisible());
  await shot(page, 'experiments-running-desktop');
  await button(page, 'Cancel').click();
  const status = page.locator('.run-status');
  await status.filter({ hasText: /^Cancelled after/ }).waitFor();
  const said = await status.textContent();
  assert.match(said, /of 100,000 trials/);
  await page.waitForTimeout(500);
  assert.equal(await status.textContent(), said, 'no progress after cancel');
  assert.equal(await progress.count(), 0);
  assert.ok(await button(page, 'Run').isEnabled());
  assert.deepEqual(errors, []);
});

test("the explorer's counterexample opens in the live view and steps to Diverged", async () => {
  const { page, errors } = await fresh('Explorer');
  await page.getByText(/at most about 92 distinct states/).waitFor();
  await button(page, 'Explore').click();
  await page.getByRole('heading', { name: /Shortest counterexample/ }).waitFor();
  const choices = await page.locator('ol.choices li').count();
  assert.equal(choices, 9);
  assert.match(await page.locator('.explore-results').textContent(), /schedules through \d+ distinct states/);
  await bothSizes(page, 'explorer-naive');

  // Above the limit: refused in words, nothing runs.
  await page.getByLabel('Updates', { exact: true }).fill('10');
  await page.getByLabel('Listeners', { exact: true }).fill('4');
  await page.getByLabel('Listeners', { exact: true }).blur();
  await page.getByText(/more than this page explores/).first().waitFor();
  await button(page, 'Explore').click();
  await page.getByRole('alert').filter({ hasText: /^Not run\./ }).waitFor();
  assert.equal(await page.locator('#xp-progress').count(), 0);
  await page.getByLabel('Updates', { exact: true }).fill('2');
  await page.getByLabel('Listeners', { exact: true }).fill('2');
  await page.getByLabel('Listeners', { exact: true }).blur();
  await button(page, 'Explore').click();
  await button(page, 'Open in the live view').click();

  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText("Replaying the explorer's schedule").waitFor();
  assert.doesNotMatch(await verdict(page).textContent(), /Diverged/);
  for (let i = 0; i < choices; i++) await button(page, 'Step').click();
  await verdict(page).getByText('Diverged').waitFor();
  assert.ok(await button(page, 'Step').isDisabled(), 'the schedule is over');
  await button(page, 'Step back').click();
  assert.doesNotMatch(await verdict(page).textContent(), /Diverged/);
  await button(page, 'Step').click();
  await verdict(page).getByText('Diverged').waitFor();
  await bothSizes(page, 'explorer-counterexample-live');
  assert.deepEqual(errors, []);
});

// The native figure from criterion's last `cargo bench --bench engine` run, if any.
async function nativeFigure(strategy) {
  const dir = new URL(`../../target/criterion/experiment-200x2-${strategy}/deliveries/new/`, import.meta.url);
  try {
    const bench = JSON.parse(await readFile(new URL('benchmark.json', dir)));
    const est = JSON.parse(await readFile(new URL('estimates.json', dir)));
    const secs = est.mean.point_estimate / 1e9;
    return { deliveriesPerSec: bench.throughput.Elements / secs, trialsPerSec: 20 / secs };
  } catch {
    return null;
  }
}

test('performance: WASM throughput of the 200-update experiment; longest task over 10,000 panel trials', async () => {
  const { page, errors } = await fresh(null);
  const wasm = await page.evaluate(() => {
    const { runExperiment } = window.wasmBindings;
    const out = {};
    for (const strategy of ['naive', 'occ', 'newest-wins']) {
      // The benchmark's own spec: 20 trials of 200 updates, 2 listeners, seed 7.
      const spec = { config: { strategy }, updates: 200, trials: 20, seed: 7 };
      runExperiment(spec);
      let reps = 0, deliveries = 0;
      const started = performance.now();
      while (performance.now() - started < 1500) { deliveries += runExperiment(spec).deliveries; reps += 1; }
      const secs = (performance.now() - started) / 1000;
      out[strategy] = { trialsPerSec: (reps * 20) / secs, deliveriesPerSec: deliveries / secs, deliveriesPerTrial: deliveries / (reps * 20) };
    }
    return out;
  });
  for (const [strategy, w] of Object.entries(wasm)) {
    const native = await nativeFigure(strategy);
    if (native) Object.assign(w, { native, ratioToNative: w.deliveriesPerSec / native.deliveriesPerSec });
  }

  await button(page, 'Experiments').click();
  await page.getByLabel('Trials', { exact: true }).fill('10000');
  await page.getByLabel('Updates per trial').fill('200');
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
    // A probe task every 0 ms: the longest gap between two runs bounds the longest task.
    window.__gap = 0; let last = performance.now();
    window.__probe = setInterval(() => { const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now; }, 0);
  });
  const started = Date.now();
  await button(page, 'Run').click();
  await page.locator('.run-status', { hasText: /^Finished/ }).waitFor({ timeout: 300_000 });
  const wallMs = Date.now() - started;
  const probe = await page.evaluate(() => { clearInterval(window.__probe); return { longTasks: window.__longTasks, gap: window.__gap }; });
  const [naive] = await chartNumbers(page);
  assert.equal(naive.consistent + naive.diverged + naive.stalled, 10_000);

  const figures = {
    wasmExperiment200x2: wasm,
    panel10000Trials200Updates: {
      wallMs, trialsPerSec: 10_000 / (wallMs / 1000),
      longTasksOver50ms: probe.longTasks.length,
      longestTaskMs: Math.max(0, ...probe.longTasks),
      longestGapBetweenProbeTasksMs: Math.round(probe.gap * 10) / 10,
    },
  };
  await mkdir(SHOTS, { recursive: true });
  await writeFile(SHOTS + 'perf-experiments.json', JSON.stringify(figures, null, 2));
  console.log('perf-experiments', JSON.stringify(figures, null, 2));
  assert.deepEqual(errors, []);
});
