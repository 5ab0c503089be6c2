//! What a student reported while playing the lessons, played the way a
//! student plays: a fault or Shuffle in the middle of a lesson keeps the
//! lesson going; the poison loop of lessons 7 and 8 goes round while the
//! verdict says it never ends; long waits with nothing happening are jumped
//! over and said in words.

use occ_playground::engine::checker::OnLivelock;
use occ_playground::engine::experiment::{run_experiment, ExperimentSpec};
use occ_playground::engine::{
    Action, Config, MemberId, Outcome, Scenario, Simulation, StepKind, Strategy, TicketId, Verdict,
    VersionScheme,
};
use occ_playground::playground::lesson_check::opened;
use occ_playground::playground::lessons::{index_of, LESSONS};
use occ_playground::playground::view::VerdictKind;
use occ_playground::playground::{pace, project, Msg, Playground};
use std::rc::Rc;

const A: MemberId = MemberId(0);

/// The time the page shows (the Time box and the stage read the same clock).
fn shown(p: &Playground) -> u64 {
    let sim = p.sim();
    project::controls(&sim, p.playing, p.speed, p.clock_ms()).now_ms
}

/// Ticks while playing, at most `n` times; checks the shown clock never
/// goes back.
fn ticks(mut p: Rc<Playground>, n: usize) -> Rc<Playground> {
    for _ in 0..n {
        if !p.playing {
            break;
        }
        let before = shown(&p);
        p = p.reduce(Msg::Tick);
        assert!(
            shown(&p) >= before,
            "the clock went back: {before} -> {}",
            shown(&p)
        );
    }
    p
}

/// Plays until the run is over (or, for a poison loop, until it loops).
fn play_out(p: Rc<Playground>) -> Rc<Playground> {
    let mut p = p.reduce(Msg::Play);
    for _ in 0..100_000 {
        if !p.playing || p.sim().looping() {
            return p;
        }
        p = ticks(p, 1);
    }
    panic!("the run never ended");
}

fn updates_saved(p: &Playground) -> usize {
    let sim = p.sim();
    let steps = &sim.trace().steps;
    steps
        .iter()
        .filter(|s| s.kind == StepKind::Save && s.member.is_none())
        .count()
}

fn faults() -> [(Msg, StepKind); 4] {
    [
        (Msg::DelaySpike, StepKind::DelaySpike),
        (Msg::Crash(A), StepKind::Crash),
        (Msg::LoseNextAck, StepKind::Fault),
        (Msg::Shuffle, StepKind::Shuffle),
    ]
}

#[test]
fn a_fault_in_the_middle_of_a_lesson_keeps_the_lesson_going() {
    for lesson in [0, 3] {
        for (fault, kind) in faults() {
            // Play until the clock runs ahead of the run (between transitions).
            let mut p = opened(lesson).reduce(Msg::Play);
            while p.clock_ms() <= p.sim().now_ms() || p.sim().tickets().is_empty() {
                p = ticks(p, 1);
            }
            let (clock, scripted) = (shown(&p), p.sim().scenario().actions.clone());
            assert!(p.sim().now_ms() < clock);
            let q = p.reduce(fault.clone());
            let what = format!("lesson {lesson}, {fault:?} at {clock} ms");
            assert_eq!(q.notice, None, "{what}");
            assert!(
                shown(&q) >= clock,
                "{what}: the clock went back to {}",
                shown(&q)
            );
            assert!(q.playing && !q.sim().finished(), "{what}: Play goes on");
            // The fault is recorded at the clock's time; the lesson's actions stay.
            let actions = q.sim().scenario().actions.clone();
            assert_eq!(actions.len(), scripted.len() + 1, "{what}: {actions:?}");
            let fault_at = actions.iter().find(|a| !scripted.contains(a)).unwrap();
            assert_eq!(fault_at.at_ms, clock, "{what}");
            assert!(scripted.iter().all(|a| actions.contains(a)), "{what}");
            // Step back undoes it: the state before the fault.
            let taken = q.sim().steps_taken();
            let back = q.clone().reduce(Msg::StepBack);
            {
                let sim = back.sim();
                assert!(
                    sim.trace().steps.iter().all(|s| s.kind != kind),
                    "{what}: stepped back before the fault"
                );
                assert_eq!(sim.steps_taken() + 1, taken, "{what}");
            }
            // Played out, both of the lesson's updates happen.
            let end = play_out(q.clone());
            assert_eq!(
                updates_saved(&end),
                3,
                "{what}: the create and both updates"
            );
            assert_eq!(end.sim().tickets()[0].price, 15, "{what}");
            // Replay is exact: the same run, from its recorded scenario.
            let replayed = Simulation::replay_with(
                end.sim().scenario().clone(),
                end.sim().steps_taken(),
                OnLivelock::Loop,
            )
            .unwrap();
            assert_eq!(replayed.trace(), end.sim().trace(), "{what}");
            // Played on from the step back, the recorded fault comes again.
            let again = play_out(back);
            assert_eq!(again.sim().trace(), end.sim().trace(), "{what}");
        }
    }
}

