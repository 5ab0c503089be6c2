//! A batch of experiments (one strategy or all, one scheme or all), run one
//! experiment at a time with its trials shared among the engine workers
//! (`offload::split`); what the experiments panel drives. Only tallies arrive
//! here, merged in trial order, so the numbers are the engine's own whatever
//! the number of workers.

use super::msg::Msg;
use super::provenance::From;
use crate::engine::experiment::Tally;
use crate::engine::experiment::{trial_scenario, trial_steps, ExperimentReport, ExperimentSpec};
use crate::offload::split::{merge, shares};
use crate::offload::task::Job;
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
    Msg::Open {
        state: Box::new(SharedState {
            scenario: trial_scenario(spec, trial),
            step: trial_steps(spec, trial),
            lesson: None,
        }),
        from: From::Own,
    }
}

/// The line shown over an opened trial: which one it is, and where it stands.
pub fn trial_note(spec: &ExperimentSpec, trial: u32) -> String {
    let c = &spec.config;
    format!(
        "Trial {trial} of the {} ({} / {}, {} listeners, {} updates, seed {}), shown at its end: Step back or pick a step in the timeline to see how it got there.",
        spec.trials,
        c.strategy,
        c.scheme,
        c.listeners,
        spec.updates,
        trial_scenario(spec, trial).seed
    )
}

/// The experiment the workers are on: its shares, how far each got, and the
/// tallies of those that finished.
#[derive(Clone, Debug)]
struct Current {
    spec: ExperimentSpec,
    shares: Vec<(u32, u32)>,
    done: Vec<u64>,
    tallies: Vec<Option<Tally>>,
}

#[derive(Clone, Debug)]
pub struct Batch {
    workers: u32,
    pending: VecDeque<ExperimentSpec>,
    current: Option<Current>,
    done: Vec<TrialSet>,
    total: u64,
    finished_trials: u64,
}

impl Batch {
    /// Every spec is checked up front: a bad one runs nothing.
    pub fn new(specs: Vec<ExperimentSpec>, workers: u32) -> Result<Batch, String> {
        for s in &specs {
            s.validate().map_err(|e| e.to_string())?;
        }
        let total = specs.iter().map(|s| u64::from(s.trials)).sum();
        let mut batch = Batch {
            workers,
            pending: specs.into(),
            current: None,
            done: Vec::new(),
            total,
            finished_trials: 0,
        };
        batch.next_experiment();
        Ok(batch)
    }

    fn next_experiment(&mut self) {
        self.current = self.pending.pop_front().map(|spec| {
            let shares = shares(spec.trials, self.workers);
            Current {
                done: vec![0; shares.len()],
                tallies: vec![None; shares.len()],
                spec,
                shares,
            }
        });
    }

    /// The jobs for the experiment in progress, one per share of its trials.
    pub fn jobs(&self) -> Vec<Job> {
        self.current
            .iter()
            .flat_map(|c| {
                c.shares.iter().map(|&(first, count)| Job::Experiment {
                    spec: c.spec.clone(),
                    first,
                    count,
                })
            })
            .collect()
    }

    pub fn is_done(&self) -> bool {
        self.current.is_none()
    }

    /// Share `share` has run `done` of its trials.
    pub fn progressed(&mut self, share: usize, done: u64) {
        if let Some(slot) = self.current.as_mut().and_then(|c| c.done.get_mut(share)) {
            *slot = done;
        }
    }

    /// Share `share` finished with `tally`. True when that finished its
    /// experiment (the next one, if any, is now current: new jobs).
    pub fn finished(&mut self, share: usize, tally: Tally) -> Result<bool, String> {
        let Some(c) = self.current.as_mut() else {
            return Ok(false);
        };
        let (Some(slot), Some(&(_, count))) = (c.tallies.get_mut(share), c.shares.get(share))
        else {
            return Err(format!("experiment: no share {share}"));
        };
        *slot = Some(tally);
        c.done[share] = u64::from(count);
        if c.tallies.iter().any(Option::is_none) {
            return Ok(false);
        }
        let tallies = c.tallies.iter_mut().filter_map(Option::take).collect();
        let report = merge(&c.spec, tallies)?;
        self.finished_trials += u64::from(c.spec.trials);
        self.done.push(TrialSet {
            spec: c.spec.clone(),
            report,
        });
        self.next_experiment();
        Ok(true)
    }

    /// (trials run, trials in all).
    pub fn progress(&self) -> (u64, u64) {
        let current = self.current.as_ref().map_or(0, |c| c.done.iter().sum());
        (self.finished_trials + current, self.total)
    }

    /// Finished experiments, then the one in progress if its first shares
    /// finished (trials 0.. in order; later shares alone are not a report).
    pub fn results(&self) -> Vec<TrialSet> {
        let mut sets = self.done.clone();
        if let Some(c) = &self.current {
            let mut prefix = c.tallies.iter().map_while(|t| t.clone());
            if let Some(mut all) = prefix.next() {
                if prefix.try_for_each(|t| all.append(t)).is_ok() {
                    sets.push(TrialSet {
                        spec: c.spec.clone(),
                        report: all.report(&c.spec),
                    });
                }
            }
        }
        sets
    }
}
