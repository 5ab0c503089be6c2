#![cfg(not(target_arch = "wasm32"))]
//! Destroy, the lecture's third event ("create/update/destroy to a record",
//! issue 28): Tickets' `delete-ticket` bumps the version like a save and
//! publishes `ticket:deleted`; each strategy finds a delete's row the way it
//! finds an update's (the course's `findByEvent({id, version: version - 1})`,
//! throw and do not ack when nothing matches). Each case is a scenario: an
//! explorer schedule where the order matters (exactly this interleaving),
//! a timed run where a lost ack makes the late duplicate.

use occ_playground::engine::config::Deletes;
use occ_playground::engine::*;

fn config(strategy: Strategy, deletes: Deletes) -> Config {
    Config {
        strategy,
        on_delete: deletes,
        ..Config::default()
    }
}

fn at(at_ms: u64, action: Action) -> ScriptedAction {
    ScriptedAction { at_ms, action }
}

const CZQ: TicketId = TicketId(0);
const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);

fn deliver(message: u32, member: MemberId) -> Choice {
    Choice::Deliver {
        message: MessageId(message),
        member,
    }
}

fn step(message: u32, member: MemberId) -> Choice {
    Choice::Advance {
        member,
        message: MessageId(message),
    }
}

fn redeliver(message: u32, member: MemberId) -> Choice {
    Choice::Redeliver {
        message: MessageId(message),
        member: Some(member),
    }
}

fn scheduled(config: Config, actions: Vec<ScriptedAction>, schedule: Vec<Choice>) -> Scenario {
    Scenario {
        actions,
        schedule: Some(schedule),
        ..Scenario::new(config, 1)
    }
}

/// Create at 5, update to 10 (v1), delete (v2): messages 0, 1 and 2.
fn create_update_delete() -> Vec<ScriptedAction> {
    vec![
        at(0, Action::create_ticket("concert", 5)),
        at(1, Action::update_price(CZQ, 10)),
        at(2, Action::DeleteTicket { id: CZQ }),
    ]
}

#[test]
fn a_delete_bumps_the_version_and_publishes_on_its_own_channel() {
    let mut s = Scenario::new(Config::default(), 7);
    s.actions = create_update_delete();
    let mut sim = Simulation::new(s).unwrap();
    assert_eq!(sim.run(), Outcome::Consistent);
    let m = &sim.messages()[2];
    assert_eq!((m.channel, m.seq), (Channel::TicketDeleted, 1));
    assert_eq!(m.channel.name(), "ticket:deleted");
    assert_eq!(
        (m.event.kind, m.event.version),
        (EventKind::Deleted, Version(2))
    );
    assert!(sim.tickets()[0].deleted);
    // Hard delete (the default): the row is gone from Orders too.
    assert_eq!(sim.replica().row(CZQ), None);
    assert!(
        sim.verdict().reason().contains("(0 ticket(s))"),
        "{:?}",
        sim.verdict()
    );
    // Nothing can save or delete it again: said, never a panic.
    let e = sim.act(Action::update_price(CZQ, 3)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "id: ticket CZQ was deleted at version 2; Tickets has no such record any more"
    );
    assert!(sim.act(Action::DeleteTicket { id: CZQ }).is_err());
}