#[test]
fn shuffle_before_play_keeps_the_lesson_playable() {
    let start = opened(0);
    let s = start.clone().reduce(Msg::Shuffle);
    assert!(!s.sim().finished(), "Play stays enabled");
    let actions = s.sim().scenario().actions.clone();
    for a in &start.sim().scenario().actions {
        assert!(actions.contains(a), "the lesson's {a:?} stays");
    }
    let end = play_out(s);
    assert_eq!(updates_saved(&end), 3, "the lesson's updates still happen");
    // With nothing queued and nothing on the wire, Shuffle says so and
    // changes nothing.
    let done = play_out(Rc::new(Playground::default()));
    assert!(done.sim().finished());
    let before = done.sim().scenario().clone();
    let s = done.reduce(Msg::Shuffle);
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Nothing to shuffle yet"), "{notice}");
    assert_eq!(s.sim().scenario(), &before);
}

#[test]
fn a_fault_after_a_step_back_drops_the_old_live_actions_but_not_the_lesson() {
    let mut p = opened(0);
    for _ in 0..3 {
        p = p.reduce(Msg::Step);
    }
    let p = p.reduce(Msg::DelaySpike);
    let later = ticks(p.reduce(Msg::Play), 40).reduce(Msg::LoseNextAck);
    assert_eq!(later.sim().scenario().actions.len(), 5);
    // Back before the spike, then a crash: the spike and the lost ack are
    // gone (a new branch), the lesson's updates are not.
    let back = later.reduce(Msg::JumpTo(2)).reduce(Msg::Crash(A));
    let actions: Vec<_> = back
        .sim()
        .scenario()
        .actions
        .iter()
        .map(|a| a.action.clone())
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
    assert!(
        matches!(actions[1], Action::CrashListener { .. }),
        "{actions:?}"
    );
    assert!(!actions
        .iter()
        .any(|a| matches!(a, Action::DelaySpike { .. } | Action::LoseNextAck)));
    assert_eq!(updates_saved(&play_out(back)), 3);
}

fn lesson(id: &str) -> usize {
    index_of(id).unwrap()
}

fn stuck_deliveries(p: &Playground) -> u32 {
    let sim = p.sim();
    let deliveries = sim.messages().iter().filter(|m| m.is_outstanding());
    deliveries.map(|m| m.deliveries).max().unwrap_or(0)
}

