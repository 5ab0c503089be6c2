//! Pacing a person can follow: Play advances virtual time at a speed in
//! virtual milliseconds per real second, one tick every `TICK_MS`. Network and
//! processing delays (tens of virtual ms) play at that speed; a long wait with
//! nothing moving (over `LONG_WAIT_MS`, e.g. an ack wait running out) is
//! shortened to `IDLE_MS` on screen, so a redelivery five virtual seconds later
//! comes after a visible pause rather than minutes. The player says so: a
//! tick that jumps over such a wait reports it as a `Skip`, in words ("4.9 s
//! of ack wait pass with nothing happening; then ticket:updated #1 v1 is sent
//! again"), which the page shows beside the clock.

use crate::engine::{Note, Simulation, StepKind, TraceStep};

/// The play timer's period, in real milliseconds.
pub const TICK_MS: u32 = 120;
/// A wait with nothing happening longer than this (virtual ms) is shortened.
pub const LONG_WAIT_MS: u64 = 250;
/// How long a shortened wait lasts on screen, in real ms.
pub const IDLE_MS: u64 = 1_500;
/// "Full speed": as fast as the page can draw.
pub const FULL_SPEED: u32 = 1_000_000;
/// At most this many transitions a tick: a busy moment (a burst) spreads
/// over several frames instead of making one long task.
pub const MAX_STEPS_PER_TICK: u64 = 256;
/// Below this speed (virtual ms per real second) a person watches each
/// step: a write holds the picture, and a quiet stretch is cut short.
pub const WATCHED_SPEED: u32 = 1_000;
/// Ticks the picture holds after a write at a watched speed, so that two
/// writes a few virtual milliseconds apart ("B writes 15, then A writes
/// 10") are two things a student sees happen.
pub const WRITE_DWELL_TICKS: u32 = 6;
/// At a watched speed, a stretch with nothing on the wire or in a
/// listener's hand lasts at most this many ticks on screen.
pub const QUIET_TICKS: u64 = 4;

/// Virtual milliseconds one tick covers at `speed`.
pub fn per_tick(speed: u32) -> u64 {
    (u64::from(speed) * u64::from(TICK_MS) / 1000).max(1)
}

/// A stretch of virtual time with nothing happening that Play jumped over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// The player's clock before the jump (virtual ms).
    pub from_ms: u64,
    /// When the wait ends: the time of the transition that ends it.
    pub until_ms: u64,
    /// The wait in words, for the page: how long and what ends it.
    pub text: String,
}

/// What one tick of Play did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// The player's clock after the tick (virtual ms).
    pub clock: u64,
    /// Whether anything is left to happen.
    pub more: bool,
    /// A long wait this tick jumped over, if it did.
    pub skipped: Option<Skip>,
    /// Ticks to hold the picture before the clock moves on (after a write,
    /// at a watched speed).
    pub dwell: u32,
}

/// One tick of the player: from the player's clock `clock` (virtual ms), takes
/// every transition due in the next `per_tick(speed)` ms (shortening a long
/// idle wait), and returns the new clock and whether anything is left.
pub fn advance(sim: &mut Simulation, clock: u64, speed: u32) -> (u64, bool) {
    let t = tick(sim, clock, speed);
    (t.clock, t.more)
}

/// `advance`, saying which long wait it jumped over (`Tick::skipped`).
pub fn tick(sim: &mut Simulation, clock: u64, speed: u32) -> Tick {
    tick_in(sim, clock, speed, None)
}

/// `tick`, `skipping` the long wait an earlier tick began to skip, if any.
/// A long wait plays in `IDLE_MS` on screen at an even pace, so its
/// countdown runs down smoothly rather than jumping and resting at 0.0.
pub fn tick_in(sim: &mut Simulation, clock: u64, speed: u32, skipping: Option<&Skip>) -> Tick {
    if sim.scenario().schedule.is_some() {
        // An explorer schedule has no timing of its own: one choice a tick.
        sim.step();
        return Tick {
            clock: sim.now_ms(),
            more: !sim.finished(),
            skipped: None,
            dwell: 0,
        };
    }
    let Some(next) = sim.next_time_ms() else {
        return Tick {
            clock,
            more: false,
            skipped: None,
            dwell: 0,
        };
    };
    // After a step back or a jump the clock may be off the run's time.
    let clock = clock.clamp(sim.now_ms(), next);
    let idle = u64::from(speed) * IDLE_MS / 1000;
    let mut target = clock.saturating_add(per_tick(speed));
    let mut skipped = None;
    let pace_of = |k: &Skip| (k.until_ms - k.from_ms) * u64::from(TICK_MS) / IDLE_MS;
    if let Some(k) = skipping.filter(|k| k.until_ms == next && clock < next) {
        target = target.max(clock.saturating_add(pace_of(k)));
        skipped = Some(k.clone());
    } else if next > target.saturating_add(idle.max(LONG_WAIT_MS)) {
        let quiet = next - sim.now_ms();
        let k = Skip {
            from_ms: clock,
            until_ms: next,
            text: wait_words(quiet, &sim.peek()),
        };
        target = clock.saturating_add(pace_of(&k)).max(target);
        skipped = Some(k);
    }
    let watched = speed < WATCHED_SPEED;
    // Nothing on the wire and nobody processing: only a timer or a scripted
    // save is to come. Cut the quiet short rather than show a still picture.
    if watched && skipped.is_none() && !in_motion(sim) {
        // What is left of the quiet plays in `QUIET_TICKS` ticks.
        target = target.max(next.saturating_sub(QUIET_TICKS * per_tick(speed)));
    }
    let dwell = if watched {
        run_to_first_write(sim, target)
    } else {
        sim.run_to(target, MAX_STEPS_PER_TICK);
        false
    };
    let capped = dwell || sim.next_time_ms().is_some_and(|t| t <= target);
    let clock = if capped { sim.now_ms() } else { target };
    Tick {
        clock,
        more: !sim.finished(),
        skipped,
        dwell: if dwell { WRITE_DWELL_TICKS } else { 0 },
    }
}

