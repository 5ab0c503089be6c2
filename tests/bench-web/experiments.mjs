// `make bench-web`: measurements, not tests (nothing here asserts on time).
// WASM throughput of the 200-update experiment (in one engine worker: the
// page no longer runs experiments itself) next to the native figure of
// the last `make bench`, and the longest main-thread task while the panel runs
// 10,000 trials. Figures go to target/e2e/perf-experiments.json and stdout.
// Run against the release build: `make dist` first.
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { startServer, launch, openPage, SHOTS, SUBPATH } from '../e2e/harness.mjs';

const button = (page, name) => page.getByRole('button', { name, exact: true });

// "120 consistent · 80 diverged · 0 stalled" for each strategy row of the charts.
async function chartNumbers(page) {
  const texts = await page.locator('svg.outcome-chart .chart-numbers').allTextContents();
  return texts.map((t) => {
    const [, c, d, s] = t.match(/(\d+) consistent · (\d+) diverged · (\d+) stalled/);
    return { consistent: +c, diverged: +d, stalled: +s };
  });
}

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

async function main() {
  const server = await startServer();
  const browser = await launch();
  const { page, errors } = await openPage(browser, server.base + SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const wasm = await page.evaluate(async () => {
    const { runExperiment } = window.wasmBindings;
    const out = {};
    for (const strategy of ['naive', 'occ', 'newest-wins']) {
      // The benchmark's own spec: 20 trials of 200 updates, 2 listeners, seed 7.
      const spec = { config: { strategy }, updates: 200, trials: 20, seed: 7 };
      await runExperiment(spec, { workers: 1 });
      let reps = 0, deliveries = 0;
      const started = performance.now();
      while (performance.now() - started < 1500) { deliveries += (await runExperiment(spec, { workers: 1 })).deliveries; reps += 1; }
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
  assert.deepEqual(errors, [], 'no console errors');
  await browser.close();
  await server.close();
}

await main();
