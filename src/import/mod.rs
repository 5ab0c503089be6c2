//! One import path for everything that brings a run in from outside: share
//! links, files, messages from an embedding page and JavaScript API calls.
//!
//! Every format the page exports is accepted from every source: an exported
//! scenario (`{"scenario", "step"?, "lesson"?}`), an exported trace (the same
//! plus `"trace"`, or the CLI's `{"outcome", "scenario", "trace", "verdict"}`),
//! a bare scenario (`{"format", "seed", ...}`) and a share link (alone or at the
//! end of a URL). An error names its source and, where one field is at fault,
//! that field's path (`scenario.config.strategy`), in plain words. Nothing here
//! panics, and memory stays within a small multiple of the input's size (the
//! caps below; `tests/fuzz_decoders.rs` checks both).

mod document;
mod locate;
mod open;
mod sniff;
mod words;

pub use document::{parse_document, parse_value, read};
pub use open::{imported, open_file, OpenedFile};
pub use sniff::{check_depth, MAX_DEPTH, MAX_TEXT_BYTES};

use crate::fixed::fixed;
use crate::share::{LinkError, SharedState};
use std::fmt;

/// Where an input came from: every error says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The address bar's fragment.
    Link,
    /// A file the user picked.
    File,
    /// A postMessage from the page that embeds the playground.
    HostMessage,
    /// A call of `window.wasmBindings.<name>`.
    JsApi(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Link => write!(f, "the link"),
            Source::File => write!(f, "the file"),
            Source::HostMessage => write!(f, "the host page's message"),
            Source::JsApi(name) => write!(f, "{name}()"),
        }
    }
}

/// What was wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// Not text at all; says what it looks like ("a PNG image").
    Binary(&'static str),
    /// Text, but neither JSON nor a share link; holds its first few characters.
    PlainText(String),
    TooDeep,
    /// Broken JSON, with serde_json's line and column.
    Syntax(String),
    /// A share link whose version, base64 or deflate layer is wrong.
    Link(LinkError),
    /// Valid JSON of another kind; says what was found instead.
    NotOurs(String),
    /// One field has the wrong type or value, or is unknown or missing.
    Field {
        path: String,
        message: String,
    },
    /// It parsed, but the scenario breaks a rule (`prefix` + the rule's path).
    Invalid {
        prefix: String,
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub source: Source,
    pub problem: Problem,
}

impl ImportError {
    pub fn new(source: Source, problem: Problem) -> Self {
        ImportError { source, problem }
    }
}

/// Sizes for people: "20.0 MB", "512 bytes".
fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", fixed(bytes as f64 / f64::from(1 << 20), 1))
    } else if bytes >= 1 << 10 {
        format!("{} KB", fixed(bytes as f64 / f64::from(1 << 10), 1))
    } else {
        format!("{bytes} bytes")
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let src = self.source;
        match &self.problem {
            Problem::Empty if matches!(src, Source::JsApi(_)) => {
                write!(f, "{src} needs an argument (an exported scenario or trace)")
            }
            Problem::Empty => write!(f, "{src} is empty"),
            Problem::TooLarge { bytes, limit } => write!(
                f,
                "{src} is {} ({bytes} bytes); a scenario or trace may be at most {}",
                size(*bytes),
                size(*limit)
            ),
            Problem::Binary(kind) => write!(f, "{src} is {kind}, not a scenario or trace"),
            Problem::PlainText(start) => write!(
                f,
                "{src} is plain text (\"{start}\"), neither JSON nor a share link"
            ),
            Problem::TooDeep => write!(
                f,
                "{src} is JSON nested more than {MAX_DEPTH} levels deep; no scenario or trace is"
            ),
            Problem::Syntax(e) => write!(f, "{src} is not valid JSON: {e}"),
            Problem::Link(e) if src == Source::Link => write!(f, "{e}"),
            Problem::Link(e) => write!(f, "{src} holds a share link, but {e}"),
            Problem::NotOurs(found) => write!(
                f,
                "{src} is JSON but not a scenario or trace: expected an object with \"scenario\" (an exported scenario or trace) or \"format\" (a bare scenario), found {found}"
            ),
            Problem::Field { path, message } if path.is_empty() || path == "." => {
                write!(f, "{src}: {message}")
            }
            Problem::Field { path, message } => write!(f, "{src}, field {path}: {message}"),
            Problem::Invalid { prefix, message } => {
                write!(f, "{src}, field {prefix}{message}")
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads text from any source: JSON in any exported format, or a share link.
pub fn from_text(source: Source, text: &str) -> Result<SharedState, ImportError> {
    from_bytes(source, text.as_bytes())
}

/// Reads raw bytes (a file as picked): says what a binary file is.
pub fn from_bytes(source: Source, bytes: &[u8]) -> Result<SharedState, ImportError> {
    let fail = |problem| ImportError::new(source, problem);
    let text = sniff::text(bytes).map_err(fail)?;
    if source == Source::Link || sniff::looks_like_link(text) {
        let fragment = text.rsplit_once('#').map_or(text, |(_, f)| f);
        let json = crate::share::unpack(fragment).map_err(|e| fail(Problem::Link(e)))?;
        let json = sniff::text(&json).map_err(|_| fail(Problem::Link(LinkError::Compression)))?;
        return parse_document(source, json, "");
    }
    if !text.starts_with(['{', '[']) {
        return Err(fail(Problem::PlainText(text.chars().take(24).collect())));
    }
    parse_document(source, text, "")
}
