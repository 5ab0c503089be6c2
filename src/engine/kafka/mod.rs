//! Apache Kafka as the course's broker would be replaced by it: topic
//! `tickets` keyed by ticket id, consumer group `orders-service`, and the
//! Tickets service's producer. Plain data with time-free transitions, like
//! `World`: a record is polled, read, written and committed in separate
//! steps, so listeners on different partitions interleave; the driver owns
//! time and randomness (every draw goes through a caller's `below(n)`).
//!
//! The rules and where each comes from (Apache Kafka's documentation,
//! design section `docs/design.html`, and the 3.x clients):
//! - `partitioner.rs`: a record's partition is
//!   `toPositive(murmur2(key)) % P` (`BuiltInPartitioner.partitionForKey`),
//!   the key being the ticket id's name, so one ticket is one partition.
//! - `log.rs`: each partition is a totally ordered log; an offset is a
//!   record's place in it.
//! - `assignor.rs`: the RangeAssignor (the default list's first) over member
//!   ids in order, EAGER rebalances.
//! - `group.rs`: one owner per partition, one committed offset per
//!   partition, a member removed `session.timeout.ms` after its last
//!   heartbeat, commits checked by member and generation.
//! - `consumer.rs`: position, pause/resume, partitions taking turns, one
//!   record at a time.
//! - `listen.rs`: the listener commits after its handler (manual commit);
//!   a refusal retries in place (seek, pause, backoff: the partition is
//!   blocked) or skips and commits (the update is lost): `OnRefuse`.
//! - `membership.rs`: a crash, its expiry, the rebalance and the new owner
//!   resuming from the committed offset: what was written but not committed
//!   is delivered again.
//! - `note.rs`: what each step says, for the trace (`KafkaNote`).
//! - `producer.rs`: retries reorder one key's records without idempotence
//!   and with more than one request in flight; idempotence (the default)
//!   keeps order and one copy.

mod assignor;
mod consumer;
mod group;
mod listen;
mod log;
mod membership;
mod note;
mod partitioner;
mod producer;
mod settings;

pub use assignor::range_assign;
pub use consumer::{Consumer, Handled, InHand, Stage};
pub use group::{CommitError, Group, GroupState, Move};
pub use listen::{Commit, Read, Refused, Write};
pub use log::{Record, Topic};
pub use note::KafkaNote;
pub use partitioner::{murmur2, partition_for_key, partition_of, to_positive};
pub use producer::{Batch, ProduceFault, Produced, Producer};
pub use settings::{KafkaSettings, OffsetReset, OnRefuse, GROUP, TOPIC};
// The settings' allowed ranges (for the knobs table).
pub use settings::{BACKOFF_MS, MAX_IN_FLIGHT, PARTITIONS, SESSION_TIMEOUT_MS};

use crate::engine::ids::MemberId;
use crate::engine::tickets::Event;

/// `Note::Kafka`'s payload in a build without the `kafka` feature (the
/// first-visit module): no value can exist, so no sentence is linked.
#[cfg(not(feature = "kafka"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoKafkaNote {}

#[cfg(not(feature = "kafka"))]
impl std::fmt::Display for NoKafkaNote {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

/// The whole Kafka side of a run: what the broker holds (the topic, the
/// group's coordinator state), each listener's consumer, and the producer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kafka {
    pub settings: KafkaSettings,
    pub topic: Topic,
    pub group: Group,
    pub consumers: Vec<Consumer>,
    pub producer: Producer,
    /// Members the coordinator still lists whose process is gone (crashed,
    /// session not expired yet): a rebalance cannot complete before they
    /// are removed, since they never rejoin.
    dead_sessions: Vec<MemberId>,
    /// Per partition: the replica's change count when its record at the
    /// position was last refused and retried in place (for `livelocked`).
    blocked: Vec<Option<u64>>,
}

impl Kafka {
    /// A fresh topic and group: `listeners` consumers join at `now` and get
    /// their ranges. Refuses settings out of range, in words.
    pub fn new(settings: KafkaSettings, listeners: u8, now: u64) -> Result<Kafka, String> {
        settings.check()?;
        if listeners == 0 {
            return Err("listeners is 0: the group needs at least one".into());
        }
        let p = settings.partitions;
        let group = Group::new(listeners, p, now);
        let consumers = (0..listeners)
            .map(|i| {
                let mut c = Consumer::new(MemberId(i), p);
                // auto.offset.reset: nothing is committed and nothing is in
                // the log yet, so "earliest" and "latest" agree on 0.
                c.assign(group.generation(), group.owned_by(c.member).map(|p| (p, 0)));
                c
            })
            .collect();
        Ok(Kafka {
            topic: Topic::new(p),
            group,
            consumers,
            producer: Producer::new(p, settings.idempotence, settings.max_in_flight),
            settings,
            dead_sessions: Vec::new(),
            blocked: vec![None; p as usize],
        })
    }

    /// The Tickets service publishes `event`: `producer.send` with the
    /// ticket id as key. Returns the partition.
    pub fn send(&mut self, event: Event) -> u32 {
        let p = self.topic.partition_for(&event);
        self.producer.send(p, event);
        p
    }

    pub fn consumer(&self, member: MemberId) -> &Consumer {
        &self.consumers[member.index()]
    }

    /// Nothing left to do for anyone: the producer is idle and no listener
    /// can poll, holds a record, or waits on a paused partition.
    pub fn quiet(&self) -> bool {
        self.producer.idle()
            && self.group.state() == GroupState::Stable
            && self.consumers.iter().all(|c| {
                c.hand.is_none()
                    && self.next_poll(c.member).is_none()
                    && !c.partitions().iter().any(|&p| c.paused(p))
            })
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::engine::ids::{TicketId, TitleId};
    use crate::engine::tickets::{Event, EventKind};
    use crate::engine::version::Version;

    /// `ticket:created` of ticket number `t` (0 is CZQ) at version 0.
    pub fn created(t: u32, price: u64) -> Event {
        Event {
            kind: EventKind::Created,
            ticket: TicketId(t),
            title: TitleId(0),
            price,
            version: Version(0),
            prev_version: None,
        }
    }

    /// `ticket:updated` of ticket `t` to `version` (from `version - 1`).
    pub fn updated(t: u32, price: u64, version: u64) -> Event {
        Event {
            kind: EventKind::Updated,
            ticket: TicketId(t),
            title: TitleId(0),
            price,
            version: Version(version),
            prev_version: Some(Version(version.saturating_sub(1))),
        }
    }
}

#[cfg(test)]
mod scenarios;
