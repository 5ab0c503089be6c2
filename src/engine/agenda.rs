//! The timed driver's future: wake-ups in virtual time, popped by time,
//! ties in insertion order, which keeps runs deterministic.

mod fifo;
mod heap;

use super::ids::{MemberId, MessageId};
use fifo::Fifo;
use heap::{Entry, Heap};

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

/// Where an entry waits (see [`Agenda`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Soon,
    InOrder(usize),
    Late,
}

/// How many FIFOs of in-order timers. Each listener reads its deliveries,
/// and so arms their ack waits, in the order they were sent, but two
/// listeners' reads interleave: with one FIFO a quarter of occ's ack waits
/// came out of order (60k of 245k over 20 trials of 200 updates); with two,
/// each taking the timers it fits best, none did (the course runs two
/// listeners; more still work, a few more timers going to `late`).
const RUNS: usize = 2;

/// Queues under one insertion counter, popped as one in
/// `(at_ms, seq)` order:
/// - `soon`, a heap: deliveries in progress (reads and writes, due within
///   milliseconds, a handful at a time), so a read never sifts past the
///   timers;
/// - `in_order`, `RUNS` FIFOs: each holds timers due no earlier than
///   the last one queued there. Every ack wait has one duration (NATS
///   Streaming's `AckWait`), so they come due in about the order they were
///   armed: hundreds are pending under occ, and each is pushed and popped
///   in O(1) instead of sifting a heap of hundreds;
/// - `late`, a heap: the few timers due before every FIFO's last (an ack
///   wait armed at a read, whose delivery was sent before those of ones
///   armed earlier; a heartbeat; a restart; a JetStream BackOff step).
///
/// Each queue is in key order by itself and a pop takes the least of the
/// heads, so the agenda pops exactly what one heap of every entry would
/// (`tests::pops_like_one_heap`): the split changes speed, never a trace.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    soon: Heap,
    in_order: [Fifo; RUNS],
    late: Heap,
    inserted: u64,
}

impl Agenda {
    pub fn clear(&mut self) {
        self.soon.0.clear();
        self.in_order.iter_mut().for_each(Fifo::clear);
        self.late.0.clear();
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
            _ => self.push_timer(entry),
        }
    }

    /// Into the FIFO whose last entry is the latest not after it (a later
    /// `seq` breaks a tie of times, so the FIFO stays sorted), keeping the
    /// others for timers due sooner; into `late` if none fits.
    #[inline]
    fn push_timer(&mut self, entry: Entry) {
        let mut fit: Option<(usize, u64)> = None;
        for (i, run) in self.in_order.iter().enumerate() {
            let last = run.back().map_or(0, |last| last.at_ms);
            if last <= entry.at_ms && fit.is_none_or(|(_, best)| last > best) {
                fit = Some((i, last));
            }
        }
        match fit {
            Some((i, _)) => self.in_order[i].push_back(entry),
            None => self.late.push(entry),
        }
    }

    /// The earliest entry of all the queues, and which it heads.
    // `#[inline]`, not `always`: forcing it saved 1.4 % of occ's
    // instructions and no measurable time, for 3 KB more raw wasm in the
    // first-visit module.
    #[inline]
    fn earliest(&self) -> Option<(Source, &Entry)> {
        let mut timer = self.late.first().map(|l| (Source::Late, l));
        for (i, run) in self.in_order.iter().enumerate() {
            if let Some(f) = run.front() {
                if timer.is_none_or(|(_, t)| f.before(t)) {
                    timer = Some((Source::InOrder(i), f));
                }
            }
        }
        match (self.soon.first(), timer) {
            (Some(s), Some((_, t))) if !t.before(s) => Some((Source::Soon, s)),
            (Some(s), None) => Some((Source::Soon, s)),
            (_, timer) => timer,
        }
    }

    pub fn next_time(&self) -> Option<u64> {
        self.earliest().map(|(_, e)| e.at_ms)
    }

    #[inline]
    pub fn pop(&mut self) -> Option<(u64, Wake)> {
        self.pop_due(None)
    }

    /// Pops the earliest entry if it is due at or before `until` (always
    /// when `None`): one look at the heads, where `next_time` then `pop`
    /// take two.
    #[inline]
    pub fn pop_due(&mut self, until: Option<u64>) -> Option<(u64, Wake)> {
        let (source, first) = self.earliest()?;
        if until.is_some_and(|t| first.at_ms > t) {
            return None;
        }
        let e = match source {
            Source::Soon => self.soon.pop(),
            Source::InOrder(i) => self.in_order[i].pop_front(),
            Source::Late => self.late.pop(),
        };
        e.map(|e| (e.at_ms, e.wake))
    }

    pub fn len(&self) -> usize {
        let in_order: usize = self.in_order.iter().map(Fifo::len).sum();
        self.soon.0.len() + in_order + self.late.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries in no particular order (for re-timing after a shuffle).
    pub fn iter(&self) -> impl Iterator<Item = (u64, Wake)> + '_ {
        (self.soon.0.iter())
            .chain(self.in_order.iter().flat_map(Fifo::iter))
            .chain(&self.late.0)
            .map(|e| (e.at_ms, e.wake))
    }
}

