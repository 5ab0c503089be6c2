//! The broker below the stage: its channels (JetStream's subjects, Kafka's
//! record types) with their messages, and the group the listeners share, in
//! the stage's words (`stage::BrokerView`). Manual delivery and "You are the
//! network" are NATS Streaming's (the engine refuses `Route` under another
//! broker: a pull consumer or a partition's owner decides who gets what).

use super::explain::Explain;
use crate::engine::config::BrokerKind;
use crate::engine::{Channel, MemberId};
use crate::playground::project::{fold, Folded};
use crate::playground::view::{MemberView, MessageRow, NetworkView, WireRow};
use crate::playground::Msg;
use crate::stage::BrokerView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrokerPanelProps {
    /// Which broker, in the stage's words.
    pub broker: BrokerView,
    pub messages: Vec<MessageRow>,
    pub members: Vec<MemberView>,
    /// "You are the network": the mode and the deliveries held on the wire.
    #[prop_or_default]
    pub network: NetworkView,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn BrokerPanel(p: &BrokerPanelProps) -> Html {
    html! {
        <section class="panel broker" aria-labelledby="broker-title">
            <h2 id="broker-title">{ p.broker.title }</h2>
            // `ticket:deleted` only once Tickets deleted something.
            for channel in Channel::ALL.into_iter().filter(|&c| {
                c != Channel::TicketDeleted || p.messages.iter().any(|m| m.channel == c)
            }) {
                <ChannelView name={channel} title={p.broker.lane_name(channel)}
                    messages={p.messages.iter().filter(|m| m.channel == channel).cloned().collect::<Vec<_>>()} />
            }
            <div class="queue-group">
                <h3>{ group_title(&p.broker) }<code>{ "orders-service" }</code> <Explain term={group_term(&p.broker)} /></h3>
                <p class="members">
                    for m in &p.members {
                        <span class={classes!("member-chip", (!m.up).then_some("down"))}>
                            { &m.name }{ if m.up { "" } else { " (down)" } }
                        </span>
                    }
                </p>
            </div>
            if p.broker.kind.is_stan() {
                <RouteForm messages={p.messages.iter().filter(|m| m.routable).cloned().collect::<Vec<_>>()}
                    members={p.members.iter().map(|m| m.member).collect::<Vec<_>>()}
                    manual={p.network.manual} on_msg={p.on_msg.clone()} />
                <Wire network={p.network.clone()} on_msg={p.on_msg.clone()} />
            } else {
                <p class="hint">{ no_manual_delivery(&p.broker) }</p>
            }
        </section>
    }
}

/// The group's title and glossary term. (Written out: `str::to_uppercase`
/// of `BrokerView::group_note` would link Unicode's case tables, 16 KB of
/// the first-visit module.)
fn group_title(b: &BrokerView) -> &'static str {
    match b.kind {
        BrokerKind::Stan => "Queue group ",
        BrokerKind::JetStream => "Pull consumer ",
        BrokerKind::Kafka => "Consumer group ",
    }
}

fn group_term(b: &BrokerView) -> &'static str {
    match b.kind {
        BrokerKind::Stan => "queue-group",
        BrokerKind::JetStream => "pull-consumer",
        BrokerKind::Kafka => "consumer-group",
    }
}

/// Why another broker has no manual delivery (`Action::Route` is NATS
/// Streaming's).
fn no_manual_delivery(b: &BrokerView) -> &'static str {
    // The first-visit module runs NATS Streaming only: none of these words.
    if !cfg!(any(feature = "jetstream", feature = "kafka")) {
        return "";
    }
    match b.kind {
        BrokerKind::Stan => "",
        BrokerKind::JetStream => "No manual delivery under JetStream: the consumer sends the next message (a redelivery before any new one) to the pull request at the head of its waiting queue.",
        BrokerKind::Kafka => "No manual delivery under Kafka: each partition's records go, in offset order, to the listener that owns the partition.",
    }
}

#[derive(Properties, PartialEq)]
struct ChannelProps {
    name: Channel,
    /// The channel's name in this broker's words (JetStream: its subjects).
    title: &'static str,
    messages: Vec<MessageRow>,
}

