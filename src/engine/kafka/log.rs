//! Topic `tickets`: one append-only log per partition.
//!
//! Rule (design.html, "Consumer Position"): "Our topic is divided into a set
//! of totally ordered partitions"; a record's offset is its place in its
//! partition's log, and offsets are never reused. Records are never removed
//! here (no retention within a run), so every committed offset stays valid.

use super::partitioner::partition_of;
use crate::engine::tickets::Event;

/// One record: the ticket id is its key, the event its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Record {
    pub partition: u32,
    pub offset: u64,
    pub event: Event,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topic {
    logs: Vec<Vec<Event>>,
}

impl Topic {
    pub fn new(partitions: u32) -> Topic {
        Topic {
            logs: vec![Vec::new(); partitions.max(1) as usize],
        }
    }

    pub fn partitions(&self) -> u32 {
        self.logs.len() as u32
    }

    /// The partition a record about this event's ticket goes to.
    pub fn partition_for(&self, event: &Event) -> u32 {
        partition_of(event.ticket, self.partitions())
    }

    /// Appends at the partition's end (the leader's log); returns the record.
    pub fn append(&mut self, partition: u32, event: Event) -> Record {
        let log = &mut self.logs[partition as usize];
        log.push(event);
        Record {
            partition,
            offset: log.len() as u64 - 1,
            event,
        }
    }

    pub fn record(&self, partition: u32, offset: u64) -> Option<Record> {
        let event = *self.logs.get(partition as usize)?.get(offset as usize)?;
        Some(Record {
            partition,
            offset,
            event,
        })
    }

    /// The offset the next record of `partition` will get (Kafka's log end
    /// offset).
    pub fn end_offset(&self, partition: u32) -> u64 {
        self.logs
            .get(partition as usize)
            .map_or(0, |l| l.len() as u64)
    }

    /// Every record of one partition, in offset order.
    pub fn records(&self, partition: u32) -> impl Iterator<Item = Record> + '_ {
        (0..self.end_offset(partition)).filter_map(move |o| self.record(partition, o))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn offsets_count_up_per_partition_and_records_stay() {
        let mut t = Topic::new(3);
        assert_eq!(t.append(2, created(0, 10)).offset, 0);
        assert_eq!(t.append(2, updated(0, 15, 1)).offset, 1);
        assert_eq!(t.append(0, created(2, 5)).offset, 0);
        assert_eq!(t.end_offset(2), 2);
        assert_eq!(t.end_offset(1), 0);
        let versions: Vec<u64> = t.records(2).map(|r| r.event.version.0).collect();
        assert_eq!(versions, [0, 1]);
        assert_eq!(t.record(1, 0), None);
        assert_eq!(t.record(9, 0), None);
    }

    #[test]
    fn a_tickets_records_all_go_to_its_partition() {
        let t = Topic::new(3);
        // CZQ (ticket 0) and OSF (ticket 1) hash to partition 2, AKU to 0.
        assert_eq!(t.partition_for(&created(0, 10)), 2);
        assert_eq!(t.partition_for(&updated(0, 15, 1)), 2);
        assert_eq!(t.partition_for(&created(1, 10)), 2);
        assert_eq!(t.partition_for(&created(2, 10)), 0);
    }
}
