// The first screen (issue 26, "Slow network"): index.html carries the live
// view's own markup for the plain address, rendered at build time from the
// same Yew components (.ci/prerender.sh, src/app/first_screen.rs), so the
// title, lesson 1's text and the stage show with no wasm at all; the live
// view then takes its place without a copy left over and without a jump
// (src/app/live.rs `start`); any other visit never shows it (static/loader.js).
import assert from 'node:assert/strict';
import { journeys, shot, SUBPATH } from './harness.mjs';

const journey = journeys();
const SIZES = [['desktop', 1280, 800], ['phone', 375, 740]];
// The wasm refused (route aborted): the browser's failed load, the loader's
// "could not start".
const BLOCKED = /ERR_FAILED|Failed to fetch|could not start/;
const TITLE = 'The problem: two listeners reorder updates';

// The boxes of what the first screen shows (the drawn one of the two
// stages), to the pixel, and how many copies of each are in the page.
function layout(page) {
  return page.evaluate(() => {
    const all = (sel) => [...document.querySelectorAll(sel)];
    const shown = (sel) => all(sel).find((e) => e.getBoundingClientRect().width > 0 && e.checkVisibility({ visibilityProperty: true }));
    const box = (e) => (e ? ['x', 'y', 'width', 'height'].map((k) => e.getBoundingClientRect()[k]) : null);
    const play = () => all('button').filter((b) => b.textContent === 'Play');
    return {
      boxes: {
        title: box(shown('h1')), lesson: box(shown('.lesson-text h2')), stage: box(shown('.stage-svg')),
        play: box(play().find((b) => b.getBoundingClientRect().width > 0)),
      },
      copies: { app: all('.app').length, title: all('h1').length, play: play().length },
    };
  });
}

// Layout shifts since the page started (no input counted: none is given).
const watchShifts = () => {
  window.__cls = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
};

for (const [size, width, height] of SIZES) {
  const narrow = width <= 640;
  journey(`with the wasm blocked, the ${size} first screen (${width}x${height}) shows the title, lesson 1's text, Play and its own stage`, async ({ base, open }) => {
    const page = await open(undefined, { width, height });
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(base + SUBPATH);
    const first = page.locator('#first-screen');
    await first.waitFor();
    assert.equal(await first.isVisible(), true, 'shown for the plain address');
    assert.equal(await page.locator('#first-screen h1').textContent(), 'OCC Playground');
    const lesson = page.locator('#first-screen .lesson-text h2');
    assert.equal(await lesson.textContent(), TITLE);
    assert.equal(await lesson.isVisible(), true);
    assert.equal(await page.locator('#first-screen .lesson-body').isVisible(), true, "the lesson's text");
    assert.equal(await page.locator('#first-screen button', { hasText: /^Play$/ }).isVisible(), true);
    // Both drawings are in the page; the screen's width shows one.
    const wide = page.locator('#first-screen .stage-svg.only-wide');
    const tall = page.locator('#first-screen .stage-svg.only-narrow');
    assert.equal(await wide.isVisible(), !narrow, 'the wide stage on a wide screen only');
    assert.equal(await tall.isVisible(), narrow, 'the phone stage on a phone only');
    const drawn = narrow ? tall : wide;
    assert.ok((await drawn.locator('rect').count()) > 0, 'the stage has its boxes');
    const box = await drawn.boundingBox();
    assert.ok(box.width > 300 && box.height > 200, `the stage is drawn at size (${box.width}x${box.height})`);
    assert.equal(await page.locator('.live-root').count(), 0, 'no live view: its wasm never came');
    await shot(page, `first-screen-no-wasm-${size}`, { fullPage: false });
  }, { expectedErrors: BLOCKED });

  for (const query of ['', '?lesson=1']) journey(`the live view takes the ${size} first screen's place (${width}x${height}${query && `, ${query}`}): one copy, nothing moved, Play works`, async ({ base, open }) => {
    const page = await open(undefined, { width, height });
    await page.addInitScript(watchShifts);
    // The wasm held back until the first screen has been measured.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(base + SUBPATH + query);
    await page.locator('#first-screen').waitFor({ state: 'visible' });
    const before = await layout(page);
    assert.deepEqual(before.copies, { app: 1, title: 1, play: 1 });
    release();
    await page.locator('#first-screen').waitFor({ state: 'detached' });
    await page.locator('.live-root:not(.offstage)').waitFor();
    const after = await layout(page);
    assert.deepEqual(after.copies, { app: 1, title: 1, play: 1 }, 'the first screen is gone, the live view alone');
    for (const [part, b] of Object.entries(after.boxes)) {
      assert.ok(b && before.boxes[part], `${part} drawn before and after`);
      b.forEach((v, i) => assert.ok(Math.abs(v - before.boxes[part][i]) <= 1,
        `${part} did not move: ${before.boxes[part]} then ${b}`));
    }
    assert.equal(await page.evaluate(() => window.__cls), 0, 'no layout shift');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => /^step [1-9]/.test(document.querySelector('.stage .hint')?.textContent ?? ''));
  });
}

// Any visit that opens something other than lesson 1 at its start: the
// first screen is never shown (the wasm blocked, so nothing replaces it).
for (const [what, path, saved] of [
  ['another lesson', '?lesson=3'], ['a step', '?lesson=1&step=4'], ['an embed', '?embed'],
  ['a share link', '#v1.x'], ['saved work', '', true],
]) {
  journey(`${what} never shows lesson 1's first screen`, async ({ base, open }) => {
    const page = await open();
    if (saved) await page.addInitScript(() => localStorage.setItem('occ-playground/last', '{}'));
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(base + SUBPATH + path);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#first-screen').count(), 0, 'removed by the loader');
    assert.equal(await page.locator('.lesson-text').count(), 0, "no lesson's text drawn");
  }, { expectedErrors: BLOCKED });
}