#[test]
fn a_scenario_file_names_the_action_and_old_files_read_as_hard_deletes() {
    let json = r#"{"format":1,"seed":1,"actions":[
        {"at_ms":0,"action":{"type":"create-ticket","title":"concert","price":5}},
        {"at_ms":5,"action":{"type":"delete-ticket","id":"CZQ"}}]}"#;
    let s: Scenario = serde_json::from_str(json).unwrap();
    assert_eq!(s.config.on_delete, Deletes::Hard);
    assert_eq!(s.actions[1].action, Action::DeleteTicket { id: CZQ });
    // Hard is written as nothing; a tombstone is written by name.
    assert!(!serde_json::to_string(&s).unwrap().contains("on_delete"));
    let soft = Scenario::new(config(Strategy::Occ, Deletes::Tombstone), 1);
    let written = serde_json::to_string(&soft).unwrap();
    assert!(written.contains(r#""on_delete":"tombstone""#), "{written}");
    assert_eq!(serde_json::from_str::<Scenario>(&written).unwrap(), soft);
    let bad = r#"{"format":1,"seed":1,"actions":[{"at_ms":0,"action":{"type":"delete-ticket"}}]}"#;
    let e = serde_json::from_str::<Scenario>(bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("a delete-ticket action needs id"), "{e}");
}

#[test]
fn occ_refuses_a_delete_that_overtakes_its_update_until_the_update_lands() {
    let schedule = vec![
        deliver(0, A),
        step(0, A),
        step(0, A),
        deliver(1, A),
        deliver(2, B),
        // B reads the delete (v2) first: no row at version 1, no ack.
        step(2, B),
        step(1, A),
        step(1, A),
        // The update landed; the delete comes back and applies.
        // The server sends it to the member with the fewest unacked on
        // its channel: A (B's copy still counts against B).
        redeliver(2, A),
        step(2, A),
        step(2, A),
    ];
    let s = scheduled(
        config(Strategy::Occ, Deletes::Hard),
        create_update_delete(),
        schedule,
    );
    let mut sim = Simulation::new(s).unwrap();
    assert_eq!(sim.run(), Outcome::Consistent, "{:?}", sim.verdict());
    let refused = sim.trace().steps.iter().find(|s| s.kind == StepKind::NoAck);
    assert_eq!(refused.and_then(|s| s.event_version), Some(Version(2)));
    assert_eq!(sim.replica().row(CZQ), None);
}

/// Create (message 0), then delete (message 1): the delete reaches B and
/// is read before A has inserted the create.
fn delete_overtakes_create(strategy: Strategy, deletes: Deletes) -> Simulation {
    let actions = vec![
        at(0, Action::create_ticket("concert", 5)),
        at(1, Action::DeleteTicket { id: CZQ }),
    ];
    let mut schedule = vec![
        deliver(0, A),
        deliver(1, B),
        step(1, B),
        step(0, A),
        step(0, A),
    ];
    if strategy != Strategy::Naive {
        schedule.extend([redeliver(1, A), step(1, A), step(1, A)]);
    }
    let mut sim = Simulation::new(scheduled(config(strategy, deletes), actions, schedule)).unwrap();
    sim.run();
    sim
}

#[test]
fn under_naive_a_create_after_its_delete_brings_the_ticket_back_to_life() {
    let sim = delete_overtakes_create(Strategy::Naive, Deletes::Hard);
    // Naive's findByIdAndDelete found nothing and acked; the create then
    // inserted a row for a ticket Tickets no longer has.
    assert_eq!(sim.verdict().outcome(), Some(Outcome::Diverged));
    assert_eq!(
        sim.verdict().reason(),
        "Orders still has ticket CZQ, which Tickets deleted at version 1"
    );
    assert!(sim.replica().row(CZQ).is_some_and(|r| !r.deleted));
    // The course's OCC waits for the row at version 0, then deletes it.
    let occ = delete_overtakes_create(Strategy::Occ, Deletes::Hard);
    assert_eq!(
        occ.verdict().outcome(),
        Some(Outcome::Consistent),
        "{:?}",
        occ.verdict()
    );
}

/// Create, update (its ack lost: applied, redelivered after the ack wait),
/// delete well before that ack wait runs out: the update's copy arrives
/// after the delete.
fn late_duplicate(strategy: Strategy, deletes: Deletes) -> Simulation {
    let mut s = Scenario::new(config(strategy, deletes), 3);
    s.actions = vec![
        at(0, Action::create_ticket("concert", 5)),
        at(100, Action::LoseNextAck),
        at(100, Action::update_price(CZQ, 10)),
        at(1_000, Action::DeleteTicket { id: CZQ }),
    ];
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    sim
}

#[test]
fn under_occ_a_late_duplicate_after_a_hard_delete_loops_forever() {
    for strategy in [Strategy::Occ, Strategy::Naive, Strategy::PrevVersion] {
        let sim = late_duplicate(strategy, Deletes::Hard);
        let v = sim.verdict();
        assert_eq!(v.outcome(), Some(Outcome::Stalled), "{strategy}: {v:?}");
        assert!(
            v.reason()
                .contains("ticket:updated v1 for CZQ would be redelivered forever")
                && v.reason().contains("finds no row CZQ and never acks it"),
            "{strategy}: {}",
            v.reason()
        );
    }
}

#[test]
fn a_tombstone_acks_and_skips_the_late_duplicate() {
    for strategy in Strategy::ALL {
        let sim = late_duplicate(strategy, Deletes::Tombstone);
        assert_eq!(
            sim.verdict().outcome(),
            Some(Outcome::Consistent),
            "{strategy}: {:?}",
            sim.verdict()
        );
        let row = sim.replica().row(CZQ).unwrap();
        assert!(row.deleted);
        let skipped = sim
            .trace()
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Skip)
            .count();
        assert_eq!(skipped, 1, "{strategy}");
    }
    // The delete that overtook its create, refused under occ until the
    // create landed, leaves its tombstone.
    let occ = delete_overtakes_create(Strategy::Occ, Deletes::Tombstone);
    assert_eq!(occ.verdict().outcome(), Some(Outcome::Consistent));
    assert!(occ.replica().row(CZQ).is_some_and(|r| r.deleted));
}

