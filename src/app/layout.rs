//! The page's layout, shared by the full page (`page::App`) and the first-visit
//! page (`live::LiveApp`). What differs between the two comes in as `Chrome`,
//! so the first-visit module links none of the panels, links or importers.

use super::broker_panel::BrokerPanel;
use super::controls::Controls;
use super::effects::share::ShareCmd;
use super::explain::Glossary;
use super::lessons::LessonBar;
use super::orders_panel::OrdersPanel;
use super::recent_runs::RecentRuns;
use super::share_bar::ShareBar;
use super::tab_bar::TabBar;
use super::tickets_panel::TicketsPanel;
use super::verdict::Verdict;
use super::Timeline;
use crate::embed_options::EmbedOptions;
use crate::playground::{project, Msg, Playground, Tab};
use crate::saved::RecentRun;
use crate::stage::BrokerView;
use yew::prelude::*;

/// The parts of the page one module has and the other does not.
pub struct Chrome {
    /// Where the tab bar's and the share bar's messages go.
    pub on_tab: Callback<Msg>,
    pub on_share: Callback<ShareCmd>,
    pub read_recent: Callback<(), Vec<RecentRun>>,
    /// The experiments or explorer view, when that tab is open.
    pub panel: Html,
    /// The embed's "Open in the full playground" address.
    pub full_link: Option<String>,
    /// The page's lower part (the timeline, the glossary, the share bar and
    /// the recent runs): left out of the first screen rendered at build time
    /// (`first_screen`), below the fold on every screen, so a slow network
    /// gets the rest of the first screen sooner (about 1.3 KB gzip less).
    pub lower: bool,
}

pub fn layout(
    state: &UseReducerHandle<Playground>,
    opts: &EmbedOptions,
    on_msg: &Callback<Msg>,
    chrome: Chrome,
) -> Html {
    let embedded = opts.embed;
    let sim = state.sim();
    html! {
        <div class={classes!("app", embedded.then_some("embed"))}>
            <header class="app-header">
                <h1>{ "OCC Playground" }</h1>
                if let Some(href) = chrome.full_link.filter(|_| embedded) {
                    <a class="full-link" {href} target="_blank" rel="noopener">
                        { "Open in the full playground" }
                    </a>
                } else {
                    <p class="tagline">{ "Versioned events and optimistic concurrency, simulated in WebAssembly" }</p>
                }
            </header>
            // The tabs before the live view's verdict, which is the live
            // view's own (the other tabs say their own): on a phone they share
            // the name's line (static/style.css).
            if !embedded {
                <TabBar current={state.tab} on_msg={chrome.on_tab} />
            }
            if state.tab == Tab::Live {
                <Verdict verdict={project::verdict(&sim)} />
            }
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert">
                    <span>{ notice }</span>
                    <button onclick={on_msg.reform(|_| Msg::DismissNotice)} aria-label="Dismiss message">{ "×" }</button>
                </div>
            }
            <main class="view">
            if state.tab == Tab::Live {
                // On a wide screen the story and the player sit beside the
                // stage, so a lesson's text, Play and the stage share a screen.
                <div class="live-top">
                    <div class="live-side">
                        // Embedded, a lesson's text shows without the lesson picker.
                        <LessonBar current={state.lesson} nav={!embedded} on_msg={on_msg.clone()} />
                        if sim.scenario().schedule.is_some() {
                            <p class="hint schedule-hint">
                                { "Replaying the explorer's schedule: Step walks through its choices in order. Reset goes back to its first choice; Clear leaves it for a live run." }
                            </p>
                        }
                        if opts.shows("controls") {
                            <Controls view={project::controls(&sim, state.playing, state.speed, state.clock_ms())} folded={embedded || state.lesson.is_some()}
                                skipped={state.skipped.as_ref().map(|s| AttrValue::from(s.text.clone()))} on_msg={on_msg.clone()} />
                        }
                    </div>
                    if opts.shows("stage") {
                        { stage_panel(state) }
                    }
                </div>
                <div class="services">
                    if opts.shows("tickets") {
                        <TicketsPanel tickets={project::tickets(&sim)} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("broker") {
                        <BrokerPanel broker={BrokerView::of(&sim)} messages={project::messages(&sim)} members={project::members(&sim)} network={project::network(&sim)} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("orders") {
                        <OrdersPanel members={project::members(&sim)} rows={project::replica(&sim)} />
                    }
                </div>
                if opts.shows("timeline") && chrome.lower {
                    <section class="panel timeline-panel" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">{ "Timeline" }</h2>
                        <Timeline lanes={project::lanes(&sim)} rows={state.timeline_rows()} current={sim.steps_taken().checked_sub(1)}
                            on_select={on_msg.reform(|step: u64| Msg::JumpTo(step + 1))} />
                    </section>
                }
            } else {
                { chrome.panel }
            }
            </main>
            if chrome.lower {
                <Glossary />
            }
            if !embedded && chrome.lower {
                <ShareBar on_cmd={chrome.on_share} shown={state.shown_link.clone()} said={state.share_said.clone()} />
                <RecentRuns on_msg={on_msg.clone()} read={chrome.read_recent} />
            }
        </div>
    }
}

/// The stage, drawn from the run as it is now.
fn stage_panel(state: &UseReducerHandle<Playground>) -> Html {
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
