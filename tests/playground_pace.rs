//! Pacing, Reset and settings that keep the story, natively: how long lessons
//! take to play (real seconds, counted in ticks), what Reset and Clear go back
//! to, and that a setting changed mid-story keeps what happened.

use occ_playground::engine::{Strategy, VersionScheme};
use occ_playground::playground::lesson_check::opened;
use occ_playground::playground::options::SPEEDS;
use occ_playground::playground::pace::{FULL_SPEED, TICK_MS};
use occ_playground::playground::provenance::From;
use occ_playground::playground::view::VerdictKind;
use occ_playground::playground::{project, Msg, Playground, BURST_UPDATES};
use occ_playground::share::SharedState;
use std::rc::Rc;

/// Plays to the end with the timer's ticks; the real seconds it took. A
/// poison loop plays on for ever: it ends when the loop is reached, paused.
fn play_seconds(mut p: Rc<Playground>) -> (f64, Rc<Playground>) {
    p = p.reduce(Msg::Play);
    let mut ticks = 0u64;
    while p.playing {
        if p.sim().looping() {
            p = p.reduce(Msg::Pause);
            break;
        }
        p = p.reduce(Msg::Tick);
        ticks += 1;
        assert!(ticks < 1_000_000, "never finished");
    }
    (ticks as f64 * f64::from(TICK_MS) / 1000.0, p)
}

fn speed(name: &str) -> u32 {
    SPEEDS.iter().find(|(_, n)| *n == name).unwrap().0
}

#[test]
fn lesson_one_plays_in_seconds_slow_enough_to_narrate() {
    let at = |s: u32| play_seconds(opened(0).reduce(Msg::SetSpeed(s))).0;
    let (slow, normal, fast, full) = (
        at(speed("slow")),
        at(speed("normal")),
        at(speed("fast")),
        at(FULL_SPEED),
    );
    println!("lesson 1: slow {slow} s, normal {normal} s, fast {fast} s, full {full} s");
    assert!((3.0..=20.0).contains(&normal), "normal: {normal} s");
    // Idle waits and the hold after a write last the same real time at
    // every watched speed, so slow slows only the busy moments.
    assert!(slow > 1.5 * normal, "slow {slow} s vs normal {normal} s");
    assert!(
        fast < normal && full <= fast,
        "fast {fast} s, full {full} s"
    );
    assert!(full <= 1.0, "full speed: {full} s");
}

#[test]
fn an_ack_wait_is_a_visible_pause_not_a_minute() {
    // The occ lesson redelivers after the 5 s (virtual) ack wait.
    let (secs, p) = play_seconds(opened(3));
    println!("occ lesson at normal speed: {secs} s");
    assert_eq!(project::verdict(&p.sim()).kind, VerdictKind::Consistent);
    assert!((2.0..=30.0).contains(&secs), "{secs} s");
}

#[test]
fn burst_fast_forwards_and_pausing_ends_it() {
    let p = Rc::new(Playground::default()).reduce(Msg::Burst(BURST_UPDATES));
    assert!(p.playing && p.fast_forward);
    let (secs, end) = play_seconds(p.clone());
    println!("burst of {BURST_UPDATES} at normal speed, fast-forwarded: {secs} s");
    assert!(secs <= 20.0, "{secs} s");
    assert!(!end.fast_forward, "fast-forward ends with the run");
    assert!(!p.reduce(Msg::Pause).fast_forward);
}

#[test]
fn reset_goes_back_to_the_start_of_the_opened_scenario_and_replays_the_same_verdict() {
    let (_, played) = play_seconds(opened(0));
    let verdict = project::verdict(&played.sim());
    assert_eq!(verdict.kind, VerdictKind::Diverged);
    let reset = played.reduce(Msg::Reset);
    assert_eq!(reset.sim().steps_taken(), 0);
    assert_eq!(reset.sim().scenario(), opened(0).sim().scenario());
    assert!(!reset.sim().finished(), "Play is enabled again");
    assert_eq!(reset.lesson, Some(0), "still in the lesson");
    let (_, again) = play_seconds(reset);
    assert_eq!(project::verdict(&again.sim()), verdict);
}

#[test]
fn reset_of_a_loaded_trial_keeps_its_actions_and_clear_empties() {
    let (_, done) = play_seconds(opened(6));
    let state = SharedState {
        scenario: done.sim().scenario().clone(),
        step: done.sim().steps_taken(),
        lesson: None,
    };
    let loaded = Rc::new(Playground::default()).reduce(Msg::Open {
        state: Box::new(state.clone()),
        from: From::Own,
    });
    assert!(
        loaded.sim().looping(),
        "the opened link is at the poison loop, which goes on"
    );
    let reset = loaded.reduce(Msg::Reset);
    assert_eq!(reset.sim().steps_taken(), 0);
    assert_eq!(reset.sim().scenario().actions, state.scenario.actions);
    let cleared = reset.reduce(Msg::Clear);
    assert!(cleared.sim().scenario().actions.is_empty());
    assert!(cleared.sim().tickets().is_empty());
    // Reset under a changed setting keeps the setting: "switch and play again".
    let switched = cleared
        .reduce(Msg::Reset)
        .reduce(Msg::SetScheme(VersionScheme::Increment))
        .reduce(Msg::Reset);
    assert_eq!(
        switched.sim().scenario().config.scheme,
        VersionScheme::Increment
    );
    assert_eq!(switched.sim().scenario().actions, state.scenario.actions);
}

