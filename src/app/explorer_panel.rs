//! The explorer panel: every schedule of a small scenario (the engine's
//! explorer). It estimates the size first and refuses politely above a limit,
//! runs cancellably in slices, and opens the shortest counterexample in the
//! live view to step through.

use super::controls::{SCHEMES, STRATEGIES};
use super::explorer_results::ExploreResults;
use super::msg::Msg;
use super::run_form::{field_setter, grouped, FieldText, RangeField};
use super::select_field::SelectField;
use super::slices::{cancel_job, run_in_slices, use_job_slot, CancelToken, JobSlot};
use crate::engine::explorer::{
    estimate_states, Exploration, ExploreReport, ExploreSpec, ExploreStage, LISTENERS, UPDATES,
};
use crate::engine::{Strategy, VersionScheme};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The most distinct states (estimated) this page explores: a few seconds
/// of work and some tens of megabytes in WebAssembly.
pub const STATE_LIMIT: u64 = 400_000;

#[derive(Clone, Debug, PartialEq)]
pub struct ExploreForm {
    pub strategy: String,
    pub scheme: String,
    pub updates: FieldText,
    pub listeners: FieldText,
}

impl Default for ExploreForm {
    fn default() -> Self {
        ExploreForm {
            strategy: "naive".into(),
            scheme: "increment".into(),
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
            Strategy::parse(&self.strategy)?,
            VersionScheme::parse(&self.scheme)?,
            self.updates.value().ok()? as u32,
            self.listeners.value().ok()? as u8,
        );
        spec.state_limit = STATE_LIMIT * 4;
        Some(spec)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running { states: u64, counting: bool },
    Done(Rc<(ExploreSpec, ExploreReport)>),
    Refused(String),
    Cancelled { states: u64 },
}

thread_local! {
    /// The last result, kept while the live view shows its counterexample.
    static LAST: RefCell<Option<(ExploreForm, Phase)>> = const { RefCell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct ExplorerPanelProps {
    pub on_msg: Callback<Msg>,
}

fn options(list: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    list.iter()
        .map(|&(v, t)| (AttrValue::from(v), AttrValue::from(t)))
        .collect()
}

/// "at most about 1,234 distinct states", or why it will not run.
fn estimate_words(spec: Option<&ExploreSpec>) -> (String, bool) {
    let Some(spec) = spec else {
        return ("Correct the fields to see an estimate.".into(), false);
    };
    let n = estimate_states(spec);
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

#[component]
pub fn ExplorerPanel(p: &ExplorerPanelProps) -> Html {
    let remembered = LAST.with(|l| l.borrow().clone());
    let form = use_state(|| remembered.as_ref().map(|r| r.0.clone()).unwrap_or_default());
    let phase = use_state(|| remembered.map_or(Phase::Idle, |r| r.1));
    let job = use_job_slot::<()>();
    use_effect_with(((*form).clone(), (*phase).clone()), |(f, ph)| {
        if !matches!(ph, Phase::Running { .. }) {
            LAST.with(|l| *l.borrow_mut() = Some((f.clone(), ph.clone())));
        }
    });
    let running = matches!(*phase, Phase::Running { .. });
    let set = |f: fn(&mut ExploreForm, String)| field_setter(&form, f);
    let on_run = {
        let (form, phase, job) = (form.clone(), phase.clone(), job.clone());
        Callback::from(move |_: MouseEvent| {
            let checked = ExploreForm {
                updates: form.updates.checked(),
                listeners: form.listeners.checked(),
                ..(*form).clone()
            };
            form.set(checked.clone());
            let Some(spec) = checked.spec() else {
                return phase.set(Phase::Refused(
                    "Nothing was explored: correct the field marked above.".into(),
                ));
            };
            let (words, allowed) = estimate_words(Some(&spec));
            if !allowed {
                return phase.set(Phase::Refused(format!("Not run. {words}")));
            }
            start(spec, &phase, &job);
        })
    };
    let on_cancel = {
        let (phase, job) = (phase.clone(), job.clone());
        Callback::from(move |_: MouseEvent| {
            if cancel_job(&job).is_some() {
                let states = match *phase {
                    Phase::Running { states, .. } => states,
                    _ => 0,
                };
                phase.set(Phase::Cancelled { states });
            }
        })
    };
    let f = &*form;
    let (estimate, _) = estimate_words(f.spec().as_ref());
    html! {
        <section class="panel explorer" aria-labelledby="explorer-title">
            <h2 id="explorer-title">{ "Explorer" }</h2>
            <p class="hint">{ "Every schedule of one create and N updates, all published up front: every order in which the broker hands messages to listeners, listeners read and write, and refused messages come back." }</p>
            <form class="form run-form" aria-label="Exploration" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <SelectField id="xp-strategy" label="Strategy" value={f.strategy.clone()}
                    options={options(&STRATEGIES)} on_change={set(|f, v| f.strategy = v)} />
                <SelectField id="xp-scheme" label="Version scheme" value={f.scheme.clone()}
                    options={options(&SCHEMES)} on_change={set(|f, v| f.scheme = v)} />
                <RangeField id="xp-updates" label="Updates" field={f.updates.clone()} disabled={running}
                    on_text={set(|f, v| f.updates = f.updates.with_text(v))} />
                <RangeField id="xp-listeners" label="Listeners" field={f.listeners.clone()} disabled={running}
                    on_text={set(|f, v| f.listeners = f.listeners.with_text(v))} />
                <button type="button" class="primary" onclick={on_run} disabled={running}>{ "Explore" }</button>
                <button type="button" onclick={on_cancel} disabled={!running}>{ "Cancel" }</button>
            </form>
            <p class="estimate" aria-live="polite">{ estimate }</p>
            { match &*phase {
                Phase::Idle => html! {},
                Phase::Refused(why) => html! { <p class="refused" role="alert">{ why }</p> },
                Phase::Running { states, counting } => html! {
                    <div class="progress-row">
                        <label for="xp-progress">{ if *counting { "Counting schedules" } else { "Visiting states" } }</label>
                        <progress id="xp-progress"></progress>
                        <span class="progress-count">{ format!("{} states found", grouped(*states)) }</span>
                    </div>
                },
                Phase::Cancelled { states } => html! {
                    <p class="run-status cancelled" role="status">{ format!("Cancelled after {} states; nothing to show.", grouped(*states)) }</p>
                },
                Phase::Done(done) => html! {
                    <ExploreResults spec={done.0.clone()} report={done.1.clone()} on_msg={p.on_msg.clone()} />
                },
            } }
        </section>
    }
}

/// Starts an exploration in slices; small ones finish in the first slice.
fn start(spec: ExploreSpec, phase: &UseStateHandle<Phase>, job: &JobSlot<()>) {
    let mut run = match Exploration::new(&spec) {
        Ok(run) => run,
        Err(e) => return phase.set(Phase::Refused(format!("Not run: {e}."))),
    };
    let token = CancelToken::default();
    *job.borrow_mut() = Some((token.clone(), ()));
    phase.set(Phase::Running {
        states: 1,
        counting: false,
    });
    let phase = phase.clone();
    run_in_slices(token, move |units| match run.run(units) {
        Ok(p) if p.stage == ExploreStage::Done => {
            phase.set(match run.report().cloned() {
                Some(r) => Phase::Done(Rc::new((spec.clone(), r))),
                None => Phase::Refused("The exploration ended without a report.".into()),
            });
            false
        }
        Ok(p) => {
            phase.set(Phase::Running {
                states: p.states,
                counting: p.stage == ExploreStage::Counting,
            });
            true
        }
        Err(e) => {
            phase.set(Phase::Refused(format!("The exploration stopped: {e}.")));
            false
        }
    });
}
