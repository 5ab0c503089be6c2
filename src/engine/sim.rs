//! One live, replayable run: what the page drives step by step.

use super::action::{Action, ActionError, ScriptedAction};
use super::broker::Message;
use super::checker::{self, Outcome, Verdict};
use super::config::ConfigError;
use super::driver::Engine;
use super::listener::Listener;
use super::replica::Replica;
use super::scenario::{Scenario, ScenarioError};
use super::tickets::{Ticket, Titles};
use super::trace::{Trace, TraceMode};
use super::world::{Stats, World};

#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    engine: Engine,
}

impl Simulation {
    /// Validates the scenario and sets up the world at time 0 (nothing has
    /// happened yet: the first `step` applies the first action).
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        Self::with_trace(scenario, TraceMode::Full)
    }

    pub fn with_trace(scenario: Scenario, mode: TraceMode) -> Result<Self, ScenarioError> {
        scenario.validate()?;
        let engine = Engine::new(&scenario.config, scenario.seed, mode);
        Ok(Simulation { scenario, engine })
    }

    /// Time travel: the state after `steps` transitions of `scenario`.
    pub fn replay(scenario: Scenario, steps: u64) -> Result<Self, ScenarioError> {
        let mut sim = Self::new(scenario)?;
        while sim.steps_taken() < steps && sim.step() {}
        Ok(sim)
    }

    /// One transition (an agenda wake-up or a scripted action; under an
    /// explorer schedule, the next action or choice); false when quiescent,
    /// stopped, or the schedule is done.
    pub fn step(&mut self) -> bool {
        match self.scenario.schedule.as_deref() {
            Some(schedule) => self.engine.step_scheduled(&self.scenario.actions, schedule),
            None => self.engine.step(&self.scenario.actions),
        }
    }

    /// To quiescence or a stop (livelock, transition cap); never loops forever.
    pub fn run(&mut self) -> Outcome {
        while self.step() {}
        self.outcome()
    }

    /// A user action now. Wake-ups due at the current time run first, then
    /// the action is applied and recorded into the scenario at this time;
    /// recorded actions after this point are dropped (branching after a step
    /// back), so `replay` reproduces the run exactly.
    pub fn act(&mut self, action: Action) -> Result<(), ActionError> {
        if self.scenario.schedule.is_some() {
            // A schedule fixes every step after the saves; an action slipped
            // in would not replay at the same point.
            return Err(ActionError::Invalid(ConfigError::new(
                "schedule",
                "this run replays an explorer schedule step by step, so it takes no live actions; open or reset a timed scenario to act",
            )));
        }
        self.engine.unstop_for_action()?;
        self.engine.drain_due(&self.scenario.actions);
        self.engine.unstop_for_action()?;
        self.engine.check(&action)?;
        let at = self.engine.now;
        self.scenario.actions.truncate(self.engine.next_action);
        self.scenario
            .actions
            .push(ScriptedAction { at_ms: at, action });
        self.step();
        Ok(())
    }

    /// Whether nothing is left to happen (quiescent or stopped).
    pub fn finished(&self) -> bool {
        match self.scenario.schedule.as_deref() {
            Some(schedule) => self
                .engine
                .finished_scheduled(&self.scenario.actions, schedule),
            None => self.engine.finished(&self.scenario.actions),
        }
    }

    /// The virtual time of the next transition (`None` when finished). A
    /// schedule's steps take no time: its next step is always now.
    pub fn next_time_ms(&self) -> Option<u64> {
        if self.finished() {
            return None;
        }
        match self.scenario.schedule {
            Some(_) => Some(self.now_ms()),
            None => self
                .engine
                .next_time(&self.scenario.actions)
                .map(|t| t.max(self.now_ms())),
        }
    }

    /// Takes every transition due at or before `t_ms`, at most `max_steps` of
    /// them (so a player can spread a busy moment over several frames).
    /// Returns the number taken.
    pub fn run_to(&mut self, t_ms: u64, max_steps: u64) -> u64 {
        let mut taken = 0;
        while taken < max_steps && self.next_time_ms().is_some_and(|t| t <= t_ms) && self.step() {
            taken += 1;
        }
        taken
    }

    pub fn steps_taken(&self) -> u64 {
        self.engine.steps
    }

    pub fn now_ms(&self) -> u64 {
        self.engine.now
    }

    /// Config, seed and every action so far, live ones included.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn world(&self) -> &World {
        &self.engine.world
    }

    /// The owner's records (titles via `titles()`).
    pub fn tickets(&self) -> &[Ticket] {
        self.engine.world.tickets().tickets()
    }

    pub fn titles(&self) -> &Titles {
        self.engine.world.titles()
    }

    pub fn replica(&self) -> &Replica {
        self.engine.world.replica()
    }

    pub fn messages(&self) -> &[Message] {
        self.engine.world.broker().messages()
    }

    pub fn members(&self) -> &[Listener] {
        self.engine.world.listeners()
    }

    pub fn trace(&self) -> &Trace {
        self.engine.world.trace()
    }

    /// The trace, for a writer that streams a long run and drops what it
    /// wrote (`Trace::drain`); the cap keeps counting either way.
    pub fn trace_mut(&mut self) -> &mut Trace {
        &mut self.engine.world.trace
    }

    /// What a person should know about this run that its outcome does not
    /// say: timestamp saves within the clock's resolution, a trace cut at
    /// its cap. The page shows these beside the verdict; the CLI warns.
    pub fn notices(&self) -> Vec<String> {
        let ties = super::version::clock_tie_notice(self.scenario.clock_ties());
        ties.into_iter().chain(self.trace().cut_notice()).collect()
    }

    /// How many trace steps this run keeps (see `Trace::cut_notice`).
    pub fn set_trace_limit(&mut self, limit: u64) {
        self.engine.world.trace.set_limit(limit);
    }

    pub fn stats(&self) -> Stats {
        self.engine.world.stats()
    }

    pub fn verdict(&self) -> Verdict {
        checker::verdict(&self.engine.world, self.finished(), self.engine.stop)
    }

    /// The outcome if the run ended now (meaningful once `finished`).
    pub fn outcome(&self) -> Outcome {
        self.engine.outcome()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::ids::{MemberId, TicketId};
    use crate::engine::strategy::Strategy;

    fn burst(strategy: Strategy, seed: u64) -> Scenario {
        let config = Config {
            strategy,
            ..Config::default()
        };
        Scenario::lecture_race(config, seed)
    }

    fn update(price: u64) -> Action {
        Action::UpdateTicket {
            id: TicketId(0),
            title: None,
            price: Some(price),
        }
    }

    #[test]
    fn replay_reaches_the_same_state_as_stepping() {
        let mut a = Simulation::new(burst(Strategy::Occ, 4)).unwrap();
        for _ in 0..6 {
            a.step();
        }
        let b = Simulation::replay(a.scenario().clone(), 6).unwrap();
        assert_eq!(a.trace(), b.trace());
        assert_eq!(a.now_ms(), b.now_ms());
    }

    #[test]
    fn live_actions_are_recorded_and_replay_exactly() {
        let mut live = Simulation::new(burst(Strategy::Occ, 2)).unwrap();
        for _ in 0..4 {
            live.step();
        }
        live.act(Action::LoseNextAck).unwrap();
        live.act(update(20)).unwrap();
        live.run();
        let replayed = Simulation::replay(live.scenario().clone(), live.steps_taken()).unwrap();
        assert_eq!(live.trace(), replayed.trace());
        let recorded = &live.scenario().actions;
        assert_eq!(recorded.last().map(|a| &a.action), Some(&update(20)));
        assert!(recorded.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    }

    #[test]
    fn acting_after_a_step_back_drops_the_old_future() {
        let mut sim = Simulation::new(burst(Strategy::Occ, 2)).unwrap();
        sim.step();
        let mut back = Simulation::replay(sim.scenario().clone(), 1).unwrap();
        back.act(update(99)).unwrap();
        assert_eq!(back.scenario().actions.len(), 2);
        back.run();
        assert_eq!(back.tickets()[0].price, 99);
    }

    #[test]
    fn notices_name_clock_ties_and_a_cut_trace() {
        let mut s = burst(Strategy::Occ, 2);
        assert!(Simulation::new(s.clone()).unwrap().notices().is_empty());
        s.config.scheme = crate::engine::version::VersionScheme::Timestamp;
        s.actions[2].at_ms = 30; // the second update shares the first's millisecond
        let mut sim = Simulation::new(s).unwrap();
        sim.set_trace_limit(3);
        sim.run();
        let notices = sim.notices();
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(notices[0].starts_with("timestamp versions: 1 save(s)"));
        assert!(notices[1].starts_with("the trace keeps the first 3 steps"));
        assert_eq!(sim.trace().len(), 3);
    }

    #[test]
    fn invalid_live_actions_are_refused_and_not_recorded() {
        let mut sim = Simulation::new(burst(Strategy::Occ, 2)).unwrap();
        let err = sim
            .act(Action::CrashListener {
                member: MemberId(5),
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "member: no listener F; allowed A..B");
        assert!(
            sim.act(update(1)).is_err(),
            "no ticket exists yet at time 0"
        );
        assert_eq!(sim.scenario().actions.len(), 3);
    }
}
