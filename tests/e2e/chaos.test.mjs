// Chaos: a seeded random journey of 2,000 actions (buttons, selects, typed
// values including huge, negative, empty, unicode and 1e309, keys) with no
// console error, the page answering between batches and the verdict always shown.
// CHAOS_SEED=<n> replays another journey; the seed is in every failure message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, shot, SUBPATH } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SEED = Number(process.env.CHAOS_SEED ?? 20261201);
const ACTIONS = 2000;
const BATCH = 50;

// Runs `count` actions inside the page from PRNG state `state`; returns the new
// state and a short log. The PRNG is mulberry32, so a seed replays exactly.
async function batch(page, state, count) {
  return page.evaluate(async ({ state, count }) => {
    const next = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (xs) => xs[Math.floor(next() * xs.length)];
    const VALUES = ['', '-1', '0', '1', '7', '3.5', '1e309', '-1e309', '99999999999999999999',
      '18446744073709551616', 'NaN', ' 42 ', '🎟️ ünïcödé', '<b>x</b>', '\u202e', '0x10', '2'];
    const KEYS = [' ', 'ArrowRight', 'ArrowLeft', 'Escape', 'Enter', 'Tab'];
    const log = [];
    for (let i = 0; i < count; i++) {
      const controls = [...document.querySelectorAll('button, select, input, textarea')].filter((el) =>
        !el.disabled && el.type !== 'file' && el.checkVisibility());
      const roll = next();
      if (roll < 0.12 || controls.length === 0) {
        const key = pick(KEYS);
        const target = next() < 0.5 ? document.body : (document.activeElement ?? document.body);
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        log.push(`key ${JSON.stringify(key)}`);
      } else {
        const el = pick(controls);
        const name = (el.getAttribute('aria-label') || el.id || el.textContent || el.tagName).slice(0, 30);
        if (el.tagName === 'SELECT') {
          const options = [...el.options].filter((o) => !o.disabled);
          if (options.length) el.value = pick(options).value;
          el.dispatchEvent(new Event('change', { bubbles: true }));
          log.push(`select ${name} = ${el.value}`);
        } else if (el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio' || el.tagName === 'TEXTAREA') {
          const value = pick(VALUES);
          el.focus({ preventScroll: true }); // scrolling is not what is tested
          el.value = value;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
          if (next() < 0.5) el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          el.blur();
          log.push(`type ${name} = ${JSON.stringify(value)}`);
        } else {
          el.click();
          log.push(`click ${name}`);
        }
      }
      // Let the app render (and its due timers run) before the next action: a
      // task of its own, through a MessageChannel rather than setTimeout(0),
      // which nested timers clamp to 4 ms (8 s of waiting over 2,000 actions).
      await new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
    }
    return { state, log };
  }, { state, count });
}

test(`chaos: ${ACTIONS} seeded random actions, no console error, verdict always shown (seed ${SEED})`, async () => {
  const { page, errors } = await openPage(browser, server.base + SUBPATH);
  await page.getByRole('heading', { name: 'OCC Playground' }).waitFor();
  // Clipboard and downloads are refused or ignored quietly; never a dialog.
  page.on('dialog', (d) => d.dismiss());
  let state = SEED;
  let recent = [];
  for (let done = 0; done < ACTIONS; done += BATCH) {
    const out = await batch(page, state, BATCH);
    state = out.state;
    recent = [...recent, ...out.log].slice(-20);
    const where = `seed ${SEED}, after ${done + BATCH} actions; last: ${recent.join(' | ')}`;
    // The page still answers (a hung page never returns from evaluate)...
    const verdict = await page.evaluate(() => {
      // The live run's verdict is on the live tab (the others say their own).
      const tab = document.querySelector('.tab.active');
      if (tab && tab.textContent !== 'Live view') return 'another tab';
      const v = document.querySelector('.verdict[role=status]');
      return v && v.checkVisibility() ? v.textContent.trim() : null;
    });
    // ...and the verdict is on it, saying something.
    assert.ok(verdict, `no visible verdict (${where})`);
    assert.deepEqual(errors, [], where);
  }
  await shot(page, 'chaos-end');
});
