//! Saved work is never lost: what localStorage keeps and when it may change.
//!
//! The last run (`LAST_KEY`, an exported scenario) is what a plain visit
//! reopens. Opening a link or a file shows that run without touching storage:
//! it is saved only once the user changes its scenario (the reducer keeps
//! where the run came from: `playground::provenance`). Whenever the last run
//! is replaced by a different scenario, the one replaced moves into a short
//! history of recent runs (`RECENT_KEY`, at most `RECENT_MAX` runs and
//! `RECENT_MAX_BYTES` of JSON), which the page lists and can reopen.
//! Native, so the policy is tested with `cargo test`; the browser half only
//! reads and writes the strings.

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

/// A short name for a run: its strategy and scheme, how much it holds, and
/// the lesson it grew from (lesson ids can look like strategies: "occ").
pub fn label(state: &SharedState) -> String {
    let c = &state.scenario.config;
    let n = state.scenario.actions.len();
    let from = match &state.lesson {
        Some(lesson) => format!(" (from the lesson \u{201c}{lesson}\u{201d})"),
        None => String::new(),
    };
    format!(
        "{} / {}: {n} action{}, at step {}{from}",
        serde_name(c.strategy),
        serde_name(c.scheme),
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

/// What the page writes when the run changes: the new last run and, when a
/// different scenario is replaced, the updated history.
#[derive(Debug, PartialEq)]
pub struct Writes {
    pub last: String,
    pub recent: Option<String>,
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

/// What the first-visit page knows of storage. Its module has no reader for
/// a saved run (to stay small), and storage held none when it started
/// (`static/loader.js` chooses it only then), so it keeps what it wrote.
#[derive(Debug, Default)]
pub struct WrittenHere {
    /// The last state saved, and the runs it replaced (newest first).
    last: Option<SharedState>,
    recent: Vec<RecentRun>,
    /// The strings written under `LAST_KEY` and `RECENT_KEY`: while storage
    /// still holds them, no other page of this site has saved since.
    written: (Option<String>, Option<String>),
    /// The state a save was refused for (said once, not on every render).
    refused: Option<SharedState>,
}

/// What the first-visit page does to save a run of the user's own.
#[derive(Debug, PartialEq)]
pub enum FirstVisitSave {
    /// Storage holds it already (or it was refused before).
    Nothing,
    Write(Writes),
    /// Another page of the site (another tab) saved since: this page cannot
    /// read that run to keep it in the recent runs, so it must not write over
    /// it; the full page has to save instead.
    Refused,
}

impl WrittenHere {
    /// The writes for `current`, given what storage holds now under
    /// (`LAST_KEY`, `RECENT_KEY`); `None`: there is no storage.
    pub fn save(
        &mut self,
        current: &SharedState,
        held: Option<(Option<String>, Option<String>)>,
    ) -> FirstVisitSave {
        if self.last.as_ref() == Some(current) || self.refused.as_ref() == Some(current) {
            return FirstVisitSave::Nothing;
        }
        if held.as_ref().is_some_and(|h| *h != self.written) {
            self.refused = Some(current.clone());
            return FirstVisitSave::Refused;
        }
        let last = self.last.replace(current.clone());
        match (save_own(current, last, &mut self.recent), held) {
            (Some(w), Some(_)) => {
                self.written.0 = Some(w.last.clone());
                if let Some(json) = &w.recent {
                    self.written.1 = Some(json.clone());
                }
                FirstVisitSave::Write(w)
            }
            _ => FirstVisitSave::Nothing,
        }
    }

    /// The runs this page replaced, newest first.
    pub fn recent(&self) -> Vec<RecentRun> {
        self.recent.clone()
    }
}

/// The sentence after a link or file could not be opened: what is open now.
pub fn kept_notice(error: &str, kept_own_work: bool) -> String {
    match kept_own_work {
        true => format!("{error}. Your saved work is open instead; nothing was overwritten."),
        false => format!("{error}. The default scenario is loaded."),
    }
}
