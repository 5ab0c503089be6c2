// The playground's service worker (README, "Offline"): after the first visit
// every file of the page comes from a cache named by its build, so the page,
// its three modules and the engine worker work with no network, under any URL
// sub-path (its scope is the directory it is served from) and in an iframe.
//
// One build's files per page: a page opened from build X's index.html gets
// every later file (the full module, the worker and its wasm, fetched on first
// use, minutes later) from X's cache, even after build Y was installed; Y
// serves the next navigation. So the page is "pinned" to X by its client id
// (kept in a cache of its own: this worker may be stopped between two requests
// and loses its memory), and X's cache stays until no page is pinned to it.
// A page this worker did not open (the very first visit, claimed once the
// cache is filled, or a forced reload) is answered from the network as
// before, and from this build's cache only when the network fails.
//
// .ci/offline.mjs (after .ci/seal.mjs, so it sees the final bytes) writes
// this build's manifest into the next line: each file's name and SRI hash.
// Left null (`trunk serve`, a debug build), the worker steps aside: it answers
// nothing, removes the caches and unregisters, so the dev server is never
// answered from a stale copy of a release build at the same address.
const MANIFEST = null;

const PREFIX = 'occ-playground-build-';
const PINS = 'occ-playground-pins';
const BUILD = MANIFEST?.build;
const CACHE = PREFIX + BUILD;
const scope = () => self.registration.scope;
const at = (name) => new URL(name, scope()).href;

self.addEventListener('install', (event) => {
  if (!MANIFEST) {
    event.waitUntil(self.skipWaiting());
    return;
  }
  // Each file fetched past the HTTP cache and checked against its hash:
  // a deployment replaced half-way through fails the install (the old build
  // stays, the next visit tries again), so a cache never mixes two builds.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(Object.entries(MANIFEST.files).map(async ([name, integrity]) => {
      let response = await fetch(at(name), { cache: 'no-cache', integrity });
      if (!response.ok) throw new Error(`${name} answered ${response.status}`);
      // A host that redirects index.html to its directory: a redirected
      // response cannot answer a navigation, its bytes can.
      if (response.redirected) response = new Response(await response.blob(), { headers: response.headers });
      await cache.put(at(name), response);
    }));
    // Installed at once: pages already open keep their own build's files
    // through their pins, so nothing waits for them to close.
    await self.skipWaiting();
  })().catch(async (e) => {
    await caches.delete(CACHE);
    throw e;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    if (!MANIFEST) {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) || name === PINS) await caches.delete(name);
      }
      await self.registration.unregister();
      return;
    }
    const older = (await caches.keys()).some((name) => name.startsWith(PREFIX) && name !== CACHE);
    // The first install takes the page that registered it, so what it
    // fetches next (the full module, the worker) works offline too.
    await self.clients.claim();
    if (older) await announce();
    await prune();
  })());
});

// Tells every page of an older build that this one is ready.
async function announce() {
  const pins = await readPins();
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    const pinned = pins[client.id]?.build;
    if (pinned && pinned !== BUILD) client.postMessage({ type: 'occ-playground:update' });
  }
}

self.addEventListener('message', (event) => {
  // A running page says hello (and again once this worker takes it over),
  // naming the hashes sealed into it: a page this worker did not open is
  // pinned to this build if they are this build's; a page of another build
  // hears that a new one is ready.
  const client = event.source;
  if (!MANIFEST || event.data?.type !== 'occ-playground:hello' || !client?.id) return;
  event.waitUntil((async () => {
    const pinned = (await readPins())[client.id]?.build;
    const ours = Object.values(MANIFEST.files);
    const mine = [event.data.sealed].flat().every((hash) => ours.includes(hash));
    if (!pinned && mine) await pin(client.id, BUILD);
    else if (pinned ? pinned !== BUILD : !mine) client.postMessage({ type: 'occ-playground:update' });
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!MANIFEST || request.method !== 'GET' || !request.url.startsWith(scope())) return;
  const name = new URL(request.url).pathname.slice(new URL(scope()).pathname.length);
  if (request.mode === 'navigate') {
    // The page, whatever its query (?lesson=, ?embed) and fragment (links).
    if (name === '' || name === 'index.html') event.respondWith(open(event));
    return;
  }
  event.respondWith(file(event, request));
});

// A navigation: this (the newest installed) build's index.html, the page
// pinned to it.
async function open(event) {
  const page = await caches.match(at('index.html'), { cacheName: CACHE });
  if (!page) return fetch(event.request); // the cache was evicted: as if no worker
  // Pinned before the page can ask for its first file.
  await pin(event.resultingClientId, BUILD);
  event.waitUntil(prune());
  return page;
}

async function file(event, request) {
  const build = (await readPins())[event.clientId]?.build;
  // An engine worker belongs to the page that starts it.
  if (build && event.resultingClientId) await pin(event.resultingClientId, build);
  if (build) {
    const hit = await caches.match(request.url, { cacheName: PREFIX + build });
    if (hit) return hit;
    return fetch(request); // not one of its build's files
  }
  try {
    return await fetch(request);
  } catch (e) {
    const hit = await caches.match(request.url, { cacheName: CACHE });
    if (hit) return hit;
    throw e;
  }
}

// The pins (client id -> { build, at }), read from their cache once per start
// of this worker, changed in memory at once and written through in order.
let pins = null;
let writing = Promise.resolve();
async function readPins() {
  if (!pins) {
    const stored = await caches.match(at('occ-playground-pins.json'), { cacheName: PINS });
    pins ??= stored ? await stored.json() : {};
  }
  return pins;
}
async function pin(client, build) {
  if (!client) return;
  (await readPins())[client] = { build, at: Date.now() };
  save();
}
function save() {
  writing = writing.then(async () => {
    const cache = await caches.open(PINS);
    await cache.put(at('occ-playground-pins.json'), new Response(JSON.stringify(pins), { headers: { 'content-type': 'application/json' } }));
  }).catch(() => {});
  return writing;
}

// Forgets the pins of closed pages (a minute old at least: a page being
// opened is not listed yet), then removes every build's cache no page is
// pinned to; this build's stays for the next visit.
async function prune() {
  const open = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((c) => c.id));
  const all = await readPins();
  for (const [id, { at: since }] of Object.entries(all)) {
    if (!open.has(id) && Date.now() - since > 60_000) delete all[id];
  }
  await save();
  const keep = new Set([CACHE, ...Object.values(all).map((p) => PREFIX + p.build)]);
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && !keep.has(name)) await caches.delete(name);
  }
}
