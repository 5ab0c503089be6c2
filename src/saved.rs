//! Saved work is never lost: what localStorage keeps and when it may change.
//!
//! The last run (`LAST_KEY`, an exported scenario) is what a plain visit
//! reopens. Opening a link or a file shows that run without touching storage:
//! it is saved only once the user changes its scenario. Whenever the last run
//! is replaced by a different scenario, the one replaced moves into a short
//! history of recent runs (`RECENT_KEY`, at most `RECENT_MAX` runs and
//! `RECENT_MAX_BYTES` of JSON), which the page lists and can reopen.
//! Native, so the policy is tested with `cargo test`; the browser half only
//! reads and writes the strings.

use crate::engine::Scenario;
use crate::import::{self, Source};
use crate::share::SharedState;
use serde::{Deserialize, Serialize};

/// The localStorage key of the last run (unchanged from earlier versions).
pub const LAST_KEY: &str = "occ-playground/last";
/// The localStorage key of the recent runs, newest first.
pub const RECENT_KEY: &str = "occ-playground/recent";
pub const RECENT_MAX: usize = 8;
pub const RECENT_MAX_BYTES: usize = 512 << 10;

/// One reopenable run and the sentence that names it in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentRun {
    pub label: String,
    pub state: SharedState,
}

/// The name a value has in JSON (`newest-wins`), for labels.
fn serde_name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A short name for a run: its lesson or strategy, and how much it holds.
pub fn label(state: &SharedState) -> String {
    let c = &state.scenario.config;
    let what = match &state.lesson {
        Some(lesson) => format!("lesson {lesson}"),
        None => format!("{} / {}", serde_name(c.strategy), serde_name(c.scheme)),
    };
    let n = state.scenario.actions.len();
    format!(
        "{what}, {n} action{}, step {}",
        if n == 1 { "" } else { "s" },
        state.step
    )
}

/// Reads the stored history; anything unreadable counts as empty (it was ours,
/// and a broken entry must not stop the page from opening).
pub fn read_recent(stored: Option<&str>) -> Vec<RecentRun> {
    let runs: Vec<RecentRun> = stored
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    runs.into_iter()
        .filter(|r| r.state.scenario.validate().is_ok())
        .take(RECENT_MAX)
        .collect()
}

/// Puts `run` first (dropping an older copy of the same scenario) and keeps
/// the list within its bounds; returns the JSON to store.
pub fn remember(recent: &mut Vec<RecentRun>, run: SharedState) -> String {
    recent.retain(|r| r.state.scenario != run.scenario);
    recent.insert(
        0,
        RecentRun {
            label: label(&run),
            state: run,
        },
    );
    recent.truncate(RECENT_MAX);
    loop {
        let json = serde_json::to_string(recent).unwrap_or_else(|_| "[]".into());
        if json.len() <= RECENT_MAX_BYTES || recent.len() <= 1 {
            return json;
        }
        recent.pop();
    }
}

/// The stored last run, if it still reads and validates.
pub fn read_last(stored: Option<&str>) -> Option<SharedState> {
    import::from_text(Source::File, stored?).ok()
}

/// Where the open run came from, which decides when it may be saved.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The user's own work (or the default): save every change.
    Own,
    /// Opened from a link, a file or the host page: not saved until its
    /// scenario differs from this one.
    Opened(Box<Scenario>),
}

impl Origin {
    /// Whether `current` is the user's to save. Once a change is seen the run
    /// becomes their own (undoing the change does not make it foreign again).
    pub fn may_save(&mut self, current: &SharedState) -> bool {
        match self {
            Origin::Own => true,
            Origin::Opened(s) if **s == current.scenario => false,
            Origin::Opened(_) => {
                *self = Origin::Own;
                true
            }
        }
    }
}

/// What the page writes when the run changes: the new last run and, when a
/// different scenario is replaced, the updated history.
#[derive(Debug, PartialEq)]
pub struct Writes {
    pub last: String,
    pub recent: Option<String>,
}

/// The writes for `current`, given what storage holds; `None` while the run
/// is still a link's or a file's, untouched.
pub fn save(
    origin: &mut Origin,
    current: &SharedState,
    stored_last: Option<&str>,
    recent: &mut Vec<RecentRun>,
) -> Option<Writes> {
    if !origin.may_save(current) {
        return None;
    }
    save_own(current, read_last(stored_last), recent)
}

/// The writes for the user's own `current` when the last state saved is known
/// already (the first-visit module keeps it instead of reading storage back,
/// as it has no reader): a replaced run moves to `recent`.
pub fn save_own(
    current: &SharedState,
    last: Option<SharedState>,
    recent: &mut Vec<RecentRun>,
) -> Option<Writes> {
    let json = serde_json::to_string(current).ok()?;
    let replaced = last.filter(|old| old.scenario != current.scenario);
    let recent = replaced.map(|old| remember(recent, old));
    Some(Writes { last: json, recent })
}

/// The sentence after a link or file could not be opened: what is open now.
pub fn kept_notice(error: &str, kept_own_work: bool) -> String {
    match kept_own_work {
        true => format!("{error}. Your saved work is open instead; nothing was overwritten."),
        false => format!("{error}. The default scenario is loaded."),
    }
}
