// Journeys through the experiments and explorer tabs: run the lecture's
// "repeat 200x" and read the chart, cancel a big run, open a diverged trial
// and the explorer's counterexample in the live view. Screenshots in
// target/e2e/. (Throughput and long tasks are measured by `make bench-web`.)
import assert from 'node:assert/strict';
import { journeys, shot, bothSizes, SUBPATH } from './harness.mjs';

const journey = journeys();

const verdict = (page) => page.getByRole('status').first();
const button = (page, name) => page.getByRole('button', { name, exact: true });

async function fresh(open, tab, viewport) {
  const page = await open(SUBPATH, viewport);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  if (tab) {
    await button(page, tab).click();
    await page.getByRole('heading', { name: tab, level: 2 }).waitFor();
  }
  return page;
}

async function runAndWait(page, timeout = 60_000) {
  await button(page, 'Run').click();
  await page.locator('.run-status', { hasText: /^Finished/ }).waitFor({ timeout });
}

// "120 consistent · 80 diverged · 0 stalled" for each strategy row of the charts.
async function chartNumbers(page) {
  const texts = await page.locator('svg.outcome-chart .chart-numbers').allTextContents();
  return texts.map((t) => {
    const [, c, d, s] = t.match(/(\d+) consistent · (\d+) diverged · (\d+) stalled/);
    return { consistent: +c, diverged: +d, stalled: +s };
  });
}

journey('a 200-trial naive experiment: the chart adds up and shows divergence; a trial opens diverged', async ({ open }) => {
  const page = await fresh(open, 'Experiments');
  assert.equal(await page.getByLabel('Trials', { exact: true }).inputValue(), '200');
  await runAndWait(page);
  const [naive] = await chartNumbers(page);
  assert.equal(naive.consistent + naive.diverged + naive.stalled, 200);
  assert.ok(naive.diverged > 0, JSON.stringify(naive));
  const table = page.getByRole('table', { name: /Trials by outcome/ });
  assert.match(await table.textContent(), /naive/);
  assert.match(await page.getByRole('img', { name: /Outcomes per strategy/ }).getAttribute('aria-label'), /diverged/);
  await bothSizes(page, 'experiments-naive');

  await page.getByRole('button', { name: /^Open trial \d+ \(diverged\)$/ }).first().click();
  await verdict(page).getByText('Diverged').waitFor();
  assert.match(await verdict(page).textContent(), /Orders has price/);
  // Back on the experiments tab the results are still there.
  await button(page, 'Experiments').click();
  await page.locator('svg.outcome-chart').waitFor();
});

journey('all strategies x all schemes fill the matrix; a failing cell opens its trial', async ({ open }) => {
  const page = await fresh(open, 'Experiments');
  await page.getByLabel('Strategy', { exact: true }).selectOption('all');
  await page.getByLabel('Version scheme', { exact: true }).selectOption('all');
  await runAndWait(page);
  const matrix = page.getByRole('table', { name: /Strategy × version scheme/ });
  const cells = await matrix.locator('td').allTextContents();
  assert.equal(cells.length, 15);
  assert.match(cells[0], /^diverges/, 'naive with increment');
  assert.match(cells[4], /^stalls/, 'occ with step100');
  assert.match(cells[3], /^converges/, 'occ with increment');
  for (const numbers of await chartNumbers(page)) {
    assert.equal(numbers.consistent + numbers.diverged + numbers.stalled, 200);
  }
  await bothSizes(page, 'experiments-matrix');
  await matrix.getByRole('button', { name: /^occ with step100 stalls/ }).click();
  await verdict(page).getByText('Stalled').waitFor();
});

journey('a large run can be cancelled: progress stops and says so', async ({ open }) => {
  const page = await fresh(open, 'Experiments');
  await page.getByLabel('Trials', { exact: true }).fill('100000');
  await page.getByLabel('Updates per trial').fill('200');
  await button(page, 'Run').click();
  const progress = page.locator('#exp-progress');
  await page.waitForFunction(() => Number(document.querySelector('#exp-progress')?.value) > 0);
  assert.ok(await progress.isVisible());
  await shot(page, 'experiments-running-desktop');
  await button(page, 'Cancel').click();
  const status = page.locator('.run-status');
  await status.filter({ hasText: /^Cancelled after/ }).waitFor();
  const said = await status.textContent();
  assert.match(said, /of 100,000 trials/);
  await page.waitForTimeout(500);
  assert.equal(await status.textContent(), said, 'no progress after cancel');
  assert.equal(await progress.count(), 0);
  assert.ok(await button(page, 'Run').isEnabled());
});

