//! The page: wires the reducer, the play timer, the keyboard, persistence and
//! the host page to the panels.

use super::broker_panel::BrokerPanel;
use super::controls::Controls;
use super::experiments_panel::ExperimentsPanel;
use super::explorer_panel::ExplorerPanel;
use super::host;
use super::lessons::LessonBar;
use super::msg::{Msg, Tab};
use super::orders_panel::OrdersPanel;
use super::persist;
use super::project;
use super::recent_runs::RecentRuns;
use super::resize::use_height_reports;
use super::share_bar::{ShareBar, ShareCmd};
use super::state::{Playground, TICK_MS};
use super::tickets_panel::TicketsPanel;
use super::verdict::Verdict;
use super::Timeline;
use crate::import::{self, Source};
use gloo_timers::callback::Interval;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(persist::initial);
    let opts = use_memo((), |_| persist::options());
    let embedded = use_memo((), |_| opts.embed);
    let shown = use_state(|| None::<String>);
    let on_msg = {
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Msg| dispatcher.dispatch(m))
    };

    // The play timer exists only while playing; dropping the Interval cancels it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let timer =
                playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(Msg::Tick)));
            move || drop(timer)
        });
    }
    // The address bar and storage follow the state, but not on every animation tick.
    {
        let state = state.clone();
        use_effect_with((state.rev(), state.playing), move |(_, playing)| {
            if !playing {
                persist::save(&state.shared());
            }
        });
    }
    use_keyboard(on_msg.clone());
    use_host_commands(on_msg.clone());
    use_height_reports(*embedded);
    {
        let sim = state.sim();
        let verdict = project::verdict(&sim);
        let key = (sim.steps_taken(), verdict.kind);
        let now = sim.now_ms();
        use_effect_with(key, move |(step, kind)| {
            host::tell_parent(&host::Report {
                tag: host::TAG,
                event: "step",
                step: *step,
                time_ms: now,
                verdict: kind.word(),
                reason: &verdict.reason,
            });
        });
    }

    let on_share = {
        let (state, shown, on_msg) = (state.clone(), shown.clone(), on_msg.clone());
        Callback::from(move |cmd: ShareCmd| share(cmd, &state, &shown, &on_msg))
    };

    let sim = state.sim();
    let view = project::controls(&sim, state.playing, state.speed);
    let lanes = project::lanes(&sim);
    let rows = state.timeline_rows();
    let members = project::members(&sim);
    html! {
        <div class={classes!("app", embedded.then_some("embed"))}>
            <header class="app-header">
                <h1>{ "OCC Playground" }</h1>
                if *embedded {
                    <a class="full-link" href={persist::share_link(&state.shared())} target="_blank" rel="noopener">
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
            if !*embedded {
                <TabBar current={state.tab} on_msg={on_msg.clone()} />
            }
            if state.tab == Tab::Live {
                if !*embedded {
                    <LessonBar current={state.lesson} on_msg={on_msg.clone()} />
                }
                if sim.scenario().schedule.is_some() {
                    <p class="hint schedule-hint">
                        { "Replaying the explorer's schedule: Step walks through its choices in order. Reset leaves it for a live run." }
                    </p>
                }
                if opts.shows("controls") {
                    <Controls {view} compact={*embedded} on_msg={on_msg.clone()} />
                }
                <main class="services">
                    if opts.shows("tickets") {
                        <TicketsPanel tickets={project::tickets(&sim)} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("broker") {
                        <BrokerPanel messages={project::messages(&sim)} members={members.clone()} on_msg={on_msg.clone()} />
                    }
                    if opts.shows("orders") {
                        <OrdersPanel {members} rows={project::replica(&sim)} />
                    }
                </main>
                if opts.shows("timeline") {
                    <section class="panel timeline-panel" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">{ "Timeline" }</h2>
                        <Timeline {lanes} {rows} current={sim.steps_taken().checked_sub(1)}
                            on_select={on_msg.reform(|step: u64| Msg::JumpTo(step + 1))} />
                    </section>
                }
            } else if state.tab == Tab::Experiments {
                <ExperimentsPanel on_msg={on_msg.clone()} />
            } else {
                <ExplorerPanel on_msg={on_msg.clone()} />
            }
            if !*embedded {
                <ShareBar on_cmd={on_share} shown={(*shown).clone()} />
                <RecentRuns on_msg={on_msg.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TabBarProps {
    current: Tab,
    on_msg: Callback<Msg>,
}

/// Live view, experiments, explorer: buttons with aria-pressed (each view is a page section).
#[component]
fn TabBar(p: &TabBarProps) -> Html {
    let tabs = [
        (Tab::Live, "Live view"),
        (Tab::Experiments, "Experiments"),
        (Tab::Explorer, "Explorer"),
    ];
    html! {
        <nav class="tabs" aria-label="Views">
            for (tab, name) in tabs {
                <button class={classes!("tab", (p.current == tab).then_some("active"))}
                    aria-pressed={(p.current == tab).to_string()}
                    onclick={p.on_msg.reform(move |_| Msg::ShowTab(tab))}>{ name }</button>
            }
        </nav>
    }
}

/// Side effects of the share bar: clipboard, downloads, reading a file.
fn share(
    cmd: ShareCmd,
    state: &Playground,
    shown: &UseStateHandle<Option<String>>,
    on_msg: &Callback<Msg>,
) {
    let shared = state.shared();
    // A visible confirmation either way; the field below the buttons holds the
    // text for copying by hand when the browser refuses.
    let copy = |text: String, what: &'static str| {
        shown.set(Some(text.clone()));
        let on_msg = on_msg.clone();
        let refused = move || {
            Msg::Notice(format!(
                "The browser did not allow copying; select the {what} below and copy it."
            ))
        };
        match persist::copy(&text) {
            Some(promise) => wasm_bindgen_futures::spawn_local(async move {
                on_msg.emit(match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => Msg::Notice(format!("Copied the {what} to the clipboard.")),
                    Err(_) => refused(),
                });
            }),
            None => on_msg.emit(refused()),
        }
    };
    match cmd {
        ShareCmd::CopyLink => copy(persist::share_link(&shared), "link"),
        ShareCmd::CopyEmbed => copy(persist::embed_code(&shared), "embed code"),
        ShareCmd::ExportScenario => {
            let json = serde_json::to_string_pretty(&shared).unwrap_or_default();
            if let Err(e) = persist::download("occ-scenario.json", &json) {
                on_msg.emit(Msg::Notice(format!("Export failed: {e}.")));
            }
        }
        ShareCmd::ExportTrace => {
            let sim = state.sim();
            let file = serde_json::json!({ "scenario": shared.scenario, "step": shared.step, "trace": sim.trace() });
            if let Err(e) = persist::download("occ-trace.json", &file.to_string()) {
                on_msg.emit(Msg::Notice(format!("Export failed: {e}.")));
            }
        }
        ShareCmd::Import(text) => on_msg.emit(match import::from_text(Source::File, &text) {
            Ok(state) => {
                persist::opened(&state);
                Msg::Load(Box::new(state))
            }
            Err(e) => Msg::Notice(format!(
                "That file could not be imported: {e}. Nothing was changed."
            )),
        }),
        ShareCmd::ImportFailed(why) => on_msg.emit(Msg::Notice(format!("Import failed: {why}."))),
    }
}

/// Space plays or pauses, arrows step; ignored while typing or on a control.
#[hook]
fn use_keyboard(on_msg: Callback<Msg>) {
    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let on_control = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "A"
                        )
                    });
                if on_control
                    || e.default_prevented()
                    || e.ctrl_key()
                    || e.meta_key()
                    || e.alt_key()
                {
                    return;
                }
                let msg = match e.key().as_str() {
                    " " => Msg::TogglePlay,
                    "ArrowRight" => Msg::Step,
                    "ArrowLeft" => Msg::StepBack,
                    _ => return,
                };
                e.prevent_default();
                on_msg.emit(msg);
            });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ =
                d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Commands from an embedding page, through postMessage.
#[hook]
fn use_host_commands(on_msg: Callback<Msg>) {
    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                match host::command(e.data()) {
                    Some(Ok(msg)) => on_msg.emit(msg),
                    Some(Err(why)) => on_msg.emit(Msg::Notice(format!(
                        "A message from the host page was ignored: {why}."
                    ))),
                    None => {}
                }
            });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "message",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
