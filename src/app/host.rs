//! The postMessage API for a page that embeds the playground in an iframe.
//!
//! In: `{ type: "occ-playground", command: "load" | "play" | "pause" | "step" |
//! "step-back" | "reset", scenario?: <exported scenario>, step?: number }`.
//! Anything else is ignored: nothing received is ever evaluated.
//! Out (to the parent): `{ type: "occ-playground", event: "step" | "verdict",
//! step, timeMs, verdict, reason }`.

use super::msg::Msg;
use crate::share::SharedState;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

pub const TAG: &str = "occ-playground";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    #[serde(rename = "type")]
    tag: String,
    command: String,
    #[serde(default)]
    scenario: Option<serde_json::Value>,
    #[serde(default)]
    step: Option<u64>,
}

/// The message for a host command, or why it was refused (`None`: not ours).
pub fn command(data: JsValue) -> Option<Result<Msg, String>> {
    // Through serde_json so unknown fields are refused (serde-wasm-bindgen only
    // reads the fields it knows).
    let value: serde_json::Value = serde_wasm_bindgen::from_value(data).ok()?;
    let envelope: Envelope = serde_json::from_value(value).ok()?;
    if envelope.tag != TAG {
        return None;
    }
    Some(match envelope.command.as_str() {
        "play" => Ok(Msg::Play),
        "pause" => Ok(Msg::Pause),
        "step" => Ok(Msg::Step),
        "step-back" => Ok(Msg::StepBack),
        "reset" => Ok(Msg::Reset),
        "load" => {
            let Some(scenario) = envelope.scenario else {
                return Some(Err("load needs a \"scenario\"".into()));
            };
            let mut text = scenario.to_string();
            if let Some(step) = envelope.step {
                // An exported scenario with a step wins over the envelope's step.
                text = serde_json::json!({ "scenario": scenario, "step": step }).to_string();
            }
            crate::share::import(&text)
                .map(|s: SharedState| Msg::Load(Box::new(s)))
                .map_err(|e| format!("the host's scenario was refused: {e}"))
        }
        other => Err(format!(
            "unknown command {other:?}; known: load, play, pause, step, step-back, reset"
        )),
    })
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