#[component]
fn ChannelView(p: &ChannelProps) -> Html {
    let Folded {
        shown,
        acked_hidden: hidden,
        waiting_hidden,
    } = fold(&p.messages);
    html! {
        <div class="channel">
            <h3><code>{ p.title }</code></h3>
            if p.messages.is_empty() {
                <p class="empty">{ "no messages" }</p>
            } else {
                if hidden > 0 {
                    <p class="folded">{ format!("{hidden} earlier messages, all acked") }</p>
                }
                <ol class="messages" tabindex="0" aria-label={format!("Messages on {}", p.title)}>
                    for m in shown {
                        <li key={m.seq} class={classes!("message", m.status_kind)}>
                            <span class="seq">{ format!("#{}", m.seq) }</span>
                            <span class="payload">{ &m.payload }</span>
                            <span class="version">{ format!("v{}", m.version) }</span>
                            <span class="status">{ &m.status }</span>
                        </li>
                    }
                </ol>
                if waiting_hidden > 0 {
                    <p class="folded">{ format!("and {waiting_hidden} older messages not acked yet, waiting at the broker or in flight (the newest are shown)") }</p>
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RouteProps {
    messages: Vec<MessageRow>,
    members: Vec<MemberId>,
    /// Messages wait on the wire for the student (said by `Wire`).
    manual: bool,
    on_msg: Callback<Msg>,
}

/// "You are the network": send a waiting message to the member of your choice.
#[component]
fn RouteForm(p: &RouteProps) -> Html {
    let message = use_state(|| 0usize);
    let member = use_state(|| 0usize);
    if p.messages.is_empty() || p.members.is_empty() {
        return if p.manual {
            html! {}
        } else {
            html! {
                <p class="hint">{ "Manual delivery: no message is waiting at the broker right now (with max in flight 16384 each goes out at once). To choose the order in which they arrive, hold them on the wire below." }</p>
            }
        };
    }
    let mi = (*message).min(p.messages.len() - 1);
    let li = (*member).min(p.members.len() - 1);
    let onclick = {
        let (m, member) = (&p.messages[mi], p.members[li]);
        let (channel, seq) = (m.channel, m.seq);
        p.on_msg.reform(move |_| Msg::Route {
            channel,
            seq,
            member,
        })
    };
    let select = |state: UseStateHandle<usize>| {
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            state.set(v.parse().unwrap_or(0));
        })
    };
    html! {
        <form class="form route" aria-label="Manual delivery" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field">
                <label for="route-message">{ "Message" }</label>
                <select id="route-message" onchange={select(message.clone())}>
                    for (i, m) in p.messages.iter().enumerate() {
                        <option value={i.to_string()} selected={i == mi}>{ format!("{} #{} v{}", m.channel, m.seq, m.version) }</option>
                    }
                </select>
            </div>
            <div class="field">
                <label for="route-member">{ "To listener" }</label>
                <select id="route-member" onchange={select(member.clone())}>
                    for (i, name) in p.members.iter().enumerate() {
                        <option value={i.to_string()} selected={i == li}>{ name.to_string() }</option>
                    }
                </select>
            </div>
            <button type="button" {onclick}>{ "Deliver next" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct WireProps {
    network: NetworkView,
    on_msg: Callback<Msg>,
}

/// "You are the network": hold every delivery on the wire, then pick which
/// arrives next. The broker still picks the member; each listener has one
/// connection, which delivers in the order sent whatever the channel, so
/// only the first held for each listener may arrive.
#[component]
fn Wire(p: &WireProps) -> Html {
    let n = &p.network;
    let toggle = {
        let on = !n.manual;
        p.on_msg.reform(move |_: Event| Msg::SetManualNetwork(on))
    };
    html! {
        <div class="wire" role="group" aria-labelledby="wire-title">
            <h3 id="wire-title">{ "You are the network" }</h3>
            <label class="field-inline">
                <input type="checkbox" id="manual-network" checked={n.manual} onchange={toggle} />
                { " Hold every message on the wire until you let it arrive" }
            </label>
            if n.manual {
                if n.wire.is_empty() {
                    <p class="hint">{ "Nothing is on the wire right now. Step or Play until Tickets publishes: the broker sends each message to a listener, and it waits here." }</p>
                } else {
                    if n.waiting {
                        <p class="hint">{ "Everything is on the wire: nothing happens, and no time passes, until you let a message arrive." }</p>
                    }
                    <ol class="messages" tabindex="0" aria-label="Messages on the wire">
                        for w in &n.wire {
                            <WireItem row={w.clone()} on_msg={p.on_msg.clone()} />
                        }
                    </ol>
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct WireItemProps {
    row: WireRow,
    on_msg: Callback<Msg>,
}

#[component]
fn WireItem(p: &WireItemProps) -> Html {
    let w = &p.row;
    let (channel, seq, member) = (w.channel, w.seq, w.member);
    let onclick = p.on_msg.reform(move |_| Msg::Arrive {
        channel,
        seq,
        member,
    });
    let copy = if w.delivery > 1 {
        format!("redelivery {} to {}", w.delivery - 1, w.member)
    } else {
        format!("to {}", w.member)
    };
    let timer = match w.ack_wait_left_ms {
        Some(0) => "; its ack wait has run out".to_string(),
        Some(ms) => format!("; ack wait ends in {ms} ms"),
        None => "; sent again since: a duplicate".to_string(),
    };
    html! {
        <li class={classes!("message", if w.ack_wait_left_ms.is_some() { "inflight" } else { "redelivered" })}>
            <span class="seq">{ format!("#{}", w.seq) }</span>
            <span class="payload">{ format!("{} {}", w.channel, w.payload) }</span>
            <span class="version">{ format!("v{}", w.version) }</span>
            <span class="status">
                { format!("{copy}{timer} ") }
                if w.next {
                    <button type="button" {onclick}
                        aria-label={format!("{} #{} v{} arrives at {} next", w.channel, w.seq, w.version, w.member)}>
                        { "arrives next" }
                    </button>
                } else {
                    { format!("(behind an earlier message on {}'s connection)", w.member) }
                }
            </span>
        </li>
    }
}
