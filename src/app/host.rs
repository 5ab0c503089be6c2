//! The postMessage API's browser half: a message from the embedding page
//! becomes JSON text for `crate::host_message` (which decides what it means),
//! and reports go back to the parent. See `crate::host_message` for the shapes.

use super::msg::Msg;
use crate::host_message::{self, HostCommand};
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub const TAG: &str = host_message::TAG;

/// The message for a host command, or why it was refused (`None`: not ours).
pub fn command(data: JsValue) -> Option<Result<Msg, String>> {
    // Only ours is read at all: other pages' messages are not even serialized.
    let tag = js_sys::Reflect::get(&data, &"type".into())
        .ok()?
        .as_string()?;
    if tag != TAG {
        return None;
    }
    let text = match js_sys::JSON::stringify(&data) {
        Ok(t) => t.as_string()?,
        Err(_) => return Some(Err("the message cannot be read as JSON".into())),
    };
    let command = host_message::parse(&text)?;
    Some(command.map_err(|e| e.to_string()).map(|c| match c {
        HostCommand::Load(state) => {
            super::persist::opened(&state);
            Msg::Load(state)
        }
        HostCommand::Play => Msg::Play,
        HostCommand::Pause => Msg::Pause,
        HostCommand::Step => Msg::Step,
        HostCommand::StepBack => Msg::StepBack,
        HostCommand::Reset => Msg::Reset,
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report<'a> {
    #[serde(rename = "type")]
    pub tag: &'static str,
    pub event: &'static str,
    pub step: u64,
    pub time_ms: u64,
    pub verdict: &'a str,
    pub reason: &'a str,
}

/// Tells the embedding page (if any) what happened.
pub fn tell_parent(report: &Report) {
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
