// The page's loader, inlined into index.html by Trunk (Trunk.toml's
// pattern_script, which defines `live` and `full`: the files of the two page
// modules). A first visit without a link's fragment or `?embed` (a lesson's
// `?lesson=` is fine), with nothing saved, runs the small first-visit module
// (occ-live: the live view only). A link, an embed, saved work or a host page
// runs the full module (occ-playground) at once.
// The first use of anything else hands the run over: the full module is
// fetched and compiled while the live view stays, then the live view stops
// and the full module opens the same run (src/app/effects/handover.rs).
// Every file is checked against the hash the build wrote (.ci/seal.mjs): the
// JS by the import map's `integrity`, the wasm by `fetch`'s; a changed file
// (a tampered or half-updated copy of dist/) is refused, and said so.
const API = ['runExperiment', 'explore', 'runScenario', 'runExperimentAsync', 'exploreAsync', 'runScenarioAsync'];

function wantsFull() {
  if (location.hash.length > 1 || new URLSearchParams(location.search).has('embed') || window.parent !== window) return true;
  try {
    return ['occ-playground/last', 'occ-playground/recent'].some((k) => localStorage.getItem(k) !== null);
  } catch {
    return false; // no storage: nothing saved to reopen
  }
}

// A module that cannot start leaves a message, not a blank page.
function cannotStart(e) {
  if (e?.shown) return; // said once, even when it passes through two handlers
  if (e instanceof Object) e.shown = true;
  console.error(e);
  const note = document.createElement('p');
  note.className = 'notice';
  note.setAttribute('role', 'alert');
  note.textContent = `The playground could not start (${e?.message ?? e}). Reload the page to try again.`;
  document.body.prepend(note);
}

// Why `url` could not be had: a failed integrity check looks like a network
// error to the page, so a plain fetch (not run, only looked at) tells them
// apart: if the file arrives, it is not the one this page was built with.
async function why(url, e) {
  const arrived = await fetch(url, { cache: 'no-store' }).then((r) => r.ok, () => false);
  return arrived
    ? new Error(`${url} is not the file this page was built with (its integrity hash differs), so it was not run; the copy of the playground on this server is damaged or was changed`)
    : e;
}

// A module file: its JS through the import map's integrity, its wasm
// through fetch's.
const glue = (m) => import(m.js).catch(async (e) => { throw await why(m.js, e); });
async function wasmOf(m) {
  const response = await fetch(m.wasm, { integrity: m.wasmIntegrity }).catch(async (e) => { throw await why(m.wasm, e); });
  if (!response.ok) throw new Error(`${m.wasm} answered ${response.status}`);
  return response;
}

async function compile(m) {
  return WebAssembly.compile(await (await wasmOf(m)).arrayBuffer());
}

let liveBindings;
// Settles once the first-visit module runs (or could not start); resolved at
// once when the visit runs the full module.
let liveBoot = Promise.resolve();
let fetching = null;
let upgrading = null;

// The full module's glue and compiled wasm, fetched once.
function fetchFull() {
  fetching ??= Promise.all([glue(full), compile(full)]).catch((e) => { fetching = null; throw e; });
  return fetching;
}

// A pointer over, or the focus in, the tab bar or the share bar says the full
// module is about to be wanted: its download starts then, not on the click.
for (const type of ['pointerover', 'focusin']) {
  document.addEventListener(type, (e) => {
    if (liveBindings && e.target.closest?.('.tabs, .share')) fetchFull().catch(() => {});
  }, { passive: true });
}

// Resolves to the full module's bindings once it runs. Until the download is
// compiled nothing changes, so a failure there leaves the live view working
// (its caller says so); `handover` is the run to open (undefined: none).
window.occUpgrade = (handover) => {
  upgrading ??= Promise.all([fetchFull(), liveBoot])
    .then(([[bindings, module]]) => {
      window.occPlaygroundHandover = handover;
      liveBindings?.leave();
      liveBindings = undefined;
      return bindings.default({ module_or_path: module }).then(() => {
        window.wasmBindings = bindings;
        return bindings;
      }, (e) => { cannotStart(e); throw e; });
    })
    .catch((e) => { upgrading = null; throw e; });
  return upgrading;
};

// The JS API answers from the first moment: each call waits for the full
// module (which runs it in the engine workers) and hands the live run over.
// A call made before the first-visit module runs waits for it, so its run
// is the one handed over and it never starts after the full module.
window.wasmBindings = Object.fromEntries(API.map((name) => [name, (...args) =>
  liveBoot.then(() => window.occUpgrade(liveBindings?.handover())).then((bindings) => bindings[name](...args))]));

// The first screen (index.html's #first-screen, written by .ci/prerender.sh):
// the live view's own markup for the plain address, shown now, before any
// wasm; the live view replaces it once drawn (src/app/live.rs `start`). A
// visit that opens anything else (a link, ?embed, saved work, another lesson
// or step) would see the wrong run: the markup stays `hidden`, never
// painted, and goes.
const firstScreen = document.getElementById('first-screen');
if (firstScreen) {
  const query = [...new URLSearchParams(location.search)];
  const plain = query.length === 0 || (query.length === 1 && query[0][0] === 'lesson' && query[0][1] === '1');
  if (plain && !wantsFull()) firstScreen.hidden = false;
  else firstScreen.remove();
}

if (wantsFull()) {
  window.occUpgrade(undefined).catch(cannotStart);
} else {
  const wasm = wasmOf(live);
  wasm.catch(() => {}); // said once, by the import's chain below
  liveBoot = glue(live)
    .then((bindings) => bindings.default({ module_or_path: wasm }).then(() => { liveBindings = bindings; }))
    .catch(cannotStart);
}

// Offline (static/sw.js; README, "Offline"): once this visit has what it
// needs, so the copy never competes with it, the service worker keeps this
// build's files for the next visit. A newer build found meanwhile is said
// quietly, never swapped in under the running page.
if ('serviceWorker' in navigator) {
  const sw = navigator.serviceWorker;
  sw.addEventListener('message', (e) => {
    if (e.data?.type !== 'occ-playground:update' || document.querySelector('.update-ready')) return;
    const note = document.createElement('p');
    note.className = 'update-ready';
    note.setAttribute('role', 'status');
    note.textContent = 'A new version of the playground is ready: reload to use it.';
    document.body.append(note);
  });
  sw.startMessages();
  // The page names its build by the hashes sealed into it.
  const hello = () => sw.controller?.postMessage({ type: 'occ-playground:hello', sealed: [live.wasmIntegrity, full.wasmIntegrity] });
  sw.addEventListener('controllerchange', hello);
  const loaded = new Promise((ok) => (document.readyState === 'complete' ? ok() : addEventListener('load', ok, { once: true })));
  Promise.allSettled([loaded, liveBoot, upgrading])
    .then(() => sw.register('sw.js'))
    .then(hello)
    .catch(() => {}); // no offline copy (a private window, a host without it): the page works as before
}
