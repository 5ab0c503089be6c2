#![cfg(not(target_arch = "wasm32"))]
//! The explorer under every broker: outcome sets known by hand for
//! JetStream and Kafka, and the property that a timed run of the same
//! scenario always ends in a final state the explorer reached (its rows and
//! its outcome), whose schedule replays to that outcome.

use occ_playground::engine::config::BrokerKind;
use occ_playground::engine::explorer::{
    describe_schedule, explore, final_outcome, final_states, replay_world, Choice, ExploreSpec,
};
use occ_playground::engine::workload::Burst;
use occ_playground::engine::{
    MemberId, MessageId, Outcome, Row, Scenario, Simulation, Strategy, TicketId, VersionScheme,
};
use proptest::prelude::*;
use proptest::strategy::Strategy as _;

fn spec(broker: BrokerKind, strategy: Strategy, updates: u32, listeners: u8) -> ExploreSpec {
    ExploreSpec {
        broker,
        ..ExploreSpec::new(strategy, VersionScheme::Increment, updates, listeners)
    }
}

#[test]
fn jetstream_max_ack_pending_1_keeps_naive_consistent_in_every_schedule() {
    let mut s = spec(BrokerKind::JetStream, Strategy::Naive, 3, 3);
    s.max_ack_pending = Some(1);
    let r = explore(&s).unwrap();
    // One unacked message at a time, to the pull at the head of the waiting
    // queue: a single schedule, the listeners taking turns in the order
    // they pulled (A, B, C, then A again once it freed up).
    assert_eq!((r.schedules, r.outcomes.consistent), (1, 1), "{r:?}");
    let finals = final_states(&s).unwrap();
    let to: Vec<u8> = (finals[0].schedule.iter())
        .filter_map(|c| match c {
            Choice::Deliver { member, .. } => Some(member.0),
            _ => None,
        })
        .collect();
    assert_eq!(to, [0, 1, 2, 0]);
    // With room for two unacked, the naive race is back.
    s.max_ack_pending = Some(2);
    assert!(explore(&s).unwrap().outcomes.diverged > 0);
}

#[test]
fn jetstream_by_default_lets_two_naive_listeners_diverge() {
    let s = spec(BrokerKind::JetStream, Strategy::Naive, 2, 2);
    let r = explore(&s).unwrap();
    assert!(
        r.outcomes.diverged > 0 && r.outcomes.consistent > 0,
        "{r:?}"
    );
    assert_eq!(r.counterexample_outcome, Some(Outcome::Diverged));
    let choices = r.counterexample.unwrap();
    let world = replay_world(&s, &choices).unwrap();
    assert_eq!(final_outcome(&world), Some(Outcome::Diverged));
    // The pull at the head of the waiting queue gets each message: A pulled
    // first, so the create goes to A, the first update to B.
    assert_eq!(
        &choices[..2],
        [
            Choice::Deliver {
                message: MessageId(0),
                member: MemberId(0)
            },
            Choice::Deliver {
                message: MessageId(1),
                member: MemberId(1)
            },
        ]
    );
    // OCC refuses what comes too early and is consistent in every schedule.
    let occ = spec(BrokerKind::JetStream, Strategy::Occ, 2, 2);
    let r = explore(&occ).unwrap();
    assert_eq!((r.outcomes.diverged, r.outcomes.stalled), (0, 0), "{r:?}");
}

