//! Saved work is never lost: a replaced run moves to the history, and the
//! first-visit page never writes over a run another tab saved. (When an
//! opened run becomes the user's to save is the reducer's:
//! tests/playground_provenance.rs.)
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::engine::{Action, Config, Scenario, Strategy};
use occ_playground::saved::{self, FirstVisitSave, WrittenHere, RECENT_MAX};
use occ_playground::share::SharedState;

fn run(seed: u64, strategy: Strategy, lesson: Option<&str>) -> SharedState {
    let config = Config::with_strategy(strategy);
    let scenario = Scenario::new(config, seed).at(0, Action::create_ticket("concert", 5));
    SharedState {
        scenario,
        step: 2,
        lesson: lesson.map(str::to_string),
    }
}

#[test]
fn the_history_is_bounded_newest_first_without_duplicates() {
    let mut recent = Vec::new();
    for seed in 0..20 {
        saved::remember(&mut recent, run(seed, Strategy::Occ, None));
    }
    let json = saved::remember(&mut recent, run(5, Strategy::Occ, None));
    let history = saved::read_recent(Some(&json));
    assert_eq!(history.len(), RECENT_MAX);
    assert_eq!(history[0].state.scenario.seed, 5);
    assert_eq!(history[1].state.scenario.seed, 19);
    assert_eq!(history[0].label, "occ / increment: 1 action, at step 2");
    let from_lesson = saved::label(&run(1, Strategy::Occ, Some("occ")));
    assert_eq!(
        from_lesson,
        "occ / increment: 1 action, at step 2 (from the lesson \u{201c}occ\u{201d})"
    );
    assert!(json.len() <= saved::RECENT_MAX_BYTES);
}

#[test]
fn broken_storage_never_stops_the_page() {
    assert!(saved::read_recent(Some("{not json")).is_empty());
    assert!(saved::read_recent(None).is_empty());
    assert_eq!(saved::read_last(Some("[1, 2]")), None);
    let mut s = run(1, Strategy::Occ, None);
    s.scenario.config.listeners = 99;
    let bad = serde_json::json!([{ "label": "x", "state": s }]).to_string();
    assert!(
        saved::read_recent(Some(&bad)).is_empty(),
        "an invalid run is dropped"
    );
    let kept = saved::kept_notice("This link could not be opened: the link is corrupt", true);
    assert!(kept.ends_with("Your saved work is open instead; nothing was overwritten."));
}

/// The first-visit module saves without reading storage back: it keeps the
/// last state it wrote. Its writes must be the ones the full page would make
/// from storage, or a later visit would see a different history.
#[test]
fn saving_from_the_known_last_state_writes_what_saving_from_storage_writes() {
    let states = [
        run(1, Strategy::Occ, None),
        SharedState {
            step: 5,
            ..run(1, Strategy::Occ, None)
        },
        run(2, Strategy::Naive, Some("naive")),
        run(3, Strategy::NewestWins, None),
    ];
    let (mut stored, mut recent): (Option<String>, Option<String>) = (None, None);
    let mut from_storage = Vec::new();
    let mut here = WrittenHere::default();
    let mut moved = 0;
    for state in &states {
        let last = saved::read_last(stored.as_deref());
        let a = saved::save_own(state, last, &mut from_storage).unwrap();
        let held = Some((stored.clone(), recent.clone()));
        let FirstVisitSave::Write(b) = here.save(state, held) else {
            panic!("the first-visit page did not write {state:?}");
        };
        assert_eq!(a, b);
        moved += usize::from(a.recent.is_some());
        stored = Some(a.last);
        recent = a.recent.or(recent);
    }
    // A new step of the same scenario replaces nothing; the two new scenarios
    // each move the one before to the history.
    assert_eq!(moved, 2);
    assert_eq!(here.recent(), from_storage);
}

#[test]
fn the_first_visit_page_does_not_write_over_another_tab_s_run() {
    let mine = run(1, Strategy::Occ, None);
    let mut here = WrittenHere::default();
    // Nothing stored when the page started: it writes.
    let FirstVisitSave::Write(w) = here.save(&mine, Some((None, None))) else {
        panic!("the first save was not written");
    };
    // The same state again: nothing to write.
    let held = Some((Some(w.last.clone()), None));
    assert_eq!(here.save(&mine, held.clone()), FirstVisitSave::Nothing);
    // Another tab saved its own run since: refused, once, and nothing written.
    let next = run(2, Strategy::Naive, None);
    let theirs = Some((Some("{\"another\": \"tab\"}".to_string()), None));
    assert_eq!(here.save(&next, theirs.clone()), FirstVisitSave::Refused);
    assert_eq!(here.save(&next, theirs), FirstVisitSave::Nothing);
    // Without storage the page still keeps the runs it replaced, for its list.
    let mut alone = WrittenHere::default();
    assert_eq!(alone.save(&mine, None), FirstVisitSave::Nothing);
    assert_eq!(alone.save(&next, None), FirstVisitSave::Nothing);
    assert_eq!(alone.recent().len(), 1);
    assert_eq!(alone.recent()[0].state, mine);
}
