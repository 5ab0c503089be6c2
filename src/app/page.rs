//! The page: hooks and layout. State and decisions are the playground's; the
//! hooks wire the browser effects to its one reducer.

use super::broker_panel::BrokerPanel;
use super::controls::Controls;
use super::effects::host::{use_host_commands, use_report_to_host};
use super::effects::keyboard::use_keyboard;
use super::effects::share::{carry_out, ShareCmd};
use super::effects::slices::use_slices;
use super::effects::storage;
use super::effects::timer::use_play_timer;
use super::experiments_panel::ExperimentsPanel;
use super::explain::Glossary;
use super::explorer_panel::ExplorerPanel;
use super::lessons::LessonBar;
use super::orders_panel::OrdersPanel;
use super::recent_runs::RecentRuns;
use super::resize::use_height_reports;
use super::share_bar::ShareBar;
use super::tab_bar::TabBar;
use super::tickets_panel::TicketsPanel;
use super::verdict::Verdict;
use super::Timeline;
use crate::playground::{persist, project, ExperimentMsg, ExploreMsg, Msg, Tab};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(storage::initial);
    let opts = use_memo((), |_| storage::options());
    let embedded = opts.embed;
    let on_msg = {
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Msg| dispatcher.dispatch(m))
    };
    use_play_timer(state.playing, on_msg.clone());
    use_slices(state.experiments.next_slice(), on_msg.clone(), |n| {
        Msg::Experiment(ExperimentMsg::Work(n))
    });
    use_slices(state.explorer.next_slice(), on_msg.clone(), |n| {
        Msg::Explore(ExploreMsg::Work(n))
    });
    use_effect_with((state.rev(), state.playing), {
        let state = state.clone();
        move |_| state.to_save().iter().for_each(storage::save)
    });
    use_keyboard(on_msg.clone());
    use_host_commands(on_msg.clone());
    use_report_to_host(state.report());
    use_height_reports(embedded);
    let on_share = {
        let (state, on_msg) = (state.clone(), on_msg.clone());
        Callback::from(move |cmd: ShareCmd| carry_out(cmd, &state, &on_msg))
    };

    let sim = state.sim();
    html! {
        <div class={classes!("app", embedded.then_some("embed"))}>
            <header class="app-header">
                <h1>{ "OCC Playground" }</h1>
                if embedded {
                    <a class="full-link" href={persist::share_link(&storage::base_url(), &state.shared())} target="_blank" rel="noopener">
                        { "Open in the full playground" }
                    </a>
                } else {
                    <p class="tagline">{ "Versioned events and optimistic concurrency, simulated in WebAssembly" }</p>
                }
            </header>
            <Verdict verdict={project::verdict(&sim)} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert">
                    <span>{ notice }</span>
                    <button onclick={on_msg.reform(|_| Msg::DismissNotice)} aria-label="Dismiss message">{ "×" }</button>
                </div>
            }
            if !embedded {
                <TabBar current={state.tab} on_msg={on_msg.clone()} />
            }
            <main class="view">
            if state.tab == Tab::Live {
                if !embedded {
                    <LessonBar current={state.lesson} on_msg={on_msg.clone()} />
                }
                if sim.scenario().schedule.is_some() {
                    <p class="hint schedule-hint">
                        { "Replaying the explorer's schedule: Step walks through its choices in order. Reset goes back to its first choice; Clear leaves it for a live run." }
                    </p>
                }
                if opts.shows("controls") {
                    <Controls view={project::controls(&sim, state.playing, state.speed, state.clock_ms())} compact={embedded} on_msg={on_msg.clone()} />
                }
                if opts.shows("stage") {
                    { stage_panel(&state) }
                }
                <div class="services">
                    if opts.shows("tickets") {
                        <TicketsPanel tickets={project::tickets(&sim)} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("broker") {
                        <BrokerPanel messages={project::messages(&sim)} members={project::members(&sim)} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("orders") {
                        <OrdersPanel members={project::members(&sim)} rows={project::replica(&sim)} />
                    }
                </div>
                if opts.shows("timeline") {
                    <section class="panel timeline-panel" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">{ "Timeline" }</h2>
                        <Timeline lanes={project::lanes(&sim)} rows={state.timeline_rows()} current={sim.steps_taken().checked_sub(1)}
                            on_select={on_msg.reform(|step: u64| Msg::JumpTo(step + 1))} />
                    </section>
                }
            } else if state.tab == Tab::Experiments {
                <ExperimentsPanel state={state.experiments.clone()} on_msg={on_msg.clone()} />
            } else {
                <ExplorerPanel state={state.explorer.clone()} on_msg={on_msg.clone()} />
            }
            </main>
            <Glossary />
            if !embedded {
                <ShareBar on_cmd={on_share} shown={state.shown_link.clone()} />
                <RecentRuns on_msg={on_msg.clone()} />
            }
        </div>
    }
}

/// The stage, drawn from the run as it is now.
fn stage_panel(state: &UseReducerHandle<crate::playground::Playground>) -> Html {
    let (a, b) = (state.clone(), state.clone());
    let frame = Callback::from(move |o| {
        // Between transitions the player's clock runs ahead of the run: tokens
        // on the wire move with it.
        std::rc::Rc::new(crate::stage::frame(
            &a.sim(),
            a.clock_ms(),
            a.fresh_from(),
            o,
        ))
    });
    let history = Callback::from(move |(c, seq)| crate::stage::history(&b.sim(), c, seq));
    let glide_ms = if state.playing {
        crate::playground::pace::TICK_MS
    } else {
        350
    };
    html! { <super::stage::StagePanel {frame} {history} {glide_ms} /> }
}
