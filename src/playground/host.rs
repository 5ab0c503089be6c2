//! The postMessage API for a page that embeds the playground in an iframe:
//! what a message from the host means, and what the playground reports back.
//! The browser side (`app/effects/host.rs`) only moves these across: it turns
//! our messages into JSON text; `crate::host_message` parses them (the shapes
//! are documented there).

use super::msg::Msg;
use super::provenance::From;
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
