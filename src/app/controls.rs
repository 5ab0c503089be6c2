//! The control bar: configuration, faults, the network and time.

use super::msg::Msg;
use super::number_field::NumberField;
use super::view::ControlsView;
use yew::prelude::*;

pub const STRATEGIES: [(&str, &str); 5] = [
    ("naive", "naive: apply every update"),
    ("occ", "occ: the lecture's version - 1 rule"),
    ("plugin-increment", "plugin-increment: Option #1"),
    ("newest-wins", "newest-wins"),
    ("prev-version", "prev-version"),
];
pub const SCHEMES: [(&str, &str); 3] = [
    ("increment", "increment (+1)"),
    ("step100", "step100 (+100, mystery source)"),
    ("timestamp", "timestamp (mystery source)"),
];
pub const SPEEDS: [(u32, &str); 4] = [
    (1, "slow"),
    (4, "normal"),
    (16, "fast"),
    (256, "full speed"),
];
pub const MAX_SEED: u64 = u32::MAX as u64;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub view: ControlsView,
    pub on_msg: Callback<Msg>,
}

fn select_cb(on_msg: &Callback<Msg>, f: fn(String) -> Msg) -> Callback<Event> {
    on_msg.reform(move |e: Event| {
        f(e.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value())
    })
}

fn click(on_msg: &Callback<Msg>, msg: Msg) -> Callback<MouseEvent> {
    on_msg.reform(move |_| msg.clone())
}

#[component]
pub fn Controls(p: &ControlsProps) -> Html {
    let v = &p.view;
    let m = &p.on_msg;
    let (dmin, dmax) = v.delivery_ms;
    let (pmin, pmax) = v.processing_ms;
    html! {
        <section class="controls" aria-label="Controls">
            <fieldset class="player">
                <legend>{ "Time" }</legend>
                if v.playing {
                    <button onclick={click(m, Msg::Pause)} aria-keyshortcuts="Space">{ "Pause" }</button>
                } else {
                    <button onclick={click(m, Msg::Play)} aria-keyshortcuts="Space" disabled={v.finished}>{ "Play" }</button>
                }
                <button onclick={click(m, Msg::Step)} aria-keyshortcuts="ArrowRight" disabled={v.finished}>{ "Step" }</button>
                <button onclick={click(m, Msg::StepBack)} aria-keyshortcuts="ArrowLeft" disabled={v.step == 0}>{ "Step back" }</button>
                <button onclick={click(m, Msg::Reset)}>{ "Reset" }</button>
                <div class="field">
                    <label for="speed">{ "Speed" }</label>
                    <select id="speed" onchange={m.reform(|e: Event| Msg::SetSpeed(
                        e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(4)))}>
                        for (s, name) in SPEEDS {
                            <option value={s.to_string()} selected={s == v.speed}>{ name }</option>
                        }
                    </select>
                </div>
                <span class="clock" aria-live="off">{ format!("step {} · t = {} ms", v.step, v.now_ms) }</span>
            </fieldset>
            <fieldset>
                <legend>{ "Orders listeners" }</legend>
                <div class="field">
                    <label for="strategy">{ "Strategy" }</label>
                    <select id="strategy" onchange={select_cb(m, Msg::SetStrategy)}>
                        for (id, name) in STRATEGIES {
                            <option value={id} selected={id == v.strategy}>{ name }</option>
                        }
                    </select>
                </div>
                <NumberField id="listeners" label="Listeners" value={v.listeners} min={1} max={8} on_commit={m.reform(Msg::SetListeners)} />
                <NumberField id="ack-wait" label="Ack wait (ms)" value={v.ack_wait_ms} min={10} max={60_000} on_commit={m.reform(Msg::SetAckWait)} />
            </fieldset>
            <fieldset>
                <legend>{ "Tickets publisher" }</legend>
                <div class="field">
                    <label for="scheme">{ "Version scheme" }</label>
                    <select id="scheme" onchange={select_cb(m, Msg::SetScheme)}>
                        for (id, name) in SCHEMES {
                            <option value={id} selected={id == v.scheme}>{ name }</option>
                        }
                    </select>
                </div>
                <NumberField id="seed" label="Seed" value={v.seed} min={0} max={MAX_SEED} on_commit={m.reform(Msg::SetSeed)} />
            </fieldset>
            <fieldset>
                <legend>{ "Network" }</legend>
                <NumberField id="delivery-min" label="Delivery min (ms)" value={dmin} min={0} max={dmax} on_commit={m.reform(move |min| Msg::SetDelivery { min, max: dmax })} />
                <NumberField id="delivery-max" label="Delivery max (ms)" value={dmax} min={dmin} max={10_000} on_commit={m.reform(move |max| Msg::SetDelivery { min: dmin, max })} />
                <NumberField id="processing-min" label="Processing min (ms)" value={pmin} min={0} max={pmax} on_commit={m.reform(move |min| Msg::SetProcessing { min, max: pmax })} />
                <NumberField id="processing-max" label="Processing max (ms)" value={pmax} min={pmin} max={10_000} on_commit={m.reform(move |max| Msg::SetProcessing { min: pmin, max })} />
                <button onclick={click(m, Msg::Shuffle)} title="Re-draw the delivery of every message still in flight">{ "Shuffle" }</button>
                <button onclick={click(m, Msg::Burst(200))} title="200 quick price updates of the first ticket">{ "Burst" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Faults" }</legend>
                for name in &v.members {
                    <button onclick={click(m, Msg::Crash(name.clone()))}>{ format!("Crash {name}") }</button>
                }
                <button onclick={click(m, Msg::LoseNextAck)}>{ "Lose next ack" }</button>
                <button onclick={click(m, Msg::DelaySpike)}>{ "Delay spike" }</button>
            </fieldset>
        </section>
    }
}
