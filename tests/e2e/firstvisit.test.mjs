// The first visit: the plain address runs the live view's small module
// (occ-live) and nothing else; the first use of a tab, the share bar, an
// import or the JS API brings the full module (occ-playground) with the same
// run; a link or saved work runs the full module at once. See
// src/app/effects/handover.rs and static/loader.js.
import assert from 'node:assert/strict';
import { journeys, setting, shot, untilFinished, SUBPATH, SERVICE_WORKERS_BLOCKED } from './harness.mjs';

const journey = journeys();
const button = (page, name) => page.getByRole('button', { name, exact: true });
const heading = (page) => page.getByRole('heading', { name: 'OCC Playground' });
// The full module's wasm, by its long-cache name (.ci/names.mjs).
const FULL_WASM = /occ-playground-[0-9a-f]{16}_bg\.wasm$/;

// The wasm modules `page` fetches from now on, without their hashes.
function wasmFetched(page) {
  const wasm = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop().replace(/-[0-9a-f]{16}_bg/, '_bg'));
  });
  return wasm;
}

journey('a first visit runs the live view alone; the first tab click opens the same run in the full page', async ({ base, open }) => {
  const page = await open();
  const wasm = wasmFetched(page);
  await page.goto(base + SUBPATH);
  await heading(page).waitFor();
  await page.getByLabel('Lesson', { exact: true }).selectOption('0');
  for (let i = 0; i < 3; i++) await button(page, 'Step').click();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(wasm, ['occ-live_bg.wasm'], 'only the first-visit module');
  const before = await page.getByRole('listbox', { name: 'Timeline' }).textContent();

  await button(page, 'Experiments').click();
  await page.getByRole('heading', { name: 'Experiments', level: 2 }).waitFor();
  assert.deepEqual(wasm.filter((f) => f.startsWith('occ-playground')), ['occ-playground_bg.wasm']);
  assert.equal(await button(page, 'Experiments').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.app').count(), 1, 'one page, the full one');
  await shot(page, 'first-visit-handed-over');

  await button(page, 'Live view').click();
  assert.equal(await page.getByLabel('Lesson', { exact: true }).inputValue(), '0', 'the lesson is still open');
  assert.equal(await page.getByRole('listbox', { name: 'Timeline' }).textContent(), before, 'the same three steps');
  // The full page now keeps the run in the address too, and a reload reopens it.
  await page.waitForFunction(() => location.hash.length > 1);
  await page.reload();
  await heading(page).waitFor();
  assert.equal(await page.getByRole('listbox', { name: 'Timeline' }).textContent(), before);
});

journey('a JetStream lesson picked on a first visit hands over: the full page opens it, words and all', async ({ base, open }) => {
  const page = await open();
  const wasm = wasmFetched(page);
  await page.goto(base + SUBPATH);
  await heading(page).waitFor();
  // The first-visit module carries this lesson's title, not its story
  // (src/playground/lessons.rs, `full_only!`): the full module brings both.
  await page.getByLabel('Lesson', { exact: true }).selectOption('8');
  await page.getByText('its successor JetStream keeps the messages in one stream').waitFor();
  assert.deepEqual(wasm, ['occ-live_bg.wasm', 'occ-playground_bg.wasm']);
  assert.equal(await page.getByLabel('Lesson', { exact: true }).inputValue(), '8');
  assert.equal(await (await setting(page, 'Broker')).inputValue(), 'jetstream');
});

journey('a lesson as opened stays in the address; the first visit saves the user\'s own run, and a reload reopens each', async ({ base, open }) => {
  const page = await open(SUBPATH);
  await heading(page).waitFor();
  const lesson = page.getByLabel('Lesson', { exact: true });
  const timeline = () => page.getByRole('listbox', { name: 'Timeline' }).textContent();
  // A lesson is the course's, not the user's work: not saved, but its query
  // (no link encoder here) reopens it where the student was.
  await lesson.selectOption('6');
  await button(page, 'Step').click();
  await page.waitForFunction(() => /[?&]step=1/.test(location.search));
  assert.equal(await page.evaluate(() => localStorage.getItem('occ-playground/last')), null, 'a lesson is not saved');
  const stepped = await timeline();
  await page.reload();
  await heading(page).waitFor();
  assert.equal(await lesson.inputValue(), '6');
  assert.equal(await timeline(), stepped);
  // A change makes it the user's own: saved, and the query goes.
  await (await setting(page, 'Strategy')).selectOption('prev-version');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('prev-version'));
  assert.equal(await page.evaluate(() => location.search), '');
  const mine = await timeline();
  // Another run of their own replaces it: it moves to the recent runs, which
  // the first-visit page lists without reading storage.
  await lesson.selectOption('1');
  await (await setting(page, 'Strategy')).selectOption('newest-wins');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('newest-wins'));
  await button(page, 'Recent runs').click();
  const recent = page.getByRole('region', { name: 'Recent runs' });
  await recent.getByRole('listitem').first().waitFor();
  const wasm = wasmFetched(page);
  await recent.getByRole('button').nth(1).click();
  assert.equal(await lesson.inputValue(), '6');
  assert.equal(await timeline(), mine);
  assert.deepEqual(wasm, [], 'reopening a recent run needs no other module');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('prev-version'));
  await page.reload();
  await heading(page).waitFor();
  assert.equal(await lesson.inputValue(), '6');
  assert.equal(await timeline(), mine);
  assert.ok(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /occ-playground-\w+_bg\.wasm$/.test(e.name))),
    'saved work opens in the full page');
});

