//! The explorer's view of the world: a compact, hashable encoding of a state
//! (delivery counts and redelivered flags left out: they change no decision).
//! The choices themselves are World transitions (`world/choice.rs`).

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
