#![cfg(not(target_arch = "wasm32"))]
//! Issue 24: the JetStream model (nats-server `server/consumer.go`,
//! `server/stream.go`; ARCHITECTURE.md, "JetStream rules the model
//! follows"). Each rule with the scenario that shows it.

use occ_playground::engine::config::{BrokerKind, JetStreamSettings};
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::explorer::{explore, ExploreSpec};
use occ_playground::engine::jetstream::JsNote;
use occ_playground::engine::note::Note;
use occ_playground::engine::{
    invariants, Action, Burst, Config, MemberId, MessageStatus, Outcome, Scenario, ScriptedAction,
    Simulation, StepKind, Strategy, TicketId, TraceMode, TraceStep, VersionScheme, World,
};
use occ_playground::share;

const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);
const CZQ: TicketId = TicketId(0);

fn jetstream(strategy: Strategy) -> Config {
    Config {
        strategy,
        broker: BrokerKind::JetStream,
        ..Config::default()
    }
}

fn at(at_ms: u64, action: Action) -> ScriptedAction {
    ScriptedAction { at_ms, action }
}

fn run(config: Config, actions: Vec<ScriptedAction>) -> Simulation {
    let mut s = Scenario::new(config, 1);
    s.actions = actions;
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    sim
}

fn steps(sim: &Simulation, kind: StepKind) -> Vec<&TraceStep> {
    (sim.trace().steps.iter())
        .filter(|s| s.kind == kind)
        .collect()
}

/// (time, member, stream seq, delivery number) of every delivery.
fn deliveries(sim: &Simulation) -> Vec<(u64, MemberId, u64, u32)> {
    steps(sim, StepKind::Deliver)
        .into_iter()
        .map(|s| {
            (
                s.time_ms,
                s.member.unwrap(),
                s.seq.unwrap(),
                s.delivery.unwrap(),
            )
        })
        .collect()
}

/// The id of the message at stream sequence `seq`.
fn msg(w: &World, seq: u64) -> occ_playground::engine::ids::MessageId {
    (w.broker().messages().iter())
        .find(|m| m.seq == seq)
        .map(|m| m.id)
        .unwrap()
}

/// Sends what the broker sends next and returns (stream seq, member,
/// delivery id in the member's hand).
fn send(w: &mut World) -> Option<(u64, MemberId, u32)> {
    let mut rng = occ_playground::engine::rng::SimRng::new(1);
    let (m, member) = w.next_send(Default::default(), &mut rng)?;
    let id = w.deliver(m, member).unwrap();
    Some((w.broker().message(m).seq, member, id))
}

#[test]
fn one_stream_numbers_both_subjects_in_one_sequence() {
    let mut w = World::new(&jetstream(Strategy::Occ), TraceMode::Full);
    w.create_ticket("concert", 5);
    w.update_ticket(CZQ, None, Some(10)).unwrap();
    w.create_ticket("opera", 7);
    let seqs: Vec<u64> = w.broker().messages().iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
}

