#![cfg(not(target_arch = "wasm32"))]
//! One test per NATS Streaming rule of issue 9, each with the command or
//! scenario that showed the old behaviour.

use occ_playground::engine::checker::{self, Outcome, Verdict};
use occ_playground::engine::config::{LECTURE_MAX_IN_FLIGHT, STAN_MAX_IN_FLIGHT};
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::explorer::{explore, ExploreSpec};
use occ_playground::engine::note::Note;
use occ_playground::engine::world::Expired;
use occ_playground::engine::{
    invariants, Action, Burst, Channel, Config, MemberId, MessageStatus, Scenario, Simulation,
    StepKind, Strategy, Trace, TraceMode, TraceStep, VersionScheme, World,
};

const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);

fn world(strategy: Strategy, listeners: u8, in_flight: u32, updates: u32) -> World {
    let config = Config {
        strategy,
        listeners,
        max_in_flight: in_flight,
        ..Config::default()
    };
    let mut w = World::new(&config, TraceMode::Full);
    Burst::new(updates, 1_000).apply(&mut w);
    w
}

/// `occ-sim explore --strategy naive --listeners 1 --updates 2` reported 16
/// diverged schedules: #2 could be handed over before #1.
#[test]
fn one_listener_keeps_a_channels_order_in_the_explorer_and_in_timed_runs() {
    let r = explore(&ExploreSpec::new(
        Strategy::Naive,
        VersionScheme::Increment,
        2,
        1,
    ))
    .unwrap();
    assert_eq!(r.outcomes.diverged, 0, "{r:?}");
    assert!(r.outcomes.consistent > 0);
    let config = Config {
        strategy: Strategy::Naive,
        listeners: 1,
        max_in_flight: LECTURE_MAX_IN_FLIGHT,
        ..Config::default()
    };
    let spec = ExperimentSpec::new(config, 5, 200, 9);
    assert_eq!(run_experiment(&spec).unwrap().outcomes.diverged, 0);
    // The head of ticket:updated is its lowest sequence, whatever the queue.
    let w = world(Strategy::Naive, 1, 1, 3);
    let head = w.broker().head(Channel::TicketUpdated).unwrap();
    assert_eq!(w.broker().message(head).seq, 1);
}

/// A refusal used to free the listener's slot at once, so the next message
/// went out while the refused one waited for its ack wait.
#[test]
fn a_refusal_keeps_its_slot_until_the_ack_wait_runs_out() {
    assert_eq!(Config::default().max_in_flight, STAN_MAX_IN_FLIGHT);
    let mut w = world(Strategy::Occ, 1, 1, 2);
    let update1 = w.broker().head(Channel::TicketUpdated).unwrap();
    let d = w.deliver(update1, A).unwrap();
    // No row yet (the create is still queued): occ refuses, no ack.
    assert!(matches!(
        w.read(A, d),
        occ_playground::engine::world::ReadResult::Refused { .. }
    ));
    assert_eq!(w.broker().pending(Channel::TicketUpdated, A), 1);
    assert!(!w.has_room(A, Channel::TicketUpdated), "slot still taken");
    // Max in flight is per subscription per channel: the create can go.
    assert!(w.has_room(A, Channel::TicketCreated));
    invariants::check(&w).unwrap();
}

/// The broker used to queue an expired message again for the next free
/// member; the server sends it at once to the member with the fewest
/// unacked, even one at its limit, and a late ack does not cancel it.
#[test]
fn an_expired_message_goes_at_once_to_the_fewest_unacked_even_at_its_limit() {
    // A is still processing u1 when its ack wait runs out; B holds nothing.
    let mut w = world(Strategy::Naive, 2, 1, 2);
    let u1 = w.broker().head(Channel::TicketUpdated).unwrap();
    let slow = w.deliver(u1, A).unwrap();
    let got = w.expire(u1, 1);
    assert!(
        matches!(
            got,
            Expired::Redelivered {
                member: B,
                delivery: Some(_)
            }
        ),
        "{got:?}"
    );
    let pending = |w: &World, m| w.broker().pending(Channel::TicketUpdated, m);
    assert_eq!(
        (pending(&w, A), pending(&w, B)),
        (0, 1),
        "implicitly acked on A"
    );
    // The original finishes late: its ack changes nothing, the duplicate
    // B holds is still processed.
    w.read(A, slow);
    w.write(A, slow, false);
    assert_eq!(
        w.broker().message(u1).status,
        MessageStatus::InFlight { member: B }
    );
    assert!(w.listeners()[1]
        .hand
        .iter()
        .any(|d| d.msg == u1 && d.number == 2));
    invariants::check(&w).unwrap();

    // Both members at their limit: the server still sends it at once (to
    // the first in its list), past the limit, while the original is in hand.
    let mut w = world(Strategy::Naive, 2, 1, 2);
    let u1 = w.broker().head(Channel::TicketUpdated).unwrap();
    w.deliver(u1, A).unwrap();
    let u2 = w.broker().head(Channel::TicketUpdated).unwrap();
    w.deliver(u2, B).unwrap();
    assert!(matches!(
        w.expire(u1, 1),
        Expired::Redelivered { member: A, .. }
    ));
    let copies = w.listeners()[0].hand.iter().filter(|d| d.msg == u1).count();
    assert_eq!(
        copies, 2,
        "the duplicate arrives while the original is processed"
    );
    invariants::check(&w).unwrap();
}

