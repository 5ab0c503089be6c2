//! The explorer panel: every schedule of a small scenario (the engine's
//! explorer). It draws the playground's `Explorer` state: the estimate, a
//! polite refusal above the limit, progress while a worker runs it, and the
//! shortest counterexample to open in the live view.

use super::explorer_results::ExploreResults;
use super::run_choices::{broker_field, burst_end_field};
use super::run_form::RangeField;
use super::select_field::{options, SelectField};
use crate::engine::{Strategy, VersionScheme};
use crate::playground::explorer::{Explorer, Phase};
use crate::playground::fields::grouped;
use crate::playground::options::{SCHEMES, STRATEGIES};
use crate::playground::{ExploreMsg, Field, Msg};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplorerPanelProps {
    pub state: Explorer,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn ExplorerPanel(p: &ExplorerPanelProps) -> Html {
    let text = |f: Field| {
        p.on_msg
            .reform(move |v| Msg::Explore(ExploreMsg::SetText(f, v)))
    };
    let click = |m: ExploreMsg| {
        p.on_msg
            .reform(move |_: MouseEvent| Msg::Explore(m.clone()))
    };
    // A value the page never offered changes nothing.
    let on_strategy = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |v: String| {
            if let Some(s) = Strategy::parse(&v) {
                on_msg.emit(Msg::Explore(ExploreMsg::SetStrategy(s)));
            }
        })
    };
    let on_scheme = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |v: String| {
            if let Some(s) = VersionScheme::parse(&v) {
                on_msg.emit(Msg::Explore(ExploreMsg::SetScheme(s)));
            }
        })
    };
    let running = p.state.running();
    let f = &p.state.form;
    let (estimate, _) = f.estimate();
    html! {
        <section class="panel explorer" aria-labelledby="explorer-title">
            <h2 id="explorer-title">{ "Explorer" }</h2>
            <p class="hint">{ "Every schedule of one create and N updates (and a delete, if chosen), all published up front: every order in which the broker hands messages to listeners under its own rules, listeners read and write, and refused messages come back." }</p>
            <form class="form run-form" aria-label="Exploration" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <SelectField id="xp-strategy" label="Strategy" value={f.strategy.name()}
                    options={options(STRATEGIES.iter().map(|(s, t)| (s.name().to_string(), *t)))} on_change={on_strategy} />
                <SelectField id="xp-scheme" label="Version scheme" value={f.scheme.name()}
                    options={options(SCHEMES.iter().map(|(s, t)| (s.name().to_string(), *t)))} on_change={on_scheme} />
                { broker_field("xp-broker", f.broker, &p.on_msg, |b| Msg::Explore(ExploreMsg::SetBroker(b))) }
                { burst_end_field("xp-deletes", f.deletes, &p.on_msg, |d| Msg::Explore(ExploreMsg::SetDeletes(d))) }
                <RangeField id="xp-updates" label="Updates" field={f.updates.clone()} disabled={running} on_text={text(Field::Updates)} />
                <RangeField id="xp-listeners" label="Listeners" field={f.listeners.clone()} disabled={running} on_text={text(Field::Listeners)} />
                <button type="button" class="primary" onclick={click(ExploreMsg::Run)} disabled={running}>{ "Explore" }</button>
                <button type="button" onclick={click(ExploreMsg::Cancel)} disabled={!running}>{ "Cancel" }</button>
            </form>
            <p class="estimate" aria-live="polite">{ estimate }</p>
            { match &p.state.phase {
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
