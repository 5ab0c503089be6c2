// Accessibility with a real checker: axe-core (npm) runs on the live view,
// the experiments and explorer views and the embed, each in light and dark,
// and must find no violation.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { journeys, SUBPATH } from './harness.mjs';

// Evaluated by the test driver, not added as a <script>: the page's policy
// runs no inline script it did not ship (index.html), and a test's
// checker is no reason to loosen it.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const journey = journeys();

// Runs axe on the page as it is; returns one line per violation and node.
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary) }));
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) at ${n}`));
}

// Each view reached as a student would, with something in it worth checking.
const VIEWS = {
  live: async (page) => {
    // Paused mid-lesson, so tokens are on the stage (a Burst at full speed
    // may end before Pause can be clicked).
    await page.getByLabel('Lesson', { exact: true }).selectOption('0');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('.stage .token').length >= 1);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('.stage .token').first().click();
    await page.locator('.stage-history').waitFor();
  },
  experiments: async (page) => {
    await page.getByRole('button', { name: 'Experiments', exact: true }).click();
  },
  explorer: async (page) => {
    await page.getByRole('button', { name: 'Explorer', exact: true }).click();
  },
};

for (const colorScheme of ['light', 'dark']) {
  // Reduced motion, so axe never sees a token half-way through a fade.
  const options = { context: { colorScheme, reducedMotion: 'reduce' } };
  for (const [name, reach] of Object.entries(VIEWS)) {
    journey(`axe finds no violation in the ${name} view (${colorScheme})`, async ({ open }) => {
      const page = await open(SUBPATH);
      await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
      await reach(page);
      await page.waitForTimeout(300);
      assert.deepEqual(await violations(page), []);
    }, options);
  }
  journey(`axe finds no violation in the embed (${colorScheme})`, async ({ open }) => {
    const page = await open(SUBPATH + '?embed');
    await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(await violations(page), []);
  }, options);
}

// A phone: the lesson's story folded behind "Read the whole lesson", the
// arrows beside the picker, the compact stage.
journey('axe finds no violation in the live view on a phone (375 px), the story unfolded too', async ({ open }) => {
  const page = await open(SUBPATH, { width: 375, height: 740 });
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await violations(page), []);
  await page.getByText('Read the whole lesson').click();
  await page.getByText('Show less').waitFor();
  await VIEWS.live(page);
  await page.waitForTimeout(300);
  assert.deepEqual(await violations(page), []);
}, { context: { reducedMotion: 'reduce' } });
