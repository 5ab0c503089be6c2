// Journeys through the live view: reproduce the lecture's bug, watch the fix work,
// the mystery source, two editors, and time travel. Screenshots in target/e2e/.
import assert from 'node:assert/strict';
import { journeys, freePlay, setting, shot, bothSizes, untilFinished, SUBPATH } from './harness.mjs';

const journey = journeys();

const verdict = (page) => page.getByRole('status').first();

async function fresh(open, viewport) {
  const page = await open(SUBPATH, viewport);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  return page;
}

async function selectOption(page, label, value) {
  await (await setting(page, label)).selectOption(value);
}

// Plays at full speed until the run is over (the Play button comes back
// disabled). A setting changed late may replay the run to its end already.
async function playToEnd(page) {
  await selectOption(page, 'Speed', '1000000');
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if (await play.isEnabled()) {
    await play.click();
    await untilFinished(page);
  }
}

journey('naive listeners diverge on the lecture scenario; occ converges after redeliveries', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '0');
  await page.getByText('Try this:').waitFor();
  await playToEnd(page);
  await assert.doesNotReject(verdict(page).getByText('Diverged').waitFor());
  const reason = await verdict(page).textContent();
  assert.match(reason, /Orders has price 10 for ticket CZQ; Tickets has 15/);
  const orders = page.getByRole('table', { name: 'Orders database' });
  assert.match(await orders.textContent(), /diverged/);
  await bothSizes(page, 'naive-diverged');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400); // let the colour transitions finish
  await shot(page, 'naive-diverged-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await selectOption(page, 'Strategy', 'occ');
  await playToEnd(page);
  await verdict(page).getByText('Consistent').waitFor();
  assert.match(await orders.textContent(), /CZQconcert15/);
  assert.match(await orders.textContent(), /in sync/);
  const timeline = page.getByRole('listbox', { name: 'Timeline' });
  assert.ok(await timeline.isVisible());
  await bothSizes(page, 'occ-converged');
});

journey('the mystery source (+100) stalls occ but not prev-version', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '6');
  assert.equal(await page.getByLabel('Strategy', { exact: true }).inputValue(), 'occ');
  assert.equal(await page.getByLabel('Version scheme').inputValue(), 'step100');
  // A poison loop never ends: Play goes on redelivering while the verdict
  // already says Stalled, and the run can be paused there.
  await selectOption(page, 'Speed', '1000000');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await verdict(page).getByText('Stalled').waitFor();
  assert.match(await verdict(page).textContent(), /redelivered forever/);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await bothSizes(page, 'mystery-occ-stalled');
  await selectOption(page, 'Strategy', 'prev-version');
  await playToEnd(page);
  await verdict(page).getByText('Consistent').waitFor();
  await bothSizes(page, 'mystery-prev-version');
});

journey('two editors: the second save fails with a version error', async ({ open }) => {
  const page = await fresh(open);
  // The free sandbox has ticket CZQ at price 5, version 0.
  await freePlay(page);
  await page.getByLabel('New price').fill('10');
  await page.getByLabel("Second editor's price").fill('15');
  await page.getByRole('button', { name: 'Two editors' }).click();
  await playToEnd(page);
  const tickets = page.getByRole('table', { name: 'Tickets database' });
  assert.match(await tickets.textContent(), /CZQconcert10/);
  const steps = await page.locator('.tl-row').allTextContents();
  const details = await page.getByRole('listbox', { name: 'Timeline' }).innerHTML();
  assert.match(details + steps.join(' '), /version.error/i);
  await bothSizes(page, 'two-editors');
});

journey('step back then forward gives the same state', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '0');
  for (let i = 0; i < 9; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  // Read once step 9 has drawn: a click returns before Yew re-renders, and
  // one render draws every panel.
  const snapshot = async () => [
    await page.locator('.clock', { hasText: /step 9\b/ }).textContent(),
    await page.getByRole('table', { name: 'Orders database' }).textContent(),
    await page.getByRole('table', { name: 'Tickets database' }).textContent(),
    await verdict(page).textContent(),
    await page.locator('section.broker').textContent(),
  ];
  const before = await snapshot();
  assert.match(before[0], /step 9\b/);
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.match(await page.locator('.clock').textContent(), /step 8\b/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.deepEqual(await snapshot(), before);
  // The keyboard does the same: ArrowLeft steps back, ArrowRight steps forward.
  await page.locator('h1').click();
  await page.keyboard.press('ArrowLeft');
  assert.match(await page.locator('.clock').textContent(), /step 8\b/);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await snapshot(), before);
  await bothSizes(page, 'time-travel');
});

journey('an out-of-range number shows a message and changes nothing', async ({ open }) => {
  const page = await fresh(open);
  await (await setting(page, 'Listeners')).fill('12');
  await page.getByLabel('Listeners', { exact: true }).press('Enter');
  await page.getByText('Enter a whole number from 1 to 8.').waitFor();
  assert.equal(await page.locator('.member-chip').count(), 2);
  await shot(page, 'bad-input');
});

