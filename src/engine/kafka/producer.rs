//! The Tickets service's producer: batches per partition, requests in
//! flight on its one connection to the (single) broker, retries, and
//! idempotence.
//!
//! Rules:
//! - The broker handles one connection's requests in the order sent, so
//!   without faults records land in send order whatever the in-flight count.
//! - A failed request is retried (`retries` defaults to `Integer.MAX_VALUE`,
//!   ProducerConfig.java). Without idempotence the retried batch goes back
//!   to the head of its partition's queue (`RecordAccumulator.reenqueue`:
//!   `deque.addFirst`), but the requests sent after it are already in flight
//!   and land first: with `max.in.flight.requests.per.connection` > 1 one
//!   key's records can be reordered (ProducerConfig's doc of that setting:
//!   "there is a risk of message reordering after a failed send due to
//!   retries"). A retry of a request that was written but whose response was
//!   lost writes the record twice (design.html, "Message Delivery Semantics":
//!   at-least-once).
//! - With idempotence (the default since 3.0) every batch carries a sequence
//!   number per partition; the broker appends only the next one and refuses
//!   a gap with OUT_OF_ORDER_SEQUENCE_NUMBER (storage
//!   `ProducerAppendInfo.checkSequence`), acks an already written sequence
//!   as a duplicate without appending it (design.html: "resending will not
//!   result in duplicate entries in the log"), and the producer re-enqueues
//!   refused batches in sequence order (`RecordAccumulator
//!   .insertInSequenceOrder`). Order and exactly one copy are kept.

use super::log::{Record, Topic};
use crate::engine::tickets::Event;
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Batch {
    pub partition: u32,
    pub event: Event,
    /// Sequence number within the partition (idempotence only; assigned at
    /// send, as the accumulator does when it drains the batch).
    pub seq: Option<u32>,
    pub attempts: u32,
}

/// What befalls the request at the head of the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProduceFault {
    None,
    /// A retriable error before the log: nothing written, the batch retried.
    NotWritten,
    /// Written, but the response was lost: the producer retries it.
    ResponseLost,
}

impl ProduceFault {
    /// Draws a fault with the caller's `below(n)` (the engine's SimRng):
    /// `not_written` and `response_lost` in thousandths.
    pub fn draw(not_written: u16, response_lost: u16, below: &mut impl FnMut(u64) -> u64) -> Self {
        let roll = below(1000);
        if roll < u64::from(not_written) {
            ProduceFault::NotWritten
        } else if roll < u64::from(not_written) + u64::from(response_lost) {
            ProduceFault::ResponseLost
        } else {
            ProduceFault::None
        }
    }
}

/// What the broker did with a request, and what the producer did next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Produced {
    Written(Record),
    /// Written, response lost: the batch is queued again.
    WrittenRetrying(Record),
    /// Not written (the fault, or a sequence gap behind a failed batch):
    /// queued again.
    Retrying {
        batch: Batch,
        out_of_order: bool,
    },
    /// An idempotent retry of a sequence already in the log: acked, not
    /// appended.
    Duplicate(Batch),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    idempotence: bool,
    max_in_flight: u32,
    /// The accumulator: batches not sent yet, per partition.
    queued: Vec<VecDeque<Batch>>,
    /// Requests sent and not answered, in send order (one connection).
    in_flight: VecDeque<Batch>,
    next_seq: Vec<u32>,
    /// The broker's producer state: the last sequence appended per partition.
    last_seq: Vec<Option<u32>>,
}

impl Producer {
    pub fn new(partitions: u32, idempotence: bool, max_in_flight: u32) -> Producer {
        let n = partitions.max(1) as usize;
        Producer {
            idempotence,
            max_in_flight: max_in_flight.max(1),
            queued: vec![VecDeque::new(); n],
            in_flight: VecDeque::new(),
            next_seq: vec![0; n],
            last_seq: vec![None; n],
        }
    }

    /// `producer.send(record)`: into the accumulator of its partition.
    pub fn send(&mut self, partition: u32, event: Event) {
        let p = partition as usize;
        let seq = self.idempotence.then(|| {
            self.next_seq[p] += 1;
            self.next_seq[p] - 1
        });
        self.queued[p].push_back(Batch {
            partition,
            event,
            seq,
            attempts: 0,
        });
    }