/// `getNextMsg`: an expired message goes out again before newer ones, to
/// the pull at the head of the waiting queue (here B, not A, which held it).
#[test]
fn an_expired_message_goes_before_newer_ones_to_the_head_of_the_waiting_queue() {
    let config = Config {
        max_in_flight: 1,
        ..jetstream(Strategy::Occ)
    };
    let mut w = World::new(&config, TraceMode::Full);
    w.create_ticket("concert", 5);
    let (_, a, d) = send(&mut w).unwrap();
    assert_eq!(a, A, "A pulled first");
    w.read(A, d);
    w.write(A, d, false);
    w.update_ticket(CZQ, None, Some(10)).unwrap(); // seq 2, v1
    w.update_ticket(CZQ, None, Some(15)).unwrap(); // seq 3, v2
    let (s2, to2, d2) = send(&mut w).unwrap();
    let (s3, to3, d3) = send(&mut w).unwrap();
    assert_eq!(
        (s2, to2, s3, to3),
        (2, B, 3, A),
        "the waiting queue was B, A"
    );
    // A reads v2 before v1 is applied: refused, no ack; A pulls again.
    w.read(A, d3);
    w.update_ticket(CZQ, None, Some(20)).unwrap(); // seq 4, v3
    let (s4, to4, d4) = send(&mut w).unwrap();
    assert_eq!((s4, to4), (4, A), "A, waiting alone, gets seq 4");
    w.read(B, d2);
    w.write(B, d2, false); // v1 applied; B pulls: waiting [B]
    w.read(A, d4); // v3 refused too; A pulls: waiting [B, A]
    w.update_ticket(CZQ, None, Some(25)).unwrap(); // seq 5, v4, new
    w.advance_to(5_000);
    let m3 = msg(&w, 3);
    w.expire(m3, 1);
    assert!(matches!(
        w.broker().message(m3).status,
        MessageStatus::Redelivered { .. }
    ));
    let (seq, to, _) = send(&mut w).unwrap();
    assert_eq!(
        (seq, to),
        (3, B),
        "seq 3 again before the newer seq 5, to B"
    );
    assert_eq!(w.broker().message(m3).deliveries, 2);
    let m5 = msg(&w, 5);
    assert_eq!(w.broker().message(m5).status, MessageStatus::Pending);
    let note = &w
        .trace()
        .steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Redeliver);
    assert_eq!(note.unwrap().note, Note::Js(JsNote::Requeued { number: 1 }));
    invariants::check(&w).unwrap();
}

/// MaxAckPending 1 (`getNextMsg`: `len(o.pending) >= o.maxp`) serializes
/// delivery across both pullers: each message goes out only after the one
/// before is acked, in stream order, so even naive ends consistent; the
/// burst drains slower than under the default 1000.
#[test]
fn max_ack_pending_one_serializes_delivery_so_naive_is_consistent_but_slower() {
    let burst = Burst::new(6, 1).actions();
    let one = Config {
        jetstream: JetStreamSettings {
            max_ack_pending: 1,
            ..JetStreamSettings::default()
        },
        ..jetstream(Strategy::Naive)
    };
    let sim = run(one.clone(), burst.clone());
    assert_eq!(sim.outcome(), Outcome::Consistent);
    let d = deliveries(&sim);
    let seqs: Vec<u64> = d.iter().map(|x| x.2).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6, 7], "stream order, each once");
    let members: Vec<MemberId> = d.iter().map(|x| x.1).collect();
    assert!(members.contains(&A) && members.contains(&B), "{members:?}");
    // Each delivery after the previous ack.
    let acks: Vec<u64> = steps(&sim, StepKind::Ack)
        .iter()
        .map(|s| s.time_ms)
        .collect();
    for (i, x) in d.iter().enumerate().skip(1) {
        assert!(
            x.0 >= acks[i - 1],
            "delivery {i} at {} before ack {}",
            x.0,
            acks[i - 1]
        );
    }
    let spec = |c: Config| {
        let mut e = ExperimentSpec::new(c, 20, 100, 3);
        e.update_gap_ms = 1;
        run_experiment(&e).unwrap()
    };
    assert_eq!(spec(one.clone()).outcomes.diverged, 0);
    assert!(spec(jetstream(Strategy::Naive)).outcomes.diverged > 0);
    // The cost: 20 updates 1 ms apart, once the create is applied (so
    // nothing is refused), drain one at a time.
    let mut burst = vec![at(0, Action::create_ticket("concert", 5))];
    burst.extend((0..20).map(|i| at(100 + i, Action::update_price(CZQ, 10 + i))));
    let serial = run(one, burst.clone()).now_ms();
    let parallel = run(jetstream(Strategy::Naive), burst).now_ms();
    assert!(
        serial - 100 > 4 * (parallel - 100),
        "MaxAckPending 1 drains the burst in {} ms, the default in {} ms",
        serial - 100,
        parallel - 100
    );
}

/// A crash takes the listener's pull request away; nothing notices the
/// crash itself (no heartbeats): its unacked message comes back when its
/// ack wait runs out, delivery 2, to the other puller.
#[test]
fn a_crashed_listeners_message_comes_back_after_the_ack_wait_to_the_other_puller() {
    let config = Config {
        restart_ms: 60_000,
        ..jetstream(Strategy::Occ)
    };
    let sim = run(
        config,
        vec![
            at(0, Action::create_ticket("concert", 5)),
            at(0, Action::CrashListener { member: A }),
        ],
    );
    let d = deliveries(&sim);
    assert_eq!(d[0], (0, A, 1, 1), "A had pulled first");
    assert_eq!(d[1], (5_000, B, 1, 2), "after the 5 s ack wait, to B");
    assert!(steps(&sim, StepKind::Crash)
        .iter()
        .all(|s| matches!(s.note, Note::Js(JsNote::Crashed { .. }))));
    assert_eq!(sim.outcome(), Outcome::Consistent);
}

