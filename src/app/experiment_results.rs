//! The experiments' results: charts, the numbers in a table, the strategy x
//! version scheme matrix, and every failing trial one click from the live view.

use super::charts::{Histogram, HistogramKind, OutcomeChart};
use super::explain::Explain;
use crate::engine::VersionScheme;
use crate::fixed::fixed;
use crate::playground::batch::{open_trial, trial_note, TrialSet};
use crate::playground::experiments::Outcomes;
use crate::playground::fields::grouped;
use crate::playground::options::{broker_title, SCHEMES, STRATEGIES};
use crate::playground::Msg;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub outcomes: Rc<Outcomes>,
    pub on_msg: Callback<Msg>,
}

fn open(on_msg: &Callback<Msg>, set: &TrialSet, trial: u32) -> Callback<MouseEvent> {
    let (spec, on_msg) = (set.spec.clone(), on_msg.clone());
    Callback::from(move |_| {
        on_msg.emit(open_trial(&spec, trial));
        on_msg.emit(Msg::Notice(trial_note(&spec, trial)));
    })
}

#[component]
pub fn ExperimentResults(p: &ResultsProps) -> Html {
    let kind = use_state(|| HistogramKind::Redeliveries);
    let chosen = use_state(|| 0usize);
    let o = &p.outcomes;
    let mut schemes: Vec<VersionScheme> = Vec::new();
    for s in &o.sets {
        if !schemes.contains(&s.report.scheme) {
            schemes.push(s.report.scheme);
        }
    }
    let of_scheme = |scheme: VersionScheme| -> Vec<TrialSet> {
        o.sets
            .iter()
            .filter(|s| s.report.scheme == scheme)
            .cloned()
            .collect()
    };
    let picked = o.sets.get(*chosen).or(o.sets.first()).cloned();
    let toggle = |k: HistogramKind, text: &'static str| {
        let kind = kind.clone();
        html! {
            <button type="button" aria-pressed={(*kind == k).to_string()}
                onclick={Callback::from(move |_| kind.set(k))}>{ text }</button>
        }
    };
    html! {
        <div class="results">
            <div class="charts">
                for scheme in &schemes {
                    <OutcomeChart sets={of_scheme(*scheme)} scheme={scheme.name()} />
                }
            </div>
            <OutcomeTable outcomes={o.clone()} on_msg={p.on_msg.clone()} />
            <FailingTrials outcomes={o.clone()} on_msg={p.on_msg.clone()} />
            if o.matrix {
                <Matrix outcomes={o.clone()} on_msg={p.on_msg.clone()} />
            }
            if let Some(set) = picked {
                <section class="histogram-box" aria-label="Histogram">
                    <div class="toggle" role="group" aria-label="Histogram of">
                        { toggle(HistogramKind::Redeliveries, "Redeliveries") }
                        { toggle(HistogramKind::Quiescence, "Time to quiescence") }
                    </div>
                    if o.sets.len() > 1 {
                        <div class="field">
                            <label for="hist-of">{ "Experiment" }</label>
                            <select id="hist-of" onchange={let c = chosen.clone(); Callback::from(move |e: Event| {
                                c.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))
                            })}>
                                for (i, s) in o.sets.iter().enumerate() {
                                    <option value={i.to_string()} selected={i == *chosen}>
                                        { format!("{} with {}", s.report.strategy, s.report.scheme) }
                                    </option>
                                }
                            </select>
                        </div>
                    }
                    <Histogram {set} kind={*kind} />
                </section>
            }
        </div>
    }
}

