#![cfg(not(target_arch = "wasm32"))]
//! Issue 23: NATS Streaming's heartbeats as the server counts them
//! (`checkClientHealth`, `findBestQueueSub`), the durable queue group's
//! shadow subscription (`subStore.Remove`, `processSub`), and timers that
//! change nothing not moving a run's end. Each test has the scenario that
//! showed the old behaviour.

use occ_playground::engine::config::COURSE_HB;
use occ_playground::engine::experiment::{run_experiment, trial_scenario, ExperimentSpec};
use occ_playground::engine::note::Note;
use occ_playground::engine::{
    invariants, Action, Burst, Channel, Config, Faults, MemberId, Outcome, Scenario,
    ScriptedAction, Simulation, StepKind, Strategy, TraceMode, TraceStep, World,
};
use occ_playground::share;

const A: MemberId = MemberId(0);
const B: MemberId = MemberId(1);

/// The course's server: `-hbi 5s -hbt 5s -hbf 2`; a crashed listener stays
/// down for ten minutes.
fn course(listeners: u8) -> Config {
    let (hb_interval_ms, hb_timeout_ms, hb_fail_count) = COURSE_HB;
    Config {
        strategy: Strategy::Occ,
        listeners,
        hb_interval_ms,
        hb_timeout_ms,
        hb_fail_count,
        restart_ms: 600_000,
        ..Config::default()
    }
}

/// A create at 0, then an update every second for 40 s; `crash` at its time.
fn updates_with_crash(config: Config, crash_at: u64) -> Scenario {
    let mut s = Scenario::new(config, 1);
    s.actions = Burst::new(40, 1_000).actions();
    let at = s.actions.partition_point(|a| a.at_ms <= crash_at);
    s.actions.insert(
        at,
        ScriptedAction {
            at_ms: crash_at,
            action: Action::CrashListener { member: A },
        },
    );
    s
}

fn run(scenario: Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario).unwrap();
    sim.run();
    sim
}

