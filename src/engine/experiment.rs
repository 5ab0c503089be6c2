//! "Repeat 200x": many timed trials of one create and a burst of updates,
//! each with its own seed, no trace. Runs in slices so a page can yield
//! between them and cancel.

use super::action::ScriptedAction;
use super::checker::ByOutcome;
use super::config::{check_range, Config, ConfigError};
use super::driver::Engine;
use super::rng::trial_seed;
use super::scenario::Scenario;
use super::strategy::Strategy;
use super::trace::TraceMode;
use super::version::VersionScheme;
use super::workload::Burst;
use serde::{Deserialize, Serialize};

mod tally;
pub use tally::Tally;

pub const UPDATES: (u32, u32) = (1, 10_000);
pub const TRIALS: (u32, u32) = (1, 1_000_000);
pub const UPDATE_GAP_MS: (u64, u64) = (0, 60_000);
/// How many diverged (and stalled) trials the report names for replay.
pub const EXAMPLES: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    #[serde(default)]
    pub config: Config,
    pub updates: u32,
    pub trials: u32,
    pub seed: u64,
    /// Time between the owner's saves (the create at 0, update i at
    /// `(i + 1) * gap`). With 0 every save shares a millisecond, and
    /// `timestamp` versions degenerate to +1.
    #[serde(default = "default_gap")]
    pub update_gap_ms: u64,
    /// The burst ends in this many deletes (`workload::DELETES`); left out
    /// of the JSON when 0, so older specs read and write as before.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deletes: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn default_gap() -> u64 {
    5
}

