//! The time-free world: Tickets service, broker, listeners and replica, and
//! the transitions between its states. The timed simulation and the explorer
//! are two drivers over these same transitions.

mod brokers;
mod choice;
#[cfg(feature = "jetstream")]
mod explore_js;
#[cfg(feature = "kafka")]
mod explore_kafka;
mod heartbeat;
#[cfg(feature = "jetstream")]
mod jetstream;
#[cfg(feature = "kafka")]
mod kafka;
mod listen;
mod network;
mod owner;
mod why_not;
mod wire;

pub(crate) use brokers::Model;
pub use choice::Choice;
pub use heartbeat::Missed;
#[cfg(feature = "kafka")]
pub use kafka::PartitionState;
pub use listen::{ReadResult, WriteResult};
pub use network::Expired;

use super::broker::Broker;
use super::config::Config;
use super::ids::{MemberId, MessageId, TicketId};
use super::listener::Listener;
use super::note::Note;
use super::replica::Replica;
use super::strategy::Strategy;
use super::tickets::{TicketsService, Titles};
use super::trace::{RowSnapshot, StepKind, Trace, TraceMode, TraceStep};
use super::version::VersionScheme;
use serde::{Deserialize, Serialize};

/// Counters an experiment reads after each trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub deliveries: u64,
    pub redeliveries: u64,
    pub applied: u64,
    pub out_of_order: u64,
    pub version_errors: u64,
    pub acks_lost: u64,
}

#[derive(Clone, Debug)]
pub struct World {
    pub(crate) strategy: Strategy,
    pub(crate) scheme: VersionScheme,
    pub(crate) max_in_flight: u32,
    pub(crate) heartbeats: super::config::Heartbeats,
    pub(crate) max_deliver: Option<u32>,
    pub(crate) ack_wait_ms: u64,
    /// The broker's model and its own state (`brokers.rs`).
    pub(crate) model: Model,
    /// The run's transition cap (for the cut-off sentence).
    pub(crate) max_transitions: u64,
    pub(crate) titles: Titles,
    pub(crate) tickets: TicketsService,
    pub(crate) broker: Broker,
    pub(crate) listeners: Vec<Listener>,
    pub(crate) replica: Replica,
    pub(crate) trace_mode: TraceMode,
    pub(crate) trace: Trace,
    pub(crate) stats: Stats,
    next_delivery: u32,
    /// Stamps for trace steps: the current transition and virtual time.
    pub(crate) step: u64,
    pub(crate) now: u64,
}

impl World {
    pub fn new(config: &Config, trace_mode: TraceMode) -> Self {
        let mut w = World {
            strategy: config.strategy,
            scheme: config.scheme,
            max_in_flight: config.max_in_flight,
            heartbeats: config.heartbeats(),
            max_deliver: config.max_deliver,
            ack_wait_ms: config.ack_wait_ms,
            model: Model::new(config),
            max_transitions: config.max_transitions,
            titles: Titles::default(),
            tickets: TicketsService::default(),
            broker: Broker::default(),
            listeners: Vec::new(),
            replica: Replica::default(),
            trace_mode,
            trace: Trace::default(),
            stats: Stats::default(),
            next_delivery: 0,
            step: 0,
            now: 0,
        };
        w.listeners = (0..config.listeners)
            .map(|i| Listener::new(MemberId(i), config.max_in_flight))
            .collect();
        w.broker.set_members(config.listeners);
        w.broker.set_one_stream(!config.broker.is_stan());
        w.replica
            .set_tombstones(config.on_delete == super::config::Deletes::Tombstone);
        w.start();
        w
    }

    /// Back to the empty world, keeping every buffer's capacity.
    pub fn reset(&mut self) {
        self.tickets.clear();
        self.broker.clear();
        for l in &mut self.listeners {
            l.up = true;
            l.hand.clear();
            l.last = None;
            l.crashed_at = 0;
            l.connected_at = 0;
            l.arrival = 0;
        }
        self.replica.clear();
        self.trace.clear();
        self.stats = Stats::default();
        self.next_delivery = 0;
        self.step = 0;
        self.now = 0;
        self.model.clear();
        self.start();
    }

    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    pub fn tickets(&self) -> &TicketsService {
        &self.tickets
    }

    pub fn broker(&self) -> &Broker {
        &self.broker
    }

    pub fn listeners(&self) -> &[Listener] {
        &self.listeners
    }

    pub fn replica(&self) -> &Replica {
        &self.replica
    }

    pub fn titles(&self) -> &Titles {
        &self.titles
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Nothing can ever change again: every outstanding message was refused
    /// since the replica last changed (a refusal is a pure function of the
    /// row, so a retry on the same row is refused again), and every delivery
    /// still in a listener's hand is of such a message.
    pub fn livelocked(&self) -> bool {
        let changes = self.replica.changes();
        if let Some(stuck) = self.model_livelocked(changes) {
            return stuck;
        }
        let live = self
            .listeners
            .iter()
            .filter(|l| !self.broker.closed(l.member))
            .count() as u32;
        if !self
            .broker
            .all_refused_since(changes, live, self.max_in_flight)
        {
            return false;
        }
        self.listeners.iter().flat_map(|l| &l.hand).all(|d| {
            let m = self.broker.message(d.msg);
            m.is_outstanding() && m.refused_at == Some(changes)
        })
    }

    pub(crate) fn tracing(&self) -> bool {
        self.trace_mode == TraceMode::Full
    }

    pub fn row_snapshot(&self, id: TicketId) -> Option<RowSnapshot> {
        self.replica.row(id).map(|r| RowSnapshot {
            id,
            title: r.title,
            price: r.price,
            version: r.version,
        })
    }

    /// Starts a trace step about message `msg` (channel, seq, ticket, event
    /// version, delivery) by `member`; call only when tracing.
    pub(crate) fn step_about(
        &self,
        kind: StepKind,
        msg: Option<MessageId>,
        member: Option<MemberId>,
    ) -> TraceStep {
        let mut s = TraceStep::new(self.step, self.now, kind);
        s.member = member;
        if let Some(id) = msg {
            let m = self.broker.message(id);
            s.channel = Some(m.channel);
            s.seq = Some(m.seq);
            s.ticket = Some(m.event.ticket);
            s.event_version = Some(m.event.version);
            if m.deliveries > 0 {
                s.delivery = Some(m.deliveries);
                s.redelivered = m.deliveries > 1;
            }
            s.row_after = self.row_snapshot(m.event.ticket);
        }
        s
    }

    pub(crate) fn record(&mut self, step: TraceStep) {
        self.trace.push(step, &self.titles);
    }

    /// Records a step with only a note (crash, restart, actions).
    pub(crate) fn note(&mut self, kind: StepKind, member: Option<MemberId>, note: Note) {
        if self.tracing() {
            let mut s = self.step_about(kind, None, member);
            s.note = note;
            self.record(s);
        }
    }

    pub(crate) fn next_delivery_id(&mut self) -> u32 {
        self.next_delivery = self.next_delivery.wrapping_add(1);
        self.next_delivery
    }
}
