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
fn a_schedule_for_another_configuration_ends_with_a_note() {
    let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 2, 2);
    let (choices, _) = counterexample(&spec);
    let mut scenario = counterexample_scenario(&spec, &choices);
    scenario.config.listeners = 1;
    let mut sim = Simulation::new(scenario).unwrap();
    sim.run();
    assert!(sim.finished());
    let last = sim.trace().steps.last().unwrap();
    assert_eq!(last.kind, StepKind::Ignored);
    // Unknown messages and members are refused too, without a panic.
    let mut bad = counterexample_scenario(&spec, &[]);
    bad.schedule = Some(vec![Choice::Redeliver {
        message: MessageId(99),
        member: None,
    }]);
    let mut sim = Simulation::new(bad).unwrap();
    sim.run();
    assert!(sim.finished());
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
