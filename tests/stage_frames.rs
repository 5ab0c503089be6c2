//! The stage frame by frame, checked against the engine: the lessons (and a
//! Burst on two listeners) walked transition by transition with frames at
//! virtual times between transitions, and again tick by tick as Play draws
//! them (`pace::advance`), in both arrangements. In every frame:
//! 1. a token is inside a listener's box only while that listener holds its
//!    delivery (on the wire to it or processing it) or has just handled it,
//!    and inside Orders only once it has been written; between two frames of
//!    the player a token that glides does not pass through any other box;
//! 2. each listener's status says what the engine has it doing, with which
//!    version ("getting v1", "writing v2", "idle", "crashed");
//! 3. no token and no "+N" count covers a text label, and no count covers a
//!    token.
//!
//! Failures are collected (a few of each kind) and reported together.

use occ_playground::engine::{
    Burst, Channel, MessageStatus, Scenario, Simulation, Stage, StepKind,
};
use occ_playground::playground::lessons::LESSONS;
use occ_playground::playground::pace;
use occ_playground::stage::{self, short_version, Frame, Orientation, Place, Rect, Token};
use std::collections::{BTreeMap, HashMap, HashSet};

const ORIENTATIONS: [Orientation; 2] = [Orientation::Across, Orientation::Down];
/// Play's default speed ("normal") and a slow one, in virtual ms a second.
const NORMAL: u32 = 30;
const SLOW: u32 = 5;

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn show(r: &Rect) -> String {
    format!("[{:.0},{:.0} {:.0}x{:.0}]", r.x, r.y, r.w, r.h)
}

type Key = (Channel, u64);

/// What the engine says at one moment, for the checks.
struct Truth {
    /// Per message: the listeners whose box it may be in (holding its
    /// delivery, or having just acked it).
    members: HashMap<Key, Vec<usize>>,
    /// Messages written to Orders by now.
    written: HashSet<Key>,
    /// Per message: its status, in words.
    status: HashMap<Key, String>,
}

/// Follows a run's trace for the writes so far.
#[derive(Default)]
struct Writes {
    seen: usize,
    written: HashSet<Key>,
}

impl Writes {
    fn update(&mut self, sim: &Simulation) {
        let steps = &sim.trace().steps;
        for s in &steps[self.seen.min(steps.len())..] {
            if s.kind == StepKind::Write {
                if let (Some(c), Some(q)) = (s.channel, s.seq) {
                    self.written.insert((c, q));
                }
            }
        }
        self.seen = steps.len();
    }
}

fn truth(sim: &Simulation, writes: &Writes) -> Truth {
    let messages = sim.messages();
    let key = |i: usize| (messages[i].channel, messages[i].seq);
    let mut members: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, l) in sim.members().iter().enumerate() {
        for d in &l.hand {
            members.entry(key(d.msg.index())).or_default().push(i);
        }
        if let Some(d) = l.last {
            if messages[d.msg.index()].status == MessageStatus::Acked {
                members.entry(key(d.msg.index())).or_default().push(i);
            }
        }
    }
    let status = messages
        .iter()
        .map(|m| {
            let s = match m.status {
                MessageStatus::InFlight { member } => format!("in flight to {member}"),
                other => format!("{other:?}").to_lowercase(),
            };
            ((m.channel, m.seq), s)
        })
        .collect();
    Truth {
        members,
        written: writes.written.clone(),
        status,
    }
}

/// The statuses listener `i` may show at `at`, by the engine's state.
fn expected_status(sim: &Simulation, i: usize, at: u64) -> (Vec<String>, String) {
    let l = &sim.members()[i];
    let version = |d: &occ_playground::engine::Delivery| {
        short_version(sim.messages()[d.msg.index()].event.version.0)
    };
    if !l.up {
        return (vec!["crashed".into()], "it is down".into());
    }
    let writing: Vec<String> = l
        .hand
        .iter()
        .filter(|d| d.stage == Stage::Write)
        .map(|d| format!("writing {}", version(d)))
        .collect();
    if !writing.is_empty() {
        return (writing, "it has read the row and writes next".into());
    }
    let arrived: Vec<String> = l
        .hand
        .iter()
        .filter(|d| d.stage == Stage::Read && d.due_at <= at)
        .map(|d| format!("reading {}", version(d)))
        .collect();
    if !arrived.is_empty() {
        return (arrived, "a delivery has arrived and is read now".into());
    }
    let coming: Vec<String> = l
        .hand
        .iter()
        .map(|d| format!("getting {}", version(d)))
        .collect();
    if !coming.is_empty() {
        return (coming, "a delivery is on the wire to it".into());
    }
    (vec!["idle".into()], "its hand is empty".into())
}

