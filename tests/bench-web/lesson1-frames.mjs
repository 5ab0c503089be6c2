// Lesson 1 as a new visitor plays it: the plain address, Play at normal
// speed, a screenshot every 150 ms until the verdict, at 1280x800 and
// 375x740. Frames go to target/lesson1/ (look at them: that is what a
// student sees). Not a test: `node tests/bench-web/lesson1-frames.mjs`
// after `make dist`.
import { mkdir } from 'node:fs/promises';
import { startServer, launch, SUBPATH } from '../e2e/harness.mjs';

const OUT = new URL('../../target/lesson1/', import.meta.url).pathname;
await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  for (const [w, h, name] of [[1280, 800, 'desktop'], [375, 740, 'phone']]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(server.base + SUBPATH);
    await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
    const box = async (loc) => (await loc.first().boundingBox()) ?? {};
    const play = await box(page.getByRole('button', { name: 'Play', exact: true }));
    const stage = await box(page.locator('.stage-svg'));
    const text = await box(page.locator('.lesson-text'));
    console.log(`${name}: lesson text y ${Math.round(text.y)}..${Math.round(text.y + text.height)}, Play y ${Math.round(play.y)}, stage y ${Math.round(stage.y)}..${Math.round(stage.y + stage.height)} (screen ${h})`);
    await page.screenshot({ path: `${OUT}${name}-00-opened.png` });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const started = Date.now();
    for (let i = 1; i <= 60; i++) {
      await page.waitForTimeout(150);
      const clock = await page.locator('.clock').textContent();
      await page.screenshot({ path: `${OUT}${name}-${String(i).padStart(2, '0')}.png` });
      if (await page.getByRole('button', { name: 'Play', exact: true }).isVisible()) {
        console.log(`${name}: finished after ${Date.now() - started} ms of wall time, ${clock}, frame ${i}`);
        break;
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
