//! Share links: a whole live-view state (scenario, step, lesson) in a URL fragment.
//!
//! `v1.` + URL-safe base64 (no padding) of the deflated JSON. The version prefix
//! lets future formats keep decoding old links. Decoding never panics: a corrupt,
//! truncated, oversized or future link is an error with a sentence for the user.
//! Files, host messages and the JS API read through `crate::import`, which uses
//! `unpack` for links too.

use crate::engine::Scenario;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The current link format.
pub const LINK_VERSION: u32 = 1;
/// A link's decompressed JSON may not exceed this: the size of the largest
/// file the playground imports (`import::MAX_TEXT_BYTES`), since the page
/// saves whatever it opened as a link (a scenario of `MAX_ACTIONS` actions
/// is about 7.5 MB). Anything bigger is not ours.
pub const MAX_JSON_BYTES: usize = 8 << 20;
/// Longest fragment we try to decode, in characters.
pub const MAX_LINK_CHARS: usize = 2 << 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedState {
    pub scenario: Scenario,
    /// Engine transitions taken when the link was made.
    #[serde(default)]
    pub step: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    Empty,
    TooLong,
    UnknownVersion(String),
    Encoding,
    Compression,
    TooLarge,
    Shape(String),
    Invalid(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Empty => write!(f, "the link holds no scenario"),
            LinkError::TooLong => write!(f, "the link is longer than {MAX_LINK_CHARS} characters"),
            LinkError::UnknownVersion(v) => write!(
                f,
                "the link's format \"{v}\" is not one this playground reads (it reads v{LINK_VERSION}); it may come from a newer version"
            ),
            LinkError::Encoding => write!(f, "the link is corrupt (not valid base64)"),
            LinkError::Compression => write!(f, "the link is corrupt or truncated (it does not decompress)"),
            LinkError::TooLarge => write!(f, "the link's scenario is larger than {MAX_JSON_BYTES} bytes"),
            LinkError::Shape(e) => write!(f, "the link's scenario has the wrong shape: {e}"),
            LinkError::Invalid(e) => write!(f, "the link's scenario is not valid: {e}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// JSON up to this size is packed as tightly as deflate can; above it, at
/// deflate's fastest level: the page saves the state after every change, and
/// on a big run the tightest level costs many times the fastest's time for a
/// link only slightly shorter.
const TIGHT_JSON_BYTES: usize = 64 << 10;

/// The fragment (without `#`) for a state.
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).expect("a scenario always serializes");
    let level = if json.len() <= TIGHT_JSON_BYTES { 9 } else { 1 };
    let packed = miniz_oxide::deflate::compress_to_vec(&json, level);
    format!("v{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads a fragment (with or without a leading `#`), checking the scenario too.
pub fn decode(fragment: &str) -> Result<SharedState, LinkError> {
    let json = unpack(fragment)?;
    let state: SharedState =
        serde_json::from_slice(&json).map_err(|e| LinkError::Shape(e.to_string()))?;
    state
        .scenario
        .validate()
        .map_err(|e| LinkError::Invalid(e.to_string()))?;
    Ok(state)
}

/// The JSON inside a fragment: the version, base64 and deflate layers undone,
/// never more than `MAX_JSON_BYTES`. `crate::import` reads what it holds.
pub fn unpack(fragment: &str) -> Result<Vec<u8>, LinkError> {
    let fragment = fragment.trim().trim_start_matches('#');
    if fragment.is_empty() {
        return Err(LinkError::Empty);
    }
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong);
    }
    let (version, body) = fragment.split_once('.').unwrap_or((fragment, ""));
    if version != format!("v{LINK_VERSION}") {
        let shown: String = version.chars().take(12).collect();
        return Err(LinkError::UnknownVersion(shown));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| LinkError::Encoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Compression,
        })?;
    Ok(json)
}

/// The furthest step a link or file opens at. Opening replays from the seed,
/// with its full trace, on the page's thread: this keeps a crafted link
/// (`step: 1e7`) interactive within 1 s, and is 30 times the lecture's
/// longest run (the 200-update burst: 603 steps).
pub const MAX_OPEN_STEP: u64 = 20_000;

