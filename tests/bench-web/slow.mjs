// `make bench-web`: a first visit on a slow network (issue 26, "Slow
// network"): Chromium throttled through CDP's Network.emulateNetworkConditions
// (150 ms latency, 1.6 Mbit/s = 200,000 B/s down and up, cache off), the plain
// address, at 1280x800 and 375x740, 3 fresh pages each; median and range of:
// - first text: lesson 1's title visible;
// - stage drawn: the stage's SVG visible with its boxes;
// - Play working: the live view has taken the page, Play is clicked and the
//   stage's step advances (the time the step shows);
// - layout shift: CLS, the sum of 'layout-shift' entries without recent
//   input, up to the click on Play;
// - bytes: encoded bytes received (CDP's loadingFinished) until Play works.
// Times are from navigation start (the page's performance.now(), sampled every
// animation frame, so a time is the frame it was first seen in).
// Measurements, not assertions; figures go to target/e2e/bench-slow.json.
// DIST=dir measures another build (e.g. one without the first screen).
import { mkdir, writeFile } from 'node:fs/promises';
import { startServer, launch, SHOTS } from '../e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 200_000 };
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 375, height: 740 }];

// In the page from its first script on: every frame, the first time each
// condition holds; and the layout shifts.
function probe() {
  const seen = (window.__seen = {});
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const checks = {
    text: () => [...document.querySelectorAll('.lesson-text h2')].some(visible),
    stage: () => [...document.querySelectorAll('.stage-svg')].some((s) => visible(s) && s.querySelector('rect')),
    // The live view owns the page: no first screen left, nothing drawn out of sight.
    live: () => !!document.querySelector('.app') && !document.querySelector('#first-screen, .offstage'),
  };
  const tick = (now) => {
    for (const [k, f] of Object.entries(checks)) if (seen[k] === undefined && f()) seen[k] = now;
    const step = document.querySelector('.stage .hint')?.textContent.match(/^step (\d+)/);
    if (seen.step === undefined && step && Number(step[1]) > 0) seen.step = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function once(browser, base, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.addInitScript(probe);
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__seen?.live !== undefined, null, { timeout: 60_000, polling: 50 });
  const cls = await page.evaluate(() => window.__cls);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.__seen.step !== undefined, null, { timeout: 30_000, polling: 50 });
  const seen = await page.evaluate(() => window.__seen);
  const run = {
    firstTextMs: Math.round(seen.text), stageMs: Math.round(seen.stage), liveMs: Math.round(seen.live),
    playWorksMs: Math.round(seen.step), cls: Number(cls.toFixed(4)), bytes,
  };
  await context.close();
  return run;
}

const server = await startServer();
const browser = await launch();
const report = {
  throttle: THROTTLE, load: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
  dist: process.env.DIST ?? 'dist', viewports: [],
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return [s[s.length >> 1], s[0], s[s.length - 1]]; };
for (const viewport of VIEWPORTS) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(browser, server.base, viewport));
  report.viewports.push({ viewport, runs });
  const f = (k, unit = ' ms') => { const [m, lo, hi] = median(runs.map((r) => r[k])); return `${m}${unit} (${lo}-${hi})`; };
  console.log(`slow network ${viewport.width}x${viewport.height} (median of ${RUNS}): first text ${f('firstTextMs')}, stage drawn ${f('stageMs')}, live ${f('liveMs')}, Play working ${f('playWorksMs')}, CLS ${f('cls', '')}, bytes ${f('bytes', '')}`);
}
await browser.close();
await server.close();
console.log(`load average when measured: ${report.load.join(' ')}`);
await mkdir(SHOTS, { recursive: true });
await writeFile(SHOTS + 'bench-slow.json', JSON.stringify(report, null, 2));
