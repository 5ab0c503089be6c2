// `make bench-web`: opening the largest file the playground imports (100,000
// actions, about 7.5 MB, asking for step 10^7): the time from choosing the
// file to the page answering again, and the main-thread tasks over 50 ms on
// the way (PerformanceObserver). The aim is 1 s. An engine worker
// reads the file (`Job::Open`); a first use spawns it. Three ways in:
// - full: the full page already runs (saved work, or after a hand-over);
// - first visit: the first-visit page, the pointer over the share bar first,
//   as a click on "Import scenario" puts it (that starts the full module's
//   download), and a second for the file dialog;
// - first visit, cold: the file chosen with no pointer or focus first (only a
//   script does that), so the download starts with the file.
// Measurements, not assertions; figures go to target/e2e/bench-open.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { startServer, launch, SHOTS, SUBPATH } from '../e2e/harness.mjs';

const actions = [{ at_ms: 0, action: { type: 'create-ticket', title: 'concert', price: 5 } }];
for (let i = 1; i < 100000; i++) actions.push({ at_ms: i, action: { type: 'update-ticket', id: 'CZQ', price: 5 + i } });
const file = SHOTS + 'largest-import.json';
const text = JSON.stringify({ scenario: { format: 1, seed: 1, config: { strategy: 'occ' }, actions }, step: 1e7 });
await mkdir(SHOTS, { recursive: true });
await writeFile(file, text);

const server = await startServer();
const browser = await launch();
const runs = [];
for (const way of ['full', 'first visit', 'first visit, cold']) for (let i = 0; i < 3; i++) {
  const page = await browser.newPage();
  await page.goto(server.base + SUBPATH);
  if (way === 'full') {
    await page.evaluate(() => localStorage.setItem('occ-playground/recent', '[]'));
    await page.reload();
  }
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  if (way === 'first visit') {
    await page.getByText('Import scenario').hover();
    await page.waitForTimeout(1000);
  }
  // Timed in the page, not from here (Playwright's round trips would add
  // some 0.3 s): from the file input's change event to the first task that
  // runs after the opened run is on screen (the page answering again).
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(Math.round(e.duration)); })
      .observe({ type: 'longtask' });
    window.__open = new Promise((ok) => {
      let chosen;
      document.addEventListener('change', () => { chosen ??= performance.now(); }, true);
      const seen = new MutationObserver(() => {
        if (chosen === undefined || !/it opens at step \d+/.test(document.body.textContent)) return;
        seen.disconnect();
        setTimeout(() => ok(performance.now() - chosen), 0);
      });
      seen.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  await page.getByLabel('Import scenario').setInputFiles(file);
  await page.getByText(/it opens at step \d+/).waitFor({ timeout: 60_000 });
  const ms = Math.round(await page.evaluate(() => window.__open));
  await page.waitForTimeout(1000);
  runs.push({ way, ms, longTasks: await page.evaluate(() => window.__tasks) });
  await page.close();
}
await browser.close();
await server.close();
for (const r of runs) {
  console.log(`largest import (${text.length} bytes, 100,000 actions), ${r.way}: answering again after ${r.ms} ms; tasks over 50 ms: ${r.longTasks.join(', ') || 'none'}`);
}
await writeFile(SHOTS + 'bench-open.json', JSON.stringify({ bytes: text.length, runs }, null, 2));
