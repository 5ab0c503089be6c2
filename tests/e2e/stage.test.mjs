// The stage: tokens move while playing, stand still (and fade) under reduced
// motion while the run still advances, and a click opens a message's history.
// Screenshots of the stage in light, dark and at 375 px land in target/e2e/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { journeys, freePlay, SHOTS, SUBPATH } from './harness.mjs';

const journey = journeys();

async function fresh(open) {
  const page = await open(SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await page.getByRole('heading', { name: 'Stage' }).waitFor();
  await freePlay(page);
  return page;
}

// The step the stage says it shows ("step N, T ms: ...").
const stageStep = (page) => page.locator('.stage .hint').textContent()
  .then((t) => Number(/step (\d+)/.exec(t)[1]));

// Samples every token's on-screen centre once per animation frame for `ms`:
// [{ key, el, x, y }] per frame, `el` an index into the elements seen.
function sample(page, ms) {
  return page.evaluate((ms) => new Promise((done) => {
    const seen = [];
    const frames = [];
    const start = performance.now();
    const tick = () => {
      frames.push([...document.querySelectorAll('.stage .token')].map((el) => {
        if (!seen.includes(el)) seen.push(el);
        const r = el.getBoundingClientRect();
        return { key: el.dataset.msg, el: seen.indexOf(el), x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }));
      if (performance.now() - start < ms) requestAnimationFrame(tick); else done(frames);
    };
    requestAnimationFrame(tick);
  }), ms);
}

async function stageShot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.locator('.stage').screenshot({ path: join(SHOTS, `${name}.png`) });
}

// Lesson 1 played at the default pace (Burst fast-forwards, so it is not used here).
async function playLesson(page) {
  await page.getByLabel('Lesson', { exact: true }).selectOption('0');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

journey('a token moves between two frames while playing', async ({ open }) => {
  const page = await fresh(open);
  await playLesson(page);
  const frames = await sample(page, 1500);
  const moved = new Set();
  const first = new Map();
  for (const f of frames) {
    for (const t of f) {
      const p = first.get(t.el);
      if (!p) first.set(t.el, t);
      else if (Math.hypot(p.x - t.x, p.y - t.y) > 2) moved.add(t.key);
    }
  }
  assert.ok(moved.size > 0, `no token moved in ${frames.length} frames`);
});

journey('under reduced motion the run advances and no token slides', async ({ open }) => {
  const page = await fresh(open);
  const before = await stageStep(page);
  await page.getByRole('button', { name: 'Burst', exact: true }).click();
  const frames = await sample(page, 1200);
  const after = await stageStep(page);
  assert.ok(after > before, `the run advanced: step ${before} -> ${after}`);
  const first = new Map();
  for (const f of frames) {
    for (const t of f) {
      const p = first.get(t.el);
      if (!p) first.set(t.el, t);
      else assert.ok(Math.hypot(p.x - t.x, p.y - t.y) < 0.5, `token ${t.key} slid under reduced motion`);
    }
  }
  const style = await page.locator('.stage .token').first()
    .evaluate((el) => getComputedStyle(el).transitionDuration);
  assert.equal(style, '0s');
}, { context: { reducedMotion: 'reduce' } });

journey('clicking a token, or Enter on it, shows that message\'s history', async ({ open }) => {
  const page = await fresh(open);
  await playLesson(page);
  await page.waitForFunction(() => document.querySelectorAll('.stage .token').length >= 1);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const token = page.locator('.stage .token').first();
  const key = await token.getAttribute('data-msg');
  await token.click();
  const history = page.locator('.stage-history');
  await history.getByRole('heading', { name: `History of ${key}` }).waitFor();
  assert.match(await history.textContent(), /published by Tickets with version \d+/);
  await history.getByRole('button', { name: 'Close history' }).click();
  assert.equal(await history.count(), 0);
  await token.focus();
  await page.keyboard.press('Enter');
  await history.getByRole('heading', { name: `History of ${key}` }).waitFor();
});

journey('screenshots of the stage: light, dark, 375 px', async ({ open }) => {
  const page = await fresh(open);
  await playLesson(page);
  await page.waitForFunction(() => document.querySelectorAll('.stage .token').length >= 2);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(500); // let the glide finish
  await stageShot(page, 'stage-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400);
  await stageShot(page, 'stage-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(500);
  await stageShot(page, 'stage-375');
  const box = await page.locator('.stage-svg').boundingBox();
  assert.ok(box.width <= 375, `the stage fits a phone: ${box.width} px`);
  const viewBox = await page.locator('.stage-svg').getAttribute('viewBox');
  assert.match(viewBox, /^0 0 360(\.0)? /, 'the narrow layout is drawn at 375 px');
});
