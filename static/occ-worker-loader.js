// The engine worker's script (src/offload/pool.rs spawns it; index.html copies
// it next to the page): wasm-bindgen's glue, then the worker's wasm, fetched
// against its integrity hash (written in after the build by .ci/seal.mjs), so
// a changed module is refused, not run. A worker's own script and
// importScripts take no integrity in any browser: the glue is trusted as the
// page's own file (the policy's `worker-src 'self'`, `script-src 'self'`).
importScripts('./occ-worker.js');
wasm_bindgen({ module_or_path: fetch('./occ-worker_bg.wasm', { integrity: 'seal:occ-worker_bg.wasm' }) });
