#![cfg(not(target_arch = "wasm32"))]
//! "You are the network" (`Config::manual_network`): every delivery the
//! broker sends waits on the wire until the student lets it arrive
//! (`Action::Arrive`). The broker still picks the member; the student picks
//! the order of arrival; ack waits keep running whenever time passes.

use occ_playground::engine::checker::{OnLivelock, Outcome};
use occ_playground::engine::config::Faults;
use occ_playground::engine::note::Note;
use occ_playground::engine::{
    invariants, Action, ActionError, Burst, Channel, Config, MemberId, MessageStatus, Scenario,
    Simulation, StepKind, Strategy, TraceStep, Verdict,
};
use occ_playground::playground::lessons::LESSONS;

/// Lesson 1's story (create, then 10 and 15 at once; A gets v1, B v2),
/// under `strategy`, with the network in the student's hands or not.
fn lesson_one(strategy: Strategy, manual: bool) -> Scenario {
    let mut s = LESSONS[0].scenario();
    s.config.strategy = strategy;
    s.config.manual_network = manual;
    s
}

/// A delivery held on the wire: (channel, seq, member, delivery number).
type Held = (Channel, u64, MemberId, u32);

fn held(sim: &Simulation) -> Vec<Held> {
    let mut out = Vec::new();
    for l in sim.members() {
        for d in l.hand.iter().filter(|d| d.held()) {
            let m = &sim.messages()[d.msg.index()];
            out.push((m.channel, m.seq, l.member, d.number));
        }
    }
    out
}

/// The held copy of the message with event version `version` on `channel`.
fn copy_of(sim: &Simulation, channel: Channel, version: u64) -> Held {
    *held(sim)
        .iter()
        .find(|(c, seq, _, _)| {
            *c == channel
                && sim
                    .messages()
                    .iter()
                    .any(|m| m.channel == *c && m.seq == *seq && m.event.version.0 == version)
        })
        .unwrap_or_else(|| {
            panic!(
                "no copy of {channel} v{version} on the wire: {:?}",
                held(sim)
            )
        })
}

fn arrive(sim: &mut Simulation, (channel, seq, member, _): Held) {
    sim.act(Action::Arrive {
        channel,
        seq,
        member,
    })
    .unwrap_or_else(|e| panic!("{channel} #{seq} to {member}: {e}"));
}

/// Lets the held copy of `channel` v`version` arrive.
fn release(sim: &mut Simulation, channel: Channel, version: u64) {
    let h = copy_of(sim, channel, version);
    arrive(sim, h);
}

/// Everything an arrival sets off (read, write, ack: milliseconds), but no
/// ack wait (seconds).
fn settle(sim: &mut Simulation) {
    let horizon = sim.now_ms() + 1_000;
    sim.run_to(horizon, u64::MAX);
}

fn steps_of(sim: &Simulation, kind: StepKind) -> Vec<TraceStep> {
    sim.trace()
        .steps
        .iter()
        .filter(|s| s.kind == kind)
        .cloned()
        .collect()
}

/// Who the broker sent each update's first delivery to.
fn first_members(sim: &Simulation) -> Vec<(u64, Option<MemberId>)> {
    steps_of(sim, StepKind::Deliver)
        .iter()
        .filter(|s| s.delivery == Some(1))
        .map(|s| (s.event_version.map_or(0, |v| v.0), s.member))
        .collect()
}

#[test]
fn a_manual_network_holds_every_delivery_and_waits_for_the_student() {
    let mut sim = Simulation::new(lesson_one(Strategy::Naive, true)).unwrap();
    sim.run();
    // All three published and sent, none arrived: nothing read, no row.
    assert_eq!(held(&sim).len(), 3, "{:?}", held(&sim));
    assert!(sim
        .messages()
        .iter()
        .all(|m| matches!(m.status, MessageStatus::InFlight { .. }) && m.deliveries == 1));
    assert!(steps_of(&sim, StepKind::Read).is_empty());
    assert!(sim.replica().row(sim.tickets()[0].id).is_none());
    // Time stands still while everything waits for the student: no ack
    // wait ran out, Play has nothing to do, yet the run is not over.
    assert_eq!(sim.now_ms(), 100);
    assert!(steps_of(&sim, StepKind::Redeliver).is_empty());
    assert_eq!(sim.next_time_ms(), None);
    assert!(!sim.finished());
    assert!(!sim.step());
    assert!(
        matches!(sim.verdict(), Verdict::Lagging(_)),
        "{:?}",
        sim.verdict()
    );
    // The broker picked the members an automatic network gets: the same
    // seeded draws, in the same order.
    let mut auto = Simulation::new(lesson_one(Strategy::Naive, false)).unwrap();
    auto.run();
    assert_eq!(first_members(&sim), first_members(&auto));
    assert!(invariants::check(sim.world()).is_ok());
}

