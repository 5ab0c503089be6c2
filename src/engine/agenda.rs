//! The timed driver's future: a small binary heap of wake-ups in virtual
//! time. Ties break by insertion order, which keeps runs deterministic.

use super::ids::{MemberId, MessageId};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// The heartbeats of `member`, crashed at `crashed_at`, have failed.
    HeartbeatsFail {
        member: MemberId,
        crashed_at: u64,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Agenda {
    heap: BinaryHeap<Reverse<(u64, u64, Wake)>>,
    inserted: u64,
}

impl Agenda {
    pub fn clear(&mut self) {
        self.heap.clear();
        self.inserted = 0;
    }

    pub fn push(&mut self, at_ms: u64, wake: Wake) {
        self.inserted += 1;
        self.heap.push(Reverse((at_ms, self.inserted, wake)));
    }

    pub fn next_time(&self) -> Option<u64> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    pub fn pop(&mut self) -> Option<(u64, Wake)> {
        self.heap.pop().map(|Reverse((t, _, w))| (t, w))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Entries in no particular order (for re-timing after a shuffle).
    pub fn iter(&self) -> impl Iterator<Item = (u64, Wake)> + '_ {
        self.heap.iter().map(|Reverse((t, _, w))| (*t, *w))
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
}