/// The lecture's race (update v2 read before v1 is applied) under occ,
/// with a nak delay of 200 ms: the refused message is due again 200 ms
/// after the nak (`processNak` moves its pending timestamp), not after the
/// ack wait.
#[test]
fn a_nak_with_a_delay_brings_the_message_back_after_the_delay() {
    let mut config = jetstream(Strategy::Occ);
    config.jetstream.nak_delay_ms = Some(200);
    let sim = run(config.clone(), race());
    let naks = steps(&sim, StepKind::Nak);
    assert!(!naks.is_empty(), "the race refused an update");
    let nak = naks[0];
    assert_eq!(
        nak.note,
        Note::Js(JsNote::Naked {
            number: 1,
            delay_ms: 200
        })
    );
    let again = deliveries(&sim)
        .into_iter()
        .find(|x| x.2 == nak.seq.unwrap() && x.3 == 2)
        .unwrap();
    assert_eq!(again.0, nak.time_ms + 200);
    assert_eq!(sim.outcome(), Outcome::Consistent);
    // At once with 0.
    config.jetstream.nak_delay_ms = Some(0);
    let sim = run(config, race());
    let nak = steps(&sim, StepKind::Nak)[0];
    let again = deliveries(&sim)
        .into_iter()
        .find(|x| x.2 == nak.seq.unwrap() && x.3 == 2)
        .unwrap();
    assert_eq!(again.0, nak.time_ms);
}

/// Create, then two quick updates (the lecture's burst); with seed 1 the
/// second overtakes the first.
fn race() -> Vec<ScriptedAction> {
    vec![
        at(0, Action::create_ticket("concert", 5)),
        at(30, Action::update_price(CZQ, 10)),
        at(31, Action::update_price(CZQ, 15)),
    ]
}

/// MaxDeliver (`hasMaxDeliveries` at the ack wait's end): a poison message
/// (occ never acks a duplicate of an update it applied; its ack was lost)
/// is dropped after its second delivery.
#[test]
fn max_deliver_drops_a_poison_message_after_its_last_delivery() {
    let config = Config {
        max_deliver: Some(2),
        ..jetstream(Strategy::Occ)
    };
    let sim = run(
        config,
        vec![
            at(0, Action::create_ticket("concert", 5)),
            at(100, Action::LoseNextAck),
            at(100, Action::update_price(CZQ, 10)),
        ],
    );
    let numbers: Vec<u32> = deliveries(&sim)
        .iter()
        .filter(|x| x.2 == 2)
        .map(|x| x.3)
        .collect();
    assert_eq!(numbers, [1, 2]);
    let dead = steps(&sim, StepKind::DeadLetter);
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].note, Note::DeadLettered { number: 2 });
    assert_eq!(sim.world().broker().outstanding(), 0);
}

/// BackOff (`checkPending`: `BackOff[dc]`): delivery n waits step n, the
/// last step from then on.
#[test]
fn backoff_gives_each_delivery_its_own_ack_wait() {
    let mut config = Config {
        max_deliver: Some(4),
        ..jetstream(Strategy::Occ)
    };
    config.jetstream.backoff_ms = vec![100, 400];
    let sim = run(
        config,
        vec![
            at(0, Action::create_ticket("concert", 5)),
            at(100, Action::LoseNextAck),
            at(100, Action::update_price(CZQ, 10)),
        ],
    );
    let times: Vec<u64> = deliveries(&sim)
        .iter()
        .filter(|x| x.2 == 2)
        .map(|x| x.0)
        .collect();
    assert_eq!(times.len(), 4);
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, [100, 400, 400]);
}