impl ExperimentSpec {
    pub fn new(config: Config, updates: u32, trials: u32, seed: u64) -> Self {
        ExperimentSpec {
            config,
            updates,
            trials,
            seed,
            update_gap_ms: default_gap(),
            deletes: 0,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.config.validate()?;
        check_range("updates", self.updates, UPDATES)?;
        check_range("trials", self.trials, TRIALS)?;
        check_range("update_gap_ms", self.update_gap_ms, UPDATE_GAP_MS)?;
        check_range("deletes", self.deletes, super::workload::DELETES)
    }

    /// The owner's burst: create at price 5, then updates to 10, 15, 20, ...
    pub fn burst(&self) -> Burst {
        Burst::new(self.updates, self.update_gap_ms).deleting(self.deletes)
    }

    pub fn actions(&self) -> Vec<ScriptedAction> {
        self.burst().actions()
    }
}

/// Trial `trial` (0-based) as a scenario the live view can open and replay.
pub fn trial_scenario(spec: &ExperimentSpec, trial: u32) -> Scenario {
    Scenario {
        actions: spec.actions(),
        ..Scenario::new(spec.config.clone(), trial_seed(spec.seed, u64::from(trial)))
    }
}

/// How many transitions trial `trial` takes to its end (quiescence or a
/// stop): the step at which the live view shows its final verdict.
pub fn trial_steps(spec: &ExperimentSpec, trial: u32) -> u64 {
    if spec.validate().is_err() {
        return 0;
    }
    let seed = trial_seed(spec.seed, u64::from(trial));
    let mut engine = Engine::new(&spec.config, seed, TraceMode::Off);
    engine.run(&spec.actions());
    engine.steps
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialRef {
    pub trial: u32,
    pub seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// Inclusive bounds of the bucket.
    pub from: u64,
    pub to: u64,
    pub trials: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExperimentReport {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    pub updates: u32,
    pub listeners: u8,
    pub trials: u32,
    /// Trials by outcome; a cut-off trial (transition cap) counts apart.
    #[serde(flatten)]
    pub outcomes: ByOutcome<u32>,
    pub deliveries: u64,
    pub redeliveries: u64,
    pub out_of_order_applies: u64,
    pub quiescence_ms_mean: f64,
    pub quiescence_ms_max: u64,
    pub redeliveries_histogram: Vec<Bucket>,
    pub quiescence_histogram: Vec<Bucket>,
    pub diverged_examples: Vec<TrialRef>,
    pub stalled_examples: Vec<TrialRef>,
    #[serde(default)]
    pub cut_off_examples: Vec<TrialRef>,
}

/// An experiment in progress: all its trials, or one worker's share of them.
pub struct ExperimentRun {
    spec: ExperimentSpec,
    actions: Vec<ScriptedAction>,
    engine: Engine,
    /// One past the last trial this run does.
    end: u32,
    tally: Tally,
}

impl ExperimentRun {
    pub fn new(spec: ExperimentSpec) -> Result<Self, ConfigError> {
        let trials = spec.trials;
        Self::shard(spec, 0, trials)
    }

    /// Trials `first..first + count` of `spec` (clamped to its trials): one
    /// worker's share. Merge the shares' tallies with [`Tally::append`].
    pub fn shard(spec: ExperimentSpec, first: u32, count: u32) -> Result<Self, ConfigError> {
        spec.validate()?;
        let first = first.min(spec.trials);
        let end = first.saturating_add(count).min(spec.trials);
        let engine = Engine::new(&spec.config, spec.seed, TraceMode::Off);
        Ok(ExperimentRun {
            actions: spec.actions(),
            tally: Tally::starting_at(first),
            spec,
            engine,
            end,
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.tally.trials(),
            total: self.end - self.tally.first,
        }
    }

    pub fn is_done(&self) -> bool {
        self.tally.first + self.tally.trials() >= self.end
    }

    /// Runs up to `n` more trials.
    pub fn run_trials(&mut self, n: u32) -> Progress {
        let mut trial = self.tally.first + self.tally.trials();
        let end = trial.saturating_add(n).min(self.end);
        while trial < end {
            let seed = trial_seed(self.spec.seed, u64::from(trial));
            self.engine.reset(seed);
            let outcome = self.engine.run(&self.actions);
            let stats = self.engine.world.stats();
            self.tally
                .count(trial, seed, outcome, stats, self.engine.now);
            trial += 1;
        }
        self.progress()
    }

    /// What this run found so far, to merge with other workers' shares.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The report over the trials run so far.
    pub fn report(&self) -> ExperimentReport {
        self.tally.report(&self.spec)
    }
}

/// Runs a whole experiment at once.
pub fn run_experiment(spec: &ExperimentSpec) -> Result<ExperimentReport, ConfigError> {
    let mut run = ExperimentRun::new(spec.clone())?;
    run.run_trials(spec.trials);
    Ok(run.report())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::checker::Outcome;
    use crate::engine::sim::Simulation;

    fn spec(strategy: Strategy, trials: u32) -> ExperimentSpec {
        let config = Config {
            strategy,
            ..Config::default()
        };
        ExperimentSpec::new(config, 2, trials, 11)
    }

    #[test]
    fn counts_add_up_and_naive_diverges_sometimes() {
        let r = run_experiment(&spec(Strategy::Naive, 60)).unwrap();
        assert_eq!(r.outcomes.total(), 60);
        assert!(r.outcomes.diverged > 0, "{r:?}");
        assert_eq!(r.diverged_examples.len(), EXAMPLES);
        let hist: u32 = r.quiescence_histogram.iter().map(|b| b.trials).sum();
        assert_eq!(hist, 60);
    }

    #[test]
    fn a_diverged_trial_replays_as_a_scenario() {
        let s = spec(Strategy::Naive, 40);
        let r = run_experiment(&s).unwrap();
        let example = r.diverged_examples[0];
        let scenario = trial_scenario(&s, example.trial);
        assert_eq!(scenario.seed, example.seed);
        let mut sim = Simulation::new(scenario.clone()).unwrap();
        assert_eq!(sim.run(), Outcome::Diverged);
        let at_end = Simulation::replay(scenario, trial_steps(&s, example.trial)).unwrap();
        assert!(at_end.finished());
        assert_eq!(at_end.verdict().outcome(), Some(Outcome::Diverged));
    }

    #[test]
    fn slices_give_the_same_report_as_one_go() {
        let s = spec(Strategy::Occ, 30);
        let mut run = ExperimentRun::new(s.clone()).unwrap();
        while !run.is_done() {
            run.run_trials(7);
        }
        assert_eq!(run.report(), run_experiment(&s).unwrap());
        assert_eq!(run.report().outcomes.diverged, 0);
    }

    #[test]
    fn shards_merged_in_order_give_the_one_run_report() {
        for strategy in [Strategy::Naive, Strategy::Occ] {
            let s = spec(strategy, 23);
            for cut in [0, 1, 10, 22, 23] {
                let mut a = ExperimentRun::shard(s.clone(), 0, cut).unwrap();
                let mut b = ExperimentRun::shard(s.clone(), cut, 23).unwrap();
                a.run_trials(u32::MAX);
                b.run_trials(u32::MAX);
                let mut tally = a.tally().clone();
                tally.append(b.tally().clone()).unwrap();
                assert_eq!(tally.report(&s), run_experiment(&s).unwrap(), "cut {cut}");
            }
        }
    }

    #[test]
    fn a_tally_out_of_order_is_refused() {
        let s = spec(Strategy::Naive, 10);
        let mut a = ExperimentRun::shard(s.clone(), 0, 4).unwrap();
        let mut c = ExperimentRun::shard(s, 6, 4).unwrap();
        a.run_trials(10);
        c.run_trials(10);
        let mut tally = a.tally().clone();
        let err = tally.append(c.tally().clone()).unwrap_err();
        assert_eq!(err, "tally: trials 6.. cannot follow trials 0..4");
    }

    #[test]
    fn rejects_out_of_range_specs() {
        let mut s = spec(Strategy::Occ, 0);
        assert_eq!(
            ExperimentRun::new(s.clone()).err().unwrap().to_string(),
            "trials: 0 is out of range 1..1000000"
        );
        s.trials = 1;
        s.updates = 0;
        assert!(run_experiment(&s)
            .unwrap_err()
            .to_string()
            .starts_with("updates"));
    }
}
