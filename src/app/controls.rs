//! The control bar: configuration, faults, the network and time.

use super::explain::Explain;
use super::number_field::NumberField;
use super::select_field::{options, SelectField};
use crate::engine::config::{BrokerKind, Deletes};
use crate::engine::{Strategy, VersionScheme};
use crate::playground::glossary;
use crate::playground::options::{
    broker_text, ACK_WAIT_MS, DEFAULT_SPEED, LATENCY_MAX_MS, LISTENERS, MAX_SEED, SCHEMES, SPEEDS,
    STRATEGIES,
};
use crate::playground::view::ControlsView;
use crate::playground::{Msg, BURST_UPDATES};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub view: ControlsView,
    /// Settings start folded away: embedded in a course page, or in a
    /// lesson (its text says what to change; the stage comes first).
    #[prop_or_default]
    pub folded: bool,
    /// The long wait Play just jumped over, in words (`pace::Skip`).
    #[prop_or_default]
    pub skipped: Option<AttrValue>,
    pub on_msg: Callback<Msg>,
}

/// A select's value as a typed message; a value the page never offered becomes a notice.
fn parsed<T: 'static>(
    on_msg: &Callback<Msg>,
    parse: fn(&str) -> Option<T>,
    to: fn(T) -> Msg,
) -> Callback<String> {
    on_msg.reform(move |v: String| {
        parse(&v).map_or_else(|| Msg::Notice(format!("There is no choice \"{v}\".")), to)
    })
}

/// A glossary entry's sentence, for a button's tooltip.
fn tip(id: &str) -> Option<&'static str> {
    glossary::explain(id).map(|t| t.text)
}

fn click(on_msg: &Callback<Msg>, msg: Msg) -> Callback<MouseEvent> {
    on_msg.reform(move |_| msg.clone())
}

/// The chosen broker's knobs: the full page's (the first visit runs NATS
/// Streaming only and hands any other broker over).
#[cfg(feature = "jobs")]
fn knobs(v: &ControlsView, m: &Callback<Msg>) -> Html {
    super::broker_knobs::broker_knobs(v, m)
}

#[cfg(not(feature = "jobs"))]
fn knobs(_: &ControlsView, _: &Callback<Msg>) -> Html {
    Html::default()
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
                <button onclick={click(m, Msg::Reset)} title="Back to the start of this scenario">{ "Reset" }</button>
                <button onclick={click(m, Msg::Clear)} title="Empty the run: no tickets, same settings">{ "Clear" }</button>
                <SelectField id="speed" label="Speed" value={v.speed.to_string()}
                    options={options(SPEEDS.iter().map(|(s, n)| (s.to_string(), *n)))}
                    on_change={m.reform(|v: String| Msg::SetSpeed(v.parse().unwrap_or(DEFAULT_SPEED)))} />
                <span class="clock" aria-live="off">{ format!("step {} · t = {} ms", v.step, v.now_ms) }</span>
                if let Some(text) = &p.skipped {
                    <p class="skipped" aria-live="polite">{ text }</p>
                }
            </fieldset>
            <details class="settings" open={!p.folded}>
                <summary>{ "Settings and faults" }</summary>
                <div class="settings-body">
            <fieldset>
                <legend>{ "Broker" }</legend>
                <SelectField id="broker" label="Broker" value={v.broker.name()}
                    options={options(BrokerKind::ALL.iter().map(|b| (b.name().to_string(), broker_text(*b))))}
                    on_change={parsed(m, BrokerKind::parse, Msg::SetBroker)} />
                { knobs(v, m) }
            </fieldset>
            <fieldset>
                <legend>{ "Orders listeners" }</legend>
                <SelectField id="strategy" label="Strategy" value={v.strategy.name()}
                    options={options(STRATEGIES.iter().map(|(s, n)| (s.name().to_string(), *n)))}
                    on_change={parsed(m, Strategy::parse, Msg::SetStrategy)} />
                <p class="hint term-hint">{ glossary::strategy(v.strategy).map(|t| t.text) }</p>
                <SelectField id="on-delete" label="Deletes" value={v.on_delete.name()}
                    options={options(Deletes::ALL.iter().map(|d| (d.name().to_string(), match d {
                        Deletes::Hard => "hard: remove the row",
                        Deletes::Tombstone => "tombstone: keep it, marked deleted",
                    })))}
                    on_change={parsed(m, Deletes::parse, Msg::SetOnDelete)} />
                <Explain term="tombstone" />
                <NumberField id="listeners" label="Listeners" value={v.listeners} min={u64::from(LISTENERS.0)} max={u64::from(LISTENERS.1)}
                    on_commit={m.reform(|n: u64| Msg::SetListeners(n as u8))} />
                <Explain term="queue-group" />
                <NumberField id="ack-wait" label="Ack wait (ms)" value={v.ack_wait_ms} min={ACK_WAIT_MS.0} max={ACK_WAIT_MS.1} on_commit={m.reform(Msg::SetAckWait)} />
                <Explain term="ack-wait" />
            </fieldset>
            <fieldset>
                <legend>{ "Tickets publisher" }</legend>
                <SelectField id="scheme" label="Version scheme" value={v.scheme.name()}
                    options={options(SCHEMES.iter().map(|(s, n)| (s.name().to_string(), *n)))}
                    on_change={parsed(m, VersionScheme::parse, Msg::SetScheme)} />
                <p class="hint term-hint">{ glossary::scheme(v.scheme).map(|t| t.text) }</p>
                <NumberField id="seed" label="Seed" value={v.seed} min={0} max={MAX_SEED} on_commit={m.reform(Msg::SetSeed)} />
            </fieldset>
            <fieldset>
                <legend>{ "Network" }</legend>
                <NumberField id="delivery-min" label="Delivery min (ms)" value={dmin} min={0} max={dmax} on_commit={m.reform(move |min| Msg::SetDelivery { min, max: dmax })} />
                <NumberField id="delivery-max" label="Delivery max (ms)" value={dmax} min={dmin} max={LATENCY_MAX_MS} on_commit={m.reform(move |max| Msg::SetDelivery { min: dmin, max })} />
                <NumberField id="processing-min" label="Processing min (ms)" value={pmin} min={0} max={pmax} on_commit={m.reform(move |min| Msg::SetProcessing { min, max: pmax })} />
                <NumberField id="processing-max" label="Processing max (ms)" value={pmax} min={pmin} max={LATENCY_MAX_MS} on_commit={m.reform(move |max| Msg::SetProcessing { min: pmin, max })} />
                <button onclick={click(m, Msg::Shuffle)} title="Re-draw the delivery of every message still in flight">{ "Shuffle" }</button>
                <button onclick={click(m, Msg::Burst(BURST_UPDATES))} title={format!("{BURST_UPDATES} quick price updates of the first ticket")}>{ "Burst" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Faults" }</legend>
                for member in v.members.iter().copied() {
                    <button onclick={click(m, Msg::Crash(member))} title={tip("crash")}>{ format!("Crash {member}") }</button>
                }
                <Explain term="crash" />
                <button onclick={click(m, Msg::LoseNextAck)} title={tip("lose-next-ack")}>{ "Lose next ack" }</button>
                <Explain term="lose-next-ack" />
                <button onclick={click(m, Msg::DelaySpike)} title={tip("delay-spike")}>{ "Delay spike" }</button>
                <Explain term="delay-spike" />
            </fieldset>
                </div>
            </details>
        </section>
    }
}
