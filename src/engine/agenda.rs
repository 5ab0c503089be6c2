//! The timed driver's future: a small binary heap of wake-ups in virtual
//! time. Ties break by insertion order, which keeps runs deterministic.

use super::ids::{MemberId, MessageId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// A delivery reaches its listener, which reads the row.
    Read {
        member: MemberId,
        delivery: u32,
    },
    /// The listener writes (and acks or not).
    Write {
        member: MemberId,
        delivery: u32,
    },
    /// Delivery `delivery` of `msg` will not be acked in time: when its ack
    /// wait runs out, the broker redelivers. Armed only when needed.
    AckWait {
        msg: MessageId,
        delivery: u32,
    },
    Restart {
        member: MemberId,
    },
    /// The first heartbeat to `member` since its crash at `crashed_at`
    /// goes unanswered (only a crashed member's pings are wake-ups).
    HeartbeatMissed {
        member: MemberId,
        crashed_at: u64,
    },
    /// `member`, crashed at `crashed_at`, missed one heartbeat more than
    /// the server tolerates: it is closed.
    HeartbeatsFail {
        member: MemberId,
        crashed_at: u64,
    },
    /// A Kafka timer (`world/kafka.rs`).
    Kafka(KafkaWake),
}

/// What the Kafka model asks the driver to do later (`World` is time-free:
/// it queues these, the driver puts them on the agenda).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KafkaWake {
    /// The broker answers the producer's oldest request in flight.
    Produce,
    /// `member` commits the offset past the record it handled: a step of
    /// its own, so a crash can fall between the write and the commit.
    Commit { member: MemberId },
    /// The backoff of a retry in place is over: `member` resumes `partition`.
    Resume { member: MemberId, partition: u32 },
    /// The session of crashed `member` runs out: the coordinator removes it.
    SessionExpired { member: MemberId },
}

/// One wake-up on the heap, ordered by `(at_ms, seq)`: `seq` is unique, so
/// the wake itself is never compared and any heap pops the same order.
#[derive(Clone, Copy, Debug)]
struct Entry {
    at_ms: u64,
    seq: u64,
    wake: Wake,
}

impl Entry {
    fn before(&self, other: &Entry) -> bool {
        (self.at_ms, self.seq) < (other.at_ms, other.seq)
    }
}

/// A binary min-heap written out rather than `BinaryHeap<Reverse<..>>`:
/// entries move whole (std's pop swaps them in 8-byte chunks and reads
/// them back 16 bytes at a time, which stalls the store buffer on every
/// pop), and only the key is compared.
#[derive(Clone, Debug, Default)]
struct Heap(Vec<Entry>);

impl Heap {
    fn first(&self) -> Option<&Entry> {
        self.0.first()
    }

    #[inline]
    fn push(&mut self, entry: Entry) {
        let heap = &mut self.0;
        let mut hole = heap.len();
        heap.push(entry);
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if !entry.before(&heap[parent]) {
                break;
            }
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = entry;
    }

    #[inline]
    fn pop(&mut self) -> Option<Entry> {
        let heap = &mut self.0;
        let last = heap.pop()?;
        let Some(&top) = heap.first() else {
            return Some(last);
        };
        // Sift the last entry down from the root into the hole.
        let n = heap.len();
        let mut hole = 0;
        loop {
            let left = 2 * hole + 1;
            if left >= n {
                break;
            }
            let right = left + 1;
            let child = if right < n && heap[right].before(&heap[left]) {
                right
            } else {
                left
            };
            if !heap[child].before(&last) {
                break;
            }
            heap[hole] = heap[child];
            hole = child;
        }
        heap[hole] = last;
        Some(top)
    }
}

/// Two heaps under one insertion counter, popped as one: deliveries in
/// progress (reads and writes, due within milliseconds, a handful at a time)
/// and timers (ack waits, restarts, heartbeats: seconds away, hundreds under
/// occ). A read no longer sifts past every pending ack wait, and the order
/// is still exactly by `(at_ms, seq)` across both.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    soon: Heap,
    timers: Heap,
    inserted: u64,
}

