//! The browser effects, one per file: each does one thing the native
//! playground cannot (a timer, storage, the clipboard, postMessage, files, the
//! keyboard, the engine workers) and turns what happens into a `Msg`.
//! Natively (the `prerender` feature) only `share`'s command type is here: a
//! first screen rendered at build time does nothing.

#[cfg(target_arch = "wasm32")]
pub mod address;
#[cfg(target_arch = "wasm32")]
pub mod clipboard;
#[cfg(target_arch = "wasm32")]
pub mod file;
#[cfg(target_arch = "wasm32")]
pub mod handover;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub mod keyboard;
#[cfg(target_arch = "wasm32")]
pub mod listen;
#[cfg(target_arch = "wasm32")]
pub mod opening;
pub mod share;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod timer;
#[cfg(target_arch = "wasm32")]
pub mod work;

/// `performance.now()` where there is one (sub-millisecond), else `Date.now()`.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    let now = performance.as_ref().and_then(|p| {
        let f = js_sys::Reflect::get(p, &"now".into()).ok()?;
        f.dyn_into::<js_sys::Function>()
            .ok()?
            .call0(p)
            .ok()?
            .as_f64()
    });
    now.unwrap_or_else(js_sys::Date::now)
}
