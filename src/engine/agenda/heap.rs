//! The agenda's entries and the binary min-heap that orders those that come
//! in out of order.

use super::Wake;

/// One wake-up, ordered by `(at_ms, seq)`: `seq` is unique, so the wake
/// itself is never compared and any structure ordered by the key pops the
/// same order.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    pub(super) at_ms: u64,
    pub(super) seq: u64,
    pub(super) wake: Wake,
}

impl Entry {
    #[inline]
    pub(super) fn before(&self, other: &Entry) -> bool {
        (self.at_ms, self.seq) < (other.at_ms, other.seq)
    }
}

/// A binary min-heap written out rather than `BinaryHeap<Reverse<..>>`:
/// entries move whole (std's pop swaps them in 8-byte chunks and reads
/// them back 16 bytes at a time, which stalls the store buffer on every
/// pop), and only the key is compared.
#[derive(Clone, Debug, Default)]
pub(super) struct Heap(pub(super) Vec<Entry>);

impl Heap {
    #[inline]
    pub(super) fn first(&self) -> Option<&Entry> {
        self.0.first()
    }

    #[inline]
    pub(super) fn push(&mut self, entry: Entry) {
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
    pub(super) fn pop(&mut self) -> Option<Entry> {
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
