//! Heavy work off the page's thread: experiments, the explorer and long
//! scenario runs go to Web Workers built for speed, loaded on first use.
//!
//! `task` (what a worker computes, resumable in slices) and `split` (how an
//! experiment's trials are shared out and merged back) are plain Rust, tested
//! natively, as are the messages (`protocol`). The rest is wasm32 only: `codec`,
//! `worker` (the worker module's side, built as `occ-worker`), `pool` (the
//! page's side: spawns workers, routes replies) and `js_async` (the Promise
//! API on `window.wasmBindings`).

pub mod protocol;
pub mod split;
pub mod task;

#[cfg(target_arch = "wasm32")]
pub mod codec;
#[cfg(target_arch = "wasm32")]
pub mod js_async;
#[cfg(target_arch = "wasm32")]
pub mod pool;
#[cfg(target_arch = "wasm32")]
pub mod worker;
