//! localStorage: the last run and the recent runs, as strings. What to keep
//! and when is the playground's (`Playground::to_keep`) and `crate::saved`'s.

use super::address;
use crate::playground::provenance::{Fragment, Keep};
use crate::saved::{self, FirstVisitSave, RecentRun, WrittenHere, LAST_KEY, RECENT_KEY};
use crate::share;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(s: &web_sys::Storage, key: &str) -> Option<String> {
    s.get_item(key).ok().flatten()
}

/// The last run stored, as text.
pub fn last() -> Option<String> {
    get(&storage()?, LAST_KEY)
}

/// The recent runs stored, newest first.
pub fn recent_runs() -> Vec<RecentRun> {
    saved::read_recent(storage().and_then(|s| get(&s, RECENT_KEY)).as_deref())
}

fn write(s: &web_sys::Storage, w: &saved::Writes) {
    let _ = s.set_item(LAST_KEY, &w.last);
    if let Some(json) = &w.recent {
        let _ = s.set_item(RECENT_KEY, json);
    }
}

/// Carries out `keep` on the full page: the run's link in the address bar,
/// and the run in storage if it is the user's own (a replaced run moves to
/// the recent runs).
pub fn keep(keep: &Keep) {
    match &keep.fragment {
        Fragment::InAddress => {}
        Fragment::Made(f) => address::put_fragment(f),
        Fragment::ToMake => address::put_fragment(&share::encode(&keep.state)),
    }
    if !keep.store {
        return;
    }
    let Some(s) = storage() else { return };
    let last = saved::read_last(get(&s, LAST_KEY).as_deref());
    let mut recent = recent_runs();
    if let Some(w) = saved::save_own(&keep.state, last, &mut recent) {
        write(&s, &w);
    }
}

/// The first-visit page's save: the same writes to storage as `keep`. It
/// has no link encoder (a link is made on first use of the share bar), so a
/// lesson as opened goes in the address as its query (a reload reopens it
/// here), and the user's own run leaves the query (a reload opens it from
/// storage). False when another page of the site saved since and the full
/// page has to save instead (`saved::WrittenHere`).
pub fn keep_first_visit(here: &mut WrittenHere, keep: &Keep) -> bool {
    if !keep.store {
        if let Some(query) = keep.lesson_query() {
            address::put_query(&query);
        }
        return true;
    }
    address::put_query("");
    let s = storage();
    let held = s.as_ref().map(|s| (get(s, LAST_KEY), get(s, RECENT_KEY)));
    match here.save(&keep.state, held) {
        FirstVisitSave::Nothing => true,
        FirstVisitSave::Write(w) => {
            if let Some(s) = &s {
                write(s, &w);
            }
            true
        }
        FirstVisitSave::Refused => false,
    }
}