#[test]
fn jetstream_occ_refusals_come_back_through_the_redelivery_queue() {
    let s = spec(BrokerKind::JetStream, Strategy::Occ, 2, 2);
    // Update 1 reaches B before A wrote the create: refused, and once the
    // create is written its ack wait runs out and it is queued again.
    let schedule = [
        Choice::Deliver {
            message: MessageId(0),
            member: MemberId(0),
        },
        Choice::Deliver {
            message: MessageId(1),
            member: MemberId(1),
        },
        Choice::Advance {
            member: MemberId(1),
            message: MessageId(1),
        },
        Choice::Advance {
            member: MemberId(0),
            message: MessageId(0),
        },
        Choice::Advance {
            member: MemberId(0),
            message: MessageId(0),
        },
        Choice::Redeliver {
            message: MessageId(1),
            member: None,
        },
    ];
    let words = describe_schedule(&s, &schedule).unwrap();
    assert!(
        words[2].ends_with("no ack (queued for redelivery when the ack wait runs out)"),
        "{words:?}"
    );
    assert!(
        words[5].contains("queued for redelivery, before newer messages"),
        "{words:?}"
    );
    let world = replay_world(&s, &schedule).unwrap();
    // Redeliveries first: the next hand-over is update 1 again, not update 2.
    let mut enabled = Vec::new();
    world.choices(&mut enabled);
    assert!(enabled.contains(&Choice::Deliver {
        message: MessageId(1),
        member: MemberId(1),
    }));
    // Before the create is written the refusal cannot come back.
    assert!(replay_world(&s, &[schedule[0], schedule[1], schedule[2], schedule[5]]).is_err());
}

#[test]
fn kafka_keeps_one_tickets_records_in_order_so_naive_is_consistent() {
    for listeners in 1..=3 {
        let s = spec(BrokerKind::Kafka, Strategy::Naive, 3, listeners);
        let r = explore(&s).unwrap();
        // One ticket, one partition, one owner polling it in offset order:
        // a single schedule, whoever owns it.
        assert_eq!((r.schedules, r.outcomes.consistent), (1, 1), "{r:?}");
    }
}

#[test]
fn kafka_polls_reads_and_writes_each_record_in_offset_order() {
    let s = spec(BrokerKind::Kafka, Strategy::Occ, 1, 2);
    let finals = final_states(&s).unwrap();
    assert_eq!(finals.len(), 1);
    let words = describe_schedule(&s, &finals[0].schedule).unwrap();
    // poll, read, write (with its commit) per record.
    assert_eq!(words.len(), 6, "{words:?}");
    assert!(words[0].starts_with("deliver ticket:created"), "{words:?}");
    assert!(
        words[2].ends_with(": done, its offset committed"),
        "{words:?}"
    );
}

#[test]
fn stan_figures_are_unchanged() {
    let r = explore(&ExploreSpec::new(
        Strategy::Naive,
        VersionScheme::Increment,
        2,
        2,
    ))
    .unwrap();
    assert_eq!(r.states, 139);
}

#[test]
fn max_ack_pending_is_jetstreams_only() {
    let mut s = spec(BrokerKind::Kafka, Strategy::Occ, 1, 2);
    s.max_ack_pending = Some(1);
    let e = explore(&s).unwrap_err().to_string();
    assert!(e.starts_with("max_ack_pending: is JetStream's"), "{e}");
    s.broker = BrokerKind::JetStream;
    s.max_ack_pending = Some(0);
    assert!(explore(&s).is_err());
}

/// The final row of the burst's ticket.
fn row(world: &occ_playground::engine::world::World) -> Option<Row> {
    world.replica().row(TicketId(0))
}

fn broker() -> impl proptest::strategy::Strategy<Value = BrokerKind> {
    prop_oneof![
        Just(BrokerKind::Stan),
        Just(BrokerKind::JetStream),
        Just(BrokerKind::Kafka)
    ]
}

fn strategy() -> impl proptest::strategy::Strategy<Value = occ_playground::engine::Strategy> {
    prop_oneof![
        Just(Strategy::Naive),
        Just(Strategy::Occ),
        Just(Strategy::PluginIncrement),
        Just(Strategy::NewestWins),
        Just(Strategy::PrevVersion),
    ]
}

