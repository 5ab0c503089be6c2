//! The explorer's view of the world: a compact, hashable encoding of a state
//! (delivery counts and redelivered flags left out: they change no decision),
//! the choices enabled in a state, and applying one through the very same
//! `World` transitions the timed simulation uses.

use crate::engine::broker::MessageStatus;
use crate::engine::checker::{first_mismatch, Outcome};
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::listener::{Delivery, Stage};
use crate::engine::replica::Row;
use crate::engine::world::World;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One scheduling decision: which pending message goes to which member, or
/// which listener takes its next step, or which refused message comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "kebab-case")]
pub enum Choice {
    Deliver {
        message: MessageId,
        member: MemberId,
    },
    /// The member's delivery of `message` takes its next stage (read or write).
    Advance {
        member: MemberId,
        message: MessageId,
    },
    /// A refused message's ack wait runs out. Enabled only once the replica
    /// changed since the refusal: before that it would only be refused again.
    Redeliver { message: MessageId },
}

const QUEUED: u8 = 0;
const ACKED: u8 = 1;
const REFUSED_FRESH: u8 = 2;
const REFUSED_STALE: u8 = 3;
const IN_HAND: u8 = 4;
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
pub(crate) fn encode(world: &World, codec: &mut Codec, out: &mut Vec<u8>) -> Option<()> {
    out.clear();
    let changes = world.replica.changes();
    for m in world.broker.messages() {
        let held = world.listeners.iter().find_map(|l| {
            l.hand
                .iter()
                .find(|d| d.msg == m.id)
                .map(|d| (l.member, d.stage, d.snapshot))
        });
        match (m.status, held) {
            (_, Some((member, stage, snapshot))) => {
                out.push(IN_HAND + 2 * member.0 + u8::from(stage == Stage::Write));
                if stage == Stage::Write {
                    push_u16(out, codec.row(snapshot)?);
                }
            }
            (MessageStatus::Acked, None) => out.push(ACKED),
            (MessageStatus::InFlight { .. }, None) if m.refused_at == Some(changes) => {
                out.push(REFUSED_FRESH)
            }
            (MessageStatus::InFlight { .. }, None) => out.push(REFUSED_STALE),
            _ => out.push(QUEUED),
        }
    }
    for t in world.tickets.tickets() {
        push_u16(out, codec.row(world.replica.row(t.id))?);
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
    let mut pos = 0;
    let read_u16 = |pos: &mut usize| {
        let v = u16::from_le_bytes([key[*pos], key[*pos + 1]]);
        *pos += 2;
        v
    };
    for i in 0..n {
        let code = key[pos];
        pos += 1;
        let any = MemberId(0);
        statuses.push(match code {
            QUEUED => (MessageStatus::Pending, None),
            ACKED => (MessageStatus::Acked, None),
            REFUSED_FRESH => (MessageStatus::InFlight { member: any }, Some(NOW)),
            REFUSED_STALE => (MessageStatus::InFlight { member: any }, Some(NOW - 1)),
            _ => {
                let member = MemberId((code - IN_HAND) / 2);
                let write = (code - IN_HAND) % 2 == 1;
                let snapshot = if write {
                    codec.get(read_u16(&mut pos))
                } else {
                    None
                };
                let msg = MessageId(i as u32);
                let number = world.broker.message(msg).deliveries.max(1);
                let id = world.next_delivery_id();
                world.listeners[member.index()].hand.push(Delivery {
                    id,
                    msg,
                    number,
                    stage: if write { Stage::Write } else { Stage::Read },
                    snapshot,
                    delivered_at: 0,
                    due_at: 0,
                    processing_ms: 0,
                });
                (MessageStatus::InFlight { member }, None)
            }
        });
    }
    let rows: Vec<Option<Row>> = (0..world.tickets.tickets().len())
        .map(|_| codec.get(read_u16(&mut pos)))
        .collect();
    world.replica.restore(rows.into_iter(), NOW);
    world.broker.restore(statuses.into_iter(), NOW);
}

fn held(world: &World, msg: MessageId) -> bool {
    world
        .listeners
        .iter()
        .any(|l| l.hand.iter().any(|d| d.msg == msg))
}

/// Every choice enabled in `world`, in a fixed order.
pub(crate) fn choices(world: &World, out: &mut Vec<Choice>) {
    out.clear();
    let changes = world.replica.changes();
    for m in world.broker.messages() {
        if m.is_queued() {
            for l in &world.listeners {
                if l.has_room(world.max_in_flight) {
                    out.push(Choice::Deliver {
                        message: m.id,
                        member: l.member,
                    });
                }
            }
        }
    }
    for l in &world.listeners {
        for d in &l.hand {
            out.push(Choice::Advance {
                member: l.member,
                message: d.msg,
            });
        }
    }
    for m in world.broker.messages() {
        let refused = matches!(m.status, MessageStatus::InFlight { .. }) && !held(world, m.id);
        if refused && m.refused_at != Some(changes) {
            out.push(Choice::Redeliver { message: m.id });
        }
    }
}

/// Applies `choice` if it is enabled; false otherwise (nothing changes).
pub(crate) fn apply(world: &mut World, choice: Choice) -> bool {
    let mut enabled = Vec::new();
    choices(world, &mut enabled);
    if !enabled.contains(&choice) {
        return false;
    }
    apply_enabled(world, choice);
    true
}

/// Applies a choice known to be enabled.
pub(crate) fn apply_enabled(world: &mut World, choice: Choice) {
    match choice {
        Choice::Deliver { message, member } => {
            world.deliver(message, member);
        }
        Choice::Advance { member, message } => {
            let l = &world.listeners[member.index()];
            if let Some(d) = l.hand.iter().find(|d| d.msg == message).copied() {
                match d.stage {
                    Stage::Read => {
                        world.read(member, d.id);
                    }
                    Stage::Write => {
                        world.write(member, d.id, false);
                    }
                }
            }
        }
        Choice::Redeliver { message } => {
            let number = world.broker.message(message).deliveries;
            world.expire(message, number);
        }
    }
}

/// The outcome of a state with no choice left.
pub(crate) fn terminal_outcome(world: &World) -> Outcome {
    if world.broker.outstanding() > 0 {
        Outcome::Stalled
    } else if first_mismatch(world).is_some() {
        Outcome::Diverged
    } else {
        Outcome::Consistent
    }
}
