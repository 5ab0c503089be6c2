#![cfg(not(target_arch = "wasm32"))]
//! An explorer schedule replayed by the live `Simulation` (Scenario::schedule):
//! same transitions, same trace and outcome as `replay_schedule`, and Step /
//! step back (replay to a step) / share-link JSON all work on it.

use occ_playground::engine::checker::Outcome;
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::explorer::{
    counterexample_scenario, describe_schedule, explore, replay_schedule, replay_world,
    schedule_start, Choice, ExploreSpec,
};
use occ_playground::engine::*;

fn counterexample(spec: &ExploreSpec) -> (Vec<Choice>, Outcome) {
    let r = explore(spec).unwrap();
    (r.counterexample.unwrap(), r.counterexample_outcome.unwrap())
}

#[test]
fn the_live_view_replays_a_counterexample_exactly() {
    let cases = [
        (Strategy::Naive, VersionScheme::Increment, 2, 2),
        (Strategy::Occ, VersionScheme::Step100, 2, 2),
        (Strategy::PluginIncrement, VersionScheme::Timestamp, 2, 3),
        // One listener keeps a channel's order: naive needs two to diverge.
        (Strategy::Naive, VersionScheme::Increment, 3, 2),
    ];
    for (strategy, scheme, updates, listeners) in cases {
        let spec = ExploreSpec::new(strategy, scheme, updates, listeners);
        let (choices, outcome) = counterexample(&spec);
        let mut sim = Simulation::new(counterexample_scenario(&spec, &choices)).unwrap();
        assert_eq!(sim.run(), outcome, "{strategy} {scheme}");
        assert!(sim.finished());
        assert_eq!(
            sim.verdict().outcome(),
            Some(outcome),
            "{:?}",
            sim.verdict()
        );
        assert_eq!(
            sim.steps_taken(),
            schedule_start(&spec) + choices.len() as u64
        );
        let expected = replay_schedule(&spec, &choices).unwrap();
        assert_eq!(sim.trace(), &expected, "{strategy} {scheme}");
        let world = replay_world(&spec, &choices).unwrap();
        assert_eq!(sim.replica().rows(), world.replica().rows());
    }
}