#[test]
fn a_duplicate_create_after_a_hard_delete_is_inserted_again_unless_a_tombstone_holds_the_id() {
    let run = |deletes| {
        let mut s = Scenario::new(config(Strategy::Occ, deletes), 5);
        s.actions = vec![
            at(0, Action::LoseNextAck),
            at(0, Action::create_ticket("concert", 5)),
            at(1_000, Action::DeleteTicket { id: CZQ }),
        ];
        let mut sim = Simulation::new(s).unwrap();
        sim.run();
        sim
    };
    // The course's created-listener is a plain insert: no version to check.
    let hard = run(Deletes::Hard);
    assert_eq!(hard.verdict().outcome(), Some(Outcome::Diverged));
    assert_eq!(
        hard.verdict().reason(),
        "Orders still has ticket CZQ, which Tickets deleted at version 1"
    );
    assert_eq!(
        run(Deletes::Tombstone).verdict().outcome(),
        Some(Outcome::Consistent)
    );
}

#[test]
fn the_checker_calls_a_row_lagging_while_its_delete_is_on_the_way() {
    let mut s = Scenario::new(Config::default(), 2);
    s.actions = vec![
        at(0, Action::create_ticket("concert", 5)),
        at(500, Action::DeleteTicket { id: CZQ }),
    ];
    let mut sim = Simulation::new(s).unwrap();
    // Run until the delete is published but not yet applied.
    while sim.messages().len() < 2 {
        assert!(sim.step());
    }
    let v = sim.verdict();
    assert!(matches!(v, Verdict::Lagging(_)), "{v:?}");
    assert!(
        v.reason()
            .ends_with("Orders still has ticket CZQ, which Tickets deleted at version 1"),
        "{}",
        v.reason()
    );
}

#[test]
fn the_page_the_js_api_and_the_stage_take_a_delete() {
    use occ_playground::playground::{project, Msg, Playground};
    use std::rc::Rc;
    let mut s = Rc::new(Playground::default()).reduce(Msg::Lesson(0));
    for _ in 0..10_000 {
        if s.sim().finished() {
            break;
        }
        s = s.reduce(Msg::Step);
    }
    let before = project::tickets(&s.sim()).len();
    s = s.reduce(Msg::Delete { id: CZQ });
    // One Msg, one engine action: published, and out of Tickets' table.
    assert_eq!(project::tickets(&s.sim()).len(), before - 1);
    let last = s.sim().messages().last().unwrap().clone();
    assert_eq!(last.channel, Channel::TicketDeleted);
    let frame = occ_playground::stage::frame(
        &s.sim(),
        s.sim().now_ms(),
        0,
        occ_playground::stage::Orientation::Across,
    );
    assert!(
        frame.tickets[0].deleted,
        "the Tickets row is struck through"
    );
    // Played to the end: the hard delete removed the row from Orders too,
    // so the table has nothing to show for CZQ.
    let to_end = |mut s: Rc<Playground>| {
        for _ in 0..10_000 {
            if s.sim().finished() {
                break;
            }
            s = s.reduce(Msg::Step);
        }
        s
    };
    s = to_end(s);
    assert!(project::replica(&s.sim()).is_empty());
    // Kept as a tombstone, the Orders row stays, marked and struck through.
    s = to_end(s.reduce(Msg::SetOnDelete(Deletes::Tombstone)));
    let rows = project::replica(&s.sim());
    assert_eq!(rows[0].id, "CZQ (deleted)");
    let frame = occ_playground::stage::frame(
        &s.sim(),
        s.sim().now_ms(),
        0,
        occ_playground::stage::Orientation::Across,
    );
    assert!(frame.orders[0].deleted);

    let report = occ_playground::api::run_scenario(
        r#"{"format":1,"seed":1,"config":{"on_delete":"tombstone"},"actions":[
            {"at_ms":0,"action":{"type":"create-ticket","title":"concert","price":5}},
            {"at_ms":100,"action":{"type":"delete-ticket","id":"CZQ"}}]}"#,
    )
    .unwrap();
    assert_eq!(report["outcome"], "consistent", "{report}");
}