journey('Copy link on a first visit hands over and copies a link that reopens the run', async ({ open }) => {
  const page = await open(SUBPATH);
  await heading(page).waitFor();
  await page.getByLabel('Lesson', { exact: true }).selectOption('2');
  await button(page, 'Step').click();
  await button(page, 'Step').click();
  const timeline = await page.getByRole('listbox', { name: 'Timeline' }).textContent();
  await button(page, 'Copy link').click();
  await page.getByRole('alert').filter({ hasText: /the link/ }).waitFor();
  const link = await page.getByLabel('Link to copy').inputValue();
  assert.match(link, /#/);
  const other = await open(undefined);
  await other.goto(link);
  await heading(other).waitFor();
  assert.equal(await other.getByRole('listbox', { name: 'Timeline' }).textContent(), timeline);
});

journey('an import on a first visit opens the file in the full page; a bad one changes nothing', async ({ open }) => {
  const page = await open(SUBPATH);
  await heading(page).waitFor();
  const scenario = { format: 1, seed: 9, config: { strategy: 'newest-wins' }, actions: [{ at_ms: 0, action: { type: 'create-ticket', title: 'opera', price: 40 } }] };
  await page.getByLabel('Import scenario').setInputFiles({ name: 's.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.waitForFunction(() => [...document.querySelectorAll('select')].some((s) => s.value === 'newest-wins'));
  assert.equal(await page.getByLabel('Strategy', { exact: true }).inputValue(), 'newest-wins');
  await page.getByLabel('Import scenario').setInputFiles({ name: 'n.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scenario') });
  await page.getByRole('alert').filter({ hasText: /Nothing was changed/ }).waitFor();
  assert.equal(await page.getByLabel('Strategy', { exact: true }).inputValue(), 'newest-wins');
});

journey('the JS API on a first visit has the full module\'s names and runs there', async ({ open }) => {
  const page = await open(SUBPATH);
  await heading(page).waitFor();
  const got = await page.evaluate(async () => {
    const shim = Object.keys(window.wasmBindings).sort();
    const report = await window.wasmBindings.explore({ strategy: 'occ', scheme: 'increment', updates: 2, listeners: 2 });
    const full = Object.keys(window.wasmBindings).filter((k) => typeof window.wasmBindings[k] === 'function' && k !== 'default' && k !== 'initSync').sort();
    return { shim, full, states: report.states };
  });
  assert.deepEqual(got.shim, got.full, 'the loader lists every function the full module exports');
  assert.ok(got.states > 0);
  await button(page, 'Live view').waitFor();
});

journey('when the full module cannot be fetched the live view keeps working and a retry succeeds', async ({ base, open }) => {
  const page = await open();
  await page.route(FULL_WASM, (r) => r.abort());
  await page.goto(base + SUBPATH);
  await heading(page).waitFor();
  await button(page, 'Explorer').click();
  await page.getByRole('alert').filter({ hasText: /could not be loaded/ }).waitFor();
  await shot(page, 'first-visit-offline');
  await button(page, 'Step').click();
  assert.equal(await button(page, 'Live view').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByRole('listbox', { name: 'Timeline' }).textContent(), /save v0/);
  await page.unroute(FULL_WASM);
  await button(page, 'Explorer').click();
  await page.getByRole('heading', { name: 'Explorer', level: 2 }).waitFor();
}, { context: SERVICE_WORKERS_BLOCKED, expectedErrors: /occ-playground-\w+_bg\.wasm|Failed to fetch|net::ERR_FAILED/ });

journey('a lesson link (?lesson=) runs the first-visit module; the lesson is not saved until changed, there or after the hand-over', async ({ base, open }) => {
  const page = await open();
  const wasm = wasmFetched(page);
  await page.goto(base + SUBPATH + '?lesson=2&step=3');
  await heading(page).waitFor();
  assert.deepEqual(wasm, ['occ-live_bg.wasm']);
  assert.equal(await page.getByLabel('Lesson', { exact: true }).inputValue(), '1', 'lesson 2 (the select counts from 0)');
  assert.match(await page.locator('.app').textContent(), /step 3 ·/);
  const last = () => page.evaluate(() => localStorage.getItem('occ-playground/last'));
  await button(page, 'Step').click();
  assert.equal(await last(), null, 'an opened lesson is shown, not saved');
  // Handed over unchanged: still not saved by the full page.
  await button(page, 'Explorer').click();
  await page.getByRole('heading', { name: 'Explorer', level: 2 }).waitFor();
  await button(page, 'Live view').click();
  await page.waitForFunction(() => location.hash.length > 1);
  assert.equal(await last(), null, 'the full page keeps it unsaved too');
  assert.match(await page.locator('.app').textContent(), /step 4 ·/);
  // A change makes it the user's: now it is saved.
  await (await setting(page, 'Strategy')).selectOption('newest-wins');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('newest-wins'));
});

journey('a first visit with ?embed runs the full module at once', async ({ base, open }) => {
  const page = await open();
  const wasm = wasmFetched(page);
  await page.goto(base + SUBPATH + '?embed&lesson=1');
  await heading(page).waitFor();
  assert.deepEqual(wasm, ['occ-playground_bg.wasm']);
  await page.getByRole('link', { name: 'Open in the full playground' }).waitFor();
});

journey('when another tab saves meanwhile, the first-visit page hands its next save to the full page, which keeps both runs', async ({ open }) => {
  const page = await open(SUBPATH);
  await heading(page).waitFor();
  await page.getByLabel('Lesson', { exact: true }).selectOption('2');
  await (await setting(page, 'Strategy')).selectOption('newest-wins');
  await page.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('"lesson"'));
  // Another tab of the site (the full page) saves its own run.
  const other = await open(SUBPATH + '?lesson=5');
  await heading(other).waitFor();
  await (await setting(other, 'Strategy')).selectOption('newest-wins');
  await other.waitForFunction(() => localStorage.getItem('occ-playground/last')?.includes('newest-wins'));
  const theirs = await other.evaluate(() => JSON.parse(localStorage.getItem('occ-playground/last')));
  await other.close();
  // This page changes its run: it must not write over the other tab's.
  const strategy = 'prev-version';
  await (await setting(page, 'Strategy')).selectOption(strategy);
  await page.waitForFunction(() => typeof window.wasmBindings.default === 'function', null, { timeout: 30_000 });
  await page.waitForFunction((s) => JSON.parse(localStorage.getItem('occ-playground/last') ?? '{}').scenario?.config?.strategy === s, strategy);
  const recent = await page.evaluate(() => JSON.parse(localStorage.getItem('occ-playground/recent')));
  assert.ok(recent.some((r) => JSON.stringify(r.state.scenario) === JSON.stringify(theirs.scenario)), 'the other tab\'s run is in the recent runs');
  assert.equal(await page.getByLabel('Strategy', { exact: true }).inputValue(), strategy);
  assert.equal(await page.getByLabel('Lesson', { exact: true }).inputValue(), '2', 'the same run, handed over');
});

