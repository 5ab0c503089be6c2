//! Pacing a person can follow: Play advances virtual time at a speed in
//! virtual milliseconds per real second, one tick every `TICK_MS`. Network and
//! processing delays (tens of virtual ms) play at that speed; a long wait with
//! nothing moving (over `LONG_WAIT_MS`, e.g. an ack wait running out) is
//! shortened to `IDLE_MS` on screen, so a redelivery five virtual seconds later
//! comes after a visible pause rather than minutes.

use crate::engine::Simulation;

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

/// Virtual milliseconds one tick covers at `speed`.
pub fn per_tick(speed: u32) -> u64 {
    (u64::from(speed) * u64::from(TICK_MS) / 1000).max(1)
}

/// One tick of the player: from the player's clock `clock` (virtual ms), takes
/// every transition due in the next `per_tick(speed)` ms (shortening a long
/// idle wait), and returns the new clock and whether anything is left.
pub fn advance(sim: &mut Simulation, clock: u64, speed: u32) -> (u64, bool) {
    if sim.scenario().schedule.is_some() {
        // An explorer schedule has no timing of its own: one choice a tick.
        sim.step();
        return (sim.now_ms(), !sim.finished());
    }
    let Some(next) = sim.next_time_ms() else {
        return (clock, false);
    };
    // After a step back or a jump the clock may be off the run's time.
    let clock = clock.clamp(sim.now_ms(), next);
    let idle = u64::from(speed) * IDLE_MS / 1000;
    let mut target = clock.saturating_add(per_tick(speed));
    if next > target.saturating_add(idle.max(LONG_WAIT_MS)) {
        target = next - idle;
    }
    sim.run_to(target, MAX_STEPS_PER_TICK);
    let capped = sim.next_time_ms().is_some_and(|t| t <= target);
    let clock = if capped { sim.now_ms() } else { target };
    (clock, !sim.finished())
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
