// Shared set-up for the end-to-end journeys: a static server over dist/ (also
// under a course-like sub-path), Debian's Chromium driven by playwright-core,
// the `journey` fixture (every page it opens fails the journey on a console
// error or an uncaught exception), a Content-Security-Policy violation failing
// every test (`launch`) and screenshots in target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const DIST = process.env.DIST ?? new URL('../../dist/', import.meta.url).pathname;
export const SHOTS = new URL('../../target/e2e/', import.meta.url).pathname;
export const SUBPATH = '/courses/x/playground/';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};

// Serves dist/ at `/` and at SUBPATH, so relative asset paths are exercised.
export async function startServer() {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/host.html') {
      // A stand-in course page; tests fill it with setContent.
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>host</title><link rel="icon" href="data:,">');
      return;
    }
    if (path.startsWith(SUBPATH)) path = '/' + path.slice(SUBPATH.length);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((ok) => server.close(ok)) };
}

// Every page of every test fails on a Content-Security-Policy violation, so
// the policy (index.html) is known to be tight and to break nothing: each
// frame reports one as a console error (which a journey fails on), and the
// browser, closed at the end of every test file, throws for any it saw.
const VIOLATION = 'Content-Security-Policy violation';
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`Content-Security-Policy violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile || e.documentURI}:${e.lineNumber} (${e.sample})`);
  });
}
function policed(browser) {
  const seen = [];
  const watched = async (context) => {
    await context.addInitScript(reportViolations);
    context.on('console', (m) => {
      if (m.text().startsWith(VIOLATION) && !context.provokesViolations) seen.push(m.text());
    });
    return context;
  };
  const [newContext, close] = [browser.newContext, browser.close].map((f) => f.bind(browser));
  // browser.newPage makes its context through this too.
  browser.newContext = async (options) => watched(await newContext(options));
  browser.close = async () => {
    await close();
    assert.deepEqual(seen, [], 'no Content-Security-Policy violations');
  };
  return browser;
}

export async function launch() {
  return policed(await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  }));
}

const DESKTOP = { width: 1280, height: 900 };

// For a journey that changes or refuses the build's files with page.route:
// Playwright's routes never see a request the service worker answers (from
// its cache, precached past the routes), so such a journey runs without it.
export const SERVICE_WORKERS_BLOCKED = { serviceWorkers: 'block' };

// Records console errors and uncaught exceptions of `page` in `errors`.
export function watch(page, errors) {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e}`));
  return page;
}

// One server and one browser for the file's journeys. `journey(name, fn,
// options)` runs `fn({ base, open })` in a fresh browser context (its own
// storage; `options.context` is passed to newContext, e.g. permissions;
// `options.expectedErrors`, a RegExp, names the console errors a journey
// provokes on purpose; `options.provokesViolations` lets the policy's refusals
// it provokes on purpose pass, as console errors it still has to expect).
// `open(path, viewport)` opens a watched page; after `fn`, the journey fails
// if any page logged a console error or threw.
export function journeys() {
  let server, browser;
  before(async () => { server = await startServer(); browser = await launch(); });
  after(async () => { await browser?.close(); await server?.close(); });
  return function journey(name, fn, options = {}) {
    test(name, { timeout: options.timeout ?? 180_000 }, async () => {
      const context = await browser.newContext({ viewport: DESKTOP, ...options.context });
      context.provokesViolations = options.provokesViolations === true;
      const errors = [];
      const open = async (path, viewport) => {
        const page = watch(await context.newPage(), errors);
        if (viewport) await page.setViewportSize(viewport);
        if (path !== undefined) await page.goto(server.base + path);
        return page;
      };
      try {
        await fn({ base: server.base, open });
      } finally {
        await context.close();
      }
      const unexpected = errors.filter((e) => !options.expectedErrors?.test(e));
      assert.deepEqual(unexpected, [], 'no console errors or uncaught exceptions');
    });
  };
}

// The page in `open`'s shape for scripts outside node:test (make bench-web);
// `options` go to newPage (e.g. `serviceWorkers: 'block'`, SERVICE_WORKERS_BLOCKED).
export async function openPage(browser, url, viewport = DESKTOP, options = {}) {
  const page = await browser.newPage({ viewport, ...options });
  const errors = [];
  watch(page, errors);
  await page.goto(url);
  return { page, errors };
}

// The whole page, or with `{ fullPage: false }` the screen as the user sees it.
export async function shot(page, name, { fullPage = true } = {}) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

// A screenshot at the current size and one at 375 px wide.
export async function bothSizes(page, name) {
  await shot(page, `${name}-desktop`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 812 });
  await shot(page, `${name}-375`);
  await page.setViewportSize(size);
}

// Waits until the run is over: the Play button comes back disabled.
export async function untilFinished(page, timeout = 30_000) {
  await page.waitForFunction(() => {
    const play = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Play');
    return play && play.disabled;
  }, null, { timeout });
}

// Settings and faults start folded in a lesson: open them if `label`'s field
// or button is hidden, then return it.
export async function setting(page, label, role) {
  const field = role ? page.getByRole(role, { name: label, exact: true }) : page.getByLabel(label, { exact: true });
  if (!(await field.isVisible())) await page.locator('details.settings > summary').click();
  return field;
}

// The free sandbox (one ticket, naive listeners), one choice away from the
// lesson a new visitor lands on.
export async function freePlay(page) {
  await page.getByLabel('Lesson', { exact: true }).selectOption('none');
  await page.getByRole('table', { name: 'Tickets database' }).getByText('CZQ').waitFor();
}
