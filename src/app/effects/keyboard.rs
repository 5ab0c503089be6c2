//! The page's keyboard shortcuts; what each key means is `playground::keys`.

use super::listen::{self, use_listener};
use crate::playground::keys::{shortcut, KeyContext};
use crate::playground::Msg;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

fn on_control(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "A"
            )
        })
}

#[hook]
pub fn use_keyboard(on_msg: Callback<Msg>) {
    use_listener(
        listen::document,
        "keydown",
        move |e: web_sys::KeyboardEvent| {
            let at = KeyContext {
                on_control: on_control(&e),
                modified: e.ctrl_key() || e.meta_key() || e.alt_key(),
                handled: e.default_prevented(),
            };
            if let Some(msg) = shortcut(&e.key(), at) {
                e.prevent_default();
                on_msg.emit(msg);
            }
        },
    );
}
