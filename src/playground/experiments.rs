//! The experiments panel's state ("repeat 200x"): the form, and the batch
//! whose trials the engine workers run (`WorkOrder` out, `Heard` back). It
//! lives in the playground, not in the panel, so results survive a trip to the
//! live view and a test can drive a run without a browser.

use super::batch::{Batch, TrialSet};
use super::fields::FieldText;
use super::msg::{ExperimentMsg, Field};
use super::options::{LISTENERS, MAX_SEED};
use super::work::{Heard, JobEvent, WorkOrder};
use crate::engine::config::BrokerKind;
use crate::engine::experiment::ExperimentSpec;
use crate::engine::{Config, Strategy, VersionScheme};
use crate::offload::task::Done;
use std::rc::Rc;

pub const DEFAULT_TRIALS: u64 = 200;
pub const DEFAULT_UPDATES: u64 = 2;
pub const DEFAULT_LISTENERS: u64 = 2;
pub const DEFAULT_SEED: u64 = 1;
/// The page's bounds (the engine allows more; these keep a run to minutes).
pub const TRIALS: (u64, u64) = (1, 100_000);
pub const UPDATES: (u64, u64) = (1, 1_000);

#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentForm {
    /// `None`: all strategies.
    pub strategy: Option<Strategy>,
    /// `None`: all schemes.
    pub scheme: Option<VersionScheme>,
    /// Every trial's broker (its knobs at their defaults), so the strategy
    /// x scheme matrix runs per broker.
    pub broker: BrokerKind,
    /// The burst ends in a delete, with the listeners' deletes (`None`: it
    /// ends in its last update).
    pub deletes: Option<crate::engine::config::Deletes>,
    pub trials: FieldText,
    pub updates: FieldText,
    pub listeners: FieldText,
    pub seed: FieldText,
}

impl Default for ExperimentForm {
    fn default() -> Self {
        ExperimentForm {
            strategy: Some(Strategy::Naive),
            scheme: Some(VersionScheme::Increment),
            broker: BrokerKind::Stan,
            deletes: None,
            trials: FieldText::new(DEFAULT_TRIALS, TRIALS.0, TRIALS.1),
            updates: FieldText::new(DEFAULT_UPDATES, UPDATES.0, UPDATES.1),
            listeners: FieldText::new(DEFAULT_LISTENERS, LISTENERS.0.into(), LISTENERS.1.into()),
            seed: FieldText::new(DEFAULT_SEED, 0, MAX_SEED),
        }
    }
}

impl ExperimentForm {
    fn field(&mut self, f: Field) -> &mut FieldText {
        match f {
            Field::Trials => &mut self.trials,
            Field::Updates => &mut self.updates,
            Field::Listeners => &mut self.listeners,
            Field::Seed => &mut self.seed,
        }
    }

    /// Every field checked (errors filled in), and the specs if all are valid.
    pub fn specs(&self) -> (ExperimentForm, Option<Vec<ExperimentSpec>>) {
        let checked = ExperimentForm {
            trials: self.trials.checked(),
            updates: self.updates.checked(),
            listeners: self.listeners.checked(),
            seed: self.seed.checked(),
            ..self.clone()
        };
        let values = (|| {
            Some((
                self.trials.value().ok()?,
                self.updates.value().ok()?,
                self.listeners.value().ok()?,
                self.seed.value().ok()?,
            ))
        })();
        let strategies = self.strategy.map_or(Strategy::ALL.to_vec(), |s| vec![s]);
        let schemes = self.scheme.map_or(VersionScheme::ALL.to_vec(), |s| vec![s]);
        let specs = values.map(|(trials, updates, listeners, seed)| {
            let mut specs = Vec::new();
            for &strategy in &strategies {
                for &scheme in &schemes {
                    let config = Config {
                        strategy,
                        scheme,
                        // In range: checked against LISTENERS and TRIALS/UPDATES above.
                        listeners: listeners as u8,
                        broker: self.broker,
                        on_delete: self.deletes.unwrap_or_default(),
                        ..Config::default()
                    };
                    specs.push(ExperimentSpec {
                        deletes: u32::from(self.deletes.is_some()),
                        ..ExperimentSpec::new(config, updates as u32, trials as u32, seed)
                    });
                }
            }
            specs
        });
        (checked, specs.filter(|s| !s.is_empty()))
    }
}

/// A finished (or cancelled) batch, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcomes {
    pub sets: Vec<TrialSet>,
    /// Every strategy with every scheme was asked for: show the matrix.
    pub matrix: bool,
    /// (trials run, trials asked) when cancelled.
    pub cancelled: Option<(u64, u64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Running { done: u64, total: u64 },
    Shown(Rc<Outcomes>),
    Refused(String),
}

