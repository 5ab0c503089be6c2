//! An exploration in progress, resumable in slices: the breadth-first build,
//! then the schedule count, then the report. `explore` runs one to the end;
//! a page runs a bounded amount of work per slice and yields in between.

use super::graph::{Builder, Counter, Graph, Visited};
use super::{estimate_states, ExploreError, ExploreReport, ExploreSpec};
use crate::engine::trace::TraceMode;
use serde::{Deserialize, Serialize};

/// Counting steps are far cheaper than expanding a state: this many of them
/// make one unit of `Exploration::run`'s work.
const COUNT_STEPS_PER_UNIT: u32 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExploreStage {
    /// Visiting states breadth first.
    Building,
    /// Counting schedules over the finished graph.
    Counting,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExploreProgress {
    pub stage: ExploreStage,
    /// Distinct states found so far.
    pub states: u64,
    /// States whose successors are known.
    pub expanded: u64,
}

/// Keys freed and table rows zeroed per unit of work between the build and
/// the count.
const FREES_PER_UNIT: usize = 12;
const ROWS_PER_UNIT: usize = 64;
/// Room reserved up front for at most this many states (the estimate may be
/// far above what a strategy that refuses actually visits).
const MAX_RESERVE: u64 = 1 << 21;

enum Phase {
    Building(Box<Builder>),
    /// Freeing the visited set and preparing the count's tables.
    Releasing(Graph, Visited, Counter),
    Counting(Graph, Counter),
    Done(Box<ExploreReport>),
    /// After an error (already returned once by `run`).
    Failed(ExploreError),
}

pub struct Exploration {
    spec: ExploreSpec,
    phase: Phase,
}

impl Exploration {
    pub fn new(spec: &ExploreSpec) -> Result<Self, ExploreError> {
        spec.validate().map_err(ExploreError::Invalid)?;
        let expected = estimate_states(spec).min(spec.state_limit).min(MAX_RESERVE);
        let builder = Builder::new(
            spec.world(TraceMode::Off),
            spec.state_limit,
            expected as usize,
        )?;
        Ok(Exploration {
            spec: spec.clone(),
            phase: Phase::Building(Box::new(builder)),
        })
    }

    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Done(_))
    }

    pub fn progress(&self) -> ExploreProgress {
        match &self.phase {
            Phase::Building(b) => ExploreProgress {
                stage: ExploreStage::Building,
                states: b.states(),
                expanded: b.expanded(),
            },
            Phase::Counting(g, _) | Phase::Releasing(g, _, _) => ExploreProgress {
                stage: ExploreStage::Counting,
                states: g.states(),
                expanded: g.states(),
            },
            Phase::Done(r) => ExploreProgress {
                stage: ExploreStage::Done,
                states: r.states,
                expanded: r.states,
            },
            Phase::Failed(_) => ExploreProgress {
                stage: ExploreStage::Done,
                states: 0,
                expanded: 0,
            },
        }
    }

    /// Does about `units` of work (a unit is one state expanded, or a few
    /// counting steps) and reports where it stands.
    pub fn run(&mut self, units: u32) -> Result<ExploreProgress, ExploreError> {
        let phase = std::mem::replace(&mut self.phase, Phase::Failed(ExploreError::Cycle));
        self.phase = match self.advance(phase, units) {
            Ok(next) => next,
            Err(e) => {
                self.phase = Phase::Failed(e.clone());
                return Err(e);
            }
        };
        Ok(self.progress())
    }

    fn advance(&self, phase: Phase, units: u32) -> Result<Phase, ExploreError> {
        Ok(match phase {
            Phase::Building(mut b) => {
                if b.run(units)? {
                    let (graph, visited) = b.into_parts();
                    let counter = Counter::new(&graph);
                    Phase::Releasing(graph, visited, counter)
                } else {
                    Phase::Building(b)
                }
            }
            Phase::Releasing(graph, mut visited, mut counter) => {
                let n = (units as usize).saturating_mul(FREES_PER_UNIT);
                let freed = visited.by_ref().take(n).count() < n;
                let rows = (units as usize).saturating_mul(ROWS_PER_UNIT);
                if counter.prepare(&graph, rows) && freed {
                    Phase::Counting(graph, counter)
                } else {
                    Phase::Releasing(graph, visited, counter)
                }
            }
            Phase::Counting(graph, mut counter) => {
                let steps = units.saturating_mul(COUNT_STEPS_PER_UNIT);
                if counter.run(&graph, steps)? {
                    Phase::Done(Box::new(self.spec.report(&graph, counter.result())))
                } else {
                    Phase::Counting(graph, counter)
                }
            }
            Phase::Failed(e) => return Err(e),
            done @ Phase::Done(_) => done,
        })
    }

    /// The report, once done.
    pub fn report(&self) -> Option<&ExploreReport> {
        match &self.phase {
            Phase::Done(r) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explorer::explore;
    use crate::engine::strategy::Strategy;
    use crate::engine::version::VersionScheme;

    #[test]
    fn slices_give_the_same_report_as_one_go() {
        let spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 3, 2);
        let mut run = Exploration::new(&spec).unwrap();
        let mut slices = 0;
        let mut stages = Vec::new();
        while !run.is_done() {
            let p = run.run(7).unwrap();
            stages.push(p.stage);
            slices += 1;
        }
        assert!(slices > 10, "{slices}");
        assert!(stages.contains(&ExploreStage::Counting));
        assert_eq!(run.report(), Some(&explore(&spec).unwrap()));
        assert_eq!(run.progress().stage, ExploreStage::Done);
    }

    #[test]
    fn an_error_is_returned_then_kept() {
        let mut spec = ExploreSpec::new(Strategy::Naive, VersionScheme::Increment, 4, 2);
        spec.state_limit = 50;
        let mut run = Exploration::new(&spec).unwrap();
        let err = loop {
            match run.run(5) {
                Ok(_) => continue,
                Err(e) => break e,
            }
        };
        assert_eq!(err, ExploreError::TooManyStates { limit: 50 });
        assert_eq!(run.run(5), Err(err));
        assert!(!run.is_done());
    }
}
