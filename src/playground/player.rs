//! The player: Play and Pause, one step, a tick of Play, a jump in time,
//! and the speed. Time moves only here (and through `pace`); what a tick
//! takes is the engine's.

use super::pace;
use super::state::Playground;
use crate::engine::checker::OnLivelock;
use crate::engine::Simulation;
use std::rc::Rc;

impl Playground {
    /// Play (or, `toggle`, Play/Pause), unless the run is over.
    pub(super) fn play(&self, toggle: bool) -> Rc<Self> {
        let playing = !(self.sim.borrow().finished() || toggle && self.playing);
        self.changed(|s| s.playing = playing)
    }

    pub(super) fn pause(&self) -> Rc<Self> {
        self.changed(|s| {
            s.playing = false;
            s.fast_forward = false;
        })
    }

    pub(super) fn set_speed(&self, speed: u32) -> Rc<Self> {
        self.changed(|s| {
            s.speed = speed.clamp(1, pace::FULL_SPEED);
            s.fast_forward = false;
        })
    }

    /// One transition. A finished run may still hold a wake-up that changes
    /// nothing (a heartbeat window): it must not move the clock.
    pub(super) fn step_once(&self) -> Rc<Self> {
        let (now, latest) = {
            let mut sim = self.sim.borrow_mut();
            if !sim.finished() {
                sim.step();
            }
            (sim.now_ms(), sim.steps_taken().saturating_sub(1))
        };
        self.changed(|s| {
            s.playing = false;
            s.clock_ms = s.clock_ms.max(now);
            s.fresh_from = latest;
            s.skipped = None;
            s.dwell = 0;
        })
    }

    /// Time travel: replay the recorded scenario from its seed up to `step`.
    pub(super) fn jump(&self, step: u64) -> Rc<Self> {
        let scenario = self.sim.borrow().scenario().clone();
        match Simulation::replay_with(scenario, step, OnLivelock::Loop) {
            Ok(sim) => self.replace(sim),
            Err(e) => self.notice(e.to_string()),
        }
    }

    pub(super) fn tick(&self) -> Rc<Self> {
        let speed = if self.fast_forward {
            pace::FULL_SPEED
        } else {
            self.speed
        };
        // A write just happened: the picture holds (the flash, the listener
        // saying "writing v2") before time moves on.
        if self.dwell > 0 && speed < pace::WATCHED_SPEED {
            return self.changed(|s| s.dwell -= 1);
        }
        let before = self.sim.borrow().steps_taken();
        let tick = pace::tick_in(
            &mut self.sim.borrow_mut(),
            self.clock_ms,
            speed,
            self.skipped.as_ref(),
        );
        let fresh_from = self.fresh_since(before);
        let (now, looping) = {
            let sim = self.sim.borrow();
            (sim.now_ms(), sim.looping())
        };
        // A finished run rests at its last step, not at the tick's target.
        let clock = if tick.more { tick.clock } else { now };
        // A skipped wait stays in words until Play is past what ended it.
        let skipped = tick
            .skipped
            .or_else(|| self.skipped.clone().filter(|k| now <= k.until_ms));
        self.changed(|s| {
            s.clock_ms = clock;
            s.fresh_from = fresh_from;
            s.playing = tick.more;
            // Burst's fast-forward ends with the run, or once it is a poison
            // loop: the outcome is reached, the loop plays on at speed.
            s.fast_forward &= tick.more && !looping;
            s.skipped = skipped;
            s.dwell = tick.dwell;
        })
    }
}