#[test]
fn the_poison_loop_goes_round_while_the_verdict_says_it_never_ends() {
    for (id, reason) in [
        (
            "lost-ack",
            "ticket:updated v1 for CZQ is redelivered forever",
        ),
        (
            "mystery",
            "ticket:updated v200 for CZQ is redelivered forever",
        ),
    ] {
        let mut p = opened(lesson(id)).reduce(Msg::Play);
        for _ in 0..10_000 {
            if project::verdict(&p.sim()).kind == VerdictKind::Stalled {
                break;
            }
            p = ticks(p, 1);
        }
        let v = project::verdict(&p.sim());
        assert_eq!(v.kind, VerdictKind::Stalled, "{id}");
        assert!(v.reason.contains(reason), "{id}: {}", v.reason);
        assert!(!v.reason.contains("the ack was lost"), "{id}: {}", v.reason);
        assert!(v.reason.contains("never ends"), "{id}: {}", v.reason);
        // The loop keeps going: Play stays on, time runs, redeliveries count up.
        assert!(p.playing && !p.sim().finished(), "{id}: still playing");
        let (t0, d0) = (shown(&p), stuck_deliveries(&p));
        let later = ticks(p, 400);
        assert!(later.playing, "{id}");
        assert!(shown(&later) > t0 + 10_000, "{id}: time runs");
        assert!(
            stuck_deliveries(&later) > d0 + 1,
            "{id}: redelivered again and again"
        );
        assert_eq!(project::verdict(&later.sim()).kind, VerdictKind::Stalled);
        assert!(!project::controls(&later.sim(), true, later.speed, later.clock_ms()).finished);
        // It can be paused there, and played on.
        let paused = later.reduce(Msg::Pause);
        assert!(!paused.playing);
        assert!(paused.reduce(Msg::Play).playing);
    }
}

#[test]
fn the_lost_ack_lesson_names_the_duplicate_and_why_occ_never_acks_it() {
    let end = play_out(opened(lesson("lost-ack")));
    assert!(end.sim().looping());
    let v = project::verdict(&end.sim());
    assert!(
        v.reason.contains(
            "ticket:updated v1 for CZQ is redelivered forever (2 deliveries so far): \
             occ finds no row at version 0 (the row is at 1) and never acks it"
        ),
        "{}",
        v.reason
    );
}

#[test]
fn runs_that_need_an_outcome_still_end_as_stalled() {
    for id in ["mystery", "lost-ack"] {
        let scenario = LESSONS[lesson(id)].scenario();
        // The CLI, the API, trials: the run stops at the livelock.
        let mut sim = Simulation::new(scenario.clone()).unwrap();
        assert_eq!(sim.run(), Outcome::Stalled, "{id}");
        assert!(sim.finished(), "{id}");
        assert!(matches!(sim.verdict(), Verdict::Stalled(r) if r.starts_with("livelock: ")));
        // The live view's run: `run` ends where the loop starts, as stalled.
        let mut live = Simulation::with_livelock(scenario.clone(), OnLivelock::Loop).unwrap();
        assert_eq!(live.run(), Outcome::Stalled, "{id}");
        assert!(live.looping() && !live.finished(), "{id}");
        // Looping to the transition cap ends it as the livelock it is, not cut off.
        let mut capped = scenario;
        capped.config.max_transitions = 1_000;
        let mut sim = Simulation::with_livelock(capped, OnLivelock::Loop).unwrap();
        while sim.step() {}
        assert!(sim.finished());
        assert_eq!(sim.outcome(), Outcome::Stalled, "{id}");
        assert!(matches!(sim.verdict(), Verdict::Stalled(_)), "{id}");
    }
    // Experiments still count such runs as stalled.
    let config = Config {
        strategy: Strategy::Occ,
        scheme: VersionScheme::Step100,
        ..Config::default()
    };
    let report = run_experiment(&ExperimentSpec::new(config, 3, 5, 1)).unwrap();
    assert_eq!(report.outcomes[Outcome::Stalled], 5);
}

#[test]
fn a_crash_does_not_keep_the_run_going_through_the_heartbeat_window() {
    // A crashes and is back a second later: the 440 s heartbeat window that
    // follows changes nothing, so the run is over when its work is.
    let p = Rc::new(Playground::default()).reduce(Msg::Crash(A));
    let end = play_out(p);
    assert!(end.sim().finished());
    assert!(
        shown(&end) < 10_000,
        "the clock ran on to {} ms",
        shown(&end)
    );
    let stepped = end.clone().reduce(Msg::Step);
    assert_eq!(
        shown(&stepped),
        shown(&end),
        "Step on a finished run moves no clock"
    );
}

