//! The experiments panel ("repeat 200x"): T trials of one create plus N
//! updates, for one strategy or all and one version scheme or all. It draws
//! the playground's `Experiments` state and sends its messages; the work runs
//! in the engine workers (`effects::work`), with a progress bar and a Cancel button.

use super::experiment_results::ExperimentResults;
use super::run_choices::{broker_field, burst_end_field};
use super::run_form::RangeField;
use super::select_field::{options, SelectField};
use crate::engine::{Strategy, VersionScheme};
use crate::playground::experiments::{Experiments, Phase};
use crate::playground::fields::grouped;
use crate::playground::options::{SCHEMES, STRATEGIES};
use crate::playground::{ExperimentMsg, Field, Msg};
use yew::prelude::*;

/// The select value that stands for "every one".
pub const ALL: &str = "all";

#[derive(Properties, PartialEq)]
pub struct ExperimentsPanelProps {
    pub state: Experiments,
    pub on_msg: Callback<Msg>,
}

fn with_all<'a>(
    all: &'a str,
    list: impl Iterator<Item = (&'static str, &'a str)>,
) -> Vec<(AttrValue, AttrValue)> {
    options(std::iter::once((ALL.to_string(), all)).chain(list.map(|(v, t)| (v.to_string(), t))))
}

#[component]
pub fn ExperimentsPanel(p: &ExperimentsPanelProps) -> Html {
    let send = |m: fn(String) -> ExperimentMsg| p.on_msg.reform(move |v| Msg::Experiment(m(v)));
    let text = |f: Field| {
        p.on_msg
            .reform(move |v| Msg::Experiment(ExperimentMsg::SetText(f, v)))
    };
    let click = |m: ExperimentMsg| {
        p.on_msg
            .reform(move |_: MouseEvent| Msg::Experiment(m.clone()))
    };
    let running = p.state.running();
    let f = &p.state.form;
    html! {
        <section class="panel experiments" aria-labelledby="experiments-title">
            <h2 id="experiments-title">{ "Experiments" }</h2>
            <p class="hint">{ "Repeat one create and a burst of updates many times, each trial with its own seed, and count how often the Orders replica ends consistent, diverged or stalled." }</p>
            <form class="form run-form" aria-label="Experiment" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <SelectField id="exp-strategy" label="Strategy" value={f.strategy.map_or(ALL, Strategy::name)}
                    options={with_all("all five strategies", STRATEGIES.iter().map(|(s, t)| (s.name(), *t)))}
                    on_change={send(|v| ExperimentMsg::SetStrategy(Strategy::parse(&v)))} />
                <SelectField id="exp-scheme" label="Version scheme" value={f.scheme.map_or(ALL, VersionScheme::name)}
                    options={with_all("all three schemes", SCHEMES.iter().map(|(s, t)| (s.name(), *t)))}
                    on_change={send(|v| ExperimentMsg::SetScheme(VersionScheme::parse(&v)))} />
                { broker_field("exp-broker", f.broker, &p.on_msg, |b| Msg::Experiment(ExperimentMsg::SetBroker(b))) }
                { burst_end_field("exp-deletes", f.deletes, &p.on_msg, |d| Msg::Experiment(ExperimentMsg::SetDeletes(d))) }
                <RangeField id="exp-trials" label="Trials" field={f.trials.clone()} disabled={running} on_text={text(Field::Trials)} />
                <RangeField id="exp-updates" label="Updates per trial" field={f.updates.clone()} disabled={running} on_text={text(Field::Updates)} />
                <RangeField id="exp-listeners" label="Listeners" field={f.listeners.clone()} disabled={running} on_text={text(Field::Listeners)} />
                <RangeField id="exp-seed" label="Seed" field={f.seed.clone()} disabled={running} on_text={text(Field::Seed)} />
                <button type="button" class="primary" onclick={click(ExperimentMsg::Run)} disabled={running}>{ "Run" }</button>
                <button type="button" onclick={click(ExperimentMsg::Cancel)} disabled={!running}>{ "Cancel" }</button>
            </form>
            { status(&p.state.phase) }
            if let Phase::Shown(outcomes) = &p.state.phase {
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
                    "Cancelled after {} of {} trials; the results below cover the trials that finished.",
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
