#![cfg(not(target_arch = "wasm32"))]
//! The explorer: every schedule, deduplicated; shortest counterexamples that
//! replay through the same world transitions.

use occ_playground::engine::checker::Outcome;
use occ_playground::engine::explorer::{
    explore, final_outcome, replay_schedule, replay_world, Choice, ExploreError, ExploreSpec,
};
use occ_playground::engine::{MemberId, MessageId, StepKind, Strategy, VersionScheme};

fn spec(strategy: Strategy, scheme: VersionScheme, updates: u32) -> ExploreSpec {
    ExploreSpec::new(strategy, scheme, updates, 2)
}

#[test]
fn finds_the_naive_counterexample_for_two_updates() {
    let s = spec(Strategy::Naive, VersionScheme::Increment, 2);
    let r = explore(&s).unwrap();
    assert!(r.outcomes.diverged > 0 && r.outcomes.consistent > 0);
    assert_eq!(r.outcomes.stalled, 0);
    assert_eq!(r.counterexample_outcome, Some(Outcome::Diverged));
    let choices = r.counterexample.expect("a counterexample");
    // 3 messages, each delivered, read and written: nothing shorter exists.
    assert_eq!(choices.len(), 9);
    let world = replay_world(&s, &choices).unwrap();
    assert_eq!(final_outcome(&world), Some(Outcome::Diverged));
    assert_eq!(world.replica().rows()[0].unwrap().price, 10);
    let trace = replay_schedule(&s, &choices).unwrap();
    assert_eq!(trace.count(StepKind::Write), 3);
    assert!(trace.steps.iter().any(|step| step.out_of_order));
}

#[test]
fn proves_occ_for_every_schedule_of_three_updates() {
    let r = explore(&spec(Strategy::Occ, VersionScheme::Increment, 3)).unwrap();
    assert_eq!((r.outcomes.diverged, r.outcomes.stalled), (0, 0));
    // 211,992 schedules since each listener reads its one connection in
    // the order sent (315,816 when each channel was read on its own).
    assert!(r.outcomes.consistent > 200_000, "{r:?}");
    assert_eq!(r.counterexample, None);
    assert_eq!((r.final_states.consistent, r.final_states.total()), (1, 1));
}

#[test]
fn exact_match_strategies_stall_on_a_mystery_source() {
    for strategy in [Strategy::Occ, Strategy::PluginIncrement] {
        let r = explore(&spec(strategy, VersionScheme::Step100, 2)).unwrap();
        assert_eq!(r.outcomes.consistent, 0, "{strategy}");
        assert_eq!(r.counterexample_outcome, Some(Outcome::Stalled));
    }
    for strategy in [Strategy::PrevVersion, Strategy::NewestWins] {
        let r = explore(&spec(strategy, VersionScheme::Timestamp, 3)).unwrap();
        assert_eq!(
            (r.outcomes.diverged, r.outcomes.stalled),
            (0, 0),
            "{strategy}"
        );
    }
}

#[test]
fn counts_grow_with_updates_and_listeners() {
    let small = explore(&spec(Strategy::Occ, VersionScheme::Increment, 2)).unwrap();
    let big = explore(&spec(Strategy::Occ, VersionScheme::Increment, 3)).unwrap();
    assert!(big.states > small.states && big.schedules > small.schedules);
    let three = explore(&ExploreSpec::new(
        Strategy::Occ,
        VersionScheme::Increment,
        2,
        3,
    ))
    .unwrap();
    assert!(three.states > small.states);
    assert_eq!(small.schedules_exact, small.schedules.to_string());
}

#[test]
fn refuses_to_run_away() {
    let mut s = spec(Strategy::Occ, VersionScheme::Increment, 6);
    s.state_limit = 100;
    assert_eq!(
        explore(&s).unwrap_err(),
        ExploreError::TooManyStates { limit: 100 }
    );
    let s = spec(Strategy::Occ, VersionScheme::Increment, 11);
    assert_eq!(
        explore(&s).unwrap_err().to_string(),
        "updates: 11 is out of range 1..10"
    );
}

#[test]
fn a_disabled_choice_is_an_error_not_a_panic() {
    let s = spec(Strategy::Occ, VersionScheme::Increment, 1);
    let bad = [Choice::Advance {
        member: MemberId(0),
        message: MessageId(0),
    }];
    assert!(matches!(
        replay_schedule(&s, &bad),
        Err(ExploreError::InvalidChoice { index: 0, .. })
    ));
    let bad = [Choice::Deliver {
        message: MessageId(9),
        member: MemberId(0),
    }];
    assert!(replay_schedule(&s, &bad).is_err());
}
