// Measurements, not assertions on time: first render of the release build and the
// longest main-thread task while the 200-update burst plays at full speed. Figures
// go to target/e2e/perf.json and stdout; README quotes them.
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { journeys, freePlay, shot, untilFinished, SHOTS, SUBPATH } from './harness.mjs';

const journey = journeys();

journey('first render and the burst at full speed (long tasks measured)', async ({ open }) => {
  const page = await open(SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  const firstRender = await page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const appVisibleMs = performance.now();
    // The heading can be in the DOM before the frame that paints it.
    const fcp = await new Promise((ok) => {
      new PerformanceObserver((l) => {
        const e = l.getEntriesByName('first-contentful-paint')[0];
        if (e) ok(e.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => ok(null), 3000);
    });
    return { domContentLoadedMs: nav.domContentLoadedEventEnd, firstContentfulPaintMs: fcp, appVisibleMs };
  });

  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  await freePlay(page);
  await page.getByLabel('Speed').selectOption('1000000');
  const started = Date.now();
  await page.getByRole('button', { name: 'Burst' }).click();
  await untilFinished(page, 120_000);
  const burstMs = Date.now() - started;
  const longTasks = await page.evaluate(() => window.__longTasks);
  const steps = await page.locator('.clock').textContent();
  await shot(page, 'burst-finished-desktop');

  const figures = {
    firstRender,
    burst: { wallMs: burstMs, steps, longTasksOver50ms: longTasks.length, longestTaskMs: Math.max(0, ...longTasks) },
  };
  await mkdir(SHOTS, { recursive: true });
  await writeFile(SHOTS + 'perf.json', JSON.stringify(figures, null, 2));
  console.log('perf', JSON.stringify(figures));
  assert.ok(/step \d+/.test(steps), 'the burst ran');
});
