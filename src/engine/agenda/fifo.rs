//! A FIFO of agenda entries on a `Vec`, the heaps' own type, so the
//! first-visit module links no second container's code for it: popped from
//! a moving head, and compacted once the popped part is as long as the rest
//! (each entry is moved at most once per compaction: O(1) per pop overall).

use super::heap::Entry;

#[derive(Clone, Debug, Default)]
pub(super) struct Fifo {
    buf: Vec<Entry>,
    /// Entries before it were popped.
    head: usize,
}

/// Popped entries kept before a compaction is worth its copy.
const COMPACT_AFTER: usize = 64;

impl Fifo {
    #[inline]
    pub(super) fn front(&self) -> Option<&Entry> {
        self.buf.get(self.head)
    }

    #[inline]
    pub(super) fn back(&self) -> Option<&Entry> {
        self.buf[self.head..].last()
    }

    #[inline]
    pub(super) fn push_back(&mut self, entry: Entry) {
        self.buf.push(entry);
    }

    #[inline]
    pub(super) fn pop_front(&mut self) -> Option<Entry> {
        let entry = *self.buf.get(self.head)?;
        self.head += 1;
        if self.head == self.buf.len() {
            self.clear();
        } else if self.head >= COMPACT_AFTER && 2 * self.head >= self.buf.len() {
            self.buf.copy_within(self.head.., 0);
            self.buf.truncate(self.buf.len() - self.head);
            self.head = 0;
        }
        Some(entry)
    }

    pub(super) fn len(&self) -> usize {
        self.buf.len() - self.head
    }

    pub(super) fn clear(&mut self) {
        self.buf.clear();
        self.head = 0;
    }

    pub(super) fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.buf[self.head..].iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::agenda::Wake;
    use crate::engine::ids::MemberId;

    fn entry(seq: u64) -> Entry {
        Entry {
            at_ms: seq,
            seq,
            wake: Wake::Restart {
                member: MemberId(0),
            },
        }
    }

    /// Long runs of pushes and pops, so compactions happen mid-stream: the
    /// entries come out in the order pushed, none lost, and the buffer
    /// stays within twice what is queued (plus the compaction's slack).
    #[test]
    fn pops_in_push_order_across_compactions() {
        let mut f = Fifo::default();
        let (mut pushed, mut popped) = (0u64, 0u64);
        for round in 0..50u64 {
            for _ in 0..(round % 7) * 40 + 10 {
                pushed += 1;
                f.push_back(entry(pushed));
                assert_eq!(f.back().map(|e| e.seq), Some(pushed));
            }
            for _ in 0..(round % 5) * 50 + 20 {
                let Some(e) = f.pop_front() else { break };
                popped += 1;
                assert_eq!(e.seq, popped);
                assert!(f.buf.len() <= 2 * f.len() + COMPACT_AFTER);
            }
            assert_eq!(f.len() as u64, pushed - popped);
            assert_eq!(f.iter().map(|e| e.seq).next(), f.front().map(|e| e.seq));
        }
        while let Some(e) = f.pop_front() {
            popped += 1;
            assert_eq!(e.seq, popped);
        }
        assert_eq!((popped, f.len(), f.back().is_none()), (pushed, 0, true));
    }
}