/// Publish-time OCC: two editors load the ticket when ticket.updated.CZQ's
/// last is seq 2; the first publishes seq 3; the second's expected 2 is
/// stale: 10071, nothing saved or stored. Without the header Tickets' own
/// database check refuses the save instead.
#[test]
fn expected_last_subject_sequence_refuses_a_stale_editor_with_10071() {
    let mut config = jetstream(Strategy::Occ);
    config.jetstream.expect_last_subject_seq = true;
    let actions = vec![
        at(0, Action::create_ticket("concert", 5)),
        at(10, Action::update_price(CZQ, 10)),
        at(
            20,
            Action::TwoEditors {
                id: CZQ,
                first_price: 15,
                second_price: 20,
            },
        ),
    ];
    let sim = run(config.clone(), actions.clone());
    let refused = steps(&sim, StepKind::VersionError);
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].note,
        Note::Js(JsNote::WrongLastSequence {
            ticket: CZQ,
            last: 3,
            expected: 2
        })
    );
    assert_eq!(
        refused[0].note.text(sim.world().titles()),
        "publish refused: wrong last sequence (10071), the stream's last for ticket.updated.CZQ is 3, Tickets expected 2; nothing saved"
    );
    let t = sim.world().tickets().get(CZQ).unwrap();
    assert_eq!(t.price, 15);
    assert_eq!(sim.world().broker().messages().len(), 3);
    assert_eq!(sim.outcome(), Outcome::Consistent);
    config.jetstream.expect_last_subject_seq = false;
    let sim = run(config, actions);
    let refused = steps(&sim, StepKind::VersionError);
    assert!(matches!(refused[0].note, Note::StaleSave { .. }));
}

/// `Nats-Msg-Id` (`checkMsgId`): a retried publish within the duplicate
/// window is acked as a duplicate and stored once; without the header, or
/// after the window, it is stored twice.
#[test]
fn a_retried_publish_with_its_msg_id_is_deduplicated_and_without_it_stored_twice() {
    let retry = |msg_id: bool, after_ms: u64| {
        run(
            jetstream(Strategy::Occ),
            vec![
                at(0, Action::create_ticket("concert", 5)),
                at(10, Action::update_price(CZQ, 10)),
                at(10 + after_ms, Action::RetryPublish { msg_id }),
            ],
        )
    };
    let sim = retry(true, 50);
    assert_eq!(sim.world().broker().messages().len(), 2);
    let dup = steps(&sim, StepKind::Publish);
    assert_eq!(
        dup.last().unwrap().note,
        Note::Js(JsNote::Duplicate { seq: 2 })
    );
    let sim = retry(false, 50);
    assert_eq!(sim.world().broker().messages().len(), 3);
    assert_eq!(
        steps(&sim, StepKind::Publish).last().unwrap().note,
        Note::Js(JsNote::StoredAgain { seq: 3, first: 2 })
    );
    let sim = retry(true, 120_001);
    assert_eq!(sim.world().broker().messages().len(), 3, "past the window");
    // NATS Streaming has no Msg-Id: the action is refused, with a warning.
    let mut s = Scenario::new(Config::default(), 1);
    s.actions = vec![
        at(0, Action::create_ticket("concert", 5)),
        at(10, Action::RetryPublish { msg_id: true }),
    ];
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    assert_eq!(sim.world().broker().messages().len(), 1);
    assert!(sim.warnings()[0].to_string().contains("Nats-Msg-Id"));
}

/// The course's race remains under a pull consumer: naive diverges for
/// some seeds, occ never does.
#[test]
fn naive_diverges_and_occ_stays_consistent_under_a_pull_consumer() {
    for (strategy, may_diverge) in [(Strategy::Naive, true), (Strategy::Occ, false)] {
        let r = run_experiment(&ExperimentSpec::new(jetstream(strategy), 3, 200, 5)).unwrap();
        let diverged = r.outcomes.diverged;
        assert_eq!(diverged > 0, may_diverge, "{strategy}: {diverged} diverged");
        assert_eq!(r.outcomes.cut_off, 0);
    }
}