/// Every broker's schedules step in the live view: each distinct final
/// state's schedule, replayed by the live `Simulation` (a Kafka run settles
/// its producer with the last save, as the explorer's start does), takes the
/// same transitions and ends in the same outcome and rows as the explorer.
#[test]
fn the_live_view_replays_every_brokers_schedules_exactly() {
    use occ_playground::engine::config::{BrokerKind, Deletes};
    use occ_playground::engine::explorer::final_states;
    let mut seen = 0;
    for broker in [BrokerKind::JetStream, BrokerKind::Kafka, BrokerKind::Stan] {
        for (strategy, updates, deletes, on_delete) in [
            (Strategy::Naive, 2, 0, Deletes::Hard),
            (Strategy::Occ, 2, 0, Deletes::Hard),
            (Strategy::Occ, 1, 1, Deletes::Tombstone),
            (Strategy::Naive, 1, 1, Deletes::Hard),
        ] {
            let mut spec = ExploreSpec::new(strategy, VersionScheme::Increment, updates, 2);
            spec.broker = broker;
            spec.deletes = deletes;
            spec.on_delete = on_delete;
            let finals = final_states(&spec).unwrap();
            assert!(!finals.is_empty(), "{broker:?} {strategy}");
            for f in finals {
                let what = format!("{broker:?} {strategy} deletes {deletes}: {:?}", f.schedule);
                let scenario = counterexample_scenario(&spec, &f.schedule);
                let json = serde_json::to_string(&scenario).unwrap();
                let mut sim = Simulation::new(serde_json::from_str(&json).unwrap()).unwrap();
                assert_eq!(sim.run(), f.outcome, "{what}");
                assert_eq!(
                    sim.steps_taken(),
                    schedule_start(&spec) + f.schedule.len() as u64,
                    "{what}"
                );
                assert_eq!(
                    sim.trace(),
                    &replay_schedule(&spec, &f.schedule).unwrap(),
                    "{what}"
                );
                let world = replay_world(&spec, &f.schedule).unwrap();
                assert_eq!(sim.replica().rows(), world.replica().rows(), "{what}");
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "{seen} final states replayed");
}

#[test]
fn stepping_back_and_forth_and_json_keep_the_schedule() {
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let (choices, _) = counterexample(&spec);
    let scenario = counterexample_scenario(&spec, &choices);
    let json = serde_json::to_string(&scenario).unwrap();
    assert!(json.contains("\"schedule\""), "{json}");
    let scenario: Scenario = serde_json::from_str(&json).unwrap();

    let start = schedule_start(&spec);
    let at_start = Simulation::replay(scenario.clone(), start).unwrap();
    assert!(!at_start.finished());
    assert_eq!(at_start.messages().len(), 3, "all saves published");
    assert_eq!(
        at_start.verdict().outcome(),
        None,
        "lagging before any delivery"
    );

    let mut sim = Simulation::replay(scenario.clone(), start + 4).unwrap();
    let back = Simulation::replay(scenario.clone(), start + 3).unwrap();
    let mut forward = back.clone();
    assert!(forward.step());
    assert_eq!(forward.trace(), sim.trace());
    while sim.step() {}
    assert_eq!(sim.verdict().outcome(), Some(Outcome::Diverged));
    assert!(!sim.step(), "nothing after the schedule");
    assert!(sim.act(Action::LoseNextAck).is_err(), "no live actions");
}

#[test]
fn a_choice_not_enabled_at_its_step_is_an_error_naming_it() {
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let (choices, _) = counterexample(&spec);
    // Made for two listeners, replayed with one: B does not exist.
    let mut scenario = counterexample_scenario(&spec, &choices);
    scenario.config.listeners = 1;
    let at = choices
        .iter()
        .position(|c| matches!(c, Choice::Deliver { member, .. } | Choice::Advance { member, .. } if member.0 == 1))
        .unwrap();
    let err = Simulation::new(scenario).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("schedule[{at}]: \""))
            && err.ends_with("there is no listener B (1 configured)"),
        "{err}"
    );
    // A choice that skips a channel's head names the head, and nothing runs
    // on to a "livelock" verdict with nothing delivered.
    let mut skip = counterexample_scenario(&spec, &[]);
    let second = skip.actions.len() as u32 - 1;
    skip.schedule = Some(vec![Choice::Deliver {
        message: MessageId(second),
        member: MemberId(0),
    }]);
    let err = Simulation::new(skip).unwrap_err().to_string();
    assert_eq!(
        err,
        "schedule[0]: \"deliver ticket:updated #2 (price 15, version 2) to A\" is not possible at this step: \
         ticket:updated #2 is not the head of ticket:updated: #1 is still queued before it, \
         and the server sends a channel in sequence order"
    );
    // A step of a delivery nobody holds, a redelivery of a message never sent.
    let why = |choice: Choice| {
        let mut s = counterexample_scenario(&spec, &[]);
        s.schedule = Some(vec![choice]);
        Simulation::new(s).unwrap_err().to_string()
    };
    let err = why(Choice::Advance {
        member: MemberId(0),
        message: MessageId(0),
    });
    assert!(
        err.ends_with("A holds no delivery of ticket:created #1"),
        "{err}"
    );
    let err = why(Choice::Redeliver {
        message: MessageId(0),
        member: Some(MemberId(1)),
    });
    assert!(
        err.ends_with(
            "ticket:created #1 is not waiting out an ack wait (it is waiting for its first delivery)"
        ),
        "{err}"
    );
    // Unknown messages are refused too, without a panic.
    let mut bad = counterexample_scenario(&spec, &[]);
    bad.schedule = Some(vec![Choice::Redeliver {
        message: MessageId(99),
        member: None,
    }]);
    let err = Simulation::new(bad).unwrap_err().to_string();
    assert!(
        err.ends_with("there is no message 100 yet (3 published so far)"),
        "{err}"
    );
}

#[test]
fn a_schedule_reads_as_words() {
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let (choices, _) = counterexample(&spec);
    let words = describe_schedule(&spec, &choices).unwrap();
    assert_eq!(words.len(), choices.len());
    assert!(words[0].starts_with("deliver ticket:"), "{words:?}");
    assert!(words.iter().any(|w| w.contains("reads")), "{words:?}");
}

#[test]
fn trial_seeds_are_safe_for_javascript() {
    let config = Config::with_strategy(Strategy::Naive);
    let r = run_experiment(&ExperimentSpec::new(config, 2, 300, u64::MAX)).unwrap();
    let mut examples = r.diverged_examples.iter().chain(&r.stalled_examples);
    assert!(examples.clone().count() > 0);
    assert!(examples.all(|t| t.seed < (1 << 53)));
}