/// Failures by kind: how many in all, and the first two of each run and
/// arrangement (the message's words before ", step").
#[derive(Default)]
struct Failures {
    kinds: BTreeMap<&'static str, (usize, Vec<String>)>,
    /// Tokens that moved between two frames of the player, and how many of
    /// those moves glide (the rest are drawn anew at their new place).
    moves: usize,
    glides: usize,
    /// "+N" counts checked, and those of Orders' landing strip.
    counts: usize,
    orders_counts: usize,
}

impl Failures {
    fn add(&mut self, kind: &'static str, msg: String) {
        let e = self.kinds.entry(kind).or_default();
        e.0 += 1;
        let run = msg.split(", step").next().unwrap_or("").to_string();
        let same = e.1.iter().filter(|m| m.starts_with(&run)).count();
        if same < 2 && e.1.len() < 12 {
            e.1.push(msg);
        }
    }

    fn assert_none(&self, what: &str) {
        if self.kinds.is_empty() {
            return;
        }
        let mut text = format!("{what}:\n");
        for (kind, (n, msgs)) in &self.kinds {
            text.push_str(&format!("  {kind}: {n} failure(s), e.g.\n"));
            for m in msgs {
                text.push_str(&format!("    - {m}\n"));
            }
        }
        panic!("{text}");
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// (1): tokens only in boxes their messages pass.
    Boxes,
    /// (2): listener statuses.
    Status,
    /// (3): nothing covers text.
    Text,
}

const ALL: [Check; 3] = [Check::Boxes, Check::Status, Check::Text];

fn token_name(t: &Token) -> String {
    format!("{} ({} #{})", t.label, t.channel, t.seq)
}

fn member_name(f: &Frame, i: usize) -> String {
    format!("Listener {}", f.members[i].name)
}

/// Checks one frame against the engine's state.
fn check_frame(
    sim: &Simulation,
    f: &Frame,
    at: u64,
    truth: &Truth,
    checks: &[Check],
    ctx: &str,
    out: &mut Failures,
) {
    let l = &f.layout;
    if checks.contains(&Check::Boxes) {
        for t in &f.tokens {
            let r = t.rect();
            let key = (t.channel, t.seq);
            let legit = truth.members.get(&key).cloned().unwrap_or_default();
            for (i, area) in l.members.iter().enumerate() {
                if overlap(&r, area) && !legit.contains(&i) {
                    out.add(
                        "token inside a listener that does not hold it",
                        format!(
                            "{ctx}: {} [{}, {}] is drawn at {} inside {}'s box {}, \
                             but {} does not hold it",
                            token_name(t),
                            t.phase.word(),
                            truth.status[&key],
                            show(&r),
                            member_name(f, i),
                            show(area),
                            member_name(f, i),
                        ),
                    );
                }
            }
            if overlap(&r, &l.orders_db) && !truth.written.contains(&key) {
                out.add(
                    "token inside Orders before its write",
                    format!(
                        "{ctx}: {} [{}] is drawn at {} inside Orders {} before it is written",
                        token_name(t),
                        t.phase.word(),
                        show(&r),
                        show(&l.orders_db)
                    ),
                );
            }
            let view = Rect::new(0.0, 0.0, l.width, l.height);
            if r.x < 0.0 || r.y < 0.0 || r.right() > view.right() || r.bottom() > view.bottom() {
                out.add(
                    "token off the stage",
                    format!(
                        "{ctx}: {} is drawn at {} off the stage",
                        token_name(t),
                        show(&r)
                    ),
                );
            }
        }
    }
    if checks.contains(&Check::Status) {
        for (i, m) in f.members.iter().enumerate() {
            let (ok, why) = expected_status(sim, i, at);
            if !ok.contains(&m.status) {
                out.add(
                    "listener status disagrees with the engine",
                    format!(
                        "{ctx}: {} says {:?}, but {why}: {}",
                        member_name(f, i),
                        m.status,
                        ok.join(" or ")
                    ),
                );
            }
        }
    }
    if checks.contains(&Check::Text) {
        let labels = f.labels();
        for t in &f.tokens {
            let r = t.rect();
            for label in &labels {
                if overlap(&r, &label.rect()) {
                    out.add(
                        "token covers a text label",
                        format!(
                            "{ctx}: {} [{}] at {} covers the text {:?} at {}",
                            token_name(t),
                            t.phase.word(),
                            show(&r),
                            label.text,
                            show(&label.rect())
                        ),
                    );
                }
            }
        }
        for o in &f.overflow {
            out.counts += 1;
            out.orders_counts += usize::from(o.place == Place::Orders);
            let count = o.label();
            let r = count.rect();
            for label in &labels {
                if overlap(&r, &label.rect()) {
                    out.add(
                        "count covers a text label",
                        format!(
                            "{ctx}: the count {:?} of {:?} at {} covers the text {:?} at {}",
                            count.text,
                            o.place,
                            show(&r),
                            label.text,
                            show(&label.rect())
                        ),
                    );
                }
            }
            for t in &f.tokens {
                if overlap(&r, &t.rect()) {
                    out.add(
                        "count covers a token",
                        format!(
                            "{ctx}: the count {:?} of {:?} at {} covers token {} at {}",
                            count.text,
                            o.place,
                            show(&r),
                            token_name(t),
                            show(&t.rect())
                        ),
                    );
                }
            }
        }
    }
}

/// A token that glides from `a` to `b` (as the view's CSS transition
/// does) must not pass through a listener's box unless that listener held
/// or handled it at one end, nor through Orders before its write.
fn check_glide(
    f: &Frame,
    a: &Token,
    b: &Token,
    before: &Truth,
    now: &Truth,
    ctx: &str,
    out: &mut Failures,
) {
    let l = &f.layout;
    if a.at == b.at {
        return;
    }
    out.moves += 1;
    if !stage::glides(l, a, b) {
        return;
    }
    out.glides += 1;
    let key = (b.channel, b.seq);
    let legit: Vec<usize> = [before.members.get(&key), now.members.get(&key)]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
    let (ra, rb) = (a.rect(), b.rect());
    // The swept box: the larger extent of the two ends around the centre.
    let left = (a.at.x - ra.x).max(b.at.x - rb.x);
    let right = (ra.right() - a.at.x).max(rb.right() - b.at.x);
    let up = (a.at.y - ra.y).max(b.at.y - rb.y);
    let down = (ra.bottom() - a.at.y).max(rb.bottom() - b.at.y);
    let dist = ((b.at.x - a.at.x).powi(2) + (b.at.y - a.at.y).powi(2)).sqrt();
    let n = (dist / 2.0).ceil().max(1.0) as usize;
    for k in 0..=n {
        let p = a.at.lerp(b.at, k as f32 / n as f32);
        let r = Rect::new(p.x - left, p.y - up, left + right, up + down);
        for (i, area) in l.members.iter().enumerate() {
            if overlap(&r, area) && !legit.contains(&i) {
                out.add(
                    "token glides through a listener that does not hold it",
                    format!(
                        "{ctx}: {} glides from ({:.0},{:.0}) [{}] to ({:.0},{:.0}) [{}] \
                         through {}'s box {} at ({:.0},{:.0})",
                        token_name(b),
                        a.at.x,
                        a.at.y,
                        a.phase.word(),
                        b.at.x,
                        b.at.y,
                        b.phase.word(),
                        member_name(f, i),
                        show(area),
                        p.x,
                        p.y
                    ),
                );
                return;
            }
        }
        if overlap(&r, &l.orders_db) && !now.written.contains(&key) {
            out.add(
                "token glides through Orders before its write",
                format!(
                    "{ctx}: {} glides from ({:.0},{:.0}) to ({:.0},{:.0}) through Orders",
                    token_name(b),
                    a.at.x,
                    a.at.y,
                    b.at.x,
                    b.at.y
                ),
            );
            return;
        }
    }
}

fn ctx(name: &str, o: Orientation, sim: &Simulation, at: u64) -> String {
    format!(
        "{name} {o:?}, step {} (run at {} ms), frame at {at} ms",
        sim.steps_taken(),
        sim.now_ms()
    )
}

/// Walks `sim` one transition at a time; after each, frames at the
/// transition's time and at several times before the next one.
fn walk_transitions(name: &str, mut sim: Simulation, checks: &[Check], out: &mut Failures) {
    let mut writes = Writes::default();
    let mut guard = 0;
    loop {
        writes.update(&sim);
        let truth = truth(&sim, &writes);
        let now = sim.now_ms();
        let next = sim.next_time_ms().unwrap_or(now);
        let gap = next.saturating_sub(now);
        let mut times = vec![now];
        // Several times between this transition and the next: fifths of the
        // gap, and every 10 ms of a short gap.
        times.extend((1..5).map(|k| now + gap * k / 5));
        if gap <= 250 {
            times.extend((now..next).step_by(10));
        }
        times.push(next.saturating_sub(1).max(now));
        times.sort_unstable();
        times.dedup();
        let since = sim.steps_taken().saturating_sub(1);
        for at in times {
            for o in ORIENTATIONS {
                let f = stage::frame(&sim, at, since, o);
                check_frame(&sim, &f, at, &truth, checks, &ctx(name, o, &sim, at), out);
            }
        }
        if !sim.step() {
            break;
        }
        guard += 1;
        assert!(guard < 20_000, "{name}: the run does not end");
    }
}

/// Plays `sim` as the page does: a tick at a time at `speed`, each frame at
/// the player's clock with the tick's transitions new; checks every frame
/// and every token's glide from the frame before.
fn walk_player(name: &str, mut sim: Simulation, speed: u32, checks: &[Check], out: &mut Failures) {
    let mut writes = Writes::default();
    writes.update(&sim);
    let mut clock = sim.now_ms();
    let mut fresh = sim.steps_taken().saturating_sub(1);
    let mut before: Option<(Truth, Vec<Frame>)> = None;
    let mut ticks = 0;
    let mut more = true;
    loop {
        writes.update(&sim);
        let now_truth = truth(&sim, &writes);
        let frames: Vec<Frame> = ORIENTATIONS
            .iter()
            .map(|&o| stage::frame(&sim, clock, fresh, o))
            .collect();
        for (f, &o) in frames.iter().zip(&ORIENTATIONS) {
            let c = format!("{} (played at {speed})", ctx(name, o, &sim, clock));
            check_frame(&sim, f, clock, &now_truth, checks, &c, out);
            if let (Some((old_truth, old)), true) = (&before, checks.contains(&Check::Boxes)) {
                let prev = old.iter().find(|p| p.layout.orientation == o).unwrap();
                for b in &f.tokens {
                    if let Some(a) = prev.tokens.iter().find(|a| a.msg == b.msg) {
                        check_glide(f, a, b, old_truth, &now_truth, &c, out);
                    }
                }
            }
        }
        before = Some((now_truth, frames));
        if !more {
            // That was the last frame, at rest.
            break;
        }
        let steps = sim.steps_taken();
        let (c, m) = pace::advance(&mut sim, clock, speed);
        if sim.steps_taken() > steps {
            fresh = steps;
        }
        more = m;
        clock = if more { c } else { sim.now_ms() };
        ticks += 1;
        assert!(ticks < 200_000, "{name}: never finished");
    }
}

fn lesson(i: usize) -> (String, Simulation) {
    let l = &LESSONS[i];
    (
        format!("lesson {} ({})", i + 1, l.id),
        Simulation::new(l.scenario()).unwrap(),
    )
}

/// Lesson 1 played to its end, then a Burst of `n` updates, as the page's
/// Burst button does (the first ticket, from its price).
fn burst_after_lesson_one(n: u32) -> Simulation {
    let mut sim = Simulation::new(LESSONS[0].scenario()).unwrap();
    sim.run();
    let t = &sim.tickets()[0];
    let (id, base) = (t.id, t.price);
    let burst = Burst::new(n, 0);
    let updates: Vec<_> = burst.updates_of(id, base).collect();
    for a in updates {
        sim.act(a).unwrap();
    }
    sim
}

fn every_lesson(checks: &[Check], out: &mut Failures) {
    for i in 0..LESSONS.len() {
        let (name, sim) = lesson(i);
        walk_transitions(&name, sim.clone(), checks, out);
        for speed in [SLOW, NORMAL] {
            walk_player(&name, sim.clone(), speed, checks, out);
        }
    }
}

#[test]
fn lesson_one_draws_the_race_as_the_engine_runs_it() {
    // The lecture's race, told by the frames: v1 goes to A, v2 to B; while
    // B writes v2 its token is in B's box and B says so; A then writes the
    // stale v1.
    let (name, mut sim) = lesson(0);
    let (mut b_writes_v2, mut a_writes_v1) = (false, false);
    let mut out = Failures::default();
    let mut writes = Writes::default();
    loop {
        writes.update(&sim);
        let truth = truth(&sim, &writes);
        let now = sim.now_ms();
        let next = sim.next_time_ms().unwrap_or(now);
        for at in (now..=next).step_by(1) {
            for o in ORIENTATIONS {
                let f = stage::frame(&sim, at, sim.steps_taken().saturating_sub(1), o);
                check_frame(
                    &sim,
                    &f,
                    at,
                    &truth,
                    &ALL,
                    &ctx(&name, o, &sim, at),
                    &mut out,
                );
                let (a, b) = (&f.members[0], &f.members[1]);
                if b.status == "writing v2" {
                    b_writes_v2 = true;
                    let v2 = f.tokens.iter().find(|t| t.label == "v2").unwrap();
                    assert!(
                        f.layout.members[1].contains(v2.at),
                        "{}: v2 is in B's box while B writes it: {:?}",
                        ctx(&name, o, &sim, at),
                        v2.at
                    );
                }
                a_writes_v1 |= a.status == "writing v1";
            }
        }
        if !sim.step() {
            break;
        }
    }
    out.assert_none(&name);
    assert!(b_writes_v2, "B is seen writing v2");
    assert!(a_writes_v1, "A is seen writing v1");
}

#[test]
fn tokens_are_only_in_the_boxes_their_messages_pass() {
    let mut out = Failures::default();
    every_lesson(&[Check::Boxes], &mut out);
    out.assert_none("lessons, tokens in boxes");
    println!("lessons: {} of {} moves glide", out.glides, out.moves);
    // Not by never gliding: most moves still slide from place to place.
    assert!(
        out.glides * 10 >= out.moves * 8,
        "{} of {} moves glide",
        out.glides,
        out.moves
    );
}

#[test]
fn listener_statuses_say_what_the_engine_has_them_doing() {
    let mut out = Failures::default();
    every_lesson(&[Check::Status], &mut out);
    out.assert_none("lessons, listener statuses");
}

#[test]
fn tokens_and_counts_never_cover_text() {
    let mut out = Failures::default();
    every_lesson(&[Check::Text], &mut out);
    out.assert_none("lessons, text covered");
}

#[test]
fn a_burst_on_two_listeners_keeps_to_its_boxes_and_off_the_text() {
    let sim = burst_after_lesson_one(200);
    assert_eq!(sim.members().len(), 2);
    let mut out = Failures::default();
    // As the page plays a Burst (fast-forward), then slowly, then step by step.
    walk_player(
        "burst of 200",
        sim.clone(),
        pace::FULL_SPEED,
        &ALL,
        &mut out,
    );
    walk_player("burst of 200", sim.clone(), 300, &ALL, &mut out);
    walk_transitions("burst of 200", sim, &ALL, &mut out);
    out.assert_none("burst on two listeners");
    println!(
        "burst: {} counts checked, {} of Orders; {} of {} moves glide",
        out.counts, out.orders_counts, out.glides, out.moves
    );
    assert!(
        out.orders_counts > 0,
        "writes pile up in Orders and are counted"
    );
}

#[test]
fn a_burst_on_more_listeners_under_occ_keeps_to_its_boxes_and_off_the_text() {
    // Redeliveries (badges, countdowns) and up to eight listeners.
    for listeners in [3u8, 8] {
        let mut scenario: Scenario = LESSONS[3].scenario();
        scenario.config.listeners = listeners;
        let mut sim = Simulation::new(scenario).unwrap();
        sim.run();
        let t = &sim.tickets()[0];
        let (id, base) = (t.id, t.price);
        let updates: Vec<_> = Burst::new(60, 0).updates_of(id, base).collect();
        for a in updates {
            sim.act(a).unwrap();
        }
        let mut out = Failures::default();
        let name = format!("occ burst on {listeners} listeners");
        walk_player(&name, sim.clone(), pace::FULL_SPEED, &ALL, &mut out);
        walk_player(&name, sim, 300, &ALL, &mut out);
        out.assert_none(&name);
    }
}