// Every row of the (virtualized) timeline, scrolling it through: accessible names (the text) in step order.
async function allRows(page) {
  return page.evaluate(async () => {
    const box = document.querySelector('.tl-scroll');
    const seen = new Map();
    for (let top = 0; ; top += box.clientHeight / 2) {
      box.scrollTop = top;
      box.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const row of box.querySelectorAll('.tl-row')) seen.set(Number(row.dataset.index), row.textContent);
      if (top > box.scrollHeight) break;
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, label]) => label);
  });
}

journey('lesson 1 played shows the events in the order its text states', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '0');
  const text = await page.locator('.lesson-text').textContent();
  assert.match(text, /Listener A gets the first update, listener B the second\. B finishes first/);
  await playToEnd(page);
  const rows = await allRows(page);
  const at = (re) => rows.findIndex((r) => re.test(r));
  const aGets10 = at(/^(Warning: )?deliver updated #\d+ v1, .* to Listener A$/);
  const bGets15 = at(/^(Warning: )?deliver updated #\d+ v2, .* to Listener B$/);
  const bWrites15 = at(/^(Warning: )?write updated #\d+ v2, .*Listener B to Orders DB$/);
  const aWrites10 = at(/^(Warning: )?write updated #\d+ v1, .*Listener A to Orders DB$/);
  assert.ok(aGets10 >= 0 && bGets15 >= 0, rows.join('\n'));
  assert.ok(bWrites15 >= 0 && aWrites10 > bWrites15, `B writes 15 before A writes 10:\n${rows.join('\n')}`);
  await verdict(page).getByText('Diverged').waitFor();
});

journey('Reset after Play goes back to the start of the lesson, and Play reaches the same verdict', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '0');
  await playToEnd(page);
  const first = await verdict(page).textContent();
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  assert.match(await page.locator('.clock').textContent(), /step 0\b/);
  assert.ok(await page.getByRole('button', { name: 'Play', exact: true }).isEnabled(), 'Play is enabled');
  assert.match(await page.locator('.lesson-text').textContent(), /Press Play/);
  await playToEnd(page);
  assert.equal(await verdict(page).textContent(), first);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  assert.match(await page.getByRole('table', { name: 'Tickets database' }).textContent(), /No tickets \(none created, or all deleted\)/);
});

journey('changing the strategy at step 1 keeps the ticket', async ({ open }) => {
  const page = await fresh(open);
  await selectOption(page, 'Lesson', '0');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const tickets = page.getByRole('table', { name: 'Tickets database' });
  assert.match(await tickets.textContent(), /CZQconcert5/);
  await selectOption(page, 'Strategy', 'occ');
  assert.match(await tickets.textContent(), /CZQconcert5/, 'the ticket is still there');
  assert.match(await page.locator('.clock').textContent(), /step 1\b/);
});

// Issue 22: on a phone the timeline is a list, one row per step (time, who,
// what, in words that wrap), nothing cut and nothing to scroll sideways; a
// wide screen keeps the diagram. Lesson 1, and lesson 4 (refusals,
// redeliveries, the longest words).
journey('on a phone the timeline is a list whose rows say each step in full', async ({ open }) => {
  const page = await fresh(open, { width: 375, height: 740 });
  for (const lesson of ['0', '3']) {
    await selectOption(page, 'Lesson', lesson);
    await playToEnd(page);
    const rows = await page.evaluate(async () => {
      const box = document.querySelector('.tl-scroll');
      const seen = new Map();
      for (let top = 0; ; top += box.clientHeight / 2) {
        box.scrollTop = top;
        box.dispatchEvent(new Event('scroll'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (const row of box.querySelectorAll('.tl-row')) {
          const words = row.querySelector('.tl-words');
          seen.set(Number(row.dataset.index), {
            text: words?.textContent ?? '',
            cut: !words || words.scrollHeight > words.clientHeight + 1 || words.scrollWidth > words.clientWidth + 1,
          });
        }
        if (top > box.scrollHeight) break;
      }
      box.scrollTop = 0;
      box.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { rows: [...seen.values()], sideways: box.scrollWidth > box.clientWidth + 1 };
    });
    assert.ok(rows.rows.length >= 8, `lesson ${lesson}: ${rows.rows.length} rows`);
    assert.equal(rows.sideways, false, `lesson ${lesson}: the list does not scroll sideways`);
    assert.deepEqual(rows.rows.filter((r) => r.cut).map((r) => r.text), [], `lesson ${lesson}: no row is cut`);
    assert.match(rows.rows[0].text, /^Tickets: save v0$/);
    assert.ok(rows.rows.some((r) => /^NATS to Listener A: deliver /.test(r.text)), 'who, then what');
  }
  await page.locator('.timeline-panel').scrollIntoViewIfNeeded();
  await shot(page, 'timeline-phone-list', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('.tl-arrow').first().waitFor();
  assert.equal(await page.locator('.tl-words').count(), 0, 'a wide screen draws the diagram');
});
