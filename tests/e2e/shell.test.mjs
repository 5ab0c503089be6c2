// The release build loads, the WASM runs (text only Rust renders appears), and
// nothing is logged as an error, both at the root and under a sub-path.
import assert from 'node:assert/strict';
import { journeys, shot, SUBPATH } from './harness.mjs';

const journey = journeys();

for (const [name, path] of [['root', '/'], ['subpath', SUBPATH]]) {
  journey(`the app shell renders from ${name}`, async ({ open }) => {
    const page = await open(path);
    await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
    for (const service of ['Tickets service', 'NATS Streaming', 'Orders service']) {
      assert.ok(await page.getByRole('heading', { name: service }).isVisible(), `${service} visible`);
    }
    await shot(page, `shell-${name}-desktop`);
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, `shell-${name}-375`);
  });
}
