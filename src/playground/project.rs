//! Engine state -> view data. The only place that reads engine types for
//! display; it decides nothing about the simulation.

use super::view::*;
use crate::engine::checker;
use crate::engine::config::BrokerKind;
use crate::engine::tickets::Titles;
use crate::engine::{
    Channel, MessageStatus, Note, Simulation, Stage, StepKind, TraceStep, Verdict,
};

pub fn tickets(sim: &Simulation) -> Vec<TicketRow> {
    let titles = sim.titles();
    // Tickets keeps deleted records out of its table.
    sim.tickets()
        .iter()
        .filter(|t| !t.deleted)
        .map(|t| TicketRow {
            ticket: t.id,
            id: t.id.to_string(),
            title: titles.get(t.title).to_string(),
            price: t.price.to_string(),
            version: t.version.to_string(),
        })
        .collect()
}

/// One row per source ticket. Whether a row is in sync is the checker's rule
/// (`checker::row_matches`), so the table says what the verdict says; a row
/// that differs (or is missing) is diverged only once the verdict is.
pub fn replica(sim: &Simulation) -> Vec<ReplicaRow> {
    let titles = sim.titles();
    let verdict = sim.verdict();
    sim.tickets()
        .iter()
        // A hard-deleted row is gone from both sides: nothing to show.
        .filter(|t| !t.deleted || sim.replica().row(t.id).is_some())
        .map(|t| {
            let sync = checker::row_sync(sim.world(), &verdict, t);
            match sim.replica().row(t.id) {
                Some(r) => ReplicaRow {
                    // A tombstone says so; a live row of a deleted ticket
                    // keeps its id (and its mark says it should not be).
                    id: if r.deleted {
                        format!("{} (deleted)", t.id)
                    } else {
                        t.id.to_string()
                    },
                    title: titles.get(r.title).to_string(),
                    price: r.price.to_string(),
                    version: r.version.to_string(),
                    sync,
                },
                None => ReplicaRow {
                    id: t.id.to_string(),
                    title: "—".into(),
                    price: "—".into(),
                    version: "—".into(),
                    sync,
                },
            }
        })
        .collect()
}

pub fn messages(sim: &Simulation) -> Vec<MessageRow> {
    let titles = sim.titles();
    // Latest deliveries held on the wire (manual network): (message, number).
    let held: Vec<(u32, u32)> = sim
        .members()
        .iter()
        .flat_map(|l| &l.hand)
        .filter(|d| d.held())
        .map(|d| (d.msg.0, d.number))
        .collect();
    sim.messages()
        .iter()
        .map(|m| {
            let (status, status_kind) = match m.status {
                MessageStatus::Pending => ("waiting at the broker".to_string(), "pending"),
                MessageStatus::InFlight { member } if held.contains(&(m.id.0, m.deliveries)) => (
                    format!("on the wire to {member}, waiting for you"),
                    "inflight",
                ),
                MessageStatus::InFlight { member } => {
                    (format!("delivered to {member}, not acked"), "inflight")
                }
                MessageStatus::Acked => (
                    if m.deliveries > 1 {
                        format!("acked after {} deliveries", m.deliveries)
                    } else {
                        "acked".into()
                    },
                    "acked",
                ),
                MessageStatus::Redelivered { deliveries } => {
                    (format!("redelivered x{deliveries}, waiting"), "redelivered")
                }
                MessageStatus::DeadLettered => (
                    format!("dead-lettered after {} deliveries", m.deliveries),
                    "dead",
                ),
            };
            MessageRow {
                channel: m.channel,
                seq: m.seq,
                payload: format!(
                    "{} {} ${}",
                    m.event.ticket,
                    titles.get(m.event.title),
                    m.event.price
                ),
                version: m.event.version.to_string(),
                status,
                status_kind,
                routable: m.is_queued(),
            }
        })
        .collect()
}

/// Rows shown per channel for the two bulk states; the rest fold into a line, so
/// a 200-update burst does not put hundreds of rows on the page. The newest
/// stay in view. Not yet acked means waiting at the broker or in flight (with
/// stan's 16384 in flight a burst is mostly in flight); redelivered and
/// dead-lettered messages always show.
pub const ACKED_SHOWN: usize = 12;
pub const PENDING_SHOWN: usize = 12;

/// One channel's messages as shown: which rows, and how many folded away.
#[derive(Clone, Debug, PartialEq)]
pub struct Folded {
    pub shown: Vec<MessageRow>,
    pub acked_hidden: usize,
    pub waiting_hidden: usize,
}

fn unacked(kind: &str) -> bool {
    matches!(kind, "pending" | "inflight")
}

