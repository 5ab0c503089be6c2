//! One live, replayable run: what the page drives step by step.

use super::action::{Action, ActionError, ScriptedAction};
use super::broker::Message;
use super::checker::{self, OnLivelock, Outcome, RunEnd, Verdict};
use super::config::ConfigError;
use super::driver::Engine;
use super::listener::Listener;
use super::replica::Replica;
use super::scenario::{Scenario, ScenarioError};
use super::tickets::{Ticket, Titles};
use super::trace::{Trace, TraceMode, TraceStep};
use super::warning::Warning;
#[cfg(feature = "jobs")]
use super::world::Choice;
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
        // Schedules come from links, files, host pages and the explorer: the
        // full page's and the CLI's (the `jobs` feature). The first-visit
        // module never opens one, so it links none of the words of why not.
        #[cfg(feature = "jobs")]
        if let Some(schedule) = &scenario.schedule {
            check_schedule(&scenario, schedule)?;
        }
        let engine = Engine::new(&scenario.config, scenario.seed, mode);
        Ok(Simulation { scenario, engine })
    }

    /// `new`, with what the run does once livelocked: stop as stalled (what
    /// `new` does: a run that must end) or keep going round the poison loop
    /// (the live view, where a student watches it).
    pub fn with_livelock(scenario: Scenario, on: OnLivelock) -> Result<Self, ScenarioError> {
        let mut sim = Self::new(scenario)?;
        sim.engine.on_livelock = on;
        Ok(sim)
    }

    /// Time travel: the state after `steps` transitions of `scenario`.
    pub fn replay(scenario: Scenario, steps: u64) -> Result<Self, ScenarioError> {
        Self::replay_with(scenario, steps, OnLivelock::Stop)
    }

    /// `replay` of a run that does `on` once livelocked.
    pub fn replay_with(
        scenario: Scenario,
        steps: u64,
        on: OnLivelock,
    ) -> Result<Self, ScenarioError> {
        let mut sim = Self::with_livelock(scenario, on)?;
        while sim.steps_taken() < steps && sim.step() {}
        Ok(sim)
    }

    /// What this run does once livelocked.
    pub fn on_livelock(&self) -> OnLivelock {
        self.engine.on_livelock
    }

    /// Going round a poison loop for ever (`OnLivelock::Loop`): nothing
    /// scripted is left and every redelivery is refused again. Not finished
    /// (Play goes on), but the verdict is final: stalled.
    pub fn looping(&self) -> bool {
        self.engine.looping && self.engine.stop.is_none() && self.scenario.schedule.is_none()
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

    /// To quiescence, a stop (livelock, transition cap) or, under
    /// `OnLivelock::Loop`, the start of a poison loop; never loops forever.
    pub fn run(&mut self) -> Outcome {
        while !self.looping() && self.step() {}
        self.outcome()
    }

    /// A user action now. Wake-ups due at the current time run first, then
    /// the action is applied and recorded into the scenario at this time;
    /// recorded actions after this point are dropped (branching after a step
    /// back), so `replay` reproduces the run exactly.
    pub fn act(&mut self, action: Action) -> Result<(), ActionError> {
        self.act_at(action, self.now_ms(), &[])
    }

    /// A user action at `at_ms`, the player's clock (it runs ahead of the
    /// run between transitions; an earlier time counts as now), so time never
    /// goes back. Every transition due by then runs first, then the action is
    /// applied and recorded at that time, so `replay` reproduces the run
    /// exactly. Recorded actions still to come are dropped (branching after a
    /// step back), except those of `script`, the actions the run was opened
    /// with (a lesson's updates): they stay and happen at their times.
    pub fn act_at(
        &mut self,
        action: Action,
        at_ms: u64,
        script: &[ScriptedAction],
    ) -> Result<(), ActionError> {
        if self.scenario.schedule.is_some() {
            // A schedule fixes every step after the saves; an action slipped
            // in would not replay at the same point.
            return Err(ActionError::Invalid(ConfigError::new(
                "schedule",
                "this run replays an explorer schedule step by step, so it takes no live actions; open or reset a timed scenario to act",
            )));
        }
        self.engine.unstop_for_action()?;
        let at = at_ms.max(self.engine.now);
        let recorded = self.scenario.actions.clone();
        let future = self.scenario.actions.split_off(self.engine.next_action);
        let kept = still_scripted(&self.scenario.actions, future, script);
        self.scenario.actions.extend(kept);
        self.engine.run_through(at, &self.scenario.actions);
        let valid = self
            .engine
            .unstop_for_action()
            .and_then(|()| self.engine.check(&action))
            .and_then(|()| self.engine.check_live(&action));
        if let Err(e) = valid {
            // Nothing recorded changes, unless a dropped action was due by
            // now and so has been passed over already.
            let done = self.engine.next_action;
            if recorded.get(..done) == self.scenario.actions.get(..done) {
                self.scenario.actions = recorded;
            }
            return Err(e);
        }
        self.scenario.actions.insert(
            self.engine.next_action,
            ScriptedAction { at_ms: at, action },
        );
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

    /// What the next transition will record, without taking it: its trace
    /// steps (empty when nothing is left, or the trace is at its cap). A copy
    /// of the run without its steps takes it, so this costs a copy of the
    /// world, not of the trace: for a player naming a long wait by what ends it.
    pub fn peek(&mut self) -> Vec<TraceStep> {
        if self.finished() {
            return Vec::new();
        }
        let kept = std::mem::take(&mut self.engine.world.trace.steps);
        let mut ahead = self.clone();
        self.engine.world.trace.steps = kept;
        if ahead.step() {
            ahead.engine.world.trace.steps
        } else {
            Vec::new()
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
    /// say: its settings' (`scenario::setup_warnings`: clock ties, an ack wait a
    /// real client cannot ask for), then the scripted actions that could not
    /// apply so far. The CLI's `warnings`; the page's notices.
    pub fn warnings(&self) -> Vec<Warning> {
        let setup = super::scenario::setup_warnings(&self.scenario.config, &self.scenario.actions);
        setup
            .into_iter()
            .chain(self.refusals().iter().cloned())
            .collect()
    }

    /// The scripted actions that could not apply so far, in order.
    pub fn refusals(&self) -> &[Warning] {
        &self.engine.warnings
    }

    /// `warnings` in words, and a trace cut at its cap.
    pub fn notices(&self) -> Vec<String> {
        let warnings = self.warnings().into_iter().map(|w| w.to_string());
        warnings.chain(self.trace().cut_notice()).collect()
    }

    /// How many trace steps this run keeps (see `Trace::cut_notice`).
    pub fn set_trace_limit(&mut self, limit: u64) {
        self.engine.world.trace.set_limit(limit);
    }

    pub fn stats(&self) -> Stats {
        self.engine.world.stats()
    }

    /// How far the run has got, for the checker.
    fn end(&self) -> RunEnd {
        match RunEnd::of(self.engine.stop, self.finished()) {
            RunEnd::Running if self.looping() => RunEnd::Looping,
            end => end,
        }
    }

    pub fn verdict(&self) -> Verdict {
        checker::verdict(&self.engine.world, self.end())
    }

    /// The outcome if the run ended now (meaningful once `finished` or
    /// `looping`).
    pub fn outcome(&self) -> Outcome {
        match self.end() {
            RunEnd::Looping => {
                checker::decide(&self.engine.world, RunEnd::Looping).unwrap_or(Outcome::Stalled)
            }
            _ => self.engine.outcome(),
        }
    }
}

/// Replays `schedule` without a trace: the first choice not enabled at its
/// step is an error naming it, rather than a run that stops early and is
/// judged stalled.
#[cfg(feature = "jobs")]
fn check_schedule(scenario: &Scenario, schedule: &[Choice]) -> Result<(), ScenarioError> {
    let mut dry = Engine::new(&scenario.config, scenario.seed, TraceMode::Off);
    while dry.bad_choice.is_none() && dry.step_scheduled(&scenario.actions, schedule) {}
    let Some(index) = dry.bad_choice else {
        return Ok(());
    };
    // The dry world is as it was when the choice came up (refusing changes nothing).
    let choice = schedule[index];
    Err(ScenarioError::Choice {
        index,
        words: dry.world.choice_words(choice),
        why: dry.world.why_not(choice),
    })
}

/// The actions of `future` that are `script`'s still to come (`script`
/// less what `done` already applied; each entry keeps at most one), in order.
fn still_scripted(
    done: &[ScriptedAction],
    future: Vec<ScriptedAction>,
    script: &[ScriptedAction],
) -> Vec<ScriptedAction> {
    let mut unused: Vec<&ScriptedAction> = script.iter().collect();
    for a in done {
        if let Some(i) = unused.iter().position(|s| *s == a) {
            unused.swap_remove(i);
        }
    }
    future
        .into_iter()
        .filter(|a| match unused.iter().position(|s| *s == a) {
            Some(i) => {
                unused.swap_remove(i);
                true
            }
            None => false,
        })
        .collect()
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

    #[test]
    fn an_action_between_transitions_keeps_the_script_and_replays_exactly() {
        let script = burst(Strategy::Occ, 2);
        let mut sim = Simulation::new(script.clone()).unwrap();
        sim.step();
        let now = sim.now_ms();
        let next = sim.next_time_ms().unwrap();
        let at = (now + next) / 2;
        assert!(now < at && at < next);
        sim.act_at(Action::LoseNextAck, at, &script.actions)
            .unwrap();
        assert_eq!(
            sim.now_ms(),
            at,
            "recorded at the player's time, not before"
        );
        let actions = &sim.scenario().actions;
        assert_eq!(actions.len(), 4, "the script's updates stay: {actions:?}");
        assert_eq!(actions[1].at_ms, at);
        assert!(actions.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        sim.run();
        assert_eq!(sim.tickets()[0].version.0, 2, "both scripted updates saved");
        let replayed = Simulation::replay(sim.scenario().clone(), sim.steps_taken()).unwrap();
        assert_eq!(replayed.trace(), sim.trace());
        // The plain `act` branches: no script, the recorded future goes.
        let mut branch = Simulation::replay(sim.scenario().clone(), 2).unwrap();
        branch.act(Action::LoseNextAck).unwrap();
        assert_eq!(branch.scenario().actions.len(), 3);
    }

    #[test]
    fn a_heartbeat_window_after_a_restart_is_not_something_left_to_happen() {
        let mut scenario = burst(Strategy::Occ, 2);
        scenario.actions.insert(
            1,
            ScriptedAction {
                at_ms: 1,
                action: Action::CrashListener {
                    member: MemberId(0),
                },
            },
        );
        let mut sim = Simulation::new(scenario.clone()).unwrap();
        while !sim.finished() {
            assert!(sim.step());
        }
        assert!(sim.now_ms() < 100_000, "finished at {} ms", sim.now_ms());
        // `run` (the CLI's loop) still goes through the agenda to its end.
        let mut all = Simulation::new(scenario).unwrap();
        all.run();
        assert_eq!(all.trace(), sim.trace());
        assert_eq!(all.steps_taken(), sim.steps_taken());
    }

    #[test]
    fn a_looping_run_goes_round_and_its_verdict_is_already_stalled() {
        let mut s = burst(Strategy::Occ, 2);
        s.config.scheme = crate::engine::version::VersionScheme::Step100;
        let mut stop = Simulation::new(s.clone()).unwrap();
        assert_eq!(stop.run(), Outcome::Stalled);
        let mut live = Simulation::with_livelock(s, OnLivelock::Loop).unwrap();
        for _ in 0..stop.steps_taken() {
            live.step();
        }
        assert!(live.looping() && !live.finished());
        assert_eq!(live.outcome(), Outcome::Stalled);
        assert!(live.verdict().reason().contains("redelivered forever"));
        let (t, steps) = (live.now_ms(), live.steps_taken());
        for _ in 0..30 {
            assert!(live.step(), "the loop goes on");
        }
        assert!(live.now_ms() > t && live.looping());
        let replayed =
            Simulation::replay_with(live.scenario().clone(), steps + 30, OnLivelock::Loop).unwrap();
        assert_eq!(replayed.trace(), live.trace());
    }
}
