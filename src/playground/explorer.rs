//! The explorer panel's state: the form, the size estimate that decides whether
//! it may run, and the exploration an engine worker runs (`WorkOrder` out,
//! `Heard` back). Like the experiments it lives in the playground, so a
//! counterexample opened in the live view leaves the result there to come
//! back to.

use super::fields::{grouped, FieldText};
use super::msg::{ExploreMsg, Field};
use super::work::{Heard, JobEvent, WorkOrder};
use crate::engine::config::{BrokerKind, Deletes};
use crate::engine::explorer::{estimate_states, ExploreReport, ExploreSpec, LISTENERS, UPDATES};
use crate::engine::{Strategy, VersionScheme};
use crate::offload::task::{Done, Job};
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
    pub broker: BrokerKind,
    /// The burst ends in a delete, with the listeners' deletes (`None`: it
    /// ends with its last update).
    pub deletes: Option<Deletes>,
}

impl Default for ExploreForm {
    fn default() -> Self {
        ExploreForm {
            strategy: Strategy::Naive,
            scheme: VersionScheme::Increment,
            updates: FieldText::new(2, UPDATES.0.into(), UPDATES.1.into()),
            listeners: FieldText::new(2, LISTENERS.0.into(), LISTENERS.1.into()),
            broker: BrokerKind::Stan,
            deletes: None,
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
        spec.broker = self.broker;
        spec.deletes = u32::from(self.deletes.is_some());
        spec.on_delete = self.deletes.unwrap_or_default();
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

#[derive(Clone, Debug, Default)]
pub struct Explorer {
    pub form: ExploreForm,
    pub phase: Phase,
    /// The spec being explored and the worker's order for it.
    run: Option<(ExploreSpec, Rc<WorkOrder>)>,
    /// Numbers the work orders: a reply for an older one is dropped.
    runs: u64,
}

impl PartialEq for Explorer {
    fn eq(&self, other: &Self) -> bool {
        self.form == other.form && self.phase == other.phase && self.order() == other.order()
    }
}

impl Explorer {
    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// While running: what the worker is to do.
    pub fn order(&self) -> Option<Rc<WorkOrder>> {
        self.run.as_ref().map(|(_, order)| order.clone())
    }

    /// The state after `msg`.
    pub fn update(&self, msg: ExploreMsg) -> Explorer {
        let mut next = self.clone();
        match msg {
            ExploreMsg::SetStrategy(s) => next.form.strategy = s,
            ExploreMsg::SetScheme(s) => next.form.scheme = s,
            ExploreMsg::SetBroker(b) => next.form.broker = b,
            ExploreMsg::SetDeletes(d) => next.form.deletes = d,
            ExploreMsg::SetText(Field::Updates, t) => {
                next.form.updates = next.form.updates.with_text(t)
            }
            ExploreMsg::SetText(Field::Listeners, t) => {
                next.form.listeners = next.form.listeners.with_text(t)
            }
            ExploreMsg::SetText(..) => {}
            ExploreMsg::Run if self.running() => {}
            ExploreMsg::Run => next.start(),
            ExploreMsg::Heard(heard) => next.heard(heard),
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
        if let Err(e) = spec.validate() {
            self.phase = Phase::Refused(format!("Not run: {e}."));
            return;
        }
        self.runs += 1;
        let order = WorkOrder {
            run: self.runs,
            jobs: vec![Job::Explore { spec: spec.clone() }],
        };
        self.run = Some((spec, Rc::new(order)));
        self.phase = Phase::Running {
            states: 1,
            counting: false,
        };
    }

    fn heard(&mut self, heard: Heard) {
        let Some((spec, order)) = self.run.clone() else {
            return; // a reply that arrives after Cancel
        };
        if order.run != heard.run {
            return;
        }
        self.phase = match heard.event {
            // The worker counts expanded states of all states seen; once every
            // state is expanded it counts the schedules.
            JobEvent::Progress(p) => {
                return self.phase = Phase::Running {
                    states: p.total,
                    counting: p.total > 1 && p.done >= p.total,
                }
            }
            JobEvent::Finished(Ok(Done::Explore { report })) => {
                Phase::Done(Rc::new((spec, *report)))
            }
            JobEvent::Finished(Ok(_)) => {
                Phase::Refused("The exploration ended without a report.".into())
            }
            JobEvent::Finished(Err(e)) => Phase::Refused(format!("The exploration stopped: {e}.")),
        };
        self.run = None;
    }
}
