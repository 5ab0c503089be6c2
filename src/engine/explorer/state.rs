//! The explorer's view of the world: a compact, hashable encoding of a state
//! (delivery counts and redelivered flags left out: they change no decision).
//! The choices themselves are World transitions (`world/choice.rs`,
//! `world/explore_js.rs`, `world/explore_kafka.rs`).
//!
//! What a key holds, per broker (everything that decides the future; times
//! are not in it: the explorer abstracts them, see `Choice::Redeliver`):
//! - every broker: each message's status (queued, acked, unacked on a
//!   member and whether its refusal came before or after the replica's last
//!   change, or in a member's hand to read, or to write with the row it
//!   read), each ticket's replica row, each member's hand in arrival order;
//! - JetStream, after that: the waiting queue of pulls in order, and the
//!   stream's queue in order with each message's flag "sent before" (the
//!   redelivery queue is its sent-before part). MaxAckPending's count is the
//!   unacked statuses above; delivery counts and the delivered sequence
//!   decide nothing without MaxDeliver, which the explorer leaves unset.
//! - Kafka, after that: per partition its owner and committed offset, the
//!   group's generation and whether it is stable; per consumer whether it is
//!   up, the record in hand and its stage, and per owned partition in fetch
//!   order its position and whether it is paused (a retry in place). The
//!   producer is idle (all answered before the first choice).
//!
//! NATS Streaming's states are restored from the key (`decode`); JetStream's
//! and Kafka's from a copy of the world kept with the key (`by_copy`): their
//! own state has more parts than a key restores cheaply, and the scenarios
//! the explorer takes are small.

use crate::engine::broker::MessageStatus;
use crate::engine::checker::{self, Outcome};
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::invariants;
use crate::engine::listener::{Delivery, Stage};
use crate::engine::replica::Row;
use crate::engine::world::World;
use rustc_hash::FxHashMap;

const QUEUED: u8 = 0;
const ACKED: u8 = 1;
/// Unacked on member m (its slot taken): `UNACKED + 4 * m + k`, with k 0 for
/// a refusal before the last replica change, 1 for one since, 2 in hand to
/// read, 3 in hand to write (then the read snapshot follows).
const UNACKED: u8 = 2;
/// Replica change count a restored world starts at (fresh refusals carry it).
const NOW: u64 = 1;
const NO_ROW: u16 = u16::MAX;

/// Interns rows (replica rows and read snapshots) as u16s for the keys.
#[derive(Default)]
pub(crate) struct Codec {
    rows: Vec<Option<Row>>,
    index: FxHashMap<Option<Row>, u16>,
}

impl Codec {
    fn row(&mut self, row: Option<Row>) -> Option<u16> {
        if row.is_none() {
            return Some(NO_ROW);
        }
        if let Some(&i) = self.index.get(&row) {
            return Some(i);
        }
        let i = u16::try_from(self.rows.len())
            .ok()
            .filter(|&i| i < NO_ROW)?;
        self.rows.push(row);
        self.index.insert(row, i);
        Some(i)
    }

    fn get(&self, i: u16) -> Option<Row> {
        self.rows.get(usize::from(i)).copied().flatten()
    }
}

fn push_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Writes `world`'s state into `out`; `None` if too many distinct rows.
/// Per message its code, then per ticket its replica row, then per member
/// the messages in its hand in arrival order (reads follow that order).
pub(crate) fn encode(world: &World, codec: &mut Codec, out: &mut Vec<u8>) -> Option<()> {
    out.clear();
    let changes = world.replica.changes();
    for m in world.broker.messages() {
        let held = world.listeners.iter().find_map(|l| {
            l.hand
                .iter()
                .find(|d| d.msg == m.id)
                .map(|d| (d.stage, d.snapshot))
        });
        match (m.status, held) {
            (MessageStatus::InFlight { member }, Some((stage, snapshot))) => {
                let write = stage == Stage::Write;
                out.push(UNACKED + 4 * member.0 + 2 + u8::from(write));
                if write {
                    push_u16(out, codec.row(snapshot)?);
                }
            }
            (MessageStatus::InFlight { member }, None) => {
                let fresh = m.refused_at == Some(changes);
                out.push(UNACKED + 4 * member.0 + u8::from(fresh));
            }
            (MessageStatus::Acked, _) => out.push(ACKED),
            _ => out.push(QUEUED),
        }
    }
    for t in world.tickets.tickets() {
        push_u16(out, codec.row(world.replica.row(t.id))?);
    }
    for l in &world.listeners {
        out.push(u8::try_from(l.hand.len()).ok()?);
        for d in &l.hand {
            push_u16(out, u16::try_from(d.msg.0).ok()?);
        }
    }
    encode_model(world, out)
}

/// Whether the explorer keeps a copy of each state's world (JetStream,
/// Kafka) instead of decoding its key (NATS Streaming).
pub(crate) fn by_copy(world: &World) -> bool {
    !world.broker_kind().is_stan()
}