    /// Partitions whose head batch may go out now.
    pub fn sendable(&self) -> impl Iterator<Item = u32> + '_ {
        let room = (self.in_flight.len() as u32) < self.max_in_flight;
        (0..self.queued.len() as u32).filter(move |&p| room && !self.queued[p as usize].is_empty())
    }

    /// The sender drains `partition`'s head batch into a request; false if
    /// the connection is full or nothing is queued there.
    pub fn dispatch(&mut self, partition: u32) -> bool {
        if (self.in_flight.len() as u32) >= self.max_in_flight {
            return false;
        }
        let Some(mut b) = self.queued[partition as usize].pop_front() else {
            return false;
        };
        b.attempts += 1;
        self.in_flight.push_back(b);
        true
    }

    pub fn in_flight(&self) -> &VecDeque<Batch> {
        &self.in_flight
    }

    /// Nothing queued and nothing in flight.
    pub fn idle(&self) -> bool {
        self.in_flight.is_empty() && self.queued.iter().all(VecDeque::is_empty)
    }

    /// The broker handles the oldest request in flight, with `fault`.
    pub fn arrive(&mut self, topic: &mut Topic, fault: ProduceFault) -> Option<Produced> {
        let b = self.in_flight.pop_front()?;
        let p = b.partition as usize;
        if let Some(seq) = b.seq {
            let last = self.last_seq[p];
            if last.is_some_and(|l| seq <= l) {
                return Some(Produced::Duplicate(b));
            }
            if seq != last.map_or(0, |l| l + 1) {
                self.requeue(b);
                return Some(Produced::Retrying {
                    batch: b,
                    out_of_order: true,
                });
            }
        }
        if fault == ProduceFault::NotWritten {
            self.requeue(b);
            return Some(Produced::Retrying {
                batch: b,
                out_of_order: false,
            });
        }
        let record = topic.append(b.partition, b.event);
        if b.seq.is_some() {
            self.last_seq[p] = b.seq;
        }
        if fault == ProduceFault::ResponseLost {
            self.requeue(b);
            return Some(Produced::WrittenRetrying(record));
        }
        Some(Produced::Written(record))
    }

    fn requeue(&mut self, b: Batch) {
        let q = &mut self.queued[b.partition as usize];
        match b.seq {
            // insertInSequenceOrder: behind every queued batch with a lower
            // sequence.
            Some(seq) => {
                let at = q
                    .iter()
                    .take_while(|x| x.seq.is_some_and(|s| s < seq))
                    .count();
                q.insert(at, b);
            }
            None => q.push_front(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    /// Sends v0, v1, v2 of CZQ (partition 2 of 3) back to back, fails the
    /// first attempt of v1 with `fault`, and returns the log's versions.
    fn burst(idempotence: bool, max_in_flight: u32, fault: ProduceFault) -> Vec<u64> {
        let mut topic = Topic::new(3);
        let mut pr = Producer::new(3, idempotence, max_in_flight);
        pr.send(2, created(0, 10));
        pr.send(2, updated(0, 15, 1));
        pr.send(2, updated(0, 20, 2));
        let mut steps = 0;
        while !pr.idle() {
            steps += 1;
            assert!(steps < 100, "no progress");
            // Fill the connection, then the broker answers the oldest.
            while pr.dispatch(2) {}
            let head = pr.in_flight()[0];
            let first_try_of_v1 = head.event.version.0 == 1 && head.attempts == 1;
            let f = if first_try_of_v1 {
                fault
            } else {
                ProduceFault::None
            };
            pr.arrive(&mut topic, f);
        }
        topic.records(2).map(|r| r.event.version.0).collect()
    }

    #[test]
    fn without_faults_records_land_in_send_order() {
        for (idem, inflight) in [(false, 5), (true, 5), (false, 1)] {
            assert_eq!(burst(idem, inflight, ProduceFault::None), [0, 1, 2]);
        }
    }

    /// The fault: v1's request fails while v2's is already in flight;
    /// v2 lands, then v1's retry behind it.
    #[test]
    fn a_retry_without_idempotence_reorders_one_key() {
        assert_eq!(burst(false, 5, ProduceFault::NotWritten), [0, 2, 1]);
    }

    #[test]
    fn one_request_in_flight_keeps_the_order_even_without_idempotence() {
        assert_eq!(burst(false, 1, ProduceFault::NotWritten), [0, 1, 2]);
    }

    /// The broker refuses v2 (sequence 2 after 0: a gap) and the producer
    /// re-sends v1 then v2, in sequence order.
    #[test]
    fn idempotence_keeps_the_order() {
        assert_eq!(burst(true, 5, ProduceFault::NotWritten), [0, 1, 2]);
    }

    #[test]
    fn a_lost_response_writes_twice_without_idempotence_and_once_with_it() {
        assert_eq!(burst(false, 5, ProduceFault::ResponseLost), [0, 1, 2, 1]);
        assert_eq!(burst(false, 1, ProduceFault::ResponseLost), [0, 1, 1, 2]);
        assert_eq!(burst(true, 5, ProduceFault::ResponseLost), [0, 1, 2]);
    }

    #[test]
    fn the_out_of_order_refusal_is_reported() {
        let mut topic = Topic::new(3);
        let mut pr = Producer::new(3, true, 5);
        pr.send(2, created(0, 10));
        pr.send(2, updated(0, 15, 1));
        while pr.dispatch(2) {}
        assert!(matches!(
            pr.arrive(&mut topic, ProduceFault::NotWritten),
            Some(Produced::Retrying {
                out_of_order: false,
                ..
            })
        ));
        assert!(matches!(
            pr.arrive(&mut topic, ProduceFault::None),
            Some(Produced::Retrying {
                out_of_order: true,
                ..
            })
        ));
        assert_eq!(topic.end_offset(2), 0);
        assert_eq!(pr.arrive(&mut topic, ProduceFault::None), None);
    }

    #[test]
    fn faults_come_from_the_callers_draw() {
        let mut rolls = [999u64, 0, 50, 70].into_iter();
        let mut below = |n: u64| {
            assert_eq!(n, 1000);
            rolls.next().unwrap()
        };
        let drawn: Vec<ProduceFault> = (0..4)
            .map(|_| ProduceFault::draw(50, 20, &mut below))
            .collect();
        assert_eq!(
            drawn,
            [
                ProduceFault::None,
                ProduceFault::NotWritten,
                ProduceFault::ResponseLost,
                ProduceFault::None
            ]
        );
    }
}
