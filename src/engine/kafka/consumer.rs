//! One Orders listener as a Kafka consumer: its fetch position and pause
//! flag per owned partition, and the one record it is handling.
//!
//! Rules (clients `KafkaConsumer`, `consumer/internals/SubscriptionState`):
//! - the position is "the offset of the next message to consume"
//!   (design.html, "Consumer Position"); `poll` hands out the record there
//!   and moves the position past it; `seek` sets it back;
//! - a paused partition is not fetched until resumed (`pause`/`resume`);
//! - partitions take turns: after a partition's records are returned it
//!   goes to the end of the order (`SubscriptionState.movePartitionToEnd`,
//!   called by `FetchCollector`);
//! - the listener handles one record at a time (one thread runs `poll`
//!   and the handler), so a partition's records are processed in order.
//!   `max.poll.records` (500) only sizes a fetch: records still go through
//!   the handler one by one, and the model hands them out one per poll.

use super::log::Record;
use crate::engine::ids::MemberId;
use crate::engine::strategy::Plan;

/// Where the record in hand is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Polled, not read yet.
    Read,
    /// Read; the strategy will write `Plan::row` if its condition holds.
    Write(Plan),
    /// Handled (written, skipped, or refused and skipped): commit next.
    Commit(Handled),
}

/// How the record in hand was handled, for the commit's trace note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Handled {
    Applied,
    /// The strategy skipped it (e.g. not newer than the row).
    Skipped,
    /// The strategy refused it and the listener skips and commits anyway:
    /// the update is lost.
    RefusedSkipped,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InHand {
    pub record: Record,
    pub stage: Stage,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub member: MemberId,
    pub up: bool,
    /// The generation it last joined (sent with each commit).
    pub generation: u32,
    /// Fetch position per partition; `Some` exactly for owned partitions.
    positions: Vec<Option<u64>>,
    paused: Vec<bool>,
    /// Partitions in fetch order (movePartitionToEnd rotates it).
    order: Vec<u32>,
    pub hand: Option<InHand>,
}

impl Consumer {
    pub fn new(member: MemberId, partitions: u32) -> Consumer {
        Consumer {
            member,
            up: true,
            generation: 0,
            positions: vec![None; partitions as usize],
            paused: vec![false; partitions as usize],
            order: Vec::new(),
            hand: None,
        }
    }

    /// An eager rebalance: every partition is revoked (positions and pauses
    /// dropped, `assignFromSubscribed(emptySet)`), then the new ones are
    /// assigned at their committed offsets (`start`).
    pub fn assign(&mut self, generation: u32, owned: impl Iterator<Item = (u32, u64)>) {
        self.generation = generation;
        self.positions.iter_mut().for_each(|p| *p = None);
        self.paused.iter_mut().for_each(|p| *p = false);
        self.order.clear();
        for (p, start) in owned {
            self.positions[p as usize] = Some(start);
            self.order.push(p);
        }
    }

    /// Down: nothing owned, nothing in hand (a crash loses the handler's
    /// progress, not what it already wrote).
    pub fn crash(&mut self) {
        self.up = false;
        self.hand = None;
        self.assign(self.generation, std::iter::empty());
    }

    pub fn owns(&self, partition: u32) -> bool {
        self.position(partition).is_some()
    }

    pub fn position(&self, partition: u32) -> Option<u64> {
        self.positions.get(partition as usize).copied().flatten()
    }

    pub fn paused(&self, partition: u32) -> bool {
        self.paused
            .get(partition as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Owned partitions in fetch order.
    pub fn partitions(&self) -> &[u32] {
        &self.order
    }

    /// The partition `poll` would fetch from, given each partition's log
    /// end: the first unpaused one in fetch order with a record at its
    /// position.
    pub fn next_partition(&self, end: impl Fn(u32) -> u64) -> Option<u32> {
        if !self.up || self.hand.is_some() {
            return None;
        }
        self.order
            .iter()
            .copied()
            .find(|&p| !self.paused(p) && self.position(p).is_some_and(|pos| pos < end(p)))
    }

    /// Takes the record at `partition`'s position into hand.
    pub fn take(&mut self, record: Record) {
        let p = record.partition;
        self.positions[p as usize] = Some(record.offset + 1);
        self.order.retain(|&q| q != p);
        self.order.push(p);
        self.hand = Some(InHand {
            record,
            stage: Stage::Read,
        });
    }

    /// `seek(partition, offset)` then `pause(partition)`: the retry in place.
    pub fn seek_and_pause(&mut self, partition: u32, offset: u64) {
        if self.owns(partition) {
            self.positions[partition as usize] = Some(offset);
            self.paused[partition as usize] = true;
        }
    }

    /// `resume(partition)`; false if not paused (or no longer owned).
    pub fn resume(&mut self, partition: u32) -> bool {
        let was = self.paused(partition) && self.owns(partition);
        if was {
            self.paused[partition as usize] = false;
        }
        was
    }
}

#[cfg(test)]
mod tests {
    use super::super::log::Topic;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn partitions_take_turns_and_each_is_read_in_order() {
        let mut t = Topic::new(3);
        for v in 0..2 {
            t.append(0, updated(2, 10 + v, v));
            t.append(2, updated(0, 10 + v, v));
        }
        let mut c = Consumer::new(MemberId(0), 3);
        c.assign(1, [(0, 0), (2, 0)].into_iter());
        let mut seen = Vec::new();
        while let Some(p) = c.next_partition(|p| t.end_offset(p)) {
            let r = t.record(p, c.position(p).unwrap()).unwrap();
            c.take(r);
            seen.push((r.partition, r.offset));
            c.hand = None;
        }
        assert_eq!(seen, [(0, 0), (2, 0), (0, 1), (2, 1)]);
    }

    #[test]
    fn a_paused_partition_is_skipped_until_resumed_at_its_seek() {
        let mut t = Topic::new(1);
        t.append(0, created(0, 10));
        t.append(0, updated(0, 15, 1));
        let mut c = Consumer::new(MemberId(0), 1);
        c.assign(1, [(0, 0)].into_iter());
        c.take(t.record(0, 0).unwrap());
        c.hand = None;
        c.seek_and_pause(0, 0);
        assert_eq!(c.next_partition(|p| t.end_offset(p)), None);
        assert!(c.resume(0));
        assert!(!c.resume(0));
        assert_eq!(c.next_partition(|p| t.end_offset(p)), Some(0));
        assert_eq!(c.position(0), Some(0));
    }

    #[test]
    fn a_rebalance_drops_old_positions_and_pauses() {
        let mut c = Consumer::new(MemberId(1), 3);
        c.assign(1, [(1, 0)].into_iter());
        c.seek_and_pause(1, 5);
        c.assign(2, [(1, 3), (2, 0)].into_iter());
        assert_eq!((c.position(1), c.paused(1)), (Some(3), false));
        assert_eq!(c.position(0), None);
        c.crash();
        assert!(!c.up && !c.owns(1) && c.hand.is_none());
    }
}
