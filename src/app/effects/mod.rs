//! The browser effects, one per file: each does one thing the native
//! playground cannot (a timer, storage, the clipboard, postMessage, files, the
//! keyboard, the engine workers) and turns what happens into a `Msg`.

pub mod address;
pub mod clipboard;
pub mod file;
pub mod handover;
pub mod host;
pub mod keyboard;
pub mod listen;
pub mod opening;
pub mod share;
pub mod storage;
pub mod timer;
pub mod work;

/// `performance.now()` where there is one (sub-millisecond), else `Date.now()`.
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
