//! The postMessage API for a page that embeds the playground in an iframe:
//! what a message from the host means, and what the playground reports back.
//! The browser side (`app/effects/host.rs`) only moves these across: it turns
//! our messages into JSON text; `crate::host_message` parses them (the shapes
//! are documented there).

use super::msg::Msg;
use super::provenance::From;
use crate::embed_options::HostPin;
use crate::host_message::{self, HostCommand};
use serde::Serialize;

pub const TAG: &str = host_message::TAG;

/// The message for a host command (the message's JSON text), or why it was
/// refused (`None`: not ours). Unknown fields are refused by name.
pub fn command(json: &str) -> Option<Result<Msg, String>> {
    let command = host_message::parse(json)?;
    Some(command.map_err(|e| e.to_string()).map(|c| match c {
        HostCommand::Load(state) => Msg::Open {
            state,
            from: From::HostPage,
        },
        HostCommand::Play => Msg::Play,
        HostCommand::Pause => Msg::Pause,
        HostCommand::Step => Msg::Step,
        HostCommand::StepBack => Msg::StepBack,
        HostCommand::Reset => Msg::Reset,
    }))
}

/// Whether a tagged message is taken: only from the window that embeds the
/// playground (`from_parent`: `event.source` is `window.parent`, and the
/// playground is not the top window), and, with `host=`, only at that origin.
/// Any other window holding a reference (an opener, a sibling frame) could
/// otherwise load a run of its choosing into a student's view.
pub fn accepts(pin: &HostPin, from_parent: bool, origin: &str) -> bool {
    from_parent
        && match pin {
            HostPin::Any => true,
            HostPin::Origin(pinned) => pinned == origin,
            HostPin::Nobody => false,
        }
}

/// The `targetOrigin` reports are posted to: the pinned origin, `"*"` when
/// none is pinned, nowhere when `host=` was not an origin.
pub fn report_target(pin: &HostPin) -> Option<&str> {
    match pin {
        HostPin::Any => Some("*"),
        HostPin::Origin(origin) => Some(origin),
        HostPin::Nobody => None,
    }
}

/// The notice after `count` tagged messages were not taken (`accepts`):
/// nothing else changes, and the count says it keeps happening.
pub fn ignored(count: u32, pin: &HostPin) -> Msg {
    let whose = match pin {
        HostPin::Origin(origin) => format!("the page embedding it at {origin}"),
        _ => "the page embedding it".into(),
    };
    let (n, verb) = match count {
        1 => ("1 message".to_string(), "was"),
        n => (format!("{n} messages"), "were"),
    };
    Msg::Notice(format!(
        "{n} for the playground from a window other than {whose} {verb} ignored; nothing was changed."
    ))
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