/// A crash used to stop deliveries to the member at once; the server keeps
/// sending until its heartbeats fail, and those deliveries are lost.
#[test]
fn the_server_keeps_sending_to_a_crashed_member_until_heartbeats_fail() {
    let config = Config {
        strategy: Strategy::Occ,
        listeners: 2,
        max_in_flight: 1,
        restart_ms: 600_000,
        // Pinged at 5 s, missed at 10 s, pinged at 15 s, missed and closed
        // at 20 s; A gets deliveries until the first miss.
        hb_interval_ms: 5_000,
        hb_timeout_ms: 5_000,
        hb_fail_count: 1,
        ..Config::default()
    };
    assert_eq!(Config::default().heartbeats().latest_close_ms(), 440_000);
    let mut scenario = Scenario::new(config, 3).at(0, Action::CrashListener { member: A });
    scenario.actions.extend(Burst::new(3, 5).actions());
    let mut sim = Simulation::new(scenario).unwrap();
    let outcome = sim.run();
    let trace = sim.trace();
    let lost = trace
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Deliver && matches!(s.note, Note::SentToDown { .. }))
        .count();
    assert!(lost > 0, "a delivery went to the crashed member");
    let closed = trace
        .steps
        .iter()
        .find(|s| matches!(s.note, Note::ServerClosed { .. }))
        .expect("the window ends as a trace step");
    assert_eq!(closed.time_ms, 20_000);
    assert_eq!(outcome, Outcome::Consistent);
}

/// The members of a two-listener group where A crashes and the server closes
/// it while it still holds an unacked message: at its first missed ping (no
/// miss tolerated), the first ping due after the crash, missed a timeout on.
fn closing(ack_wait_ms: u64, hb_interval_ms: u64, hb_timeout_ms: u64) -> Config {
    Config {
        strategy: Strategy::Occ,
        listeners: 2,
        ack_wait_ms,
        hb_interval_ms,
        hb_timeout_ms,
        hb_fail_count: 0,
        restart_ms: 600_000,
        ..Config::default()
    }
}

/// The one trace step `kind` with a note `note` matches; panics otherwise.
fn only(trace: &Trace, kind: StepKind, note: impl Fn(&Note) -> bool) -> &TraceStep {
    let mut found = trace
        .steps
        .iter()
        .filter(|s| s.kind == kind && note(&s.note));
    let step = found.next().expect("the step is in the trace");
    assert!(found.next().is_none(), "only one such step");
    step
}