#[test]
fn a_long_wait_is_jumped_over_and_said_in_words() {
    // The occ lesson: B's early update waits out the 5 s ack wait.
    let mut p = opened(3).reduce(Msg::Play);
    let mut said = Vec::new();
    let mut ticks_in: Vec<u64> = Vec::new();
    let mut last: Option<pace::Skip> = None;
    while p.playing {
        let before = shown(&p);
        p = p.reduce(Msg::Tick);
        let jump = shown(&p) - before;
        if jump > pace::LONG_WAIT_MS {
            let skip = p.skipped.clone().expect("a jump says what it skipped");
            // A long wait plays at an even pace over `IDLE_MS`, its
            // countdown running down: a jump starts it or goes on with it.
            if last.as_ref() == Some(&skip) {
                *ticks_in.last_mut().unwrap() += 1;
            } else {
                assert_eq!(skip.from_ms, before);
                ticks_in.push(1);
                said.push(skip.text.clone());
            }
            let even = (skip.until_ms - skip.from_ms) * u64::from(pace::TICK_MS) / pace::IDLE_MS;
            assert!(
                jump <= even + pace::per_tick(30),
                "{jump} ms in a tick, {even} expected"
            );
            assert!(skip.until_ms >= shown(&p));
            last = Some(skip);
        }
    }
    let even_ticks = pace::IDLE_MS / u64::from(pace::TICK_MS);
    assert!(
        ticks_in
            .iter()
            .all(|&n| n + 1 >= even_ticks && n <= even_ticks + 1),
        "each long wait takes about {even_ticks} ticks: {ticks_in:?}"
    );
    assert!(!said.is_empty(), "the ack wait is jumped over");
    assert!(
        said.iter().any(|t| t
            .contains("of ack wait pass with nothing happening; then ticket:updated #")
            && t.contains("is sent again")),
        "{said:?}"
    );
    // A crash and a restart: the restart is named.
    let mut p = Rc::new(Playground::default())
        .reduce(Msg::Crash(A))
        .reduce(Msg::Play);
    let mut said = Vec::new();
    while p.playing {
        p = p.reduce(Msg::Tick);
        said.extend(p.skipped.clone().map(|s| s.text));
    }
    assert!(
        said.iter()
            .any(|t| t.contains("pass while listener A restarts")),
        "{said:?}"
    );
}

#[test]
fn a_heartbeat_wait_that_matters_is_named() {
    // A is down for longer than the heartbeat window: the server closes it
    // and moves its message on, after minutes of nothing.
    let config = Config {
        restart_ms: 600_000,
        ..Config::default()
    };
    let scenario = Scenario::new(config, 1)
        .at(0, Action::create_ticket("concert", 5))
        .at(1, Action::CrashListener { member: A });
    let mut sim = Simulation::new(scenario).unwrap();
    let (mut clock, mut said) = (0, Vec::new());
    loop {
        let t = pace::tick(&mut sim, clock, 30);
        said.extend(t.skipped.map(|s| s.text));
        clock = t.clock;
        if !t.more {
            break;
        }
    }
    assert!(
        said.iter().any(|t| t
            .contains("pass with nothing happening while the server waits for A's heartbeats to fail; then it closes A")),
        "{said:?}"
    );
    assert_eq!(sim.tickets()[0].id, TicketId(0));
}

#[test]
fn durations_read_as_a_person_says_them() {
    assert_eq!(pace::duration_words(4_900), "4.9 s");
    assert_eq!(pace::duration_words(30_000), "30 s");
    assert_eq!(pace::duration_words(438_000), "7 min 18 s");
    assert_eq!(pace::duration_words(120_000), "2 min");
}
