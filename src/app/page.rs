//! The page: wires the reducer, the play timer and the keyboard to the panels.

use super::broker_panel::BrokerPanel;
use super::controls::Controls;
use super::msg::Msg;
use super::orders_panel::OrdersPanel;
use super::project;
use super::state::{default_scenario, Playground, TICK_MS};
use super::tickets_panel::TicketsPanel;
use super::verdict::Verdict;
use super::Timeline;
use gloo_timers::callback::Interval;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| Playground::new(default_scenario()));
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
    use_keyboard(on_msg.clone());

    let sim = state.sim();
    let view = project::controls(&sim, state.playing, state.speed);
    let (lanes, rows) = project::timeline(&sim);
    let members = project::members(&sim);
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "OCC Playground" }</h1>
                <p class="tagline">{ "Versioned events and optimistic concurrency, simulated in WebAssembly" }</p>
            </header>
            <Verdict verdict={project::verdict(&sim)} />
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert">{ notice }</p>
            }
            <super::presets::PresetBar on_msg={on_msg.clone()} />
            <Controls {view} on_msg={on_msg.clone()} />
            <main class="services">
                <TicketsPanel tickets={project::tickets(&sim)} on_msg={on_msg.clone()} />
                <BrokerPanel messages={project::messages(&sim)} members={members.clone()} on_msg={on_msg.clone()} />
                <OrdersPanel {members} rows={project::replica(&sim)} />
            </main>
            <section class="panel timeline-panel" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{ "Timeline" }</h2>
                <Timeline {lanes} rows={Rc::new(rows)} current={sim.steps_taken().checked_sub(1)}
                    on_select={on_msg.reform(|step: u64| Msg::JumpTo(step + 1))} />
            </section>
        </div>
    }
}

/// Space plays or pauses, arrows step; ignored while typing in a field.
#[hook]
fn use_keyboard(on_msg: Callback<Msg>) {
    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
                        )
                    })
                    .unwrap_or(false);
                if typing || e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
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