#[test]
fn an_automatic_network_never_holds() {
    let mut sim = Simulation::new(lesson_one(Strategy::Naive, false)).unwrap();
    while sim.step() {
        assert!(held(&sim).is_empty());
    }
    assert_eq!(sim.outcome(), Outcome::Diverged);
    // Nothing to let arrive: refused, and not recorded.
    let err = sim
        .act(Action::Arrive {
            channel: Channel::TicketUpdated,
            seq: 1,
            member: MemberId(0),
        })
        .unwrap_err();
    assert!(matches!(err, ActionError::NotOnTheWire { .. }), "{err}");
    assert!(err.to_string().contains("is on the wire"), "{err}");
}

/// Lesson 1's race by hand: v2 reaches B and is written before v1 arrives
/// at A; the naive listener A then overwrites 15 with 10.
#[test]
fn releasing_v2_before_v1_under_naive_loses_the_update() {
    let mut sim = Simulation::new(lesson_one(Strategy::Naive, true)).unwrap();
    sim.run();
    let create = copy_of(&sim, Channel::TicketCreated, 0);
    arrive(&mut sim, create);
    settle(&mut sim);
    let v2 = copy_of(&sim, Channel::TicketUpdated, 2);
    let v1 = copy_of(&sim, Channel::TicketUpdated, 1);
    assert_ne!(
        v1.2, v2.2,
        "lesson 1 sends v1 and v2 to different listeners"
    );
    arrive(&mut sim, v2);
    settle(&mut sim);
    arrive(&mut sim, v1);
    assert_eq!(sim.run(), Outcome::Diverged);
    assert!(sim.finished());
    assert!(matches!(sim.verdict(), Verdict::Diverged(_)));
    let row = sim.replica().row(sim.tickets()[0].id).unwrap();
    assert_eq!((row.price, sim.tickets()[0].price), (10, 15));
    let writes: Vec<u64> = steps_of(&sim, StepKind::Write)
        .iter()
        .filter_map(|s| s.event_version.map(|v| v.0))
        .collect();
    assert_eq!(writes, [0, 2, 1], "create, then v2, then v1");
    // Each arrival is a step of its own, saying who let what arrive.
    let arrivals = steps_of(&sim, StepKind::Route);
    assert_eq!(arrivals.len(), 3);
    assert!(arrivals
        .iter()
        .all(|s| matches!(s.note, Note::Arrived { number: 1, .. })));
    // Recorded in the scenario: replaying it is the same run.
    let replay = Simulation::replay(sim.scenario().clone(), sim.steps_taken()).unwrap();
    assert_eq!(replay.trace(), sim.trace());
}

