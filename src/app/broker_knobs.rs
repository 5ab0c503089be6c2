//! The chosen broker's own knobs in Settings, shown only for that broker.
//! Only the full page has them: the first-visit module runs NATS Streaming
//! only (a broker it lacks is handed over, `live.rs`), so it links none of
//! this. Each number field's range is the engine's (`knobs::allowed`); a
//! change sends the model's whole settings, which the reducer rebuilds the
//! run with (a value the engine refuses becomes a notice).

use super::explain::Explain;
use super::number_field::NumberField;
use super::select_field::{options, SelectField};
use crate::engine::config::{BrokerKind, JetStreamSettings, KafkaSettings};
use crate::engine::kafka::OnRefuse;
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
        BrokerKind::Kafka => kafka(v.kafka, v.produce_retry_permille, m),
        BrokerKind::Stan => Html::default(),
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
            <div class="field">
                <label for="backoff">{ "BackOff (ms per delivery, comma-separated)" }</label>
                <input type="text" id="backoff" placeholder="none: the ack wait"
                    value={js.backoff_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")}
                    onchange={m.reform(|e: Event| Msg::SetBackOff(
                        e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
            </div>
            <Explain term="backoff" />
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

/// Kafka's knobs: topic tickets' partitions, the group's session timeout,
/// what the OCC listener does with a record it refuses (no nack in Kafka),
/// the producer's idempotence and requests in flight, and its retry fault.
fn kafka(k: KafkaSettings, permille: u16, m: &Callback<Msg>) -> Html {
    let send = move |settings: KafkaSettings, permille: u16| Msg::SetKafka {
        settings,
        produce_retry_permille: permille,
    };
    let set = |f: fn(&mut KafkaSettings, u64)| {
        m.reform(move |n: u64| {
            let mut next = k;
            f(&mut next, n);
            send(next, permille)
        })
    };
    let backoff = match k.on_refuse {
        OnRefuse::RetryInPlace { backoff_ms } => Some(backoff_ms),
        OnRefuse::SkipAndCommit => None,
    };
    let on_refuse = m.reform(move |v: String| {
        let mut next = k;
        next.on_refuse = match v.as_str() {
            "skip-and-commit" => OnRefuse::SkipAndCommit,
            _ => OnRefuse::default(),
        };
        send(next, permille)
    });
    let idempotence = m.reform(move |e: Event| {
        let mut next = k;
        next.idempotence = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked();
        send(next, permille)
    });
    let fault = m.reform(move |n: u64| send(k, u16::try_from(n).unwrap_or(u16::MAX)));
    let (p_lo, p_hi) = range("kafka.partitions");
    let (s_lo, s_hi) = range("kafka.session_timeout_ms");
    let (b_lo, b_hi) = range("kafka.on_refuse.backoff_ms");
    let (f_lo, f_hi) = range("kafka.max_in_flight");
    let (r_lo, r_hi) = range("faults.produce_retry_permille");
    let choices = [
        ("retry-in-place", "retry in place (blocks its partition)"),
        ("skip-and-commit", "skip and commit (moves on)"),
    ];
    html! {
        <>
            <NumberField id="partitions" label="Partitions" value={u64::from(k.partitions)}
                min={p_lo} max={p_hi}
                on_commit={set(|s, n| s.partitions = u32::try_from(n).unwrap_or(u32::MAX))} />
            <Explain term="partition" />
            <NumberField id="session-timeout" label="Session timeout (ms)" value={k.session_timeout_ms}
                min={s_lo} max={s_hi} on_commit={set(|s, n| s.session_timeout_ms = n)} />
            <Explain term="session-timeout" />
            <SelectField id="on-refuse" label="The OCC listener, on a record it refuses"
                value={k.on_refuse.name()}
                options={options(choices.iter().map(|(v, t)| (v.to_string(), *t)))}
                on_change={on_refuse} />
            if let Some(ms) = backoff {
                <NumberField id="retry-backoff" label="Retry backoff (ms)" value={ms}
                    min={b_lo} max={b_hi}
                    on_commit={set(|s, n| s.on_refuse = OnRefuse::RetryInPlace { backoff_ms: n })} />
            }
            <label class="field-inline">
                <input type="checkbox" id="idempotence" checked={k.idempotence} onchange={idempotence} />
                { " Idempotent producer" }
            </label>
            <Explain term="idempotent-producer" />
            <NumberField id="producer-in-flight" label="Producer max in flight" value={u64::from(k.max_in_flight)}
                min={f_lo} max={f_hi}
                on_commit={set(|s, n| s.max_in_flight = u32::try_from(n).unwrap_or(u32::MAX))} />
            <NumberField id="produce-retry" label="Fault: produce retries (per 1000 requests)"
                value={u64::from(permille)} min={r_lo} max={r_hi} on_commit={fault} />
        </>
    }
}
