//! The floor of the engine's work: the least a loop can do to play the same
//! OCC experiment (1 create + 200 updates 5 ms apart, 2 listeners, ack wait
//! 5 s, wire 1..20 ms, processing 1..10 ms, max in flight never reached),
//! with none of the engine's model around it: no broker seam, no trace, no
//! invariants, no scripted actions. Pop the next event from one heap, check
//! the version, apply or wait out the ack wait and send the message again.
//! Its deliveries per second are what "near the floor" is measured against
//! (issue 26); it draws its times from the engine's own `SimRng`, since the
//! engine must draw them too.

use occ_playground::engine::rng::{trial_seed, SimRng};
use occ_playground::engine::MsRange;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const LISTENERS: usize = 2;
const ACK_WAIT_MS: u64 = 5_000;
const GAP_MS: u64 = 5;
const WIRE: MsRange = MsRange { min: 1, max: 20 };
const PROCESSING: MsRange = MsRange { min: 1, max: 10 };

/// What is due: the owner's save of message `msg`, or a listener reading or
/// writing its copy, or that copy's ack wait running out.
#[derive(Clone, Copy)]
enum Due {
    Publish,
    Read,
    Write,
    AckWait,
}

const DUES: [Due; 4] = [Due::Publish, Due::Read, Due::Write, Due::AckWait];

#[derive(Clone, Copy, Default)]
struct Msg {
    acked: bool,
    /// The latest delivery's number, its member and when it was sent.
    deliveries: u32,
    member: usize,
    sent_at: u64,
}

/// One trial's state: the row's version (`None` before the create is
/// applied), the messages (message `i` carries version `i`) and the heap.
struct Floor {
    rng: SimRng,
    now: u64,
    seq: u64,
    row: Option<u32>,
    msgs: Vec<Msg>,
    unacked: [u32; LISTENERS],
    arrival: [u64; LISTENERS],
    /// `(at_ms, seq << 32 | due << 30 | msg << 16 | number)`: 16 bytes an
    /// entry, ordered by time then insertion as the engine's agenda is.
    heap: BinaryHeap<Reverse<(u64, u64)>>,
    deliveries: u64,
}

impl Floor {
    fn push(&mut self, at: u64, due: Due, msg: u32, number: u32) {
        self.seq += 1;
        let packed = self.seq << 32 | (due as u64) << 30 | u64::from(msg) << 16 | u64::from(number);
        self.heap.push(Reverse((at, packed)));
    }

    /// The OCC check: the row is exactly one version behind the event.
    fn applies(&self, version: u32) -> bool {
        match self.row {
            None => version == 0,
            Some(v) => v + 1 == version,
        }
    }

    /// Sends `msg` to the member with the fewest unacked (the first on a
    /// tie), its read due after the wire time, behind that member's earlier
    /// arrivals.
    fn send(&mut self, msg: u32) {
        let member = usize::from(self.unacked[1] < self.unacked[0]);
        let m = &mut self.msgs[msg as usize];
        if m.deliveries > 0 {
            self.unacked[m.member] -= 1;
        }
        m.deliveries += 1;
        m.member = member;
        m.sent_at = self.now;
        let number = m.deliveries;
        self.unacked[member] += 1;
        self.deliveries += 1;
        let wire = self.rng.duration(WIRE);
        let read_at = (self.now + wire).max(self.arrival[member]);
        self.arrival[member] = read_at;
        self.push(read_at, Due::Read, msg, number);
    }

    fn refuse(&mut self, msg: u32, number: u32) {
        let at = self.msgs[msg as usize].sent_at + ACK_WAIT_MS;
        self.push(at.max(self.now), Due::AckWait, msg, number);
    }

    fn run(&mut self) {
        while let Some(Reverse((at, packed))) = self.heap.pop() {
            let due = DUES[(packed >> 30 & 3) as usize];
            let (msg, number) = ((packed >> 16 & 0x3fff) as u32, (packed & 0xffff) as u32);
            self.now = at;
            let m = self.msgs[msg as usize];
            let current = !m.acked && m.deliveries == number;
            match due {
                Due::Publish => self.send(msg),
                Due::Read if current && self.applies(msg) => {
                    let processing = self.rng.duration(PROCESSING);
                    self.push(at + processing, Due::Write, msg, number);
                }
                Due::Read | Due::Write if !current => {}
                Due::Read => self.refuse(msg, number),
                Due::Write if self.applies(msg) => {
                    self.row = Some(msg);
                    self.msgs[msg as usize].acked = true;
                    self.unacked[m.member] -= 1;
                }
                Due::Write => self.refuse(msg, number),
                Due::AckWait if current => self.send(msg),
                Due::AckWait => {}
            }
        }
    }
}

/// Plays `trials` trials from `seed` (the engine's trial seeds); returns
/// the deliveries made, first deliveries and redeliveries alike.
pub fn run(updates: u32, trials: u32, seed: u64) -> u64 {
    // Message ids and delivery numbers are packed in 14 and 16 bits.
    assert!(updates < 0x3fff, "at most 16,382 updates");
    let mut total = 0;
    for trial in 0..trials {
        let mut f = Floor {
            rng: SimRng::new(trial_seed(seed, u64::from(trial))),
            now: 0,
            seq: 0,
            row: None,
            msgs: vec![Msg::default(); updates as usize + 1],
            unacked: [0; LISTENERS],
            arrival: [0; LISTENERS],
            heap: BinaryHeap::new(),
            deliveries: 0,
        };
        for i in 0..=updates {
            f.push(u64::from(i) * GAP_MS, Due::Publish, i, 0);
        }
        f.run();
        assert!(
            f.row == Some(updates),
            "the floor loop ends with every update applied"
        );
        total += f.deliveries;
    }
    total
}