/// The same race under occ: the early v2 is refused, comes back after the
/// ack wait (held on the wire again), and once let arrive is applied.
#[test]
fn under_occ_the_early_v2_is_refused_and_comes_back_after_the_ack_wait() {
    let mut sim = Simulation::new(lesson_one(Strategy::Occ, true)).unwrap();
    sim.run();
    release(&mut sim, Channel::TicketCreated, 0);
    settle(&mut sim);
    let v2 = copy_of(&sim, Channel::TicketUpdated, 2);
    arrive(&mut sim, v2);
    settle(&mut sim);
    let refused = steps_of(&sim, StepKind::NoAck);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].event_version.map(|v| v.0), Some(2));
    // Refused, so no longer on the wire: its ack wait runs, time with it.
    assert!(held(&sim).iter().all(|h| h.1 != v2.1 || h.0 != v2.0));
    assert!(sim.next_time_ms().is_some());
    let sent_at = sim
        .messages()
        .iter()
        .find(|m| m.seq == 2 && m.channel == v2.0)
        .unwrap()
        .delivered_at;

    release(&mut sim, Channel::TicketUpdated, 1);
    sim.run();
    // v1 applied; v2 sent again when its ack wait ran out, and waiting.
    let again = copy_of(&sim, Channel::TicketUpdated, 2);
    assert_eq!(again.3, 2, "the first redelivery");
    assert!(sim.now_ms() >= sent_at + sim.scenario().config.ack_wait_ms);
    assert_eq!(steps_of(&sim, StepKind::Redeliver).len(), 1);
    assert!(!sim.finished() && sim.next_time_ms().is_none());
    assert_eq!(sim.replica().row(sim.tickets()[0].id).unwrap().price, 10);

    arrive(&mut sim, again);
    assert_eq!(sim.run(), Outcome::Consistent);
    assert!(matches!(sim.verdict(), Verdict::Consistent(_)));
    assert_eq!(sim.replica().row(sim.tickets()[0].id).unwrap().price, 15);

    // The recorded scenario, through JSON as a link or a file carries it,
    // replays to the same trace.
    let json = serde_json::to_string(sim.scenario()).unwrap();
    assert!(json.contains(r#""manual_network":true"#), "{json}");
    assert!(json.contains(r#""type":"arrive""#), "{json}");
    let back: Scenario = serde_json::from_str(&json).unwrap();
    let replay = Simulation::replay(back, sim.steps_taken()).unwrap();
    assert_eq!(replay.trace(), sim.trace());
    assert_eq!(replay.outcome(), Outcome::Consistent);
    // Step back: every earlier step replays to the same state too.
    for n in [1, sim.steps_taken() / 2, sim.steps_taken() - 1] {
        let back = Simulation::replay(sim.scenario().clone(), n).unwrap();
        assert_eq!(
            back.trace().steps[..],
            sim.trace().steps[..back.trace().len()]
        );
    }
}

/// Ack waits keep running while anything else happens: v1 held while v2's
/// refusal waits out its ack wait is sent again, and the first copy is still
/// on the wire (a duplicate, as on a slow network).
#[test]
fn a_delivery_held_past_its_ack_wait_is_sent_again() {
    let mut sim = Simulation::new(lesson_one(Strategy::Occ, true)).unwrap();
    sim.run();
    release(&mut sim, Channel::TicketCreated, 0);
    settle(&mut sim);
    release(&mut sim, Channel::TicketUpdated, 2);
    sim.run();
    let v1 = sim
        .messages()
        .iter()
        .find(|m| m.channel == Channel::TicketUpdated && m.seq == 1)
        .unwrap();
    assert_eq!(v1.deliveries, 2, "v1 was sent again");
    let copies: Vec<u32> = held(&sim)
        .iter()
        .filter(|h| h.0 == Channel::TicketUpdated && h.1 == 1)
        .map(|h| h.3)
        .collect();
    assert_eq!(copies, [1, 2], "both copies on the wire");
    assert!(invariants::check(sim.world()).is_ok());
}

#[test]
fn a_connection_delivers_in_the_order_sent() {
    // One listener: both updates go to A on one connection.
    let mut s = lesson_one(Strategy::Naive, true);
    s.config.listeners = 1;
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    let err = sim
        .act(Action::Arrive {
            channel: Channel::TicketUpdated,
            seq: 2,
            member: MemberId(0),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "seq: ticket:updated #2 cannot arrive at A before ticket:created #1, sent to A earlier on the same connection"
    );
    let err = sim
        .act(Action::Arrive {
            channel: Channel::TicketUpdated,
            seq: 1,
            member: MemberId(1),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "member: no listener B; allowed A..A");
    // Refusals are not recorded.
    assert_eq!(sim.scenario().actions.len(), 3);
}

/// One connection per client, whatever the channel (issue 23): the
/// server writes all of A's messages over one connection, so the update
/// sent after the create cannot arrive first, and once the create has
/// arrived the update may. The other member's wire is its own.
#[test]
fn only_a_members_earliest_held_delivery_may_arrive_on_any_channel() {
    let mut s = lesson_one(Strategy::Occ, true);
    s.config.listeners = 1;
    let mut sim = Simulation::new(s).unwrap();
    sim.run();
    let a = MemberId(0);
    let wire: Vec<(Channel, u64)> = held(&sim).iter().map(|h| (h.0, h.1)).collect();
    assert_eq!(
        wire[..2],
        [(Channel::TicketCreated, 1), (Channel::TicketUpdated, 1)],
        "the create was sent first, then update #1"
    );
    let update = Action::Arrive {
        channel: Channel::TicketUpdated,
        seq: 1,
        member: a,
    };
    assert_eq!(
        sim.act(update.clone()).unwrap_err(),
        ActionError::BehindOnTheWire {
            channel: Channel::TicketUpdated,
            seq: 1,
            member: a,
            first_channel: Channel::TicketCreated,
            first: 1,
        }
    );
    let next = sim.world().next_held(a).map(|d| d.msg);
    assert_eq!(
        next,
        Some(sim.world().find_message(Channel::TicketCreated, 1).unwrap())
    );
    sim.act(Action::Arrive {
        channel: Channel::TicketCreated,
        seq: 1,
        member: a,
    })
    .unwrap();
    // The create is read; now the update is first on A's connection.
    sim.act(update).unwrap();
    assert!(invariants::check(sim.world()).is_ok());
}

#[test]
fn a_shuffle_leaves_held_deliveries_on_the_wire() {
    let mut sim = Simulation::new(lesson_one(Strategy::Naive, true)).unwrap();
    sim.run();
    let before = held(&sim);
    sim.act(Action::Shuffle).unwrap();
    assert_eq!(held(&sim), before);
    assert_eq!(sim.next_time_ms(), None);
}

/// A student who lets random messages arrive at random moments, with
/// crashes and lost acks: every invariant holds after every step, occ never
/// diverges, and the recorded run replays exactly (as the live view runs:
/// a poison loop goes round; a stopped run's livelock note depends on
/// whether a live action comes later, whatever the network).
#[test]
fn any_order_of_arrivals_keeps_the_invariants_and_occ_never_diverges() {
    for seed in 0..48u64 {
        let config = Config {
            strategy: Strategy::Occ,
            listeners: 1 + (seed % 3) as u8,
            max_in_flight: if seed % 4 == 0 { 1 } else { 16_384 },
            ack_wait_ms: 200 + 100 * (seed % 5),
            restart_ms: 300,
            faults: Faults {
                lost_ack_permille: if seed % 5 == 1 { 100 } else { 0 },
                crash_permille: if seed % 7 == 2 { 50 } else { 0 },
                ..Faults::default()
            },
            manual_network: true,
            ..Config::default()
        };
        let actions = Burst::new(1 + (seed % 4) as u32, seed % 3).actions();
        let scenario = Scenario {
            actions: actions.clone(),
            ..Scenario::new(config, seed)
        };
        // As the live view runs it: a poison loop goes round, not stopped.
        let mut sim = Simulation::with_livelock(scenario, OnLivelock::Loop).unwrap();
        let mut pick = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = |n: usize| {
            pick ^= pick << 13;
            pick ^= pick >> 7;
            pick ^= pick << 17;
            (pick % n as u64) as usize
        };
        for _ in 0..20_000 {
            if sim.looping() {
                break;
            }
            let heads: Vec<Held> = held(&sim)
                .into_iter()
                .filter(|&(c, seq, m, n)| {
                    sim.world().next_held(m).is_some_and(|d| {
                        let msg = &sim.messages()[d.msg.index()];
                        d.number == n && msg.channel == c && msg.seq == seq
                    })
                })
                .collect();
            let waiting = sim.next_time_ms().is_none();
            if !heads.is_empty() && (waiting || next(3) == 0) {
                let (channel, seq, member, _) = heads[next(heads.len())];
                // As the page acts: the burst's saves still to come stay.
                let arrive = Action::Arrive {
                    channel,
                    seq,
                    member,
                };
                sim.act_at(arrive, sim.now_ms(), &actions).unwrap();
            } else if !sim.step() {
                break;
            }
            if let Err(v) = invariants::check(sim.world()) {
                panic!("seed {seed}, after step {}: {v}", sim.steps_taken());
            }
        }
        assert!(
            sim.finished() || sim.looping(),
            "seed {seed}: {:?}",
            held(&sim)
        );
        assert_ne!(sim.outcome(), Outcome::Diverged, "seed {seed}");
        let replay =
            Simulation::replay_with(sim.scenario().clone(), sim.steps_taken(), OnLivelock::Loop)
                .unwrap();
        assert_eq!(replay.trace(), sim.trace(), "seed {seed}");
    }
}
