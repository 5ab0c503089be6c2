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
