//! Versioned events and optimistic concurrency control, as a playground.
//!
//! `engine` is pure, deterministic Rust with no web dependency: it builds and is
//! tested natively, and the same code runs in the browser. `playground` is the
//! page's behaviour (reducer, view data, lessons, jobs), native too. `app` is the
//! Yew view over it and exists only on wasm32, and natively with the
//! `prerender` feature (`occ-prerender`: the first screen's HTML at build time).

pub mod api;
pub mod embed_options;
pub mod engine;
pub mod fixed;
pub mod host_message;
pub mod import;
pub mod offload;
pub mod playground;
pub mod saved;
pub mod share;
pub mod stage;

#[cfg(any(target_arch = "wasm32", feature = "prerender"))]
pub mod app;
