//! The share and persist policy: which state a page opens with, what a link
//! and an embed snippet look like, which address means "embedded". The browser
//! side (`app/effects/storage.rs`) only reads and writes the strings.

use super::state::Playground;
use crate::share::{self, SharedState};

/// The localStorage key of the last scenario.
pub const STORAGE_KEY: &str = "occ-playground/last";

/// The state to open with: the link's if there is one (or a notice saying why it
/// could not be read), else the last one stored, else the default scenario.
/// `hash` is the address's fragment with its `#`; `stored` what storage holds.
pub fn initial(hash: &str, stored: Option<&str>) -> Playground {
    if hash.len() > 1 {
        return match share::decode(hash) {
            Ok(state) => Playground::open(state),
            Err(e) => Playground::with_notice(format!(
                "This link could not be opened: {e}. The default scenario is loaded."
            )),
        };
    }
    // A stored state that no longer reads or runs is silently dropped: the user
    // did not ask for it, so there is nothing to tell.
    match stored.map(serde_json::from_str::<SharedState>) {
        Some(Ok(state)) if state.scenario.validate().is_ok() => Playground::open(state),
        _ => Playground::default(),
    }
}

/// `?embed` (or `embed=...`) in the query: the compact layout for an iframe.
pub fn is_embed_query(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed" || p.starts_with("embed="))
}

/// The fragment (without `#`) that reopens `state`.
pub fn fragment(state: &SharedState) -> String {
    share::encode(state)
}

/// `base`: the page's address without query or fragment.
pub fn share_link(base: &str, state: &SharedState) -> String {
    format!("{base}#{}", share::encode(state))
}

pub fn embed_code(base: &str, state: &SharedState) -> String {
    format!(
        "<iframe src=\"{base}?embed#{}\" title=\"OCC Playground\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
        share::encode(state)
    )
}
