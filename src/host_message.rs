//! The postMessage API's input: what a message from the embedding page asks.
//! Native (the browser half only turns the message into JSON text), so the
//! parser is tested and fuzzed with `cargo test`.
//!
//! In: `{ type: "occ-playground", command: "load" | "play" | "pause" | "step" |
//! "step-back" | "reset", scenario?: <any exported format>, step?: number }`.
//! Out (sent by the app): `{ type: "occ-playground", event, step, timeMs,
//! verdict, reason }` and `{ type: "occ-playground:resize", height }`.
//! Messages of another `type` are not ours and are ignored; nothing received is
//! ever evaluated.

use crate::import::{self, ImportError, Problem, Source};
use crate::share::SharedState;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The `type` of every message in and out.
pub const TAG: &str = "occ-playground";
/// The `type` of the height report, the `{type, height}` shape LMS resizers read.
pub const RESIZE_TAG: &str = "occ-playground:resize";

const FIELDS: &str = "\"type\", \"command\", \"scenario\", \"step\"";
const COMMANDS: &str = "load, play, pause, step, step-back, reset";

#[derive(Clone, Debug, PartialEq)]
pub enum HostCommand {
    /// Open this run; the message's `step` (if any) wins over the file's.
    Load(Box<SharedState>),
    Play,
    Pause,
    Step,
    StepBack,
    Reset,
}

/// The command in a message (as JSON text), why it was refused, or `None`
/// when the message is not for the playground.
pub fn parse(json: &str) -> Option<Result<HostCommand, ImportError>> {
    let fail = |problem| Some(Err(ImportError::new(Source::HostMessage, problem)));
    if json.len() > import::MAX_TEXT_BYTES {
        // Too big to read: ours only if it says so near the start.
        let head = &json.as_bytes()[..256];
        return String::from_utf8_lossy(head).contains(TAG).then(|| {
            Err(ImportError::new(
                Source::HostMessage,
                Problem::TooLarge {
                    bytes: json.len(),
                    limit: import::MAX_TEXT_BYTES,
                },
            ))
        });
    }
    if let Err(problem) = import::check_depth(json) {
        // Read no further; answer only if it looks like it was meant for us.
        return json
            .contains(TAG)
            .then(|| Err(ImportError::new(Source::HostMessage, problem)));
    }
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(json).ok()?;
    let tag: String = serde_json::from_str(fields.get("type")?.get()).ok()?;
    if tag != TAG {
        return None;
    }
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["type", "command", "scenario", "step"].contains(&k.as_str()))
    {
        return fail(Problem::Field {
            path: unknown.clone(),
            message: format!("unknown field \"{unknown}\", expected one of {FIELDS}"),
        });
    }
    let Some(command) = fields.get("command") else {
        return fail(Problem::Field {
            path: "command".into(),
            message: format!("missing; one of {COMMANDS}"),
        });
    };
    let command: String = match import::read(Source::HostMessage, "command", command.get()) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    Some(match command.as_str() {
        "play" => Ok(HostCommand::Play),
        "pause" => Ok(HostCommand::Pause),
        "step" => Ok(HostCommand::Step),
        "step-back" => Ok(HostCommand::StepBack),
        "reset" => Ok(HostCommand::Reset),
        "load" => load(&fields),
        other => {
            let shown: String = other.chars().take(24).collect();
            return fail(Problem::Field {
                path: "command".into(),
                message: format!("unknown command \"{shown}\", expected one of {COMMANDS}"),
            });
        }
    })
}

fn load(fields: &BTreeMap<String, &RawValue>) -> Result<HostCommand, ImportError> {
    let Some(scenario) = fields.get("scenario") else {
        return Err(ImportError::new(
            Source::HostMessage,
            Problem::Field {
                path: "scenario".into(),
                message: "missing; load needs an exported scenario or trace".into(),
            },
        ));
    };
    let mut state = import::parse_document(Source::HostMessage, scenario.get(), "scenario.")?;
    if let Some(step) = fields.get("step") {
        state.step = import::read(Source::HostMessage, "step", step.get())?;
    }
    Ok(HostCommand::Load(Box::new(state)))
}
