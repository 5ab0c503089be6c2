//! Saved work is never lost: opening a link or a file leaves storage alone
//! until the user changes the run, and a replaced run moves to the history.
#![cfg(not(target_arch = "wasm32"))]

use occ_playground::engine::{Action, Config, Scenario, Strategy};
use occ_playground::saved::{self, Origin, RECENT_MAX};
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
fn a_link_does_not_overwrite_saved_work_until_the_user_changes_it() {
    let mine = run(1, Strategy::Occ, Some("occ"));
    let stored = serde_json::to_string(&mine).unwrap();
    let mut recent = Vec::new();
    // A link opens: the page shows it, storage keeps the user's work.
    let link = run(2, Strategy::Naive, None);
    let mut origin = Origin::Opened(Box::new(link.scenario.clone()));
    assert_eq!(
        saved::save(&mut origin, &link, Some(&stored), &mut recent),
        None
    );
    // Stepping through it is not a change of the scenario either.
    let stepped = SharedState {
        step: 9,
        ..link.clone()
    };
    assert_eq!(
        saved::save(&mut origin, &stepped, Some(&stored), &mut recent),
        None
    );
    // The user changes the strategy: now it is theirs; the old work moves to the history.
    let changed = SharedState {
        scenario: Scenario {
            config: Config {
                strategy: Strategy::NewestWins,
                ..link.scenario.config.clone()
            },
            ..link.scenario.clone()
        },
        ..link
    };
    let writes = saved::save(&mut origin, &changed, Some(&stored), &mut recent).unwrap();
    assert_eq!(saved::read_last(Some(&writes.last)), Some(changed.clone()));
    let history = saved::read_recent(writes.recent.as_deref());
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, mine);
    assert_eq!(history[0].label, "lesson occ, 1 action, step 2");
    // From now on every change is saved, and the same scenario is not re-listed.
    assert_eq!(origin, Origin::Own);
    let again = saved::save(&mut origin, &changed, Some(&writes.last), &mut recent).unwrap();
    assert_eq!(again.recent, None);
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
    assert!(
        history[0].label.starts_with("occ / increment, 1 action"),
        "{}",
        history[0].label
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
    let (mut stored, mut known): (Option<String>, Option<SharedState>) = (None, None);
    let (mut from_storage, mut from_memory) = (Vec::new(), Vec::new());
    let mut moved = 0;
    for state in &states {
        let a = saved::save(
            &mut Origin::Own,
            state,
            stored.as_deref(),
            &mut from_storage,
        );
        let b = saved::save_own(state, known.take(), &mut from_memory);
        assert_eq!(a, b);
        let writes = a.unwrap();
        moved += usize::from(writes.recent.is_some());
        stored = Some(writes.last);
        known = Some(state.clone());
    }
    // A new step of the same scenario replaces nothing; the two new scenarios
    // each move the one before to the history.
    assert_eq!(moved, 2);
    assert_eq!(from_memory, from_storage);
}