/// The model used to restart the ack wait of a closed member's unacked
/// messages when it moved them (`delivered_at` set to the close), so the
/// stage counted down a fresh ack wait; `subStore.Remove` keeps each one's
/// expiry, and the message comes back at that original expiry.
#[test]
fn a_closed_members_unacked_message_keeps_its_original_ack_wait() {
    // Created at 0 and handed to A, which crashes at 1 holding it: the ack
    // wait runs to 30 s, the ping at 10 s is missed at 10_001: closed.
    let scenario = Scenario::new(closing(30_000, 10_000, 1), 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(1, Action::CrashListener { member: A });
    let mut sim = Simulation::new(scenario).unwrap();
    while !sim
        .trace()
        .steps
        .iter()
        .any(|s| matches!(s.note, Note::ServerClosed { .. }))
    {
        assert!(sim.step(), "the server closes A");
    }
    only(sim.trace(), StepKind::Crash, |n| {
        matches!(n, Note::Crashed { lost: 1, .. })
    });
    let closed = only(sim.trace(), StepKind::Crash, |n| {
        matches!(n, Note::ServerClosed { moved: 1, .. })
    });
    assert_eq!(closed.time_ms, 10_001);
    let m = &sim.messages()[0];
    assert_eq!(m.status, MessageStatus::InFlight { member: B });
    assert_eq!(m.delivered_at, 0, "the move does not restart the ack wait");

    assert_eq!(sim.run(), Outcome::Consistent);
    let again = only(sim.trace(), StepKind::Redeliver, |n| {
        matches!(
            n,
            Note::Expired {
                number: 1,
                to: Some(B)
            }
        )
    });
    assert_eq!(again.time_ms, 30_000, "at the original expiry, not 40_001");
    assert_eq!(deliveries(&sim), [(0, A, 1), (30_000, B, 2)]);
}

/// A closed member's unacked message whose ack wait has run out goes to the
/// other member at once (`subStore.Remove` -> `performAckExpirationRedelivery`).
#[test]
fn a_closed_members_expired_message_is_redelivered_at_once() {
    // A crashes at 0; the create published at 15 s goes to it all the same
    // (the server has not noticed) and is lost; its ack wait runs out at
    // 20 s, just as the ping at 20 s goes unanswered.
    let scenario = Scenario::new(closing(5_000, 20_000, 0), 1)
        .at(0, Action::CrashListener { member: A })
        .at(15_000, Action::create_ticket("concert", 5));
    let mut sim = Simulation::new(scenario).unwrap();
    assert_eq!(sim.run(), Outcome::Consistent);
    let closed = only(sim.trace(), StepKind::Crash, |n| {
        matches!(n, Note::ServerClosed { moved: 1, .. })
    });
    let again = only(sim.trace(), StepKind::Redeliver, |n| {
        matches!(
            n,
            Note::Expired {
                number: 1,
                to: Some(B)
            }
        )
    });
    assert!(again.step > closed.step, "moved first, then redelivered");
    assert_eq!((closed.time_ms, again.time_ms), (20_000, 20_000));
    assert_eq!(deliveries(&sim), [(15_000, A, 1), (20_000, B, 2)]);
}

/// Every delivery in the trace: (time, member, delivery number).
fn deliveries(sim: &Simulation) -> Vec<(u64, MemberId, u32)> {
    sim.trace()
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Deliver)
        .map(|s| (s.time_ms, s.member.unwrap(), s.delivery.unwrap()))
        .collect()
}

/// `occ-sim experiment --strategy occ --updates 2500 --trials 2` said
/// "stalled" when it hit the transition cap.
#[test]
fn a_run_at_the_transition_cap_is_cut_off_not_stalled() {
    let config = Config {
        strategy: Strategy::Occ,
        max_transitions: 1_000,
        ..Config::default()
    };
    let scenario = Scenario {
        actions: Burst::new(200, 1).actions(),
        ..Scenario::new(config.clone(), 1)
    };
    let mut sim = Simulation::with_trace(scenario, TraceMode::Off).unwrap();
    assert_eq!(sim.run(), Outcome::CutOff);
    assert_eq!(
        sim.verdict(),
        Verdict::CutOff(
            "cut off: the run did not settle within 1000 transitions (raise max_transitions or use fewer updates)"
                .into()
        )
    );
    let r = run_experiment(&ExperimentSpec::new(config, 200, 2, 1)).unwrap();
    assert_eq!((r.outcomes.cut_off, r.outcomes.stalled), (2, 0));
    assert_eq!(r.cut_off_examples.len(), 2);
}

/// A create-only plugin-increment run with +100 versions was "diverged":
/// the replica's own version 0 differs from the source's 100.
#[test]
fn option_1_is_consistent_when_its_data_matches() {
    let config = Config {
        strategy: Strategy::PluginIncrement,
        scheme: VersionScheme::Step100,
        ..Config::default()
    };
    let scenario = Scenario {
        actions: Burst::new(0, 5).actions(),
        ..Scenario::new(config, 1)
    };
    let mut sim = Simulation::new(scenario).unwrap();
    assert_eq!(sim.run(), Outcome::Consistent);
    let row = sim.replica().rows()[0].unwrap();
    assert_ne!(row.version, sim.tickets()[0].version, "its own counter");
    assert_eq!(checker::first_mismatch(sim.world()), None);
}