impl Agenda {
    pub fn clear(&mut self) {
        self.soon.0.clear();
        self.timers.0.clear();
        self.inserted = 0;
    }

    // Inlined so the wake is built in place: passed by reference, its
    // fields were stored piecemeal and read back whole (a store-forwarding
    // stall on every push).
    #[inline]
    pub fn push(&mut self, at_ms: u64, wake: Wake) {
        self.inserted += 1;
        let entry = Entry {
            at_ms,
            seq: self.inserted,
            wake,
        };
        match wake {
            Wake::Read { .. } | Wake::Write { .. } => self.soon.push(entry),
            _ => self.timers.push(entry),
        }
    }

    /// The earliest entry of either heap, and whether it is a timer.
    fn earliest(&self) -> Option<(&Entry, bool)> {
        match (self.soon.first(), self.timers.first()) {
            (Some(s), Some(t)) if t.before(s) => Some((t, true)),
            (Some(s), _) => Some((s, false)),
            (None, t) => t.map(|t| (t, true)),
        }
    }

    pub fn next_time(&self) -> Option<u64> {
        self.earliest().map(|(e, _)| e.at_ms)
    }

    #[inline]
    pub fn pop(&mut self) -> Option<(u64, Wake)> {
        let (_, timer) = self.earliest()?;
        let heap = if timer {
            &mut self.timers
        } else {
            &mut self.soon
        };
        heap.pop().map(|e| (e.at_ms, e.wake))
    }

    pub fn len(&self) -> usize {
        self.soon.0.len() + self.timers.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.soon.0.is_empty() && self.timers.0.is_empty()
    }

    /// Entries in no particular order (for re-timing after a shuffle).
    pub fn iter(&self) -> impl Iterator<Item = (u64, Wake)> + '_ {
        (self.soon.0.iter())
            .chain(&self.timers.0)
            .map(|e| (e.at_ms, e.wake))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_insertion() {
        let mut a = Agenda::default();
        a.push(
            5,
            Wake::Restart {
                member: MemberId(2),
            },
        );
        a.push(
            3,
            Wake::Restart {
                member: MemberId(1),
            },
        );
        a.push(
            3,
            Wake::Restart {
                member: MemberId(0),
            },
        );
        assert_eq!(a.next_time(), Some(3));
        assert_eq!(
            a.pop(),
            Some((
                3,
                Wake::Restart {
                    member: MemberId(1)
                }
            ))
        );
        assert_eq!(
            a.pop(),
            Some((
                3,
                Wake::Restart {
                    member: MemberId(0)
                }
            ))
        );
        assert_eq!(
            a.pop(),
            Some((
                5,
                Wake::Restart {
                    member: MemberId(2)
                }
            ))
        );
        assert!(a.is_empty());
    }

    /// Interleaved pushes and pops of both kinds, many ties: every pop is the
    /// earliest entry of either heap, ties in insertion order (checked
    /// against a sorted list).
    #[test]
    fn pops_like_a_sorted_list() {
        let mut a = Agenda::default();
        let mut reference: Vec<(u64, u64, Wake)> = Vec::new();
        let mut x: u64 = 1;
        for i in 0..5_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let at = (x >> 33) % 50 + i / 10;
            // Both heaps: deliveries in progress and timers.
            let wake = if x % 5 < 2 {
                Wake::Read {
                    member: MemberId(0),
                    delivery: i as u32,
                }
            } else {
                Wake::AckWait {
                    msg: MessageId(i as u32),
                    delivery: 1,
                }
            };
            a.push(at, wake);
            reference.push((at, i, wake));
            if x.is_multiple_of(3) {
                reference.sort_by_key(|&(t, seq, _)| (t, seq));
                let (t, _, w) = reference.remove(0);
                assert_eq!(a.pop(), Some((t, w)));
            }
            assert_eq!(a.len(), reference.len());
        }
        reference.sort_by_key(|&(t, seq, _)| (t, seq));
        for (t, _, w) in reference {
            assert_eq!(a.next_time(), Some(t));
            assert_eq!(a.pop(), Some((t, w)));
        }
        assert_eq!(a.pop(), None);
    }
}