fn step_with(sim: &Simulation, note: impl Fn(&Note) -> bool) -> &TraceStep {
    let mut found = sim.trace().steps.iter().filter(|s| note(&s.note));
    let step = found.next().expect("the step is in the trace");
    assert!(found.next().is_none(), "only one such step");
    step
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

/// With the course's settings A, crashed at 2 s, used to get every other
/// message until the close: six deliveries lost to it between 12 s and
/// 26 s. The ping at 5 s goes unanswered at 10 s: from then on the server
/// chooses B; the pings at 15 s and 25 s are missed at 20 s and 30 s, and
/// at the third miss it closes A.
#[test]
fn after_its_first_missed_heartbeat_a_crashed_member_gets_nothing_and_is_closed_at_the_third() {
    let sim = run(updates_with_crash(course(2), 2_000));
    let missed = step_with(&sim, |n| {
        matches!(n, Note::HeartbeatMissed { member: A, .. })
    });
    assert_eq!(missed.time_ms, 10_000);
    let closed = step_with(&sim, |n| {
        matches!(
            n,
            Note::ServerClosed {
                member: A,
                missed: 3,
                ..
            }
        )
    });
    assert_eq!(closed.time_ms, 30_000);
    let to_a: Vec<_> = deliveries(&sim)
        .into_iter()
        .filter(|&(t, m, _)| m == A && t >= 2_000)
        .collect();
    assert!(
        to_a.iter().any(|&(t, _, _)| t < 10_000),
        "the server keeps sending to A until the miss: {to_a:?}"
    );
    assert!(
        to_a.iter().all(|&(t, _, _)| t < 10_000),
        "nothing goes to A after its first miss: {to_a:?}"
    );
    assert_eq!(sim.outcome(), Outcome::Consistent);
    let text = missed.note.text(sim.titles());
    assert!(text.contains("it stops choosing A"), "{text}");
}

/// With the server's defaults the first miss comes 40 s after a ping goes
/// out, and the close 400 s after that: 440 s after a crash just past a ping.
#[test]
fn with_the_servers_defaults_a_crash_just_after_a_ping_is_closed_440_s_later() {
    let config = Config {
        restart_ms: 600_000,
        ..Config::default()
    };
    // Pings at 30 s and 60 s: the one at 60 s is the first unanswered.
    let sim = run(updates_with_crash(config, 30_001));
    let missed = step_with(&sim, |n| matches!(n, Note::HeartbeatMissed { .. }));
    let closed = step_with(&sim, |n| matches!(n, Note::ServerClosed { missed: 11, .. }));
    assert_eq!((missed.time_ms, closed.time_ms), (70_000, 470_000));
}

/// A restart counts the pings from the reconnect: crashed again 3 s after
/// restarting at 601 s, A's first ping is at 606 s, missed at 611 s.
#[test]
fn a_restarted_member_is_pinged_from_its_reconnect() {
    let mut s = Scenario::new(course(2), 1).at(0, Action::create_ticket("concert", 5));
    s = s.at(1_000, Action::CrashListener { member: A });
    s = s.at(604_000, Action::CrashListener { member: A });
    let sim = run(s);
    let misses: Vec<u64> = (sim.trace().steps.iter())
        .filter(|s| matches!(s.note, Note::HeartbeatMissed { .. }))
        .map(|s| s.time_ms)
        .collect();
    assert_eq!(misses, [10_000, 611_000]);
}

/// `findBestQueueSub` passes a member with a missed heartbeat over only
/// while another qualifies; with B at its limit it falls back to the list's
/// first, A, sends there (lost) and rotates A to the back. Once both are at
/// their limit the group is stalled and nothing is picked.
#[test]
fn with_no_other_member_free_the_server_falls_back_to_its_lists_first() {
    let config = Config {
        listeners: 2,
        max_in_flight: 1,
        ..course(2)
    };
    let mut w = World::new(&config, TraceMode::Full);
    Burst::new(3, 1_000).apply(&mut w);
    let mut rng = occ_playground::engine::rng::SimRng::new(1);
    // B holds the create and the first update: at its limit on both.
    for channel in [Channel::TicketCreated, Channel::TicketUpdated] {
        let head = w.broker().head(channel).unwrap();
        w.deliver(head, B).unwrap();
    }
    let mut lost = Vec::new();
    assert!(w.crash(A, &mut lost));
    let crashed_at = w.listeners()[0].crashed_at;
    let mut moved = Vec::new();
    assert!(matches!(
        w.heartbeat_missed(A, crashed_at, &mut moved),
        occ_playground::engine::world::Missed::Avoided { .. }
    ));
    assert!(w.broker().failed_hb(A));
    let (u1, to) = w
        .next_assignment(Default::default(), &mut rng)
        .expect("A is the list's first and has room");
    assert_eq!(to, A);
    assert!(w.deliver(u1, A).is_none(), "lost: A is down");
    let last = w.trace().steps.last().unwrap();
    assert_eq!(
        last.note,
        Note::SentToDown {
            member: A,
            avoided: true
        }
    );
    assert!(
        w.next_assignment(Default::default(), &mut rng).is_none(),
        "both at their limit: the group is stalled"
    );
    invariants::check(&w).unwrap();
}

/// One listener down for ten minutes used to get 227 redeliveries after the
/// server closed it. Closed as the group's last member, it is the group's
/// shadow: nothing is sent until it joins again, and then its unacked
/// messages are sent again at once.
#[test]
fn the_last_member_closed_keeps_its_messages_until_a_member_joins() {
    let s = Scenario::new(course(1), 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(
            1_000,
            Action::update_price(occ_playground::engine::TicketId(0), 10),
        )
        .at(1_000, Action::CrashListener { member: A })
        .at(
            3_000,
            Action::update_price(occ_playground::engine::TicketId(0), 15),
        );
    let sim = run(s);
    let closed = step_with(&sim, |n| matches!(n, Note::ServerClosed { member: A, .. }));
    assert_eq!(closed.time_ms, 30_000);
    let Note::ServerClosed { moved: 0, kept, .. } = closed.note else {
        panic!("{:?}", closed.note)
    };
    assert!(kept >= 1, "{:?}", closed.note);
    let restart = 601_000;
    let between: Vec<_> = (deliveries(&sim).into_iter())
        .filter(|&(t, _, _)| t > closed.time_ms && t < restart)
        .collect();
    assert_eq!(between, [], "nothing is sent while the group is empty");
    let resent: Vec<_> = (deliveries(&sim).into_iter())
        .filter(|&(t, _, _)| t == restart)
        .collect();
    assert_eq!(resent.len() as u32, kept, "the shadow's messages, at once");
    step_with(
        &sim,
        |n| matches!(n, Note::ShadowResent { member: A, count } if *count == kept),
    );
    let after_close = &sim.trace().steps[closed.step as usize..];
    assert!(after_close.iter().all(|s| {
        let t = s.note.text(sim.titles());
        !t.contains("heartbeats have not failed yet") && !t.contains("missed no heartbeat yet")
    }));
    assert_eq!(sim.outcome(), Outcome::Consistent);
    assert!(sim.now_ms() < restart + 10_000, "ended at {}", sim.now_ms());
}

/// A listener that restarts under its old client ID replaces its old
/// connection: the server closes that first, moving its unacked messages
/// to the others with the ack wait they had, and it joins at the back.
#[test]
fn a_restart_before_the_close_replaces_the_old_connection() {
    let config = Config {
        restart_ms: 1_000,
        delivery_ms: occ_playground::engine::MsRange::new(50, 50),
        ..course(2)
    };
    // The create goes to A at 0 and is on the wire when A crashes at 10.
    let s = Scenario::new(config, 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(10, Action::CrashListener { member: A });
    let sim = run(s);
    let replaced = step_with(&sim, |n| matches!(n, Note::Replaced { member: A, .. }));
    assert_eq!(replaced.time_ms, 1_010);
    assert!(matches!(
        replaced.note,
        Note::Replaced {
            moved: 1,
            kept: 0,
            ..
        }
    ));
    assert!(sim.trace().steps.iter().all(|s| !matches!(
        s.note,
        Note::HeartbeatMissed { .. } | Note::ServerClosed { .. }
    )));
    // Moved to B with its expiry kept: sent again at 5 s, to A (fewest
    // unacked), and B's copy counts as acked.
    assert_eq!(deliveries(&sim), [(0, A, 1), (5_000, A, 2)]);
    assert_eq!(sim.outcome(), Outcome::Consistent);
}

/// A crash and a restart before any heartbeat is missed: the stale
/// heartbeat wake-up used to move the end of a run that settled at 5 s to
/// 440 s. A run ends at its last transition that changed something.
#[test]
fn a_run_ends_at_its_last_change_not_at_a_stale_heartbeat() {
    let mut s = Scenario::new(Config::default(), 1);
    s.actions = Burst::new(5, 10).actions();
    s.actions.insert(
        1,
        ScriptedAction {
            at_ms: 1,
            action: Action::CrashListener { member: A },
        },
    );
    let sim = run(s);
    assert!(sim.finished());
    let last = sim.trace().steps.last().unwrap().time_ms;
    assert_eq!(sim.now_ms(), last);
    assert!(last < 100_000, "ended at {last}");
}

/// With a crash fault, about half the trials used to report some 440 s.
/// Now no trial's quiescence is a heartbeat time: each ends at its last
/// transition, which here is never a heartbeat (every crash restarts 1 s on).
#[test]
fn experiments_with_crashes_end_each_trial_at_its_last_change() {
    let config = Config {
        faults: Faults {
            crash_permille: 100,
            ..Faults::default()
        },
        ..Config::default()
    };
    let spec = ExperimentSpec::new(config, 20, 40, 3);
    let report = run_experiment(&spec).unwrap();
    let (mut crashed, mut ends) = (0, Vec::new());
    for trial in 0..40 {
        let sim = run(trial_scenario(&spec, trial));
        let steps = &sim.trace().steps;
        crashed += steps.iter().any(|s| s.kind == StepKind::Crash) as u32;
        assert!(steps.iter().all(|s| !matches!(
            s.note,
            Note::HeartbeatMissed { .. } | Note::ServerClosed { .. }
        )));
        assert_eq!(sim.now_ms(), steps.last().unwrap().time_ms, "trial {trial}");
        ends.push(sim.now_ms());
    }
    assert_eq!(report.quiescence_ms_max, *ends.iter().max().unwrap());
    let sum: u64 = ends.iter().sum();
    assert_eq!(report.quiescence_ms_mean, sum as f64 / 40.0);
    assert!(
        ends.iter().all(|&t| t < 300_000),
        "no trial runs on to a heartbeat time: {ends:?}"
    );
    assert!(crashed > 10, "the fault fires: {crashed} trials crashed");
}

/// Files and links from before the three settings carry
/// `heartbeat_fail_ms`; they open, meaning the server whose latest close
/// after a crash is that time (440 s: the defaults).
#[test]
fn old_files_and_links_with_heartbeat_fail_ms_still_open() {
    let old = include_str!("fixtures/old_lecture_occ.scenario.json");
    assert!(old.contains(r#""heartbeat_fail_ms": 440000"#));
    let s: Scenario = serde_json::from_str(old).unwrap();
    assert_eq!(s.config, Config::default());
    let short = old.replace("440000", "20000");
    let s: Scenario = serde_json::from_str(&short).unwrap();
    assert_eq!(s.config.heartbeats().latest_close_ms(), 20_000);
    let written = serde_json::to_string(&s).unwrap();
    assert!(!written.contains("heartbeat_fail_ms"), "{written}");
    assert!(written.contains("hb_fail_count"), "{written}");

    // A link as the old page made it: v1. + base64 of the deflated JSON.
    use base64::Engine as _;
    let json = format!(r#"{{"scenario":{short},"step":4,"lesson":"occ"}}"#);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let link = format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    );
    let state = share::decode(&link).unwrap();
    assert_eq!(state.scenario, s);
    assert_eq!(state.step, 4);
    // And one kept in the fuzz corpus since before that field.
    let corpus = include_str!("../fuzz/corpus/share_link/lecture_occ.txt");
    let state = share::decode(corpus).unwrap();
    assert_eq!(
        state.scenario.config.heartbeats(),
        Config::default().heartbeats()
    );
}
