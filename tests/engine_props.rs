#![cfg(not(target_arch = "wasm32"))]
//! Properties over random configs, seeds and user-made schedules (shuffles,
//! crashes, lost acks, delay spikes at random times).

use occ_playground::engine::checker::{OnLivelock, Outcome};
use occ_playground::engine::config::{Assignment, Faults, MsRange};
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::invariants;
use occ_playground::engine::{
    Action, Burst, Config, MemberId, Scenario, ScriptedAction, Simulation, Strategy as Listen,
    TraceMode, VersionScheme,
};
use proptest::prelude::*;

fn config() -> impl Strategy<Value = Config> {
    (
        1u8..=4,
        1u32..=3,
        prop_oneof![Just(Assignment::RoundRobin), Just(Assignment::Random)],
        10u64..=3_000,
        (0u64..=10, 0u64..=40),
        (0u64..=5, 0u64..=30),
        prop_oneof![3 => Just(None), 1 => (3u32..=8).prop_map(Some)],
        (0u16..=80, 0u16..=80),
    )
        .prop_map(
            |(
                listeners,
                in_flight,
                assignment,
                ack_wait,
                (d0, d1),
                (p0, p1),
                max_deliver,
                (lost, crash),
            )| {
                Config {
                    listeners,
                    max_in_flight: in_flight,
                    assignment,
                    ack_wait_ms: ack_wait,
                    delivery_ms: MsRange::new(d0, d0 + d1),
                    processing_ms: MsRange::new(p0, p0 + p1),
                    max_deliver,
                    faults: Faults {
                        lost_ack_permille: lost,
                        crash_permille: crash,
                        ..Faults::default()
                    },
                    restart_ms: 200,
                    ..Config::default()
                }
            },
        )
}

/// A user's disturbance: replayable because it draws from the seed stream.
fn disturbance(listeners: u8) -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Shuffle),
        Just(Action::LoseNextAck),
        (0..listeners).prop_map(|m| Action::CrashListener {
            member: MemberId(m)
        }),
        (1u64..=50, 1u64..=200).prop_map(|(extra_ms, duration_ms)| Action::DelaySpike {
            extra_ms,
            duration_ms
        }),
    ]
}

fn scenario(strategy: Listen, scheme: VersionScheme) -> impl Strategy<Value = Scenario> {
    (config(), any::<u64>(), 1usize..=6, 0u64..=15)
        .prop_flat_map(move |(config, seed, updates, gap)| {
            let listeners = config.listeners;
            let extra = proptest::collection::vec((0u64..=120, disturbance(listeners)), 0..4);
            (
                Just(Config {
                    strategy,
                    scheme,
                    ..config
                }),
                Just(seed),
                Just(updates),
                Just(gap),
                extra,
            )
        })
        .prop_map(|(config, seed, updates, gap, extra)| {
            let mut actions = Burst::new(updates as u32, gap).retitling(3).actions();
            actions.extend(
                extra
                    .into_iter()
                    .map(|(at_ms, action)| ScriptedAction { at_ms, action }),
            );
            // Stable sort: at equal times the owner's saves stay first.
            actions.sort_by_key(|a| a.at_ms);
            Scenario {
                actions,
                ..Scenario::new(config, seed)
            }
        })
}