/// Folds the oldest acked and the oldest not-yet-acked messages of one channel.
pub fn fold(messages: &[MessageRow]) -> Folded {
    let count = |f: &dyn Fn(&str) -> bool| messages.iter().filter(|m| f(m.status_kind)).count();
    let acked_hidden = count(&|k| k == "acked").saturating_sub(ACKED_SHOWN);
    let waiting_hidden = count(&unacked).saturating_sub(PENDING_SHOWN);
    let (mut acked, mut waiting) = (0, 0);
    let shown = messages
        .iter()
        .filter(|m| match m.status_kind {
            "acked" => {
                acked += 1;
                acked > acked_hidden
            }
            k if unacked(k) => {
                waiting += 1;
                waiting > waiting_hidden
            }
            _ => true,
        })
        .cloned()
        .collect();
    Folded {
        shown,
        acked_hidden,
        waiting_hidden,
    }
}

/// "You are the network": the mode, and the deliveries held on the wire,
/// each member's in the order sent on its one connection (only its first,
/// whatever the channel, may arrive next).
pub fn network(sim: &Simulation) -> NetworkView {
    let titles = sim.titles();
    let ack_wait = sim.scenario().config.ack_wait_ms;
    let now = sim.now_ms();
    let mut wire = Vec::new();
    for l in sim.members() {
        let mut seen = false;
        for d in l.hand.iter().filter(|d| d.held()) {
            let m = &sim.messages()[d.msg.index()];
            // A connection delivers in the order sent: its first may arrive.
            let next = !std::mem::replace(&mut seen, true);
            let latest =
                m.deliveries == d.number && matches!(m.status, MessageStatus::InFlight { .. });
            wire.push(WireRow {
                channel: m.channel,
                seq: m.seq,
                version: m.event.version.to_string(),
                payload: format!(
                    "{} {} ${}",
                    m.event.ticket,
                    titles.get(m.event.title),
                    m.event.price
                ),
                member: l.member,
                delivery: d.number,
                next,
                ack_wait_left_ms: latest
                    .then(|| m.delivered_at.saturating_add(ack_wait).saturating_sub(now)),
            });
        }
    }
    NetworkView {
        manual: sim.scenario().config.manual_network,
        waiting: sim.scenario().config.manual_network
            && sim.next_time_ms().is_none()
            && !sim.finished(),
        wire,
    }
}

pub fn members(sim: &Simulation) -> Vec<MemberView> {
    sim.members()
        .iter()
        .map(|l| MemberView {
            member: l.member,
            name: l.member.to_string(),
            up: l.up,
            in_hand: l
                .hand
                .iter()
                .map(|d| {
                    let m = &sim.messages()[d.msg.index()];
                    let stage = match d.stage {
                        Stage::Read if d.held() => "on the wire, waiting for you",
                        Stage::Read => "arriving, then read",
                        Stage::Write => "read done, then write",
                    };
                    format!("{} #{} v{}: {stage}", m.channel, m.seq, m.event.version)
                })
                .collect(),
            last_decision: l
                .last
                .map(|d| d.reason())
                .unwrap_or_else(|| "no decision yet".into()),
        })
        .collect()
}

pub fn verdict(sim: &Simulation) -> VerdictView {
    if sim.steps_taken() == 0 && !sim.finished() {
        return VerdictView {
            kind: VerdictKind::Ready,
            reason: "nothing has happened yet: press Play, or Step through it".into(),
        };
    }
    let v = sim.verdict();
    let kind = match v {
        Verdict::Consistent(_) => VerdictKind::Consistent,
        Verdict::Lagging(_) => VerdictKind::Lagging,
        Verdict::Diverged(_) => VerdictKind::Diverged,
        Verdict::Stalled(_) => VerdictKind::Stalled,
        Verdict::CutOff(_) => VerdictKind::CutOff,
    };
    VerdictView {
        kind,
        reason: v.reason().to_string(),
    }
}

/// `clock_ms` is the player's virtual time: between two steps while playing,
/// so the clock reads the same time as the stage drawn at it.
pub fn controls(sim: &Simulation, playing: bool, speed: u32, clock_ms: u64) -> ControlsView {
    let c = &sim.scenario().config;
    ControlsView {
        strategy: c.strategy,
        scheme: c.scheme,
        on_delete: c.on_delete,
        broker: c.broker,
        jetstream: c.jetstream.clone(),
        #[cfg(feature = "jobs")]
        kafka: c.kafka,
        #[cfg(feature = "jobs")]
        produce_retry_permille: c.faults.produce_retry_permille,
        listeners: c.listeners.into(),
        ack_wait_ms: c.ack_wait_ms,
        delivery_ms: (c.delivery_ms.min, c.delivery_ms.max),
        processing_ms: (c.processing_ms.min, c.processing_ms.max),
        seed: sim.scenario().seed,
        members: sim.members().iter().map(|l| l.member).collect(),
        playing,
        speed,
        step: sim.steps_taken(),
        now_ms: clock_ms.max(sim.now_ms()),
        finished: sim.finished(),
    }
}