impl SharedState {
    /// Caps the step at `MAX_OPEN_STEP`; the sentence says so when it did.
    pub fn cap_step(&mut self) -> Option<String> {
        if self.step <= MAX_OPEN_STEP {
            return None;
        }
        let asked = std::mem::replace(&mut self.step, MAX_OPEN_STEP);
        Some(format!(
            "This run asks for step {asked}; it opens at step {MAX_OPEN_STEP}, the furthest the playground replays when it opens a link or file (Play runs on from there)."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Action, Config, TicketId};

    fn state() -> SharedState {
        let scenario = Scenario::new(Config::default(), 7)
            .at(
                0,
                Action::CreateTicket {
                    title: "concert".into(),
                    price: 5,
                },
            )
            .at(
                100,
                Action::UpdateTicket {
                    id: TicketId(0),
                    title: None,
                    price: Some(10),
                },
            );
        SharedState {
            scenario,
            step: 4,
            lesson: Some("occ".into()),
        }
    }

    #[test]
    fn round_trips_and_stays_compact() {
        let link = encode(&state());
        assert!(link.starts_with("v1."));
        assert!(
            link.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{link}"
        );
        // The whole config rides along (heartbeat_fail_ms made it ~420 chars).
        assert!(link.len() < 480, "{} chars", link.len());
        assert_eq!(decode(&link).unwrap(), state());
        assert_eq!(decode(&format!("#{link}")).unwrap(), state());
    }

    /// The page saves what it opened as a link, so the biggest scenario a
    /// file may hold must come back from its own link.
    #[test]
    fn the_biggest_scenario_saves_as_a_link_that_reopens() {
        let update = |i: usize| Action::UpdateTicket {
            id: TicketId(0),
            title: None,
            price: Some(5 + i as u64),
        };
        let create = Action::CreateTicket {
            title: "concert".into(),
            price: 5,
        };
        let mut scenario = Scenario::new(Default::default(), 1).at(0, create);
        for i in 1..crate::engine::scenario::MAX_ACTIONS {
            scenario = scenario.at(i as u64, update(i));
        }
        let state = SharedState {
            scenario,
            step: 3,
            lesson: None,
        };
        let json = serde_json::to_vec(&state).unwrap().len();
        assert!(json > TIGHT_JSON_BYTES && json <= MAX_JSON_BYTES, "{json}");
        let link = encode(&state);
        assert!(link.len() <= MAX_LINK_CHARS, "{}", link.len());
        assert_eq!(decode(&link).unwrap(), state);
    }

    #[test]
    fn bad_links_are_errors_not_panics() {
        let link = encode(&state());
        assert_eq!(decode(""), Err(LinkError::Empty));
        assert!(matches!(decode("v9.abc"), Err(LinkError::UnknownVersion(v)) if v == "v9"));
        assert!(matches!(decode("hello"), Err(LinkError::UnknownVersion(_))));
        assert_eq!(decode("v1.@@@"), Err(LinkError::Encoding));
        // Cut at a whole base64 quantum, so the base64 still decodes.
        let cut = 3 + (link.len() - 3) / 2 / 4 * 4;
        assert_eq!(decode(&link[..cut]), Err(LinkError::Compression));
        let not_json = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9))
        );
        assert!(matches!(decode(&not_json), Err(LinkError::Shape(_))));
        let bomb = vec![b' '; MAX_JSON_BYTES + 10];
        let bomb = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9))
        );
        assert_eq!(decode(&bomb), Err(LinkError::TooLarge));
        assert_eq!(
            decode(&"v1.".repeat(MAX_LINK_CHARS)),
            Err(LinkError::TooLong)
        );
    }

    #[test]
    fn an_invalid_scenario_is_refused() {
        let mut s = state();
        s.scenario.config.listeners = 99;
        assert!(
            matches!(decode(&encode(&s)), Err(LinkError::Invalid(m)) if m.contains("listeners"))
        );
    }

    #[test]
    fn a_far_step_is_capped_with_a_sentence() {
        let mut state = SharedState {
            scenario: Scenario::new(Default::default(), 1),
            step: 10_000_000,
            lesson: None,
        };
        let notice = state.cap_step().unwrap();
        assert_eq!(state.step, MAX_OPEN_STEP);
        assert!(notice.contains("step 10000000"), "{notice}");
        assert_eq!(state.cap_step(), None);
    }
}
