// Issue 28, the page side: the two Destroy lessons played to the verdicts
// their text promises, the tombstone that fixes them (Settings' Deletes), and
// the Tickets panel's Delete button: ticket:deleted on its own channel, the
// record out of Tickets' table, the deleted rows struck through on the stage.
import assert from 'node:assert/strict';
import { journeys, setting, shot, SUBPATH } from './harness.mjs';

const journey = journeys();
const button = (page, name) => page.getByRole('button', { name, exact: true });
const verdict = (page, word) => page.locator('.verdict .verdict-word', { hasText: word }).first();

async function playToVerdict(page, word) {
  await (await setting(page, 'Speed')).selectOption({ label: 'full speed' });
  await button(page, 'Play').click();
  // A poison loop never ends by itself: wait for the verdict, then pause.
  await verdict(page, word).waitFor({ timeout: 120_000 });
  if (await button(page, 'Pause').isVisible()) await button(page, 'Pause').click();
}

journey('lesson 15: naive brings a deleted ticket back to life; a tombstone keeps it deleted', async ({ base, open }) => {
  const page = await open();
  await page.goto(base + SUBPATH + '?lesson=delete-resurrection');
  await page.getByRole('heading', { name: 'Destroy: the ticket that comes back to life' }).first().waitFor();
  await playToVerdict(page, 'Diverged');
  // The checker's words name the ticket Tickets deleted.
  await page.getByText(/Orders still has ticket CZQ, which Tickets deleted at version \d+/).first().waitFor();
  const stage = page.locator('svg.stage-svg').first();
  assert.ok(await stage.locator('.db-row.deleted').count() >= 1, 'the deleted record is drawn struck through');
  await shot(page, 'delete-resurrection-1280', { fullPage: false });
  await page.setViewportSize({ width: 375, height: 740 });
  await shot(page, 'delete-resurrection-375', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });

  await (await setting(page, 'Deletes')).selectOption('tombstone');
  await button(page, 'Reset').click();
  await playToVerdict(page, 'Consistent');
  assert.ok(await stage.locator('.db-row.deleted').count() >= 2, 'Tickets\' deleted record and Orders\' tombstone, both struck through');
  await shot(page, 'delete-tombstone-1280', { fullPage: false });
});

journey('lesson 14: a late duplicate after a hard delete loops forever under the course\'s OCC', async ({ base, open }) => {
  const page = await open();
  await page.goto(base + SUBPATH + '?lesson=delete-poison-loop');
  await page.getByRole('heading', { name: 'Destroy: a late duplicate after the delete' }).first().waitFor();
  await playToVerdict(page, 'Stalled');
  await shot(page, 'delete-poison-loop-1280', { fullPage: false });
});

journey('the Delete button publishes ticket:deleted, takes the record out of Tickets\' table and strikes the row through', async ({ base, open }) => {
  const page = await open();
  await page.goto(base + SUBPATH + '?lesson=1');
  await playToVerdict(page, 'Diverged');
  const tickets = page.locator('form').filter({ has: button(page, 'Delete') });
  await button(page, 'Delete').click();
  // The delete travels on its own channel (the stage's token names it), and
  // a second Delete of the same ticket is refused in words, the page still
  // working.
  const stage = page.locator('svg.stage-svg').first();
  await stage.locator('title', { hasText: /^ticket:deleted #1: CZQ .* version \d+/ }).first().waitFor({ state: 'attached' });
  await playToVerdict(page, 'Consistent');
  assert.ok(await stage.locator('.db-row.deleted').count() >= 1);
  // Tickets keeps the deleted record out of its table: nothing is left to
  // update or delete (a second delete is refused by the engine, in words:
  // tests/engine_deletes.rs).
  assert.equal(await tickets.count(), 0, 'no update form without a ticket');
  await page.locator('.panel.tickets td.empty').waitFor();
  await shot(page, 'delete-button-1280', { fullPage: false });
});
