// `make bench-web`: the worker's engine against native, side by side in one
// run, on the lecture's experiment (1 create + 200 updates, 2 listeners).
// Native is `occ-sim` built with the worker's profile (opt-level 3); the
// browser is headless Chromium on the release build in dist/, through
// `runExperimentAsync` with 1 worker and with 2. Also the longest main-thread
// task while 10,000 occ trials run in the workers, and during the JS API's
// biggest allowed runScenario. Prints a table; figures
// go to target/e2e/bench-web.json. Measurements, not assertions.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { startServer, launch, SHOTS, SUBPATH } from '../e2e/harness.mjs';

const CLI = new URL('../../target/worker/occ-sim', import.meta.url).pathname;
// Trials per strategy: about a second of native work each.
const RUNS = [['naive', 20000], ['occ', 600], ['newest-wins', 20000]];

function native(strategy, trials) {
  const args = ['experiment', '--strategy', strategy, '--updates', '200', '--listeners', '2', '--trials', String(trials), '--seed', '1'];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`occ-sim: ${r.stderr}`);
  return { ms, report: JSON.parse(r.stdout) };
}

const server = await startServer();
const browser = await launch();
const page = await browser.newPage();
await page.goto(server.base + SUBPATH);
await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
const inWorkers = (spec, workers) => page.evaluate(async ({ spec, workers }) => {
  const t0 = performance.now();
  const report = await window.wasmBindings.runExperimentAsync(spec, { workers });
  return { ms: performance.now() - t0, report };
}, { spec, workers });

// Warm up: spawn the workers and compile their module once.
await inWorkers({ config: { strategy: 'naive' }, updates: 2, trials: 4, seed: 1 }, 2);

const rows = [];
for (const [strategy, trials] of RUNS) {
  const spec = { config: { strategy, listeners: 2 }, updates: 200, trials, seed: 1 };
  const n = native(strategy, trials);
  const w1 = await inWorkers(spec, 1);
  const w2 = await inWorkers(spec, 2);
  const same = JSON.stringify(w1.report) === JSON.stringify(w2.report) && w1.report.consistent === n.report.consistent;
  const tps = (ms) => trials / (ms / 1000);
  rows.push({
    strategy, trials, sameTally: same,
    nativeTrialsPerS: tps(n.ms), worker1TrialsPerS: tps(w1.ms), worker2TrialsPerS: tps(w2.ms),
    ratioPerCore: n.ms / w1.ms, scaling2: w1.ms / w2.ms,
  });
}

// The longest main-thread task while 10,000 occ trials run in the workers.
const longest = await page.evaluate(async () => {
  const tasks = [];
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
  obs.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  await window.wasmBindings.runExperimentAsync(
    { config: { strategy: 'occ', listeners: 2 }, updates: 200, trials: 10000, seed: 1 },
    { onProgress: () => {} });
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  obs.disconnect();
  return { ms, workers: Math.min(navigator.hardwareConcurrency, 8), longTasksOver50ms: tasks.length, longestTaskMs: Math.max(0, ...tasks) };
});

// The JS API's biggest allowed call: a runScenario request just under the
// page's 512 KiB limit (src/offload/limits.rs), occ, sent back with the most
// trace steps (5,000). The request is built before the observer starts.
const biggest = await page.evaluate(async () => {
  const actions = [{ at_ms: 0, action: { type: 'create-ticket', title: 'concert', price: 5 } }];
  const scenario = { format: 1, seed: 1, config: { strategy: 'occ', listeners: 2 }, actions };
  for (let i = 1, bytes = JSON.stringify(scenario).length; ; i++) {
    const a = { at_ms: i * 5, action: { type: 'update-ticket', id: 'CZQ', price: 5 + i } };
    bytes += JSON.stringify(a).length + 1;
    if (bytes > (512 << 10)) break;
    actions.push(a);
  }
  const bytes = JSON.stringify(scenario).length;
  await new Promise((r) => setTimeout(r, 200));
  const tasks = [];
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
  obs.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const run = await window.wasmBindings.runScenario(scenario);
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  obs.disconnect();
  return { ms, bytes, actions: actions.length, steps: run.steps, kept: run.trace.steps.length, longTasksOver50ms: tasks.length, longestTaskMs: Math.max(0, ...tasks) };
});

// Time to interactive of a first visit: navigation start to the first task
// after the heading is drawn (median of 5 fresh pages, empty cache each).
const ttis = [];
for (let i = 0; i < 5; i++) {
  const fresh = await browser.newPage();
  await fresh.goto(server.base + SUBPATH);
  await fresh.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  ttis.push(await fresh.evaluate(() => new Promise((ok) => setTimeout(() => ok(performance.now()), 0))));
  await fresh.close();
}
ttis.sort((a, b) => a - b);
longest.ttiMs = ttis[2];

// The same for a visit that runs the full module at once (a query, as a
// lesson link has), and the first visit's hand-over: a click on Experiments
// (no hover first) to its heading drawn by the full module.
const median = (xs) => xs.sort((a, b) => a - b)[2];
const linkTtis = [], handovers = [];
for (let i = 0; i < 5; i++) {
  const linked = await browser.newPage();
  await linked.goto(server.base + SUBPATH + '?lesson=1');
  await linked.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  linkTtis.push(await linked.evaluate(() => new Promise((ok) => setTimeout(() => ok(performance.now()), 0))));
  await linked.close();
  const first = await browser.newPage();
  await first.goto(server.base + SUBPATH);
  await first.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const t0 = await first.evaluate(() => {
    const t = performance.now();
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Experiments').click();
    return t;
  });
  await first.getByRole('heading', { name: 'Experiments', level: 2 }).waitFor();
  handovers.push(await first.evaluate((t) => performance.now() - t, t0));
  await first.close();
}
longest.linkTtiMs = median(linkTtis);
longest.handoverMs = median(handovers);

await browser.close();
await server.close();
const f = (x) => x.toFixed(x < 10 ? 2 : 0);
console.log('strategy     trials  native/s  worker/s  ratio  2 workers/s  x2   same tally');
for (const r of rows) {
  console.log(`${r.strategy.padEnd(12)} ${String(r.trials).padStart(6)} ${f(r.nativeTrialsPerS).padStart(9)} ${f(r.worker1TrialsPerS).padStart(9)}  ${f(r.ratioPerCore)}  ${f(r.worker2TrialsPerS).padStart(11)}  ${f(r.scaling2)}  ${r.sameTally}`);
}
console.log(`time to interactive (first visit, median of 5): ${f(longest.ttiMs)} ms; a link's visit (full module): ${f(longest.linkTtiMs)} ms`);
console.log(`first visit's hand-over to the full module (click on Experiments to its heading, median of 5): ${f(longest.handoverMs)} ms`);
console.log(`10,000 occ trials in ${longest.workers} workers: ${f(longest.ms)} ms; main-thread tasks over 50 ms: ${longest.longTasksOver50ms} (longest ${f(longest.longestTaskMs)} ms)`);
console.log(`runScenario, ${biggest.actions} actions (${biggest.bytes} bytes), ${biggest.steps} steps, ${biggest.kept} sent back: ${f(biggest.ms)} ms; main-thread tasks over 50 ms: ${biggest.longTasksOver50ms} (longest ${f(biggest.longestTaskMs)} ms)`);
await mkdir(SHOTS, { recursive: true });
await writeFile(SHOTS + 'bench-web.json', JSON.stringify({ rows, longest, biggest }, null, 2));