/// The form, where the run is, and the batch while the workers run it.
#[derive(Clone)]
pub struct Experiments {
    pub form: ExperimentForm,
    pub phase: Phase,
    /// How many workers share an experiment's trials (the page sets one per
    /// core; the results do not depend on it).
    pub workers: u32,
    batch: Option<Rc<Batch>>,
    order: Option<Rc<WorkOrder>>,
    matrix: bool,
    /// Numbers the work orders: a reply for an older one is dropped.
    runs: u64,
}

impl Default for Experiments {
    fn default() -> Self {
        Experiments {
            form: ExperimentForm::default(),
            phase: Phase::Idle,
            workers: 1,
            batch: None,
            order: None,
            matrix: false,
            runs: 0,
        }
    }
}

impl PartialEq for Experiments {
    fn eq(&self, other: &Self) -> bool {
        self.form == other.form && self.phase == other.phase && self.order == other.order
    }
}

impl Experiments {
    pub fn running(&self) -> bool {
        self.batch.is_some()
    }

    /// While running: what the workers are to do now.
    pub fn order(&self) -> Option<Rc<WorkOrder>> {
        self.order.clone()
    }

    /// The state after `msg`.
    pub fn update(&self, msg: ExperimentMsg) -> Experiments {
        let mut next = self.clone();
        match msg {
            ExperimentMsg::SetStrategy(s) => next.form.strategy = s,
            ExperimentMsg::SetScheme(s) => next.form.scheme = s,
            ExperimentMsg::SetBroker(b) => next.form.broker = b,
            ExperimentMsg::SetDeletes(d) => next.form.deletes = d,
            ExperimentMsg::SetText(f, text) => {
                let field = next.form.field(f);
                *field = field.with_text(text);
            }
            ExperimentMsg::Run if self.running() => {}
            ExperimentMsg::Run => next.start(),
            ExperimentMsg::Heard(heard) => next.heard(heard),
            ExperimentMsg::Cancel => next.cancel(),
        }
        next
    }

    fn start(&mut self) {
        let (checked, specs) = self.form.specs();
        self.matrix = checked.strategy.is_none() && checked.scheme.is_none();
        self.form = checked;
        let Some(specs) = specs else {
            self.phase = Phase::Refused("Nothing was run: correct the field marked above.".into());
            return;
        };
        match Batch::new(specs, self.workers) {
            Ok(batch) => {
                let (done, total) = batch.progress();
                self.phase = Phase::Running { done, total };
                self.set_batch(batch);
            }
            Err(e) => self.phase = Phase::Refused(format!("Nothing was run: {e}.")),
        }
    }

    /// A new order for the batch's current experiment (none once it is done).
    fn set_batch(&mut self, batch: Batch) {
        self.runs += 1;
        self.order = (!batch.is_done()).then(|| {
            Rc::new(WorkOrder {
                run: self.runs,
                jobs: batch.jobs(),
            })
        });
        self.batch = Some(Rc::new(batch));
    }

    fn heard(&mut self, heard: Heard) {
        let (Some(batch), Some(order)) = (&self.batch, &self.order) else {
            return; // a reply that arrives after Cancel
        };
        if order.run != heard.run {
            return;
        }
        let mut batch = (**batch).clone();
        match heard.event {
            JobEvent::Progress(p) => {
                batch.progressed(heard.job, p.done);
                self.batch = Some(Rc::new(batch));
            }
            JobEvent::Finished(Ok(Done::Experiment { tally })) => {
                match batch.finished(heard.job, tally) {
                    Ok(true) => self.set_batch(batch),
                    Ok(false) => self.batch = Some(Rc::new(batch)),
                    Err(e) => return self.stop(format!("The experiment stopped: {e}.")),
                }
            }
            JobEvent::Finished(Ok(_)) => {
                return self.stop("The experiment stopped: a worker sent the wrong reply.".into())
            }
            JobEvent::Finished(Err(e)) => {
                return self.stop(format!("The experiment stopped: {e}."))
            }
        }
        let Some(batch) = self.batch.clone() else {
            return;
        };
        if batch.is_done() {
            self.phase = Phase::Shown(Rc::new(Outcomes {
                sets: batch.results(),
                matrix: self.matrix,
                cancelled: None,
            }));
            self.batch = None;
            self.order = None;
        } else {
            let (done, total) = batch.progress();
            self.phase = Phase::Running { done, total };
        }
    }

    fn stop(&mut self, why: String) {
        self.phase = Phase::Refused(why);
        self.batch = None;
        self.order = None;
    }

    fn cancel(&mut self) {
        self.order = None;
        if let Some(batch) = self.batch.take() {
            self.phase = Phase::Shown(Rc::new(Outcomes {
                sets: batch.results(),
                matrix: false,
                cancelled: Some(batch.progress()),
            }));
        }
    }
}
