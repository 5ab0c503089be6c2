//! The experiments panel ("repeat 200x"): T trials of one create plus N
//! updates, for one strategy or all and one version scheme or all. The work
//! runs in slices (see `slices`), with a progress bar and a Cancel button.

use super::controls::{MAX_SEED, SCHEMES, STRATEGIES};
use super::experiment_batch::Batch;
use super::experiment_results::{ExperimentResults, Outcomes};
use super::msg::Msg;
use super::run_form::{field_setter, grouped, FieldText, RangeField};
use super::select_field::SelectField;
use super::slices::{cancel_job, run_in_slices, use_job_slot, CancelToken};
use crate::engine::experiment::ExperimentSpec;
use crate::engine::{Config, Strategy, VersionScheme};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

pub const ALL: &str = "all";
pub const DEFAULT_TRIALS: u64 = 200;
pub const DEFAULT_UPDATES: u64 = 2;
pub const DEFAULT_LISTENERS: u64 = 2;
pub const DEFAULT_SEED: u64 = 1;
/// The page's bounds (the engine allows more; these keep a run to minutes).
pub const TRIALS: (u64, u64) = (1, 100_000);
pub const UPDATES: (u64, u64) = (1, 1_000);
pub const LISTENERS: (u64, u64) = (1, 8);

#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentForm {
    pub strategy: String,
    pub scheme: String,
    pub trials: FieldText,
    pub updates: FieldText,
    pub listeners: FieldText,
    pub seed: FieldText,
}

impl Default for ExperimentForm {
    fn default() -> Self {
        ExperimentForm {
            strategy: "naive".into(),
            scheme: "increment".into(),
            trials: FieldText::new(DEFAULT_TRIALS, TRIALS.0, TRIALS.1),
            updates: FieldText::new(DEFAULT_UPDATES, UPDATES.0, UPDATES.1),
            listeners: FieldText::new(DEFAULT_LISTENERS, LISTENERS.0, LISTENERS.1),
            seed: FieldText::new(DEFAULT_SEED, 0, MAX_SEED),
        }
    }
}

impl ExperimentForm {
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
        let strategies: Vec<Strategy> = match self.strategy.as_str() {
            ALL => STRATEGIES
                .iter()
                .filter_map(|(s, _)| Strategy::parse(s))
                .collect(),
            s => Strategy::parse(s).into_iter().collect(),
        };
        let schemes: Vec<VersionScheme> = match self.scheme.as_str() {
            ALL => SCHEMES
                .iter()
                .filter_map(|(s, _)| VersionScheme::parse(s))
                .collect(),
            s => VersionScheme::parse(s).into_iter().collect(),
        };
        let specs = values.map(|(trials, updates, listeners, seed)| {
            let mut specs = Vec::new();
            for &strategy in &strategies {
                for &scheme in &schemes {
                    let config = Config {
                        strategy,
                        scheme,
                        listeners: listeners as u8,
                        ..Config::default()
                    };
                    specs.push(ExperimentSpec::new(
                        config,
                        updates as u32,
                        trials as u32,
                        seed,
                    ));
                }
            }
            specs
        });
        (checked, specs.filter(|s| !s.is_empty()))
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running { done: u64, total: u64 },
    Shown(Rc<Outcomes>),
    Refused(String),
}

