//! The postMessage API for a page that embeds the playground in an iframe:
//! what a message from the host means, and what the playground reports back.
//! The browser side (`app/effects/host.rs`) only moves these across.
//!
//! In: `{ type: "occ-playground", command: "load" | "play" | "pause" | "step" |
//! "step-back" | "reset", scenario?: <exported scenario>, step?: number }`.
//! Anything else is ignored: nothing received is ever evaluated.
//! Out (to the parent): `{ type: "occ-playground", event: "step", step, timeMs,
//! verdict, reason }`.

use super::msg::Msg;
use crate::share::SharedState;
use serde::{Deserialize, Serialize};

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
/// Unknown fields make a message not ours, like any other shape.
pub fn command(value: serde_json::Value) -> Option<Result<Msg, String>> {
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

/// What a refused host message tells the user.
pub fn refused(why: &str) -> Msg {
    Msg::Notice(format!("A message from the host page was ignored: {why}."))
}

/// What the embedding page is told after every step and verdict change.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    #[serde(rename = "type")]
    pub tag: &'static str,
    pub event: &'static str,
    pub step: u64,
    pub time_ms: u64,
    pub verdict: &'static str,
    pub reason: String,
}
