//! postMessage: commands from an embedding page in, reports out. What they mean
//! is `playground::host`.

use super::listen::{self, use_listener};
use crate::host_message;
use crate::playground::host::{self, Report};
use crate::playground::Msg;
use serde::Serialize;
use yew::prelude::*;

/// Listens for the host page's commands while the component lives.
#[hook]
pub fn use_host_commands(on_msg: Callback<Msg>) {
    use_listener(
        listen::window,
        "message",
        move |e: web_sys::MessageEvent| {
            // Only ours is read at all: other pages' messages are not even
            // serialized. `crate::host_message` decides what the text means.
            let data = e.data();
            let tag = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            if tag.as_deref() != Some(host::TAG) {
                return;
            }
            let Some(value) = js_sys::JSON::stringify(&data)
                .ok()
                .and_then(|t| t.as_string())
            else {
                on_msg.emit(host::refused("the message cannot be read as JSON"));
                return;
            };
            match host::command(&value) {
                Some(Ok(msg)) => on_msg.emit(msg),
                Some(Err(why)) => on_msg.emit(host::refused(&why)),
                None => {}
            }
        },
    );
}

/// Tells the embedding page (if any) what happened, once per new report.
#[hook]
pub fn use_report_to_host(report: Report) {
    use_effect_with(report, tell_parent);
}

fn tell_parent(report: &Report) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(value) = report.serialize(&s) {
        let _ = parent.post_message(&value, "*");
    }
}

/// Tells the embedding page how tall the playground is, in the
/// `{ type, height }` shape course-page (LMS) iframe resizers read.
pub fn tell_height(height: f64) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &host_message::RESIZE_TAG.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.ceil().into());
    let _ = parent.post_message(&message, "*");
}