/// The broker's own state, after the shared part (nothing for NATS
/// Streaming, whose keys stay as they were).
#[cfg_attr(
    not(any(feature = "jetstream", feature = "kafka")),
    allow(unused_variables, clippy::ptr_arg)
)]
fn encode_model(world: &World, out: &mut Vec<u8>) -> Option<()> {
    #[cfg(feature = "jetstream")]
    if let Some(js) = world.jetstream() {
        out.push(u8::try_from(js.waiting.len()).ok()?);
        out.extend(js.waiting.iter().map(|m| m.0));
        let queue = world.broker.queue();
        push_u16(out, u16::try_from(queue.len()).ok()?);
        for &id in queue {
            let again = u16::from(world.broker.message(id).deliveries > 0);
            push_u16(
                out,
                u16::try_from(id.0).ok().filter(|&i| i < 1 << 15)? | again << 15,
            );
        }
    }
    #[cfg(feature = "kafka")]
    if world.broker_kind() == crate::engine::config::BrokerKind::Kafka {
        encode_kafka(&world.kafka().k, out)?;
    }
    Some(())
}

#[cfg(feature = "kafka")]
fn encode_kafka(k: &crate::engine::kafka::Kafka, out: &mut Vec<u8>) -> Option<()> {
    use crate::engine::kafka::{GroupState, Stage};
    let offset = |o: Option<u64>| o.map_or(Some(NO_ROW), |o| u16::try_from(o).ok());
    out.extend_from_slice(&k.group.generation().to_le_bytes());
    out.push(u8::from(k.group.state() == GroupState::Stable));
    for p in 0..k.topic.partitions() {
        out.push(k.group.owner(p).map_or(u8::MAX, |m| m.0));
        push_u16(out, offset(k.group.committed(p))?);
    }
    for c in &k.consumers {
        out.push(u8::from(c.up));
        match c.hand {
            None => out.push(0),
            Some(h) => {
                out.push(match h.stage {
                    Stage::Read => 1,
                    Stage::Write(_) => 2,
                    Stage::Commit(_) => 3,
                });
                out.push(u8::try_from(h.record.partition).ok()?);
                push_u16(out, offset(Some(h.record.offset))?);
            }
        }
        out.push(u8::try_from(c.partitions().len()).ok()?);
        for &p in c.partitions() {
            out.push(u8::try_from(p).ok()?);
            push_u16(out, offset(c.position(p))?);
            out.push(u8::from(c.paused(p)));
        }
    }
    Some(())
}

/// Restores the state `key` into `world` (which holds the published messages).
pub(crate) fn decode(key: &[u8], codec: &Codec, world: &mut World) {
    let n = world.broker.messages().len();
    for l in &mut world.listeners {
        l.hand.clear();
    }
    let mut statuses = Vec::with_capacity(n);
    let mut held: Vec<Option<(Stage, Option<Row>)>> = vec![None; n];
    let mut pos = 0;
    let read_u16 = |pos: &mut usize| {
        let v = u16::from_le_bytes([key[*pos], key[*pos + 1]]);
        *pos += 2;
        v
    };
    for slot in held.iter_mut() {
        let code = key[pos];
        pos += 1;
        statuses.push(match code {
            QUEUED => (MessageStatus::Pending, None),
            ACKED => (MessageStatus::Acked, None),
            _ => {
                let member = MemberId((code - UNACKED) / 4);
                let k = (code - UNACKED) % 4;
                let refused_at = match k {
                    0 => Some(NOW - 1),
                    1 => Some(NOW),
                    _ => None,
                };
                if k >= 2 {
                    let write = k == 3;
                    let snapshot = if write {
                        codec.get(read_u16(&mut pos))
                    } else {
                        None
                    };
                    let stage = if write { Stage::Write } else { Stage::Read };
                    *slot = Some((stage, snapshot));
                }
                (MessageStatus::InFlight { member }, refused_at)
            }
        });
    }
    let rows: Vec<Option<Row>> = (0..world.tickets.tickets().len())
        .map(|_| codec.get(read_u16(&mut pos)))
        .collect();
    for member in 0..world.listeners.len() {
        let count = key[pos];
        pos += 1;
        for _ in 0..count {
            let msg = MessageId(u32::from(read_u16(&mut pos)));
            let Some((stage, snapshot)) = held[msg.index()] else {
                continue;
            };
            let number = world.broker.message(msg).deliveries.max(1);
            let id = world.next_delivery_id();
            world.listeners[member].hand.push(Delivery {
                id,
                msg,
                number,
                stage,
                snapshot,
                delivered_at: 0,
                due_at: 0,
                processing_ms: 0,
            });
        }
    }
    world.replica.restore(rows.into_iter(), NOW);
    world.broker.restore(statuses.into_iter(), NOW);
    // Every restored state must be one the World could be in.
    if cfg!(debug_assertions) {
        if let Err(v) = invariants::check(world) {
            debug_assert!(false, "restored state: {v}");
        }
    }
}

/// The outcome of a state with no choice left.
pub(crate) fn terminal_outcome(world: &World) -> Outcome {
    checker::final_outcome(world, None)
}