/// Whether a message is on the wire or in a listener's hand.
fn in_motion(sim: &Simulation) -> bool {
    sim.members().iter().any(|l| !l.hand.is_empty())
        || sim
            .messages()
            .iter()
            .any(|m| matches!(m.status, crate::engine::MessageStatus::InFlight { .. }))
}

/// Takes the transitions due by `target`, stopping right after a write.
/// True when it stopped at one.
fn run_to_first_write(sim: &mut Simulation, target: u64) -> bool {
    for _ in 0..MAX_STEPS_PER_TICK {
        let seen = sim.trace().steps.len();
        if sim.next_time_ms().is_none_or(|t| t > target) || !sim.step() {
            return false;
        }
        // One transition may leave several steps (a write, then its ack).
        let steps = &sim.trace().steps;
        if steps[seen.min(steps.len())..]
            .iter()
            .any(|s| s.kind == StepKind::Write)
        {
            return true;
        }
    }
    false
}

/// "4.9 s", "30 s", "7 min 18 s".
pub fn duration_words(ms: u64) -> String {
    match ms {
        0..=9_949 => format!("{} s", crate::fixed::fixed(ms as f64 / 1000.0, 1)),
        9_950..=119_999 => format!("{} s", (ms + 500) / 1000),
        _ => {
            let s = (ms + 500) / 1000;
            match s % 60 {
                0 => format!("{} min", s / 60),
                r => format!("{} min {r} s", s / 60),
            }
        }
    }
}

/// A wait of `quiet_ms` with nothing happening, named by what ends it
/// (`next`: the steps of the transition that ends it, `Simulation::peek`).
pub fn wait_words(quiet_ms: u64, next: &[TraceStep]) -> String {
    let d = duration_words(quiet_ms);
    let message = |s: &TraceStep| match (s.channel, s.seq, s.event_version) {
        (Some(c), Some(seq), Some(v)) => format!("{c} #{seq} v{v}"),
        (Some(c), Some(seq), None) => format!("{c} #{seq}"),
        _ => "a message".into(),
    };
    let Some(first) = next.first() else {
        return format!("{d} pass with nothing happening");
    };
    match (&first.note, first.kind) {
        (Note::Expired { to: Some(m), .. }, _) => format!(
            "{d} of ack wait pass with nothing happening; then {} is sent again, to {m}",
            message(first)
        ),
        (Note::Expired { to: None, .. }, _) => format!(
            "{d} of ack wait pass with nothing happening; then {} is queued again",
            message(first)
        ),
        (Note::DeadLettered { .. }, _) => format!(
            "{d} of ack wait pass with nothing happening; then {} is dead-lettered",
            message(first)
        ),
        (Note::ServerClosed { member, .. }, _) => format!(
            "{d} pass with nothing happening while the server waits for {member}'s heartbeats to fail; then it closes {member}"
        ),
        (Note::HeartbeatMissed { member, .. }, _) => format!(
            "{d} pass with nothing happening until the server's heartbeat to {member} goes unanswered; then it stops choosing {member}"
        ),
        (Note::Restarted { member } | Note::Replaced { member, .. }, _) => {
            format!("{d} pass while listener {member} restarts")
        }
        (Note::Crashed { member, .. }, _) => {
            format!("{d} pass with nothing happening until listener {member} crashes")
        }
        (_, StepKind::Read) => format!("{d} pass while {} is on its way", message(first)),
        (_, StepKind::Save | StepKind::VersionError) if first.member.is_none() => {
            format!("{d} pass with nothing happening until Tickets' next save")
        }
        (_, StepKind::Write | StepKind::VersionError | StepKind::DuplicateKey) => {
            format!("{d} pass while a listener processes {}", message(first))
        }
        (
            _,
            StepKind::Fault
            | StepKind::DelaySpike
            | StepKind::Shuffle
            | StepKind::Route
            | StepKind::Ignored,
        ) => format!("{d} pass with nothing happening until the next scripted action"),
        _ => format!("{d} pass with nothing happening"),
    }
}

/// Rebuilds the present of a run under new settings: everything before
/// `now_ms`, then, at `now_ms` itself, as many transitions as the old run had
/// taken in all (`steps`). So a setting changed at step 1 keeps the ticket the
/// first step created, and one changed later keeps everything that happened.
pub fn replay_to(sim: &mut Simulation, now_ms: u64, steps: u64) {
    if sim.scenario().schedule.is_some() {
        while sim.steps_taken() < steps && sim.step() {}
        return;
    }
    if now_ms > 0 {
        sim.run_to(now_ms - 1, u64::MAX);
    }
    while sim.steps_taken() < steps && sim.next_time_ms().is_some_and(|t| t <= now_ms) && sim.step()
    {
    }
}
