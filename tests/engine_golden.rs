#![cfg(not(target_arch = "wasm32"))]
//! Golden traces of the lecture's scenarios. Each run is compared byte for
//! byte with tests/golden/NAME.json; regenerate with `UPDATE_GOLDEN=1 cargo
//! test --test engine_golden` after an intended change, and review the diff.

use occ_playground::engine::checker::{Outcome, Verdict};
use occ_playground::engine::*;
use serde_json::json;
use std::path::PathBuf;

fn config(strategy: Strategy, scheme: VersionScheme) -> Config {
    Config {
        strategy,
        scheme,
        ..Config::default()
    }
}

/// Price 5, then 10 and 15 a millisecond apart: the slides' race.
fn lecture_burst(strategy: Strategy) -> Scenario {
    Scenario::lecture_race(config(strategy, VersionScheme::Increment), 1)
}

/// Saves a second apart, so only the version scheme can cause trouble.
fn mystery(strategy: Strategy, scheme: VersionScheme) -> Scenario {
    Scenario::new(config(strategy, scheme), 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(1_000, Action::update_price(TicketId(0), 10))
        .at(2_000, Action::update_price(TicketId(0), 15))
}

/// Runs the scenario and checks it against its golden file; returns the run.
fn golden(name: &str, scenario: Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario.clone()).expect("valid scenario");
    let outcome = sim.run();
    let doc = json!({
        "scenario": scenario,
        "outcome": outcome,
        "verdict": sim.verdict(),
        "trace": sim.trace().steps_json(),
    });
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let path = dir.join(format!("{name}.json"));
    let scenario_path = dir.join(format!("{name}.scenario.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
        let s = serde_json::to_string_pretty(&scenario).unwrap() + "\n";
        std::fs::write(&scenario_path, s).unwrap();
    } else {
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
        assert!(
            want == text,
            "{name}: trace differs from {} (UPDATE_GOLDEN=1 regenerates)",
            path.display()
        );
        let stored: Scenario =
            serde_json::from_str(&std::fs::read_to_string(&scenario_path).unwrap()).unwrap();
        assert_eq!(stored, scenario);
    }
    sim
}

#[test]
fn naive_loses_the_race_and_keeps_price_10() {
    let sim = golden("lecture_naive", lecture_burst(Strategy::Naive));
    assert_eq!(sim.outcome(), Outcome::Diverged);
    assert_eq!(
        sim.verdict(),
        Verdict::Diverged("Orders has price 10 for ticket CZQ; Tickets has 15".into())
    );
    assert!(sim.trace().steps.iter().any(|s| s.out_of_order));
}

#[test]
fn occ_refuses_the_early_update_and_converges_at_15_after_a_redelivery() {
    let sim = golden("lecture_occ", lecture_burst(Strategy::Occ));
    assert_eq!(sim.outcome(), Outcome::Consistent);
    assert_eq!(sim.replica().row(TicketId(0)).unwrap().price, 15);
    assert!(sim.trace().count(StepKind::NoAck) >= 1);
    assert!(sim.trace().count(StepKind::Redeliver) >= 1);
    assert!(sim.trace().steps.iter().all(|s| !s.out_of_order));
}

#[test]
fn an_update_before_its_create_heals_on_redelivery() {
    let scenario = Scenario::new(config(Strategy::Occ, VersionScheme::Increment), 0)
        .at(0, Action::create_ticket("concert", 5))
        .at(0, Action::update_price(TicketId(0), 10));
    let sim = golden("update_before_create", scenario);
    assert_eq!(sim.outcome(), Outcome::Consistent);
    let t = sim.trace();
    let refused = t
        .of_kind(StepKind::NoAck)
        .any(|s| s.note_text(t.titles()).contains("before its create"));
    assert!(refused);
    assert!(sim.trace().count(StepKind::Redeliver) >= 1);
}

#[test]
fn mystery_source_stalls_exact_match_strategies_and_not_the_others() {
    for scheme in [VersionScheme::Step100, VersionScheme::Timestamp] {
        for (strategy, want) in [
            (Strategy::Occ, Outcome::Stalled),
            (Strategy::PluginIncrement, Outcome::Stalled),
            (Strategy::PrevVersion, Outcome::Consistent),
            (Strategy::NewestWins, Outcome::Consistent),
        ] {
            let name = format!("mystery_{scheme}_{strategy}").replace('-', "_");
            let sim = golden(&name, mystery(strategy, scheme));
            assert_eq!(sim.outcome(), want, "{name}: {:?}", sim.verdict());
        }
    }
}

#[test]
fn two_editors_second_save_fails_with_a_version_error() {
    let scenario = Scenario::new(config(Strategy::Occ, VersionScheme::Increment), 3)
        .at(0, Action::create_ticket("concert", 5))
        .at(
            100,
            Action::TwoEditors {
                id: TicketId(0),
                first_price: 10,
                second_price: 15,
            },
        );
    let sim = golden("two_editors", scenario);
    assert_eq!(sim.trace().count(StepKind::VersionError), 1);
    assert_eq!(sim.tickets()[0].price, 10);
    assert_eq!(sim.outcome(), Outcome::Consistent);
}

#[test]
fn a_lost_ack_under_occ_is_a_poison_loop() {
    let scenario = Scenario::new(config(Strategy::Occ, VersionScheme::Increment), 5)
        .at(0, Action::create_ticket("concert", 5))
        .at(50, Action::LoseNextAck)
        .at(100, Action::update_price(TicketId(0), 10));
    let sim = golden("occ_lost_ack", scenario);
    assert_eq!(sim.outcome(), Outcome::Stalled);
    assert_eq!(sim.trace().count(StepKind::Livelock), 1);
    assert!(sim.verdict().reason().starts_with("livelock"));
}

/// A lesson's scenario, by id (the JetStream lessons' goldens).
fn lesson(id: &str) -> Scenario {
    use occ_playground::playground::lessons::{index_of, LESSONS};
    LESSONS[index_of(id).expect("a lesson")].scenario()
}

#[test]
fn jetstream_pull_consumer_keeps_the_race() {
    let sim = golden("jetstream_race", lesson("jetstream-race"));
    assert_eq!(sim.outcome(), Outcome::Diverged);
    assert!(sim.trace().count(StepKind::Pull) > 0);
}

#[test]
fn jetstream_max_ack_pending_one_delivers_in_order() {
    let sim = golden(
        "jetstream_max_ack_pending",
        lesson("jetstream-max-ack-pending"),
    );
    assert_eq!(sim.outcome(), Outcome::Consistent);
    assert!(!sim.trace().steps.iter().any(|s| s.out_of_order));
}

#[test]
fn jetstream_publish_occ_refuses_the_stale_editor() {
    let sim = golden("jetstream_publish_occ", lesson("jetstream-publish-occ"));
    assert_eq!(sim.outcome(), Outcome::Consistent);
    assert_eq!(sim.tickets()[0].price, 15);
    assert_eq!(sim.trace().count(StepKind::VersionError), 1);
}

#[test]
fn kafka_rebalance_replay_stalls_the_courses_listener() {
    let sim = golden("kafka_rebalance_replay", lesson("kafka-rebalance-replay"));
    assert_eq!(sim.outcome(), Outcome::Stalled);
    assert!(sim.trace().count(StepKind::Rebalance) >= 2);
    assert!(sim.trace().steps.iter().any(|s| s.delivery == Some(2)));
}

#[test]
fn kafka_skip_what_you_have_is_consistent() {
    let sim = golden(
        "kafka_skip_what_you_have",
        lesson("kafka-skip-what-you-have"),
    );
    assert_eq!(sim.outcome(), Outcome::Consistent);
    assert_eq!(
        sim.replica().row(sim.tickets()[0].id).map(|r| r.price),
        Some(15)
    );
}

#[test]
fn delete_poison_loop_stalls_the_courses_listener() {
    let sim = golden("delete_poison_loop", lesson("delete-poison-loop"));
    assert_eq!(sim.outcome(), Outcome::Stalled);
    assert_eq!(sim.trace().count(StepKind::Livelock), 1);
}

#[test]
fn delete_resurrection_brings_the_ticket_back() {
    let sim = golden("delete_resurrection", lesson("delete-resurrection"));
    assert_eq!(sim.outcome(), Outcome::Diverged);
    assert_eq!(
        sim.verdict().reason(),
        "Orders still has ticket CZQ, which Tickets deleted at version 1"
    );
}
