//! The explorer panel's state: the form, the size estimate that decides whether
//! it may run, and the exploration that runs in slices. Like the experiments it
//! lives in the playground, so a counterexample opened in the live view leaves
//! the result there to come back to.

use super::fields::{grouped, FieldText};
use super::msg::{ExploreMsg, Field};
use crate::engine::explorer::{
    estimate_states, Exploration, ExploreReport, ExploreSpec, ExploreStage, LISTENERS, UPDATES,
};
use crate::engine::{Strategy, VersionScheme};
use std::cell::RefCell;
use std::rc::Rc;

/// The most distinct states (estimated) this page explores: a few seconds
/// of work and some tens of megabytes in WebAssembly.
pub const STATE_LIMIT: u64 = 400_000;

#[derive(Clone, Debug, PartialEq)]
pub struct ExploreForm {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    pub updates: FieldText,
    pub listeners: FieldText,
}

impl Default for ExploreForm {
    fn default() -> Self {
        ExploreForm {
            strategy: Strategy::Naive,
            scheme: VersionScheme::Increment,
            updates: FieldText::new(2, UPDATES.0.into(), UPDATES.1.into()),
            listeners: FieldText::new(2, LISTENERS.0.into(), LISTENERS.1.into()),
        }
    }
}

impl ExploreForm {
    /// The spec, if every field is valid. The engine's own state limit sits
    /// well above the page's, as a backstop should an estimate be low.
    pub fn spec(&self) -> Option<ExploreSpec> {
        let mut spec = ExploreSpec::new(
            self.strategy,
            self.scheme,
            // In range: FieldText checks against the explorer's UPDATES and LISTENERS.
            self.updates.value().ok()? as u32,
            self.listeners.value().ok()? as u8,
        );
        spec.state_limit = STATE_LIMIT * 4;
        Some(spec)
    }

    /// "at most about 1,234 distinct states", or why it will not run.
    pub fn estimate(&self) -> (String, bool) {
        let Some(spec) = self.spec() else {
            return ("Correct the fields to see an estimate.".into(), false);
        };
        let n = estimate_states(&spec);
        if n > STATE_LIMIT {
            (format!(
                "Estimate: about {} distinct states. That is more than this page explores (limit {}): choose fewer updates or listeners.",
                grouped(n), grouped(STATE_LIMIT)
            ), false)
        } else {
            (
                format!("Estimate: at most about {} distinct states.", grouped(n)),
                true,
            )
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    #[default]
    Idle,
    Running {
        states: u64,
        counting: bool,
    },
    Done(Rc<(ExploreSpec, ExploreReport)>),
    Refused(String),
    Cancelled {
        states: u64,
    },
}

#[derive(Clone, Default)]
pub struct Explorer {
    pub form: ExploreForm,
    pub phase: Phase,
    run: Option<(ExploreSpec, Rc<RefCell<Exploration>>)>,
    /// Counts slices: the slice driver schedules the next one when it changes.
    slice: u64,
}

impl std::fmt::Debug for Explorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Explorer")
            .field("form", &self.form)
            .field("phase", &self.phase)
            .field("running", &self.run.is_some())
            .finish()
    }
}

impl PartialEq for Explorer {
    fn eq(&self, other: &Self) -> bool {
        self.form == other.form && self.phase == other.phase && self.slice == other.slice
    }
}

impl Explorer {
    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// While running: the number of the next slice to schedule.
    pub fn next_slice(&self) -> Option<u64> {
        self.running().then_some(self.slice)
    }

    /// The state after `msg`.
    pub fn update(&self, msg: ExploreMsg) -> Explorer {
        let mut next = self.clone();
        match msg {
            ExploreMsg::SetStrategy(s) => next.form.strategy = s,
            ExploreMsg::SetScheme(s) => next.form.scheme = s,
            ExploreMsg::SetText(Field::Updates, t) => {
                next.form.updates = next.form.updates.with_text(t)
            }
            ExploreMsg::SetText(Field::Listeners, t) => {
                next.form.listeners = next.form.listeners.with_text(t)
            }
            ExploreMsg::SetText(..) => {}
            ExploreMsg::Run if self.running() => {}
            ExploreMsg::Run => next.start(),
            ExploreMsg::Work(units) => next.work(units),
            ExploreMsg::Cancel => {
                if next.run.take().is_some() {
                    let states = match next.phase {
                        Phase::Running { states, .. } => states,
                        _ => 0,
                    };
                    next.phase = Phase::Cancelled { states };
                }
            }
        }
        next
    }

    fn start(&mut self) {
        self.form.updates = self.form.updates.checked();
        self.form.listeners = self.form.listeners.checked();
        let Some(spec) = self.form.spec() else {
            self.phase =
                Phase::Refused("Nothing was explored: correct the field marked above.".into());
            return;
        };
        let (words, allowed) = self.form.estimate();
        if !allowed {
            self.phase = Phase::Refused(format!("Not run. {words}"));
            return;
        }
        match Exploration::new(&spec) {
            Ok(run) => {
                self.run = Some((spec, Rc::new(RefCell::new(run))));
                self.phase = Phase::Running {
                    states: 1,
                    counting: false,
                };
                self.slice += 1;
            }
            Err(e) => self.phase = Phase::Refused(format!("Not run: {e}.")),
        }
    }

    fn work(&mut self, units: u32) {
        let Some((spec, run)) = self.run.clone() else {
            return; // a slice that arrives after Cancel
        };
        self.slice += 1;
        let progress = run.borrow_mut().run(units);
        match progress {
            Ok(p) if p.stage == ExploreStage::Done => {
                self.phase = match run.borrow().report().cloned() {
                    Some(r) => Phase::Done(Rc::new((spec, r))),
                    None => Phase::Refused("The exploration ended without a report.".into()),
                };
                self.run = None;
            }
            Ok(p) => {
                self.phase = Phase::Running {
                    states: p.states,
                    counting: p.stage == ExploreStage::Counting,
                }
            }
            Err(e) => {
                self.phase = Phase::Refused(format!("The exploration stopped: {e}."));
                self.run = None;
            }
        }
    }
}