/// Runs to the end, checking every invariant after every step.
fn outcome(s: &Scenario) -> Outcome {
    let mut sim = Simulation::with_trace(s.clone(), TraceMode::Off).expect("valid scenario");
    while sim.step() {
        if let Err(v) = invariants::check(sim.world()) {
            panic!("after step {}: {v}", sim.steps_taken());
        }
    }
    assert!(sim.finished());
    sim.outcome()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn occ_never_diverges_with_increment(s in scenario(Listen::Occ, VersionScheme::Increment)) {
        prop_assert_ne!(outcome(&s), Outcome::Diverged);
    }

    #[test]
    fn prev_version_never_diverges_with_increment(s in scenario(Listen::PrevVersion, VersionScheme::Increment)) {
        prop_assert_ne!(outcome(&s), Outcome::Diverged);
    }

    #[test]
    fn prev_version_never_diverges_with_any_scheme(
        s in scenario(Listen::PrevVersion, VersionScheme::Timestamp)
    ) {
        prop_assert_ne!(outcome(&s), Outcome::Diverged);
    }

    #[test]
    fn newest_wins_never_diverges(
        s in scenario(Listen::NewestWins, VersionScheme::Step100)
    ) {
        prop_assert_ne!(outcome(&s), Outcome::Diverged);
    }

    #[test]
    fn naive_and_plugin_runs_keep_every_invariant(
        s in scenario(Listen::Naive, VersionScheme::Step100),
        t in scenario(Listen::PluginIncrement, VersionScheme::Timestamp),
    ) {
        outcome(&s);
        outcome(&t);
    }

    #[test]
    fn the_same_seed_gives_the_same_trace(s in scenario(Listen::Naive, VersionScheme::Increment)) {
        let mut a = Simulation::new(s.clone()).unwrap();
        let mut b = Simulation::new(s).unwrap();
        prop_assert_eq!(a.run(), b.run());
        prop_assert_eq!(
            serde_json::to_string(a.trace()).unwrap(),
            serde_json::to_string(b.trace()).unwrap()
        );
    }

    #[test]
    fn scenarios_round_trip_and_traces_write_every_step(s in scenario(Listen::Occ, VersionScheme::Timestamp)) {
        // A trace is rebuilt by replaying its scenario, so the scenario is
        // what must round-trip; the trace's JSON must hold every kept step
        // with its sentence.
        let json = serde_json::to_string(&s).unwrap();
        let back: Scenario = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &s);
        let mut sim = Simulation::new(s).unwrap();
        sim.run();
        let t = sim.trace();
        let written: serde_json::Value = serde_json::to_value(t).unwrap();
        let steps = written["steps"].as_array().unwrap();
        prop_assert_eq!(steps.len(), t.len());
        for (w, step) in steps.iter().zip(&t.steps) {
            prop_assert_eq!(w["step"].as_u64(), Some(step.step));
            prop_assert_eq!(w["kind"].as_str(), Some(step.kind.name()));
            let note = w["note"].as_str().unwrap_or("");
            prop_assert_eq!(note, step.note_text(t.titles()));
            prop_assert!(!note.contains("..=") && !note.contains("MemberId"), "{}", note);
        }
    }

    #[test]
    fn replay_reaches_the_same_state(s in scenario(Listen::Occ, VersionScheme::Increment), cut in 0u64..60) {
        let mut full = Simulation::new(s.clone()).unwrap();
        full.run();
        let steps = cut.min(full.steps_taken());
        let part = Simulation::replay(s, steps).unwrap();
        let n = part.trace().len();
        prop_assert_eq!(&part.trace().steps[..], &full.trace().steps[..n]);
    }

    #[test]
    fn finished_and_next_time_say_what_the_next_step_does(
        s in scenario(Listen::Occ, VersionScheme::Increment),
        looping in any::<bool>(),
    ) {
        // `finished` and `next_time_ms` pass over wake-ups that will change
        // nothing (a heartbeat window after a restart, an ack wait of a
        // message acked since): a step taken is at the time they said, and
        // there is one exactly when they said so.
        let on = if looping { OnLivelock::Loop } else { OnLivelock::Stop };
        let mut sim = Simulation::with_livelock(s, on).unwrap();
        for _ in 0..400 {
            let (finished, next) = (sim.finished(), sim.next_time_ms());
            let mut ahead = sim.clone();
            let took = ahead.step();
            prop_assert_eq!(finished, !took, "after step {}", sim.steps_taken());
            if took {
                prop_assert_eq!(next, Some(ahead.now_ms()), "after step {}", sim.steps_taken());
            }
            if !sim.step() {
                break;
            }
        }
    }

    #[test]
    fn experiment_outcomes_add_up(config in config(), trials in 1u32..20, seed in any::<u64>()) {
        let spec = ExperimentSpec::new(config, 3, trials, seed);
        let r = run_experiment(&spec).unwrap();
        prop_assert_eq!(r.outcomes.total(), trials);
    }
}

#[test]
fn naive_diverges_for_some_seed() {
    let config = Config::with_strategy(Listen::Naive);
    let r = run_experiment(&ExperimentSpec::new(config, 2, 50, 3)).unwrap();
    assert!(r.outcomes.diverged > 0);
    assert!(
        r.outcomes.consistent > 0,
        "reordering is a race, not a certainty"
    );
}
