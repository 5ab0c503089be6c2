//! The control bar: configuration, faults, the network and time.

use super::msg::Msg;
use super::number_field::NumberField;
use super::select_field::SelectField;
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
/// Seeds stay exact in JavaScript numbers (links, the JS API, trials opened from experiments).
pub const MAX_SEED: u64 = crate::engine::rng::JS_SAFE_MAX;

/// A config field's allowed range, from `config.rs` (through the knob table).
fn range(field: &str) -> (u64, u64) {
    crate::engine::knobs::allowed(field).unwrap_or((0, 0))
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub view: ControlsView,
    /// Embedded in a course page: settings start folded away.
    #[prop_or_default]
    pub compact: bool,
    pub on_msg: Callback<Msg>,
}

fn opts<'a>(pairs: impl Iterator<Item = (String, &'a str)>) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .map(|(v, t)| (AttrValue::from(v), AttrValue::from(t.to_string())))
        .collect()
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
                <SelectField id="speed" label="Speed" value={v.speed.to_string()}
                    options={opts(SPEEDS.iter().map(|(s, n)| (s.to_string(), *n)))}
                    on_change={m.reform(|v: String| Msg::SetSpeed(v.parse().unwrap_or(4)))} />
                <span class="clock" aria-live="off">{ format!("step {} · t = {} ms", v.step, v.now_ms) }</span>
            </fieldset>
            <details class="settings" open={!p.compact}>
                <summary>{ "Settings and faults" }</summary>
                <div class="settings-body">
            <fieldset>
                <legend>{ "Orders listeners" }</legend>
                <SelectField id="strategy" label="Strategy" value={v.strategy.clone()}
                    options={opts(STRATEGIES.iter().map(|(id, n)| (id.to_string(), *n)))}
                    on_change={m.reform(Msg::SetStrategy)} />
                <NumberField id="listeners" label="Listeners" value={v.listeners} min={range("listeners").0} max={range("listeners").1} on_commit={m.reform(Msg::SetListeners)} />
                <NumberField id="ack-wait" label="Ack wait (ms)" value={v.ack_wait_ms} min={range("ack_wait_ms").0} max={range("ack_wait_ms").1} on_commit={m.reform(Msg::SetAckWait)} />
            </fieldset>
            <fieldset>
                <legend>{ "Tickets publisher" }</legend>
                <SelectField id="scheme" label="Version scheme" value={v.scheme.clone()}
                    options={opts(SCHEMES.iter().map(|(id, n)| (id.to_string(), *n)))}
                    on_change={m.reform(Msg::SetScheme)} />
                <NumberField id="seed" label="Seed" value={v.seed} min={0} max={MAX_SEED} on_commit={m.reform(Msg::SetSeed)} />
            </fieldset>
            <fieldset>
                <legend>{ "Network" }</legend>
                <NumberField id="delivery-min" label="Delivery min (ms)" value={dmin} min={0} max={dmax} on_commit={m.reform(move |min| Msg::SetDelivery { min, max: dmax })} />
                <NumberField id="delivery-max" label="Delivery max (ms)" value={dmax} min={dmin} max={range("delivery_ms.max").1} on_commit={m.reform(move |max| Msg::SetDelivery { min: dmin, max })} />
                <NumberField id="processing-min" label="Processing min (ms)" value={pmin} min={0} max={pmax} on_commit={m.reform(move |min| Msg::SetProcessing { min, max: pmax })} />
                <NumberField id="processing-max" label="Processing max (ms)" value={pmax} min={pmin} max={range("processing_ms.max").1} on_commit={m.reform(move |max| Msg::SetProcessing { min: pmin, max })} />
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
                </div>
            </details>
        </section>
    }
}
