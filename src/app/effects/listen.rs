//! One way to listen to the browser: a handler on a window or document event
//! for as long as the component lives, removed when it goes.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Calls `handler` with each `event` (as `E`) on the target `on` gives
/// (`window`, `document`), from the first render until the component goes.
#[hook]
pub fn use_listener<E, F>(on: fn() -> Option<web_sys::EventTarget>, event: &'static str, handler: F)
where
    E: JsCast + 'static,
    F: Fn(E) + 'static,
{
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            handler(e.unchecked_into::<E>())
        });
        let target = on();
        if let Some(t) = &target {
            let _ = t.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(t) = target {
                let _ =
                    t.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
    });
}

pub fn window() -> Option<web_sys::EventTarget> {
    web_sys::window().map(Into::into)
}

pub fn document() -> Option<web_sys::EventTarget> {
    web_sys::window()?.document().map(Into::into)
}