// proptest is a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    /// One operation of the property test: push a delivery in progress
    /// (due within `ms` ms), an ack wait of the one constant duration, a
    /// timer of any duration (a heartbeat, a restart, a BackOff step), or
    /// pop the next entry.
    #[derive(Clone, Debug)]
    enum Op {
        Soon(u64),
        AckWait,
        Timer(u64),
        Pop,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u64..30).prop_map(Op::Soon),
            Just(Op::AckWait),
            (0u64..12_000).prop_map(Op::Timer),
            Just(Op::Pop),
            Just(Op::Pop),
        ]
    }

    /// Which push a wake-up came from (each push carries its index).
    fn pushed_as(wake: Wake) -> u64 {
        match wake {
            Wake::Read { delivery, .. } => u64::from(delivery),
            Wake::AckWait { msg, .. } => u64::from(msg.0),
            Wake::HeartbeatMissed { crashed_at, .. } => crashed_at,
            other => panic!("not pushed by the test: {other:?}"),
        }
    }

    proptest! {
        /// The agenda pops exactly the entries, in exactly the order, that a
        /// plain binary heap keyed by `(at_ms, seq)` pops, for random
        /// interleavings of constant and varying durations armed at the
        /// time of the latest pop, as the driver arms them. Ack waits come
        /// in nearly in order: an ack wait is armed at a read, and its
        /// deadline runs from the send, up to `back` ms before (so ties
        /// and inversions occur).
        #[test]
        fn pops_like_one_heap(
            ops in proptest::collection::vec(op(), 1..400),
            back in 0u64..50,
        ) {
            const ACK_WAIT: u64 = 5_000;
            let mut agenda = Agenda::default();
            let mut reference: BinaryHeap<Reverse<(u64, u64, u64)>> = BinaryHeap::new();
            let mut now = 0u64;
            for (i, op) in ops.iter().enumerate() {
                let i = i as u32;
                let (at, wake) = match *op {
                    Op::Soon(ms) => (now + ms, Wake::Read { member: MemberId(0), delivery: i }),
                    Op::AckWait => (
                        (now + ACK_WAIT).saturating_sub(back * u64::from(i % 3)),
                        Wake::AckWait { msg: MessageId(i), delivery: 1 },
                    ),
                    Op::Timer(ms) => (
                        now + ms,
                        Wake::HeartbeatMissed { member: MemberId(1), crashed_at: u64::from(i) },
                    ),
                    Op::Pop => {
                        let want = reference.pop().map(|Reverse((at, _, id))| (at, id));
                        let got = agenda.pop().map(|(at, wake)| (at, pushed_as(wake)));
                        prop_assert_eq!(got, want);
                        if let Some((at, _)) = got {
                            now = now.max(at);
                        }
                        prop_assert_eq!(agenda.len(), reference.len());
                        continue;
                    }
                };
                agenda.push(at, wake);
                reference.push(Reverse((at, u64::from(i), u64::from(i))));
            }
            while let Some(Reverse((at, _, id))) = reference.pop() {
                prop_assert_eq!(agenda.next_time(), Some(at));
                let got = agenda.pop().map(|(at, wake)| (at, pushed_as(wake)));
                prop_assert_eq!(got, Some((at, id)));
            }
            prop_assert!(agenda.is_empty());
        }
    }

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