/// Lanes: Tickets, the broker (NATS, JetStream or Kafka), one per
/// listener, Orders DB.
pub fn lanes(sim: &Simulation) -> Vec<Lane> {
    let broker = match sim.world().broker_kind() {
        BrokerKind::Stan => "NATS",
        BrokerKind::JetStream => "JetStream",
        BrokerKind::Kafka => "Kafka",
    };
    let names = ["Tickets".to_string(), broker.to_string()].into_iter();
    let listeners = sim
        .members()
        .iter()
        .map(|l| format!("Listener {}", l.member));
    names
        .chain(listeners)
        .chain(["Orders DB".to_string()])
        .map(|name| Lane { name })
        .collect()
}

/// Every step as a timeline row (the page keeps these incrementally instead).
pub fn timeline(sim: &Simulation) -> Vec<TimelineRow> {
    let n = sim.members().len();
    let titles = sim.trace().titles();
    sim.trace()
        .steps
        .iter()
        .map(|s| row(s, n, titles))
        .collect()
}

/// One trace step as an arrow between lanes.
pub fn row(s: &TraceStep, listeners: usize, titles: &Titles) -> TimelineRow {
    const TICKETS: usize = 0;
    const NATS: usize = 1;
    let db = listeners + 2;
    let member = s.member.map(|m| m.index() + 2);
    let at_member = member.unwrap_or(NATS);
    let (from, to) = match s.kind {
        StepKind::Save | StepKind::Ignored => (TICKETS, TICKETS),
        StepKind::Fault => (NATS, NATS),
        StepKind::VersionError => member.map_or((TICKETS, TICKETS), |m| (m, db)),
        StepKind::DuplicateKey => (at_member, db),
        StepKind::Publish => (TICKETS, NATS),
        StepKind::Produce => (TICKETS, NATS),
        StepKind::Commit | StepKind::Resume => (at_member, NATS),
        StepKind::Rebalance => (NATS, NATS),
        StepKind::Deliver => (NATS, at_member),
        // "You are the network": a held delivery let arrive.
        StepKind::Route if matches!(s.note, Note::Arrived { .. }) => (NATS, at_member),
        StepKind::Read => (db, at_member),
        StepKind::Write => (at_member, db),
        StepKind::Ack | StepKind::Skip | StepKind::AckIgnored | StepKind::Pull | StepKind::Nak => {
            (at_member, NATS)
        }
        StepKind::NoAck | StepKind::AckLost | StepKind::Crash | StepKind::Restart => {
            (at_member, at_member)
        }
        StepKind::Redeliver
        | StepKind::DeadLetter
        | StepKind::DelaySpike
        | StepKind::Shuffle
        | StepKind::Route
        | StepKind::Livelock => (NATS, NATS),
    };
    let kind = s.kind.name();
    let mut label = match s.note {
        Note::Arrived { .. } => "you let it arrive".to_string(),
        _ => words(s.kind).to_string(),
    };
    if let (Some(ch), Some(seq)) = (s.channel, s.seq) {
        label.push_str(&format!(" {} #{seq}", short(ch)));
    }
    if let Some(v) = s.event_version {
        label.push_str(&format!(" v{v}"));
    }
    if s.kind == StepKind::Fault {
        // A fault row says which fault, not just "fault".
        let note = s.note_text(titles);
        if !note.is_empty() {
            label = format!("fault: {}", note.trim_end_matches('.'));
        }
    }
    let detail = s.detail(titles);
    TimelineRow {
        step: s.step,
        time_ms: s.time_ms,
        from,
        to,
        label,
        detail,
        kind: kind.to_string(),
        flagged: s.out_of_order
            || matches!(
                s.kind,
                StepKind::VersionError
                    | StepKind::DeadLetter
                    | StepKind::Livelock
                    | StepKind::AckIgnored
            ),
    }
}

/// What a step did, in the timeline's words: refusals and faults say what
/// happened, not just their kind.
fn words(kind: StepKind) -> &'static str {
    match kind {
        StepKind::NoAck => "refused, not acked",
        StepKind::AckLost => "applied, ack lost",
        StepKind::AckIgnored => "ack ignored",
        StepKind::VersionError => "version error (stale save)",
        StepKind::DuplicateKey => "duplicate create refused",
        StepKind::Redeliver => "ack wait over, redeliver",
        StepKind::DeadLetter => "given up (dead letter)",
        StepKind::Crash => "listener crashed",
        StepKind::Restart => "listener restarted",
        StepKind::DelaySpike => "network delay spike",
        StepKind::Livelock => "stopped: nothing can change (livelock)",
        StepKind::Skip => "older, skipped and acked",
        StepKind::Ignored => "action ignored",
        other => other.name(),
    }
}

fn short(ch: Channel) -> &'static str {
    match ch {
        Channel::TicketCreated => "created",
        Channel::TicketUpdated => "updated",
        Channel::TicketDeleted => "deleted",
    }
}
