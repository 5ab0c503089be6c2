//! postMessage: commands from an embedding page in, reports out. What they mean,
//! and whose are taken (`host::accepts`, `?host=`), is `playground::host`.

use super::address;
use super::listen::{self, use_listener};
use crate::embed_options::HostPin;
use crate::host_message;
use crate::playground::host::{self, Report};
use crate::playground::Msg;
use serde::Serialize;
use std::cell::Cell;
use yew::prelude::*;

/// The window that embeds this one, if any (`None` in a top-level window).
fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let parent = w.parent().ok()??;
    (parent != w).then_some(parent)
}

/// The `?host=` pin in the page's address.
fn pin() -> HostPin {
    address::options().host_pin().0
}

/// Listens for the host page's commands while the component lives.
#[hook]
pub fn use_host_commands(on_msg: Callback<Msg>) {
    let (pin, problem) = address::options().host_pin();
    // A `host=` that is no origin matters only in a frame: said once, there.
    use_effect_with((), {
        let on_msg = on_msg.clone();
        move |_| {
            if let Some(problem) = problem.filter(|_| parent().is_some()) {
                on_msg.emit(Msg::Notice(format!("{problem}.")));
            }
        }
    });
    // Ours from other windows, refused since the page opened (the notice counts them).
    let ignored = Cell::new(0u32);
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
            let from_parent = match (e.source(), parent()) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                _ => false,
            };
            if !host::accepts(&pin, from_parent, &e.origin()) {
                ignored.set(ignored.get().saturating_add(1));
                on_msg.emit(host::ignored(ignored.get(), &pin));
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
    let Some(parent) = parent() else { return };
    let pin = pin();
    let Some(target) = host::report_target(&pin) else {
        return;
    };
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(value) = report.serialize(&s) {
        let _ = parent.post_message(&value, target);
    }
}

/// Tells the embedding page how tall the playground is, in the
/// `{ type, height }` shape course-page (LMS) iframe resizers read.
pub fn tell_height(height: f64) {
    let Some(parent) = parent() else { return };
    let pin = pin();
    let Some(target) = host::report_target(&pin) else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &host_message::RESIZE_TAG.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.ceil().into());
    // To the pinned origin only: a parent that navigated elsewhere hears nothing.
    let _ = parent.post_message(&message, target);
}
