// Issue 24, the page side: Settings' Broker choice on a first visit. The
// first-visit module (occ-live) runs NATS Streaming only, so picking
// JetStream hands the run over to the full module (src/app/effects/handover.rs,
// `Then::Broker`), which opens the same run and switches it there; playing it,
// the stage reads JetStream's words from the engine's state (src/stage/broker.rs).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { journeys, setting, shot, untilFinished, SUBPATH } from './harness.mjs';

// axe, evaluated by the driver as in a11y.test.mjs (the page's policy runs no
// script it did not ship).
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
  });
}

const journey = journeys();
const button = (page, name) => page.getByRole('button', { name, exact: true });

journey('picking JetStream on a first visit hands over, plays, and the stage draws the stream and its pull consumer', async ({ base, open }) => {
  const page = await open();
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await page.goto(base + SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(wasm.every((f) => f.startsWith('occ-live')), `only the first-visit module so far: ${wasm}`);

  const broker = await setting(page, 'Broker');
  await broker.selectOption('jetstream');
  // The full page takes over and applies the choice.
  await page.waitForFunction(() => {
    const s = document.getElementById('broker');
    return s && s.value === 'jetstream';
  }, null, { timeout: 20_000 });
  assert.ok(wasm.some((f) => f.startsWith('occ-playground')), 'the full module came');
  assert.equal(await page.locator('.app').count(), 1, 'one page, the full one');
  const stage = page.locator('svg.stage-svg').first();
  await stage.getByText('JetStream: stream TICKETS').waitFor();
  await stage.getByText('pull consumer').first().waitFor();
  // JetStream's own knob shows now, with the engine's range.
  const map = await setting(page, 'MaxAckPending');
  assert.equal(await map.inputValue(), '1000');
  assert.equal(await map.getAttribute('max'), '100000');
  // The nak's delay shows only once the listener naks.
  assert.equal(await page.locator('#nak-delay').count(), 0);
  await page.locator('#nak').check();
  await page.locator('#nak-delay').waitFor();
  assert.deepEqual(await violations(page), [], 'the broker knobs pass axe');

  await button(page, 'Play').click();
  await untilFinished(page);
  await stage.getByText(/^unacked \d+ ?\/ ?(MaxAckPending )?1000$/).waitFor();
  await stage.getByText(/^(pulls: [A-H]( [A-H])*|no pulls waiting|\d+ pulls)$/).first().waitFor();
  await shot(page, 'broker-jetstream-1280', { fullPage: false });
  await page.setViewportSize({ width: 375, height: 740 });
  await stage.scrollIntoViewIfNeeded();
  await shot(page, 'broker-jetstream-375', { fullPage: false });
});

// Kafka on a first visit: the hand-over, then the rebalance lesson played to
// its end: topic tickets drawn as partition lanes, each with its owner and
// its committed offset against its end offset (src/stage/kafka.rs), and the
// verdict Stalled (the replayed record blocks its partition).
journey('picking Kafka on a first visit hands over; the rebalance lesson ends Stalled with partition lanes, owners and offsets', async ({ base, open }) => {
  const page = await open();
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await page.goto(base + SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(wasm.every((f) => f.startsWith('occ-live')), `only the first-visit module so far: ${wasm}`);

  const broker = await setting(page, 'Broker');
  await broker.selectOption('kafka');
  await page.waitForFunction(() => {
    const s = document.getElementById('broker');
    return s && s.value === 'kafka';
  }, null, { timeout: 20_000 });
  assert.ok(wasm.some((f) => f.startsWith('occ-playground')), 'the full module came');
  // Kafka's knobs show, with the engine's ranges; JetStream's do not.
  const partitions = await setting(page, 'Partitions');
  assert.equal(await partitions.inputValue(), '3');
  assert.equal(await partitions.getAttribute('max'), '16');
  assert.equal(await page.locator('#max-ack-pending').count(), 0);
  await page.locator('#retry-backoff').waitFor();
  await page.locator('#on-refuse').selectOption('skip-and-commit');
  await page.waitForFunction(() => !document.getElementById('retry-backoff'));
  assert.deepEqual(await violations(page), [], 'the Kafka knobs pass axe');

  // The lesson brings its own settings (Kafka, retry in place).
  const lesson = page.getByLabel('Lesson', { exact: true });
  const value = await lesson.evaluate((s) =>
    [...s.options].find((o) => o.textContent.includes('until a rebalance replays')).value);
  await lesson.selectOption(value);
  const stage = page.locator('svg.stage-svg').first();
  await stage.getByText('Kafka: topic tickets').waitFor();
  await (await setting(page, 'Speed')).selectOption({ label: 'full speed' });
  await button(page, 'Play').click();
  // Stalled: the live run keeps retrying in place (the page loops a
  // livelock rather than stopping it), so wait for the verdict, then pause.
  await page.locator('.verdict .verdict-word', { hasText: 'Stalled' }).first().waitFor({ timeout: 120_000 });
  await button(page, 'Pause').click();
  for (const p of [0, 1]) await stage.getByText(new RegExp(`^P${p} · (owner )?A · (committed )?0( of |/)0$`)).waitFor();
  // CZQ's partition: B owns it again after the rebalance, committed past
  // offset 0 of 3; offset 1, replayed, waits in its lane.
  await stage.getByText(/^P2 · (owner )?B · (committed )?1( of |\/)3$/).waitFor();
  await stage.getByText('consumer group').waitFor();
  // The panel below the stage and the timeline speak Kafka too.
  const panel = page.locator('section.panel.broker');
  assert.equal(await panel.getByRole('heading', { level: 2 }).textContent(), 'Kafka: topic tickets');
  await panel.getByRole('heading', { name: /^Consumer group orders-service/ }).waitFor();
  await panel.getByText(/^No manual delivery under Kafka/).waitFor();
  assert.ok((await page.locator('.tl-lane').allTextContents()).includes('Kafka'), 'the timeline names the broker');
  await shot(page, 'broker-kafka-1280', { fullPage: false });
  await page.setViewportSize({ width: 375, height: 740 });
  await stage.scrollIntoViewIfNeeded();
  // The stage is drawn Down now: let the tokens' short glide settle.
  await stage.getByText(/^P2 · B · (committed )?1\/3$/).waitFor();
  await page.waitForTimeout(1000);
  await shot(page, 'broker-kafka-375', { fullPage: false });
});