/// The chart's numbers, in a table a screen reader can walk.
#[component]
fn OutcomeTable(p: &ResultsProps) -> Html {
    html! {
        <>
        <table class="db results-table">
            <caption>{ "Trials by outcome, per strategy and version scheme" }</caption>
            <thead><tr>
                <th scope="col">{ "Strategy" }</th><th scope="col">{ "Scheme" }</th>
                <th scope="col">{ "Trials" }</th><th scope="col">{ "Consistent" }</th>
                <th scope="col">{ "Diverged" }</th><th scope="col">{ "Stalled" }</th>
                <th scope="col">{ "Redeliveries" }</th><th scope="col">{ "Mean ms to quiescence" }<Explain term="quiescence" /></th>
            </tr></thead>
            <tbody>
                for set in &p.outcomes.sets {
                    <tr class={classes!((set.report.outcomes.diverged + set.report.outcomes.stalled > 0).then_some("bad"))}>
                        <th scope="row">{ set.report.strategy.name() }</th>
                        <td>{ set.report.scheme.name() }</td>
                        <td class="num">{ grouped(set.report.trials.into()) }</td>
                        <td class="num">{ grouped(set.report.outcomes.consistent.into()) }</td>
                        <td class="num">{ grouped(set.report.outcomes.diverged.into()) }</td>
                        <td class="num">{ grouped(set.report.outcomes.stalled.into()) }</td>
                        <td class="num">{ grouped(set.report.redeliveries) }</td>
                        <td class="num">{ fixed(f64::from(set.report.quiescence_ms_mean), 0) }</td>
                    </tr>
                }
            </tbody>
        </table>
        <p class="hint results-key">
            { "Each trial plays the owner's create and updates again under a seed of its own. \
               Redeliveries counts every delivery of a message after its first, over all trials: \
               even naive listeners have some, since an update that arrives before its create \
               finds no row to update and is not acked, so it comes back after the ack wait; \
               under occ, every update refused for arriving early comes back too. Mean ms to \
               quiescence is the virtual time until nothing is left to happen, averaged over \
               the trials." }
        </p>
        </>
    }
}

/// The trials the engine kept as examples, each one click from the live view.
#[component]
fn FailingTrials(p: &ResultsProps) -> Html {
    let failing: Vec<&TrialSet> = p
        .outcomes
        .sets
        .iter()
        .filter(|s| s.first_failure().is_some())
        .collect();
    if failing.is_empty() {
        return html! { <p class="proof">{ "Every trial ended consistent." }</p> };
    }
    html! {
        <section class="failing" aria-labelledby="failing-title">
            <h3 id="failing-title">{ "Failing trials: open one in the live view, replayed from its seed" }</h3>
            <ul class="failing-list">
                for set in failing {
                    <li>
                        <span class="failing-name">{ format!("{} with {}: ", set.report.strategy, set.report.scheme) }</span>
                        for (t, what) in set.report.diverged_examples.iter().map(|t| (t, "diverged"))
                            .chain(set.report.stalled_examples.iter().map(|t| (t, "stalled"))) {
                            <button type="button" class={classes!("trial-link", what)}
                                title={format!("Replay trial {} (seed {}) in the live view", t.trial, t.seed)}
                                onclick={open(&p.on_msg, set, t.trial)}>
                                { format!("Open trial {} ({what})", t.trial) }
                            </button>
                        }
                    </li>
                }
            </ul>
        </section>
    }
}

/// converges / diverges / stalls for each strategy and scheme.
#[component]
fn Matrix(p: &ResultsProps) -> Html {
    let cell = |strategy: &str, scheme: &str| -> Html {
        let Some(set) = p
            .outcomes
            .sets
            .iter()
            .find(|s| s.report.strategy.name() == strategy && s.report.scheme.name() == scheme)
        else {
            return html! { <td class="cell none">{ "not run" }</td> };
        };
        let r = &set.report;
        let (word, class) = if r.outcomes.diverged > 0 {
            ("diverges", "bad")
        } else if r.outcomes.stalled > 0 {
            ("stalls", "stalled")
        } else {
            ("converges", "ok")
        };
        let failing = r.outcomes.diverged + r.outcomes.stalled;
        match set.first_failure() {
            Some(trial) => html! {
                <td class={classes!("cell", class)}>
                    <button type="button" class="cell-link" onclick={open(&p.on_msg, set, trial)}
                        aria-label={format!("{strategy} with {scheme} {word} in {failing} of {} trials: open trial {trial} in the live view", r.trials)}>
                        { format!("{word} ({failing}/{})", r.trials) }
                    </button>
                </td>
            },
            None => html! { <td class={classes!("cell", class)}>{ word }</td> },
        }
    };
    html! {
        <table class="db matrix">
            <caption>{ format!("Strategy × version scheme under {}: converges, diverges or stalls (a cell opens a failing trial)",
                broker_title(p.outcomes.sets.first().map_or_else(Default::default, |s| s.spec.config.broker))) }</caption>
            <thead><tr>
                <th scope="col">{ "Strategy" }</th>
                for (scheme, _) in SCHEMES { <th scope="col">{ scheme.name() }</th> }
            </tr></thead>
            <tbody>
                for (strategy, _) in STRATEGIES {
                    <tr>
                        <th scope="row">{ strategy.name() }</th>
                        for (scheme, _) in SCHEMES { { cell(strategy.name(), scheme.name()) } }
                    </tr>
                }
            </tbody>
        </table>
    }
}
