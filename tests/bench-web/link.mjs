// `make bench-web`: opening the largest share link (the largest import's
// 100,000 actions, 7.5 MB of JSON, 685 KB of link, at step 20,000). A link is
// read on the page's thread as the page starts (`persist::opening`): the
// main-thread tasks over 50 ms after navigation (PerformanceObserver, buffered)
// and when the last of them ends, the page answering from then on (5 fresh
// pages; median and range). Measurements, not assertions; figures go to
// target/e2e/bench-link.json.
import { deflateRawSync } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import { startServer, launch, SHOTS, SUBPATH } from '../e2e/harness.mjs';

const actions = [{ at_ms: 0, action: { type: 'create-ticket', title: 'concert', price: 5 } }];
for (let i = 1; i < 100000; i++) actions.push({ at_ms: i, action: { type: 'update-ticket', id: 'CZQ', price: 5 + i } });
const json = JSON.stringify({ scenario: { format: 1, seed: 1, config: { strategy: 'occ' }, actions }, step: 20000 });
// share.rs's link: `v1.` and the URL-safe base64 of the raw-deflated JSON.
const link = 'v1.' + deflateRawSync(Buffer.from(json)).toString('base64url');

const server = await startServer();
const browser = await launch();
const runs = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(server.base + SUBPATH + '#' + link);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await page.waitForTimeout(2000);
  const tasks = await page.evaluate(() => window.__tasks);
  const quietAfter = Math.round(Math.max(0, ...tasks.map(([s, d]) => s + d)));
  runs.push({ quietAfterMs: quietAfter, longTasks: tasks.map(([, d]) => Math.round(d)) });
  await page.close();
}
await browser.close();
await server.close();
const q = runs.map((r) => r.quietAfterMs).sort((a, b) => a - b);
for (const r of runs) console.log(`largest link (${link.length} chars, ${json.length} bytes of JSON): tasks over 50 ms: ${r.longTasks.join(', ') || 'none'}; the last ends ${r.quietAfterMs} ms after navigation`);
console.log(`largest link: answering from ${q[2]} ms after navigation (median of 5; ${q[0]}-${q[4]})`);
await mkdir(SHOTS, { recursive: true });
await writeFile(SHOTS + 'bench-link.json', JSON.stringify({ linkChars: link.length, jsonBytes: json.length, runs }, null, 2));
