// The compact embed on a course page: an 800x600 iframe (issue 12). The main
// story (verdict, controls, stage, the three services) must show without any
// inner scroll container taller than its box, and the `{type, height}` resize
// message must report the embedded document's height, so the host's resizer
// leaves nothing to scroll inside the frame.
import assert from 'node:assert/strict';
import { journeys, shot, SUBPATH } from './harness.mjs';

const journey = journeys();

// The story's parts, as the embed draws them (src/app/page.rs).
const STORY = ['.verdict', '.controls', '.panel.stage', '.panel.tickets', '.panel.broker', '.panel.orders'];

// Inside the frame: each part's box, and every element in it that scrolls its
// own content (scrollHeight beyond clientHeight + 1, or the same sideways).
function measure(selectors) {
  const parts = selectors.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { sel, missing: true };
    const r = el.getBoundingClientRect();
    const scrolls = [el, ...el.querySelectorAll('*')]
      .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
      .filter((e) => ['auto', 'scroll', 'hidden'].some((v) => {
        const s = getComputedStyle(e);
        return s.overflowY === v || s.overflowX === v;
      }))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
    // Panels clip what sticks out (contain: paint): nothing may.
    const clipped = [...el.querySelectorAll('*')]
      .filter((e) => !e.closest('.visually-hidden') && e.getClientRects().length > 0)
      .filter((e) => {
        const b = e.getBoundingClientRect();
        return b.width > 0 && (b.right > r.right + 1 || b.left < r.left - 1);
      })
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)} > ${Math.round(r.right)}`);
    return { sel, top: r.top, bottom: r.bottom, width: r.width, height: r.height, scrolls, clipped };
  });
  const doc = document.documentElement;
  return { parts, docHeight: doc.scrollHeight, innerWidth: window.innerWidth };
}

journey('the compact embed fits an 800x600 course-page iframe', async ({ open }) => {
  const page = await open('/host.html', { width: 1000, height: 900 });
  // A course page as LMS resizers do it: an 800x600 frame, grown to what the
  // playground reports.
  await page.setContent(`<!doctype html><title>Course page</title><link rel="icon" href="data:,">
    <main><h1>Lecture 12</h1>
    <iframe id="pg" title="OCC Playground" src="${SUBPATH}?embed&lesson=occ" width="800" height="600" style="border:0;display:block"></iframe></main>
    <script>window.heights = [];
      addEventListener('message', (e) => {
        if (e.data?.type === 'occ-playground:resize') {
          heights.push(e.data);
          document.getElementById('pg').style.height = e.data.height + 'px';
        }
      });</script>`, { waitUntil: 'load' });
  const frame = page.frameLocator('#pg');
  await frame.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await frame.locator('.panel.stage svg').waitFor();
  const inner = page.frame({ url: /embed/ });
  assert.ok(inner, 'the embedded frame');

  // Before the host resizes it: the frame is 800x600 and the story starts in
  // it, the verdict first.
  const before = await inner.evaluate(measure, STORY);
  assert.equal(before.innerWidth, 800);
  for (const p of before.parts) assert.ok(!p.missing, `${p.sel} is shown`);
  const at = Object.fromEntries(before.parts.map((p) => [p.sel, p]));
  assert.ok(at['.verdict'].bottom <= 600, `verdict within the first 600 px (${at['.verdict'].bottom})`);
  assert.ok(at['.controls'].bottom <= 600, `controls within the first 600 px (${at['.controls'].bottom})`);
  assert.ok(at['.panel.stage'].top < 600, `stage starts within the first 600 px (${at['.panel.stage'].top})`);

  // Play a little, with a long title, so the panels hold messages and rows;
  // then measure again.
  await frame.getByLabel('Title', { exact: true }).fill('Symphony No. 9 in D minor, Op. 125');
  await frame.getByRole('button', { name: 'Create ticket' }).click();
  const step = frame.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 8 && await step.isEnabled(); i++) await step.click();

  // The last report is the document's height, and the host has sized the
  // frame to it: the embedded page has nothing left to scroll.
  // (Same origin, so the host can read the frame's document while waiting.)
  await page.waitForFunction(() => {
    const h = window.heights.at(-1)?.height;
    const pg = document.getElementById('pg');
    const doc = pg.contentDocument?.documentElement;
    return h && doc && Math.abs(pg.getBoundingClientRect().height - h) < 1 && Math.abs(doc.scrollHeight - h) <= 1;
  }, null, { timeout: 10_000 }).catch(() => {}); // the assertions below say what differs
  const after = await inner.evaluate(measure, STORY);
  const last = await page.evaluate(() => window.heights.at(-1));
  assert.deepEqual(Object.keys(last).sort(), ['height', 'type']);
  assert.equal(last.type, 'occ-playground:resize');
  assert.ok(Math.abs(last.height - after.docHeight) <= 1, `reported ${last.height}, document ${after.docHeight}`);
  const scrollLeft = await inner.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(scrollLeft <= 1, `the frame scrolls ${scrollLeft}px inside`);
  for (const p of after.parts) {
    assert.ok(p.height > 0 && p.width > 0, `${p.sel} is visible`);
    assert.ok(p.bottom <= last.height + 1, `${p.sel} ends inside the frame (${p.bottom} of ${last.height})`);
    assert.deepEqual(p.scrolls, [], `${p.sel} has no inner scroll container taller than its box`);
    assert.deepEqual(p.clipped, [], `${p.sel} shows all of its content`);
  }
  // Within the story's 600 px, as the course page first shows it.
  const story = Object.fromEntries(after.parts.map((p) => [p.sel, p]));
  assert.ok(story['.panel.orders'].top < 600, `Orders starts within the first 600 px (${story['.panel.orders'].top})`);
  await page.setViewportSize({ width: 1000, height: Math.ceil(last.height) + 120 });
  await shot(page, 'embed-800x600');
});
