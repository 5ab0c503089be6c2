// The release build loads, the WASM runs (text only Rust renders appears), and
// nothing is logged as an error, both at the root and under a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, shot, SUBPATH } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const [name, path] of [['root', '/'], ['subpath', SUBPATH]]) {
  test(`the app shell renders from ${name}`, async () => {
    const { page, errors } = await openPage(browser, server.base + path);
    await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
    for (const service of ['Tickets service', 'NATS Streaming', 'Orders service']) {
      assert.ok(await page.getByRole('heading', { name: service }).isVisible(), `${service} visible`);
    }
    await shot(page, `shell-${name}-desktop`);
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, `shell-${name}-375`);
    assert.deepEqual(errors, [], 'no console errors');
    await page.close();
  });
}