#[test]
fn the_trace_says_tickets_deleted_the_record() {
    let mut s = Scenario::new(Config::default(), 7);
    s.actions = create_update_delete();
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    let titles = sim.world().titles();
    let said: Vec<String> = (sim.trace().steps.iter())
        .filter(|s| s.kind == StepKind::Save)
        .map(|s| s.note.text(titles))
        .collect();
    assert_eq!(said.last().unwrap(), "Tickets deleted CZQ at version 2");
}

#[test]
fn kafka_keeps_a_delete_on_its_tickets_partition_and_jetstream_on_its_own_subject() {
    use occ_playground::engine::config::BrokerKind;
    for broker in [BrokerKind::Kafka, BrokerKind::JetStream] {
        let mut s = Scenario::new(
            Config {
                broker,
                ..Config::default()
            },
            4,
        );
        s.actions = create_update_delete();
        let mut sim = Simulation::new(s).unwrap();
        assert_eq!(
            sim.run(),
            Outcome::Consistent,
            "{broker}: {:?}",
            sim.verdict()
        );
        assert_eq!(sim.messages()[2].channel, Channel::TicketDeleted);
        if broker == BrokerKind::Kafka {
            // Same topic, same key: the delete is the partition's third record.
            let w = sim.world();
            let (p0, _) = w.kafka_record(sim.messages()[0].id).unwrap();
            assert_eq!(w.kafka_record(sim.messages()[2].id), Some((p0, 2)));
        } else {
            // One stream: the delete's sequence follows the update's.
            assert_eq!(sim.messages()[2].seq, 3);
        }
    }
}

#[test]
fn the_explorer_and_experiments_end_the_burst_in_a_delete() {
    use occ_playground::engine::experiment::{run_experiment, trial_scenario, ExperimentSpec};
    use occ_playground::engine::explorer::{counterexample_scenario, explore, ExploreSpec};
    let mut occ = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 1, 2);
    occ.deletes = 1;
    let r = explore(&occ).unwrap();
    assert_eq!(r.outcomes.consistent, r.schedules, "{r:?}");
    let naive = ExploreSpec {
        strategy: Strategy::Naive,
        ..occ.clone()
    };
    let r = explore(&naive).unwrap();
    let choices = r.counterexample.expect("naive breaks with a delete");
    let scenario = counterexample_scenario(&naive, &choices);
    assert!(scenario
        .actions
        .iter()
        .any(|a| a.action == Action::DeleteTicket { id: CZQ }));
    let mut sim = Simulation::new(scenario).unwrap();
    assert_eq!(Some(sim.run()), r.counterexample_outcome);
    let mut bad = occ.clone();
    bad.deletes = 2;
    assert_eq!(
        bad.validate().unwrap_err().to_string(),
        "deletes: 2 is out of range 0..1"
    );

    let mut spec = ExperimentSpec::new(config(Strategy::Naive, Deletes::Hard), 2, 100, 11);
    spec.deletes = 1;
    let report = run_experiment(&spec).unwrap();
    assert_eq!(report.outcomes.total(), 100);
    let trial = trial_scenario(&spec, 0);
    assert_eq!(
        trial.actions.last().unwrap().action,
        Action::DeleteTicket { id: CZQ }
    );
    // Older specs (no `deletes`) read as before and are written without it.
    let old: ExperimentSpec = serde_json::from_str(r#"{"updates":2,"trials":5,"seed":1}"#).unwrap();
    assert_eq!(old.deletes, 0);
    assert!(!serde_json::to_string(&old).unwrap().contains("deletes"));
}

