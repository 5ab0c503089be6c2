//! The chosen broker's own knobs in Settings, shown only for that broker.
//! Only the full page has them: the first-visit module runs NATS Streaming
//! only (a broker it lacks is handed over, `live.rs`), so it links none of
//! this. Each number field's range is the engine's (`knobs::allowed`); a
//! change sends the model's whole settings, which the reducer rebuilds the
//! run with (a value the engine refuses becomes a notice).

use super::explain::Explain;
use super::number_field::NumberField;
use crate::engine::config::{BrokerKind, JetStreamSettings};
use crate::engine::knobs;
use crate::playground::view::ControlsView;
use crate::playground::Msg;
use yew::prelude::*;

/// The range of a knob in `knobs.rs` (every field named here is there).
fn range(field: &str) -> (u64, u64) {
    knobs::allowed(field).unwrap_or((0, u64::MAX))
}

/// The fields for `v.broker`; nothing for NATS Streaming (its knobs are
/// the shared ones above).
pub fn broker_knobs(v: &ControlsView, m: &Callback<Msg>) -> Html {
    match v.broker {
        BrokerKind::JetStream => jetstream(&v.jetstream, m),
        BrokerKind::Stan | BrokerKind::Kafka => Html::default(),
    }
}

fn jetstream(js: &JetStreamSettings, m: &Callback<Msg>) -> Html {
    // Each change: the settings as they are, with one field changed.
    let set = |f: fn(&mut JetStreamSettings, u64)| {
        let js = js.clone();
        m.reform(move |n: u64| {
            let mut next = js.clone();
            f(&mut next, n);
            Msg::SetJetStream(next)
        })
    };
    let toggle = |f: fn(&mut JetStreamSettings, bool)| {
        let js = js.clone();
        m.reform(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            let mut next = js.clone();
            f(&mut next, on);
            Msg::SetJetStream(next)
        })
    };
    let (map_lo, map_hi) = range("jetstream.max_ack_pending");
    let (nak_lo, nak_hi) = range("jetstream.nak_delay_ms");
    let (dup_lo, dup_hi) = range("jetstream.duplicate_window_ms");
    html! {
        <>
            <NumberField id="max-ack-pending" label="MaxAckPending" value={u64::from(js.max_ack_pending)}
                min={map_lo} max={map_hi}
                on_commit={set(|s, n| s.max_ack_pending = u32::try_from(n).unwrap_or(u32::MAX))} />
            <Explain term="max-ack-pending" />
            <NumberField id="duplicate-window" label="Duplicate window (ms)" value={js.duplicate_window_ms}
                min={dup_lo} max={dup_hi} on_commit={set(|s, n| s.duplicate_window_ms = n)} />
            <Explain term="msg-id" />
            <label class="field-inline">
                <input type="checkbox" id="nak" checked={js.nak_delay_ms.is_some()}
                    onchange={toggle(|s, on| s.nak_delay_ms = on.then_some(0))} />
                { " The OCC listener naks what it refuses" }
            </label>
            <Explain term="nak" />
            if let Some(delay) = js.nak_delay_ms {
                <NumberField id="nak-delay" label="Nak delay (ms)" value={delay} min={nak_lo} max={nak_hi}
                    on_commit={set(|s, n| s.nak_delay_ms = Some(n))} />
            }
            <label class="field-inline">
                <input type="checkbox" id="expect-last-seq" checked={js.expect_last_subject_seq}
                    onchange={toggle(|s, on| s.expect_last_subject_seq = on)} />
                { " Tickets publishes with the expected last subject sequence" }
            </label>
            <Explain term="expected-last-subject-sequence" />
        </>
    }
}