/// A small exploration: at most four listener slots, three updates.
fn small_spec() -> impl proptest::strategy::Strategy<Value = ExploreSpec> {
    (
        broker(),
        strategy(),
        prop_oneof![Just(VersionScheme::Increment), Just(VersionScheme::Step100)],
        1u32..=3,
        1u8..=3,
        1u8..=2,
        prop_oneof![Just(None), Just(Some(1u32)), Just(Some(2))],
    )
        .prop_map(|(broker, strategy, scheme, updates, listeners, mif, map)| {
            let mut s = ExploreSpec::new(strategy, scheme, updates, listeners);
            s.broker = broker;
            s.max_in_flight = if listeners == 3 { 1 } else { mif };
            s.max_ack_pending = map.filter(|_| broker == BrokerKind::JetStream);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Every timed run of the explorer's scenario (the same saves, any gap
    /// between them, any seed) ends in a final state the explorer reached:
    /// the same outcome and the same row. And each final state's schedule
    /// replays to its outcome.
    #[test]
    fn timed_runs_end_where_the_explorer_reaches(
        s in small_spec(),
        seeds in proptest::collection::vec((any::<u64>(), 0u64..=8), 4),
    ) {
        let finals = final_states(&s).unwrap();
        let mut reached = Vec::new();
        for f in &finals {
            let world = replay_world(&s, &f.schedule).unwrap();
            prop_assert_eq!(final_outcome(&world), Some(f.outcome));
            reached.push((f.outcome, row(&world)));
        }
        for (seed, gap) in seeds {
            let scenario = Scenario {
                actions: Burst::new(s.updates, gap).actions(),
                ..Scenario::new(s.config(), seed)
            };
            let mut sim = Simulation::new(scenario).unwrap();
            let outcome = sim.run();
            let end = (outcome, row(sim.world()));
            prop_assert!(
                reached.contains(&end),
                "{:?} seed {} gap {}: timed run ended {:?}, explorer reached {:?}",
                s, seed, gap, end, reached
            );
        }
    }
}

/// Kafka has no ack: the step after a write says the record was handled
/// and its offset is committed next (the commit its own step); NATS
/// Streaming and JetStream still say "acked".
#[test]
fn kafkas_ack_step_says_handled_and_commit_next() {
    use occ_playground::engine::explorer::replay_schedule;
    use occ_playground::engine::StepKind;
    let ack_notes = |broker| {
        let s = spec(broker, Strategy::Occ, 1, 1);
        let schedule = final_states(&s).unwrap().remove(0).schedule;
        let trace = replay_schedule(&s, &schedule).unwrap();
        (trace.steps.iter())
            .filter(|step| step.kind == StepKind::Ack)
            .map(|step| step.note.text(trace.titles()))
            .collect::<Vec<_>>()
    };
    let kafka = ack_notes(BrokerKind::Kafka);
    assert_eq!(kafka.len(), 2, "{kafka:?}");
    for note in &kafka {
        assert!(
            note.starts_with("applied to CZQ, handled: its offset is committed next"),
            "{note}"
        );
        assert!(!note.contains("acked"), "{note}");
    }
    for broker in [BrokerKind::Stan, BrokerKind::JetStream] {
        assert_eq!(ack_notes(broker), ["applied to CZQ, acked"; 2], "{broker}");
    }
}

/// The page's slices (`Exploration::run`) give the same report as one go
/// under every broker, though JetStream's and Kafka's states are copies.
#[test]
fn slices_give_the_same_report_under_every_broker() {
    use occ_playground::engine::explorer::Exploration;
    for broker in [BrokerKind::JetStream, BrokerKind::Kafka] {
        let mut s = spec(broker, Strategy::Occ, 2, 2);
        s.scheme = VersionScheme::Step100;
        let mut run = Exploration::new(&s).unwrap();
        while !run.is_done() {
            run.run(3).unwrap();
        }
        let whole = explore(&s).unwrap();
        assert_eq!(run.report(), Some(&whole), "{broker}");
        assert!(whole.outcomes.stalled > 0, "{broker}: {whole:?}");
    }
}