#[test]
fn the_experiments_matrix_runs_the_delete_case() {
    use occ_playground::playground::experiments::{ExperimentForm, Experiments};
    use occ_playground::playground::ExperimentMsg;
    let form = Experiments::default()
        .update(ExperimentMsg::SetStrategy(None))
        .update(ExperimentMsg::SetScheme(None))
        .update(ExperimentMsg::SetDeletes(Some(Deletes::Tombstone)))
        .form;
    let specs = form.specs().1.unwrap();
    assert_eq!(specs.len(), Strategy::ALL.len() * VersionScheme::ALL.len());
    assert!(specs
        .iter()
        .all(|s| s.deletes == 1 && s.config.on_delete == Deletes::Tombstone));
    let plain = ExperimentForm::default().specs().1.unwrap();
    assert!(plain.iter().all(|s| s.deletes == 0));
}

#[test]
fn a_save_read_before_the_delete_meets_the_tombstone_and_is_not_stuck() {
    // A reads CZQ for v1; B deletes it (v2); A's save finds no live row
    // (mongoose's save of a deleted document: DocumentNotFoundError), no ack.
    let schedule = |then: Vec<Choice>| {
        let mut s = vec![
            deliver(0, A),
            step(0, A),
            step(0, A),
            deliver(1, A),
            deliver(2, B),
            step(1, A),
            step(2, B),
            step(2, B),
            step(1, A),
        ];
        s.extend(then);
        s
    };
    let again = vec![redeliver(1, B), step(1, B)];
    let soft = scheduled(
        config(Strategy::Naive, Deletes::Tombstone),
        create_update_delete(),
        schedule(again.clone()),
    );
    let mut sim = Simulation::new(soft).unwrap();
    // Its copy comes back at once (the replica did not change since, but a
    // fresh read meets the tombstone): acked and skipped.
    assert_eq!(sim.run(), Outcome::Consistent, "{:?}", sim.verdict());
    // Hard: a fresh read finds no row, so the copy is stuck; the server
    // would only send it to be refused again (no redelivery to choose).
    let hard = scheduled(
        config(Strategy::Naive, Deletes::Hard),
        create_update_delete(),
        schedule(vec![]),
    );
    let mut sim = Simulation::new(hard.clone()).unwrap();
    sim.run();
    assert!(sim.world().livelocked());
    let mut bad = hard;
    bad.schedule = Some(schedule(again));
    assert!(matches!(
        Simulation::new(bad),
        Err(ScenarioError::Choice { index: 9, .. })
    ));
}

mod props {
    use super::*;
    use occ_playground::engine::config::Faults;
    use occ_playground::engine::{invariants, TraceMode};
    use proptest::prelude::{any, prop_assert_ne, proptest, ProptestConfig};
    use proptest::strategy::Strategy as _;

    /// The burst ending in a delete, with random lost acks and crashes.
    fn burst_then_delete(
        strategy: Strategy,
        on_delete: Deletes,
    ) -> impl proptest::strategy::Strategy<Value = Scenario> {
        (
            1u8..=3,
            1u32..=3,
            1u32..=4,
            0u64..=10,
            (0u16..=150, 0u16..=80),
            100u64..=2_000,
            any::<u64>(),
        )
            .prop_map(
                move |(listeners, in_flight, updates, gap, (lost, crash), ack_wait, seed)| {
                    let config = Config {
                        strategy,
                        on_delete,
                        listeners,
                        max_in_flight: in_flight,
                        ack_wait_ms: ack_wait,
                        restart_ms: 200,
                        faults: Faults {
                            lost_ack_permille: lost,
                            crash_permille: crash,
                            ..Faults::default()
                        },
                        ..Config::default()
                    };
                    Scenario {
                        actions: Burst::new(updates, gap).deleting(1).actions(),
                        ..Scenario::new(config, seed)
                    }
                },
            )
    }

    fn outcome(s: &Scenario) -> Outcome {
        let mut sim = Simulation::with_trace(s.clone(), TraceMode::Off).unwrap();
        while sim.step() {
            if let Err(v) = invariants::check(sim.world()) {
                panic!("after step {}: {v}", sim.steps_taken());
            }
        }
        sim.outcome()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// A tombstone holds the id: no late create or duplicate brings the
        /// ticket back, so the course's OCC never diverges, deletes included.
        #[test]
        fn occ_with_a_tombstone_never_diverges(s in burst_then_delete(Strategy::Occ, Deletes::Tombstone)) {
            prop_assert_ne!(outcome(&s), Outcome::Diverged);
        }

        /// The invariants hold with hard deletes too (whatever the outcome).
        #[test]
        fn hard_deletes_keep_the_invariants(s in burst_then_delete(Strategy::Naive, Deletes::Hard)) {
            outcome(&s);
        }
    }
}
