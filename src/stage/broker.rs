//! What the stage's broker and group boxes say, per broker, read from the
//! engine's state: the boxes and lanes are the same for every broker (a
//! model that fits them is drawn in them, relabelled), only the words
//! change. NATS Streaming: the broker, its two channels and the queue
//! group. JetStream (nats-server `server/stream.go`, `server/consumer.go`):
//! stream TICKETS, its two subjects (one sequence across both), the
//! durable pull consumer `orders-service` with its waiting pull requests
//! in order (`o.waiting`, `waitQueue.add` appends) and its unacked count
//! against MaxAckPending (`getNextMsg`: `len(o.pending) >= o.maxp`).

use crate::engine::config::BrokerKind;
use crate::engine::{Channel, MemberId, Simulation};

/// The broker's words on the stage.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerView {
    pub kind: BrokerKind,
    /// "NATS Streaming", "JetStream: stream TICKETS".
    pub title: &'static str,
    /// Above the group's name: "queue group", "pull consumer".
    pub group_note: &'static str,
    /// The lane of messages waiting out their ack wait (JetStream: with
    /// the consumer's unacked count against MaxAckPending): the title, and
    /// a shorter one for a lane too narrow for it.
    pub wait: [String; 2],
    /// JetStream: the listeners whose pull requests wait, oldest first.
    pub pulls: Option<Vec<MemberId>>,
}

impl BrokerView {
    #[cfg_attr(
        not(any(feature = "jetstream", feature = "kafka")),
        allow(unused_variables)
    )]
    pub fn of(sim: &Simulation) -> BrokerView {
        // Only a build with the model has such a run (`BrokerKind::built_in`):
        // the first-visit module keeps none of these words.
        #[cfg(feature = "jetstream")]
        if sim.world().broker_kind() == BrokerKind::JetStream {
            return jetstream(sim);
        }
        let wait = "no ack: waiting out ack wait".to_string();
        // Kafka's lanes are its partitions' (`stage::kafka`): no ack wait.
        #[cfg(feature = "kafka")]
        if sim.world().broker_kind() == BrokerKind::Kafka {
            return BrokerView {
                kind: BrokerKind::Kafka,
                title: "Kafka: topic tickets",
                group_note: "consumer group",
                wait: [wait.clone(), wait],
                pulls: None,
            };
        }
        BrokerView {
            kind: BrokerKind::Stan,
            title: "NATS Streaming",
            group_note: "queue group",
            wait: [wait.clone(), wait],
            pulls: None,
        }
    }

    /// A lane's name: NATS Streaming's channel, or JetStream's subjects.
    pub fn lane_name(&self, c: Channel) -> &'static str {
        match (self.kind, c) {
            (BrokerKind::JetStream, Channel::TicketCreated) => "ticket.created.*",
            (BrokerKind::JetStream, Channel::TicketUpdated) => "ticket.updated.*",
            (BrokerKind::JetStream, Channel::TicketDeleted) => "ticket.deleted.*",
            _ => c.name(),
        }
    }

    /// A lane's title with its latest sequence (JetStream: the stream's
    /// sequence of the subject's last message).
    pub fn lane_title(&self, c: Channel, seq: u64) -> String {
        match self.kind {
            BrokerKind::JetStream => format!("{}  #{seq}", self.lane_name(c)),
            _ => format!("{}  seq #{seq}", self.lane_name(c)),
        }
    }

    /// The waiting pull requests in words, or their count where the names
    /// do not fit `fits`.
    pub fn pulls_text(&self, fits: impl Fn(&str) -> bool) -> Option<String> {
        let pulls = self.pulls.as_ref()?;
        if pulls.is_empty() {
            return Some("no pulls waiting".into());
        }
        let names: Vec<String> = pulls.iter().map(|m| m.to_string()).collect();
        let full = format!("pulls: {}", names.join(" "));
        Some(if fits(&full) {
            full
        } else {
            format!("{} pulls", pulls.len())
        })
    }
}

#[cfg(feature = "jetstream")]
fn jetstream(sim: &Simulation) -> BrokerView {
    let w = sim.world();
    let b = w.broker();
    // The consumer's pending: sent and not acked, those waiting for a
    // redelivery included (`Broker::outstanding - Broker::fresh`).
    let unacked = b.outstanding() - b.fresh();
    let max = sim.scenario().config.jetstream.max_ack_pending;
    BrokerView {
        kind: BrokerKind::JetStream,
        title: "JetStream: stream TICKETS",
        group_note: "pull consumer",
        wait: [
            format!("unacked {unacked} / MaxAckPending {max}"),
            format!("unacked {unacked}/{max}"),
        ],
        pulls: w.jetstream().map(|js| js.waiting.clone()),
    }
}