journey("the explorer's counterexample opens in the live view and steps to Diverged", async ({ open }) => {
  const page = await fresh(open, 'Explorer');
  await page.getByText(/at most about 139 distinct states/).waitFor();
  await button(page, 'Explore').click();
  await page.getByRole('heading', { name: /Shortest counterexample/ }).waitFor();
  const choices = await page.locator('ol.choices li').count();
  assert.equal(choices, 9);
  assert.match(await page.locator('.explore-results').textContent(), /schedules through \d+ distinct states/);
  await bothSizes(page, 'explorer-naive');

  // Above the limit: refused in words, nothing runs.
  await page.getByLabel('Updates', { exact: true }).fill('10');
  await page.getByLabel('Listeners', { exact: true }).fill('4');
  await page.getByLabel('Listeners', { exact: true }).blur();
  await page.getByText(/more than this page explores/).first().waitFor();
  await button(page, 'Explore').click();
  await page.getByRole('alert').filter({ hasText: /^Not run\./ }).waitFor();
  assert.equal(await page.locator('#xp-progress').count(), 0);
  await page.getByLabel('Updates', { exact: true }).fill('2');
  await page.getByLabel('Listeners', { exact: true }).fill('2');
  await page.getByLabel('Listeners', { exact: true }).blur();
  await button(page, 'Explore').click();
  await button(page, 'Open in the live view').click();

  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText("Replaying the explorer's schedule").waitFor();
  assert.doesNotMatch(await verdict(page).textContent(), /Diverged/);
  for (let i = 0; i < choices; i++) await button(page, 'Step').click();
  await verdict(page).getByText('Diverged').waitFor();
  assert.ok(await button(page, 'Step').isDisabled(), 'the schedule is over');
  await button(page, 'Step back').click();
  assert.doesNotMatch(await verdict(page).textContent(), /Diverged/);
  await button(page, 'Step').click();
  await verdict(page).getByText('Diverged').waitFor();
  await bothSizes(page, 'explorer-counterexample-live');
});

journey("under JetStream the explorer's counterexample steps in the live view on the stream's stage; Kafka's one schedule is consistent", async ({ open }) => {
  const page = await fresh(open, 'Explorer');
  await page.getByLabel('Broker', { exact: true }).selectOption('jetstream');
  await button(page, 'Explore').click();
  const title = page.getByRole('heading', { name: /Shortest counterexample: \d+ choices, ends diverged/ });
  await title.waitFor();
  const choices = Number((await title.textContent()).match(/(\d+) choices/)[1]);
  assert.equal(await page.locator('ol.choices li').count(), choices);
  assert.match(await page.locator('.explore-results').textContent(), /under JetStream/);
  await button(page, 'Open in the live view').click();

  await page.getByText("Replaying the explorer's schedule").waitFor();
  const stage = page.locator('svg.stage-svg').first();
  await stage.getByText('JetStream: stream TICKETS').waitFor();
  // The panel below the stage speaks JetStream too, and offers no manual
  // delivery (the engine's Route is NATS Streaming's).
  const panel = page.locator('section.panel.broker');
  assert.equal(await panel.getByRole('heading', { level: 2 }).textContent(), 'JetStream: stream TICKETS');
  await panel.getByRole('heading', { name: 'ticket.created.*' }).waitFor();
  await panel.getByRole('heading', { name: /^Pull consumer orders-service/ }).waitFor();
  await panel.getByText(/^No manual delivery under JetStream/).waitFor();
  assert.equal(await panel.getByText('You are the network').count(), 0);
  assert.ok((await page.locator('.tl-lane').allTextContents()).includes('JetStream'), 'the timeline names the broker');
  assert.doesNotMatch(await verdict(page).textContent(), /Diverged/);
  for (let i = 0; i < choices; i++) await button(page, 'Step').click();
  await verdict(page).getByText('Diverged').waitFor();
  assert.ok(await button(page, 'Step').isDisabled(), 'the schedule is over');
  await bothSizes(page, 'explorer-jetstream-live');

  await button(page, 'Explorer').click();
  await page.getByLabel('Broker', { exact: true }).selectOption('kafka');
  await button(page, 'Explore').click();
  await page.getByText('No counterexample: every schedule ends consistent.').waitFor();
});
