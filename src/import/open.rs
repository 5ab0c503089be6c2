//! A picked file made ready to open. An engine worker does this
//! (`offload::task::Job::Open`), so the page's thread neither parses a big
//! file nor encodes its link: it only replays and draws the run.

use super::{from_text, Source};
use crate::share::{self, SharedState};

/// An imported file's `text` read: its state, or the notice saying why nothing
/// changed.
pub fn imported(text: &str) -> Result<SharedState, String> {
    from_text(Source::File, text)
        .map_err(|e| format!("That file could not be imported: {e}. Nothing was changed."))
}

/// An imported file, read and checked, as the page opens it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OpenedFile {
    /// At the step it opens at (`SharedState::cap_step`).
    pub state: SharedState,
    /// The capped step's sentence, if it was capped.
    pub notice: Option<String>,
    /// The address bar's fragment for `state` (`share::encode`).
    pub fragment: String,
}

/// `imported`, then what the page needs to open it without reading it again.
pub fn open_file(text: &str) -> Result<OpenedFile, String> {
    let mut state = imported(text)?;
    let notice = state.cap_step();
    let fragment = share::encode(&state);
    Ok(OpenedFile {
        state,
        notice,
        fragment,
    })
}
