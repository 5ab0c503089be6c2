//! A batch of experiments (one strategy or all, one scheme or all), run trial
//! by trial in slices; what the experiments panel drives. Pure engine calls,
//! no web dependency, so the numbers are the engine's own.

use super::msg::Msg;
use crate::engine::experiment::{
    trial_scenario, trial_steps, ExperimentReport, ExperimentRun, ExperimentSpec,
};
use crate::share::SharedState;
use std::collections::VecDeque;

/// One experiment's spec and (possibly partial) report.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialSet {
    pub spec: ExperimentSpec,
    pub report: ExperimentReport,
}

impl TrialSet {
    /// The first trial that did not end consistent (diverged first).
    pub fn first_failure(&self) -> Option<u32> {
        let r = &self.report;
        r.diverged_examples
            .first()
            .or(r.stalled_examples.first())
            .map(|t| t.trial)
    }
}

/// Opens trial `trial` in the live view, at its last step so the verdict
/// shows; the reducer replays it from its seed.
pub fn open_trial(spec: &ExperimentSpec, trial: u32) -> Msg {
    Msg::Load(Box::new(SharedState {
        scenario: trial_scenario(spec, trial),
        step: trial_steps(spec, trial),
        lesson: None,
    }))
}

pub struct Batch {
    pending: VecDeque<ExperimentSpec>,
    current: Option<(ExperimentSpec, ExperimentRun)>,
    done: Vec<TrialSet>,
    total: u64,
    finished_trials: u64,
}

impl Batch {
    /// Every spec is checked up front: a bad one runs nothing.
    pub fn new(specs: Vec<ExperimentSpec>) -> Result<Batch, String> {
        for s in &specs {
            s.validate().map_err(|e| e.to_string())?;
        }
        let total = specs.iter().map(|s| u64::from(s.trials)).sum();
        let mut batch = Batch {
            pending: specs.into(),
            current: None,
            done: Vec::new(),
            total,
            finished_trials: 0,
        };
        batch.next_run();
        Ok(batch)
    }

    fn next_run(&mut self) {
        self.current = self.pending.pop_front().and_then(|spec| {
            // Validated in `new`, so this does not fail.
            let run = ExperimentRun::new(spec.clone()).ok()?;
            Some((spec, run))
        });
    }

    /// Runs about `units` trials; true while trials remain.
    pub fn work(&mut self, units: u32) -> bool {
        let mut left = units.max(1);
        while left > 0 {
            let Some((spec, run)) = self.current.as_mut() else {
                return false;
            };
            let before = run.progress().done;
            let after = run.run_trials(left).done;
            left = left.saturating_sub((after - before).max(1));
            if run.is_done() {
                self.finished_trials += u64::from(after);
                self.done.push(TrialSet {
                    spec: spec.clone(),
                    report: run.report(),
                });
                self.next_run();
            }
        }
        self.current.is_some()
    }

    /// (trials run, trials in all).
    pub fn progress(&self) -> (u64, u64) {
        let current = self
            .current
            .as_ref()
            .map_or(0, |(_, r)| u64::from(r.progress().done));
        (self.finished_trials + current, self.total)
    }

    /// Finished experiments, then the one in progress if it ran any trial.
    pub fn results(&self) -> Vec<TrialSet> {
        let mut sets = self.done.clone();
        if let Some((spec, run)) = &self.current {
            if run.progress().done > 0 {
                sets.push(TrialSet {
                    spec: spec.clone(),
                    report: run.report(),
                });
            }
        }
        sets
    }
}