thread_local! {
    /// The last results, kept while the panel is away (opening a trial switches
    /// to the live view), so coming back shows them again.
    static LAST: RefCell<Option<(ExperimentForm, Phase)>> = const { RefCell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct ExperimentsPanelProps {
    pub on_msg: Callback<Msg>,
}

fn options(all: &str, list: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    std::iter::once((AttrValue::from(ALL), AttrValue::from(all.to_owned())))
        .chain(
            list.iter()
                .map(|&(v, t)| (AttrValue::from(v), AttrValue::from(t))),
        )
        .collect()
}

#[component]
pub fn ExperimentsPanel(p: &ExperimentsPanelProps) -> Html {
    let remembered = LAST.with(|l| l.borrow().clone());
    let form = use_state(|| remembered.as_ref().map(|r| r.0.clone()).unwrap_or_default());
    let phase = use_state(|| remembered.map_or(Phase::Idle, |r| r.1));
    let job = use_job_slot::<Rc<RefCell<Batch>>>();
    // Results (not runs in progress) outlive the panel: see `LAST`.
    use_effect_with(((*form).clone(), (*phase).clone()), |(f, ph)| {
        if !matches!(ph, Phase::Running { .. }) {
            LAST.with(|l| *l.borrow_mut() = Some((f.clone(), ph.clone())));
        }
    });
    let running = matches!(*phase, Phase::Running { .. });
    let set = |f: fn(&mut ExperimentForm, String)| field_setter(&form, f);
    let on_run = {
        let (form, phase, job) = (form.clone(), phase.clone(), job.clone());
        Callback::from(move |_: MouseEvent| {
            let (checked, specs) = form.specs();
            form.set(checked.clone());
            let Some(specs) = specs else {
                phase.set(Phase::Refused(
                    "Nothing was run: correct the field marked above.".into(),
                ));
                return;
            };
            let matrix = checked.strategy == ALL && checked.scheme == ALL;
            let batch = match Batch::new(specs) {
                Ok(b) => Rc::new(RefCell::new(b)),
                Err(e) => return phase.set(Phase::Refused(format!("Nothing was run: {e}."))),
            };
            let token = CancelToken::default();
            *job.borrow_mut() = Some((token.clone(), batch.clone()));
            let (done, total) = batch.borrow().progress();
            phase.set(Phase::Running { done, total });
            let phase = phase.clone();
            run_in_slices(token, move |units| {
                let more = batch.borrow_mut().work(units);
                let (done, total) = batch.borrow().progress();
                phase.set(if more {
                    Phase::Running { done, total }
                } else {
                    Phase::Shown(Rc::new(Outcomes {
                        sets: batch.borrow().results(),
                        matrix,
                        cancelled: None,
                    }))
                });
                more
            });
        })
    };
    let on_cancel = {
        let (phase, job) = (phase.clone(), job.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(batch) = cancel_job(&job) {
                let b = batch.borrow();
                phase.set(Phase::Shown(Rc::new(Outcomes {
                    sets: b.results(),
                    matrix: false,
                    cancelled: Some(b.progress()),
                })));
            }
        })
    };
    let f = &*form;
    html! {
        <section class="panel experiments" aria-labelledby="experiments-title">
            <h2 id="experiments-title">{ "Experiments" }</h2>
            <p class="hint">{ "Repeat one create and a burst of updates many times, each trial with its own seed, and count how often the Orders replica ends consistent, diverged or stalled." }</p>
            <form class="form run-form" aria-label="Experiment" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <SelectField id="exp-strategy" label="Strategy" value={f.strategy.clone()}
                    options={options("all five strategies", &STRATEGIES)} on_change={set(|f, v| f.strategy = v)} />
                <SelectField id="exp-scheme" label="Version scheme" value={f.scheme.clone()}
                    options={options("all three schemes", &SCHEMES)} on_change={set(|f, v| f.scheme = v)} />
                <RangeField id="exp-trials" label="Trials" field={f.trials.clone()} disabled={running}
                    on_text={set(|f, v| f.trials = f.trials.with_text(v))} />
                <RangeField id="exp-updates" label="Updates per trial" field={f.updates.clone()} disabled={running}
                    on_text={set(|f, v| f.updates = f.updates.with_text(v))} />
                <RangeField id="exp-listeners" label="Listeners" field={f.listeners.clone()} disabled={running}
                    on_text={set(|f, v| f.listeners = f.listeners.with_text(v))} />
                <RangeField id="exp-seed" label="Seed" field={f.seed.clone()} disabled={running}
                    on_text={set(|f, v| f.seed = f.seed.with_text(v))} />
                <button type="button" class="primary" onclick={on_run} disabled={running}>{ "Run" }</button>
                <button type="button" onclick={on_cancel} disabled={!running}>{ "Cancel" }</button>
            </form>
            { status(&phase) }
            if let Phase::Shown(outcomes) = &*phase {
                if !outcomes.sets.is_empty() {
                    <ExperimentResults outcomes={outcomes.clone()} on_msg={p.on_msg.clone()} />
                }
            }
        </section>
    }
}

fn status(phase: &Phase) -> Html {
    match phase {
        Phase::Idle => {
            html! { <p class="idle" role="status">{ "Choose a strategy and press Run." }</p> }
        }
        Phase::Refused(why) => html! { <p class="refused" role="alert">{ why }</p> },
        Phase::Running { done, total } => html! {
            <div class="progress-row">
                <label for="exp-progress">{ "Trials run" }</label>
                <progress id="exp-progress" max={total.to_string()} value={done.to_string()}>
                    { format!("{done} of {total}") }
                </progress>
                <span class="progress-count" aria-hidden="true">{ format!("{} of {}", grouped(*done), grouped(*total)) }</span>
                <span class="visually-hidden" role="status">{ "Running…" }</span>
            </div>
        },
        Phase::Shown(o) => {
            let trials: u64 = o.sets.iter().map(|s| u64::from(s.report.trials)).sum();
            let text = match o.cancelled {
                Some((done, total)) => format!(
                    "Cancelled after {} of {} trials; the results below cover the trials run so far.",
                    grouped(done),
                    grouped(total)
                ),
                None => format!(
                    "Finished: {} trials in {} experiment(s).",
                    grouped(trials),
                    o.sets.len()
                ),
            };
            html! { <p class={classes!("run-status", o.cancelled.is_some().then_some("cancelled"))} role="status">{ text }</p> }
        }
    }
}
