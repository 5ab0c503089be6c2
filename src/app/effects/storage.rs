//! Where a view survives: the address bar's fragment and localStorage (the last
//! run and the recent runs). What to keep and when is the playground's policy
//! (`playground::persist`, `crate::saved`); this only reads and writes strings.

use crate::embed_options::{self, EmbedOptions};
use crate::import::{self, Source};
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
    /// The last state saved. Most renders (a tab, a notice, an export, a
    /// hover) leave the run as it was; writing the same address and storage
    /// again each time cost the page several ms a render. Kept as the state,
    /// not its fragment: comparing is cheap, encoding a big run is not (an
    /// opened file's fragment comes made by the worker, `opened_at`).
    static LAST_SAVED: RefCell<Option<SharedState>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Marks `state` as opened from outside (a link, a file, the host page).
pub fn opened(state: &SharedState) {
    ORIGIN.with(|o| *o.borrow_mut() = Origin::Opened(Box::new(state.scenario.clone())));
    LAST_SAVED.with(|l| *l.borrow_mut() = None);
}

/// `opened` for an imported file the worker has read (`persist::OpenedFile`):
/// its link goes in the address bar now, so the page's first save after
/// opening it finds the state saved already and encodes nothing. Storage is
/// left alone, as `saved` says for a run opened from outside.
pub fn opened_at(state: &SharedState, fragment: &str) {
    opened(state);
    put_in_address(fragment);
    saved_as(state);
}

/// Records that the address (and storage, by `saved`'s policy) hold `state`.
fn saved_as(state: &SharedState) {
    LAST_SAVED.with(|l| *l.borrow_mut() = Some(state.clone()));
}

/// The fragment in the address bar, without a history entry.
fn put_in_address(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// The state to open with: the first-visit page's run when it handed over
/// (`handover`), else from the address and storage.
pub fn initial() -> Playground {
    let mut playground = super::handover::take()
        .and_then(|h| {
            // The first-visit page's run: the user's own (saved just now), or
            // still the one the address opened.
            let state = import::from_text(Source::File, &h.state).ok()?;
            if h.opened {
                opened(&state);
            }
            let mut p = Playground::open(state);
            p.tab = h.tab.unwrap_or_default();
            Some(p)
        })
        .unwrap_or_else(from_address);
    playground.experiments.workers = crate::offload::pool::default_workers();
    playground
}

fn from_address() -> Playground {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let stored = storage().and_then(|s| s.get_item(LAST_KEY).ok().flatten());
    let opening = persist::opening(&hash, stored.as_deref(), &options());
    if let Some(state) = &opening.opened {
        opened(state);
        if opening.in_address {
            // The first save finds nothing to write; a capped step makes a
            // different state, which is saved as usual.
            saved_as(state);
        }
    }
    opening.playground
}

/// Puts the state in the address bar (without a history entry) and, once it is
/// the user's own work, in storage; a replaced run moves to the recent runs.
pub fn save(state: SharedState) {
    // The same state as last time: the address and storage already hold it
    // (the policy in `saved` gives the same writes for the same state).
    if LAST_SAVED.with(|l| l.borrow().as_ref() == Some(&state)) {
        return;
    }
    put_in_address(&persist::fragment(&state));
    let Some(s) = storage() else { return };
    let last = s.get_item(LAST_KEY).ok().flatten();
    let mut recent = recent_runs();
    let writes =
        ORIGIN.with(|o| saved::save(&mut o.borrow_mut(), &state, last.as_deref(), &mut recent));
    if let Some(w) = writes {
        let _ = s.set_item(LAST_KEY, &w.last);
        if let Some(json) = w.recent {
            let _ = s.set_item(RECENT_KEY, &json);
        }
    }
    LAST_SAVED.with(|l| *l.borrow_mut() = Some(state));
}

/// What the first-visit page knows of storage: it cannot read a saved run
/// back (its module has no reader), and storage held none when it started
/// (`static/loader.js` chooses it only then), so it keeps what it wrote.
#[derive(Default)]
struct Known {
    /// The last state saved, and the runs it replaced (newest first).
    last: Option<SharedState>,
    recent: Vec<RecentRun>,
    /// The strings written under `LAST_KEY` and `RECENT_KEY`: while storage
    /// still holds them, no other page of this site has saved since.
    written: (Option<String>, Option<String>),
    /// The state a save was refused for (asked once, not on every render).
    refused: Option<SharedState>,
}

thread_local! {
    static KNOWN: RefCell<Known> = RefCell::new(Known::default());
}

/// The first-visit page's state: `?lesson=` and `?step=`'s, else the default
/// (`static/loader.js` runs that page only without a fragment or saved work).
pub fn initial_first_visit() -> Playground {
    let opening = persist::opening_without_link(None, &options());
    if let Some(state) = &opening.opened {
        opened(state);
    }
    opening.playground
}

/// Whether `state` is still the run opened from the address, unchanged (it is
/// not the user's work yet, and is not saved; the full page is told so).
pub fn still_opened(state: &SharedState) -> bool {
    ORIGIN.with(|o| matches!(&*o.borrow(), Origin::Opened(s) if **s == state.scenario))
}

/// The first-visit page's save: the same writes to storage as `save` (the
/// address bar is left alone: a link is made on first use of the share bar).
/// False when another page of the site (another tab) has saved since: this
/// page cannot read that run to keep it in the recent runs, so it must not
/// write over it; the full page has to save instead. Said once per state.
pub fn save_first_visit(state: &SharedState) -> bool {
    if !ORIGIN.with(|o| o.borrow_mut().may_save(state)) {
        return true;
    }
    let s = storage();
    KNOWN.with(|k| {
        let known = &mut *k.borrow_mut();
        if known.last.as_ref() == Some(state) || known.refused.as_ref() == Some(state) {
            return true;
        }
        if let Some(s) = &s {
            let get = |key| s.get_item(key).ok().flatten();
            if (get(LAST_KEY), get(RECENT_KEY)) != known.written {
                known.refused = Some(state.clone());
                return false;
            }
        }
        let last = known.last.replace(state.clone());
        let writes = saved::save_own(state, last, &mut known.recent);
        if let (Some(w), Some(s)) = (writes, &s) {
            let _ = s.set_item(LAST_KEY, &w.last);
            known.written.0 = Some(w.last);
            if let Some(json) = w.recent {
                let _ = s.set_item(RECENT_KEY, &json);
                known.written.1 = Some(json);
            }
        }
        true
    })
}

/// The runs the first-visit page replaced, newest first.
pub fn recent_first_visit() -> Vec<RecentRun> {
    KNOWN.with(|k| k.borrow().recent.clone())
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
