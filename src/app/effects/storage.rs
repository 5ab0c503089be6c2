//! Where a view survives: the address bar's fragment and localStorage (the last
//! run and the recent runs). What to keep and when is the playground's policy
//! (`playground::persist`, `crate::saved`); this only reads and writes strings.

use crate::embed_options::{self, EmbedOptions};
use crate::playground::persist;
use crate::playground::Playground;
use crate::saved::{self, Origin, RecentRun, LAST_KEY, RECENT_KEY};
use crate::share::SharedState;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// Where the open run came from: a link's, a file's or the host page's run
    /// is not saved until the user changes it (`crate::saved`).
    static ORIGIN: RefCell<Origin> = const { RefCell::new(Origin::Own) };
    /// The fragment of the last state saved. Most renders (a tab, a notice,
    /// an export, a hover) leave the run as it was; writing the same address
    /// and storage again each time cost the page several ms a render.
    static LAST_SAVED: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Marks `state` as opened from outside (a link, a file, the host page).
pub fn opened(state: &SharedState) {
    ORIGIN.with(|o| *o.borrow_mut() = Origin::Opened(Box::new(state.scenario.clone())));
    LAST_SAVED.with(|l| *l.borrow_mut() = None);
}

/// The state to open with, from the address and storage.
pub fn initial() -> Playground {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let stored = storage().and_then(|s| s.get_item(LAST_KEY).ok().flatten());
    let opening = persist::opening(&hash, stored.as_deref(), &options());
    if let Some(state) = &opening.opened {
        opened(state);
    }
    let mut playground = opening.playground;
    playground.experiments.workers = crate::offload::pool::default_workers();
    playground
}

/// Puts the state in the address bar (without a history entry) and, once it is
/// the user's own work, in storage; a replaced run moves to the recent runs.
pub fn save(state: &SharedState) {
    let fragment = persist::fragment(state);
    // The same state as last time: the address and storage already hold it
    // (the policy in `saved` gives the same writes for the same state).
    if LAST_SAVED.with(|l| l.borrow().as_deref() == Some(fragment.as_str())) {
        return;
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
    let Some(s) = storage() else { return };
    let last = s.get_item(LAST_KEY).ok().flatten();
    let mut recent = recent_runs();
    let writes =
        ORIGIN.with(|o| saved::save(&mut o.borrow_mut(), state, last.as_deref(), &mut recent));
    if let Some(w) = writes {
        let _ = s.set_item(LAST_KEY, &w.last);
        if let Some(json) = w.recent {
            let _ = s.set_item(RECENT_KEY, &json);
        }
    }
    LAST_SAVED.with(|l| *l.borrow_mut() = Some(fragment));
}

/// The recent runs stored, newest first.
pub fn recent_runs() -> Vec<RecentRun> {
    let stored = storage().and_then(|s| s.get_item(RECENT_KEY).ok().flatten());
    saved::read_recent(stored.as_deref())
}

/// The page's address without query or fragment: where the full playground lives.
pub fn base_url() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

/// The options in the address's query (`crate::embed_options`): `?embed`,
/// `lesson=`, `step=`, `panels=`.
pub fn options() -> EmbedOptions {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    embed_options::parse(&search)
}

/// `?embed` in the address: the compact layout for an iframe.
pub fn is_embedded() -> bool {
    options().embed
}