#[test]
fn the_broker_is_written_only_when_not_stan_and_its_knobs_only_with_it() {
    let json = serde_json::to_string(&Config::default()).unwrap();
    assert!(
        !json.contains("broker") && !json.contains("jetstream"),
        "{json}"
    );
    let mut c = jetstream(Strategy::Naive);
    c.jetstream.max_ack_pending = 1;
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains(r#""broker":"jetstream""#), "{json}");
    assert!(
        json.contains(r#""jetstream":{"max_ack_pending":1}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), c);
    c.broker = BrokerKind::Stan;
    assert_eq!(
        c.validate().unwrap_err().to_string(),
        "broker: jetstream.max_ack_pending is JetStream's; set broker to jetstream, or leave it out"
    );
    // A share link carries it.
    let mut s = Scenario::new(jetstream(Strategy::Naive), 4);
    s.actions = race();
    let state = share::SharedState {
        scenario: s,
        step: 0,
        lesson: None,
    };
    let link = share::encode(&state);
    let back = share::decode(&link).unwrap();
    assert_eq!(back.scenario.config.broker, BrokerKind::JetStream);
}

#[test]
fn the_explorer_takes_jetstream() {
    // Its own rules (tests/engine_explorer_brokers.rs), never stan's.
    let mut spec = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 2, 2);
    spec.broker = BrokerKind::JetStream;
    let js = explore(&spec).unwrap();
    spec.broker = BrokerKind::Stan;
    let stan = explore(&spec).unwrap();
    assert_eq!(js.outcomes.diverged, 0);
    assert_ne!(js.states, stan.states);
}

/// The same seed gives the same trace, and every state keeps the
/// invariants, over a mix of JetStream's knobs and faults.
#[test]
fn runs_are_deterministic_and_keep_the_invariants() {
    for seed in 1..40u64 {
        let mut config = jetstream(if seed % 2 == 0 {
            Strategy::Occ
        } else {
            Strategy::Naive
        });
        config.jetstream.max_ack_pending = 1 + (seed % 3) as u32;
        config.jetstream.nak_delay_ms = (seed % 4 == 0).then_some(seed * 10);
        config.jetstream.backoff_ms = if seed % 5 == 0 { vec![50, 300] } else { vec![] };
        config.max_deliver = (seed % 6 == 0).then_some(3);
        config.faults.lost_ack_permille = 100;
        config.faults.crash_permille = 50;
        config.max_in_flight = 1 + (seed % 2) as u32;
        let mut s = Scenario::new(config, seed);
        s.actions = Burst::new(4, 3).actions();
        let mut a = Simulation::new(s.clone()).unwrap();
        while a.step() {
            invariants::check(a.world()).unwrap();
        }
        let mut b = Simulation::new(s).unwrap();
        b.run();
        assert_eq!(a.trace().steps, b.trace().steps, "seed {seed}");
        assert_ne!(a.outcome(), Outcome::CutOff, "seed {seed}");
    }
}

/// The JS API takes `config.broker`, and `broker` in an exploration.
#[test]
fn the_js_api_takes_config_broker() {
    use occ_playground::api;
    let v = api::run_experiment(
        r#"{"config":{"strategy":"naive","broker":"jetstream","jetstream":{"max_ack_pending":1}},"updates":3,"trials":20,"seed":1}"#,
    )
    .unwrap();
    assert_eq!(v["diverged"], 0, "{v}");
    // Kafka is a broker too now (tests/engine_kafka.rs): one partition per
    // ticket keeps the burst in order.
    let v =
        api::run_experiment(r#"{"config":{"broker":"kafka"},"updates":3,"trials":20,"seed":1}"#)
            .unwrap();
    assert_eq!(v["consistent"], 20, "{v}");
    // And the explorer takes each broker (under its own rules).
    let v = api::explore(r#"{"strategy":"occ","scheme":"increment","updates":2,"broker":"kafka"}"#)
        .unwrap();
    assert_eq!(v["schedules"], "1", "{v}");
    let v = api::explore(
        r#"{"strategy":"naive","scheme":"increment","updates":2,"broker":"jetstream","max_ack_pending":1}"#,
    )
    .unwrap();
    assert_eq!(v["diverged"], "0", "{v}");
    let e =
        api::explore(r#"{"strategy":"occ","scheme":"increment","updates":2,"max_ack_pending":1}"#)
            .unwrap_err();
    assert!(e.contains("max_ack_pending: is JetStream's"), "{e}");
}