#[test]
fn a_setting_changed_on_a_fresh_page_or_at_step_one_keeps_the_ticket() {
    let fresh = Rc::new(Playground::default());
    assert_eq!(fresh.sim().tickets().len(), 1);
    let switched = fresh.reduce(Msg::SetStrategy(Strategy::Occ));
    assert_eq!(switched.sim().tickets().len(), 1, "the ticket stays");
    assert_eq!(switched.sim().steps_taken(), 1);
    for msg in [
        Msg::SetListeners(3),
        Msg::SetSeed(99),
        Msg::SetStrategy(Strategy::NewestWins),
    ] {
        let p = opened(0).reduce(Msg::Step).reduce(msg.clone());
        assert_eq!(p.sim().tickets().len(), 1, "{msg:?}");
        assert_eq!(p.sim().steps_taken(), 1, "{msg:?}");
    }
    // Mid-story: everything before now is kept under the new rule.
    let mut p = opened(0);
    for _ in 0..12 {
        p = p.reduce(Msg::Step);
    }
    let now = p.sim().now_ms();
    let q = p.reduce(Msg::SetStrategy(Strategy::Occ));
    assert_eq!(q.sim().now_ms(), now);
    assert_eq!(
        q.sim().scenario().actions,
        opened(0).sim().scenario().actions
    );
}

#[test]
fn the_stage_and_the_clock_tell_the_same_time() {
    use occ_playground::stage::{frame, Orientation};
    for lesson in 0..occ_playground::playground::lessons::LESSONS.len() {
        let (_, p) = play_seconds(opened(lesson));
        let sim = p.sim();
        let clock = project::controls(&sim, p.playing, p.speed, p.clock_ms()).now_ms;
        let stage = frame(&sim, p.clock_ms(), p.fresh_from(), Orientation::Across).time_ms;
        assert_eq!(
            stage, clock,
            "lesson {lesson}: the stage's time and the clock's, at the end"
        );
        if sim.finished() {
            assert_eq!(
                clock,
                sim.now_ms(),
                "lesson {lesson}: a finished run shows its last step's time"
            );
        }
    }
}

#[test]
fn every_write_of_a_tick_flashes_not_only_the_last_transitions() {
    use occ_playground::engine::StepKind;
    use occ_playground::stage::{frame, Orientation};
    let mut several = 0;
    for lesson in 0..occ_playground::playground::lessons::LESSONS.len() {
        let mut p = opened(lesson).reduce(Msg::Play);
        // A poison loop goes on for ever: a few hundred ticks of it will do.
        let mut looped = 0;
        while p.playing && looped < 300 {
            looped += usize::from(p.sim().looping());
            let before = p.sim().steps_taken();
            p = p.reduce(Msg::Tick);
            let sim = p.sim();
            if sim.steps_taken() == before {
                continue;
            }
            several += usize::from(sim.steps_taken() > before + 1);
            assert_eq!(
                p.fresh_from(),
                before,
                "lesson {lesson}: the tick's transitions are new"
            );
            let mut wrote: Vec<String> = sim
                .trace()
                .steps
                .iter()
                .filter(|s| s.step >= before && s.kind == StepKind::Write)
                .filter_map(|s| s.ticket.map(|t| t.to_string()))
                .collect();
            wrote.sort();
            wrote.dedup();
            let f = frame(&sim, p.clock_ms(), p.fresh_from(), Orientation::Across);
            let flashed: Vec<String> = f
                .orders
                .iter()
                .filter(|r| r.flash)
                .map(|r| r.ticket.clone())
                .collect();
            assert_eq!(
                flashed,
                wrote,
                "lesson {lesson}, steps {before}..{}",
                sim.steps_taken()
            );
        }
    }
    assert!(
        several > 0,
        "some tick takes several transitions, or this test shows nothing"
    );
}

/// Lesson 1's point, at normal speed: B writes 15, and a moment later A
/// writes 10 over it. Two writes 1 virtual ms apart are two things a student
/// sees happen, with the picture held after each.
#[test]
fn lesson_one_s_two_writes_are_seen_one_after_the_other() {
    use occ_playground::engine::StepKind;
    use occ_playground::playground::pace::WRITE_DWELL_TICKS;
    let mut p = opened(0)
        .reduce(Msg::SetSpeed(speed("normal")))
        .reduce(Msg::Play);
    let mut writes = Vec::new();
    let mut tick = 0;
    while p.playing && tick < 10_000 {
        let seen = p.sim().trace().steps.len();
        p = p.reduce(Msg::Tick);
        tick += 1;
        let sim = p.sim();
        for s in &sim.trace().steps[seen..] {
            if s.kind == StepKind::Write {
                writes.push((tick, s.member, s.time_ms));
            }
        }
    }
    let updates: Vec<_> = writes.iter().skip(1).collect(); // the create's write first
    assert_eq!(updates.len(), 2, "{writes:?}");
    let (b, a) = (updates[0], updates[1]);
    assert_eq!(b.1.map(|m| m.to_string()).as_deref(), Some("B"));
    assert_eq!(a.1.map(|m| m.to_string()).as_deref(), Some("A"));
    assert!(
        a.2 - b.2 <= 2,
        "a millisecond or two apart in virtual time: {writes:?}"
    );
    assert!(
        a.0 - b.0 > WRITE_DWELL_TICKS,
        "B's write held on screen before A's: {writes:?}"
    );
}