journey('a JS API call made before the first-visit module runs waits for it: one page, the call answered', async ({ base, open }) => {
  const page = await open();
  // The first-visit module arrives late, so the full one would be ready first.
  await page.route(/occ-live-\w+_bg\.wasm$/, async (r) => { await new Promise((ok) => setTimeout(ok, 1500)); await r.continue(); });
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    window.early = window.wasmBindings.explore({ strategy: 'occ', scheme: 'increment', updates: 2, listeners: 2 }).then((r) => r.states);
  }));
  await page.goto(base + SUBPATH);
  assert.ok(await page.evaluate(() => window.early) > 0);
  await heading(page).waitFor();
  await page.waitForTimeout(2000); // past the late module's arrival
  // Had it started now, Yew would have cleared the body for it: the page
  // would be the first-visit one, with nothing left to hand over to.
  assert.equal(await page.locator('.app').count(), 1);
  await button(page, 'Experiments').click();
  await page.getByRole('heading', { name: 'Experiments', level: 2 }).waitFor({ timeout: 5000 });
  await button(page, 'Live view').click();
  await button(page, 'Step').click();
  assert.match(await page.getByRole('listbox', { name: 'Timeline' }).textContent(), /save v0/);
});

// Issue 22: a first visit opens lesson 1 ready to play, its title and the
// start of its story, Play and the whole stage on the first screen of a
// phone (375 x 740, the stage drawn `Down`) and of a laptop (1280 x 800),
// nothing over anything else; on the phone the stage's text stays readable,
// the verdict thin, and its "?" inside the screen.
for (const [width, height, size] of [[375, 740, 'phone'], [1280, 800, 'laptop']]) {
  journey(`a first visit shows lesson 1's title and text, Play and the whole stage on one ${size} screen (${width}x${height})`, async ({ open }) => {
    for (const query of ['', '?lesson=1']) {
      const page = await open(SUBPATH + query, { width, height });
      await heading(page).waitFor();
      const box = async (locator) => {
        const b = await locator.boundingBox();
        assert.ok(b, `${locator} is drawn`);
        return { ...b, bottom: b.y + b.height, right: b.x + b.width };
      };
      const title = await box(page.getByRole('heading', { name: 'The problem: two listeners reorder updates' }));
      const story = await box(page.locator('.lesson-body'));
      const play = await box(button(page, 'Play'));
      const stage = await box(page.locator('.stage-svg'));
      const parts = { title, story, play, stage };
      for (const [name, b] of Object.entries(parts)) {
        assert.ok(b.y >= 0 && b.bottom <= height && b.x >= 0 && b.right <= width,
          `${size}${query}: the ${name} is on the first screen: y ${b.y}..${b.bottom}, x ${b.x}..${b.right}`);
      }
      const names = Object.keys(parts);
      for (const [i, a] of names.entries()) {
        for (const b of names.slice(i + 1)) {
          const [p, q] = [parts[a], parts[b]];
          const apart = p.bottom <= q.y || q.bottom <= p.y || p.right <= q.x || q.right <= p.x;
          assert.ok(apart, `${size}${query}: the ${a} and the ${b} do not overlap`);
        }
      }
      // The whole stage: its last box, Orders DB, is inside the svg on screen.
      const orders = await box(page.locator('.stage-svg .db-box').last());
      assert.ok(orders.bottom <= height, `${size}${query}: Orders DB ends at ${orders.bottom}`);
      if (size === 'phone') {
        const viewBox = await page.locator('.stage-svg').getAttribute('viewBox');
        const scale = stage.width / Number(viewBox.split(' ')[2]);
        // 12-unit titles, 11-unit notes (static/stage.css).
        assert.ok(12 * scale >= 11 && 11 * scale >= 10, `stage text at ${12 * scale} px`);
        const verdict = await box(page.getByRole('status').first());
        assert.ok(verdict.height <= 50, `the verdict takes ${verdict.height} px`);
        // A "?" (the verdict's, and one at the foot of the settings): its
        // sentence opens under it inside the screen, over its neighbours.
        await page.locator('details.settings > summary').click();
        for (const help of [page.getByRole('status').first().locator('.explain'), page.locator('.settings fieldset').last().locator('.explain').last()]) {
          await help.scrollIntoViewIfNeeded();
          await help.focus();
          const tip = await help.evaluate((el) => {
            const s = getComputedStyle(el, '::after');
            const cb = el.offsetParent;
            const left = cb.getBoundingClientRect().left + cb.clientLeft + parseFloat(s.left);
            const right = left + parseFloat(s.width) + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
            // The sentence's corners hit the "?" it belongs to (a pseudo-element's).
            const top = el.getBoundingClientRect().top + parseFloat(s.marginTop);
            const bottom = top + parseFloat(s.height) + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom);
            const seen = [left + 4, right - 4].every((x) => [top + 4, bottom - 4].every((y) => document.elementFromPoint(x, y) === el));
            return { open: s.content !== 'none', left, right, seen };
          });
          assert.ok(tip.open, 'the "?" opens its sentence on focus');
          assert.ok(tip.left >= 0 && tip.right <= width, `the "?" sentence spans ${tip.left}..${tip.right}`);
          assert.ok(tip.seen, 'nothing covers the sentence');
          await help.blur();
        }
        await page.locator('details.settings > summary').click();
        await page.evaluate(() => scrollTo(0, 0));
      }
      if (!query) await shot(page, `first-screen-${size}-opened`, { fullPage: false });
      if (!query) {
        // Mid-race and the end, for the eye (target/e2e/).
        await button(page, 'Play').click();
        await page.locator('.stage .token').nth(1).waitFor();
        await shot(page, `first-screen-${size}-playing`, { fullPage: false });
        await untilFinished(page);
        await shot(page, `first-screen-${size}-end`, { fullPage: false });
      }
      await page.close();
    }
  });
}
