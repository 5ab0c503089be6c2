//! The broker's bulk operations: restoring an explorer state, shuffling the
//! queue, and recounting its running counts for the invariant checker.

use super::{Broker, Channel, Message, MessageStatus, MAX_MEMBERS};
use crate::engine::ids::MemberId;
use crate::engine::order::stable_order;

impl Broker {
    /// Sets every message's status at once (the explorer restores states this
    /// way); `refused_at` as for `refused`, counted against `replica_change`.
    /// Queued messages queue in id order.
    pub(crate) fn restore(
        &mut self,
        states: impl Iterator<Item = (MessageStatus, Option<u64>)>,
        replica_change: u64,
    ) {
        self.queue.clear();
        self.outstanding = 0;
        self.stuck = 0;
        self.stuck_change = replica_change;
        self.dead_lettered = 0;
        self.routed = 0;
        self.fresh = 0;
        self.pending = [[0; MAX_MEMBERS]; super::CHANNELS];
        self.queued = [0; super::CHANNELS];
        for (m, (status, refused_at)) in self.messages.iter_mut().zip(states) {
            m.status = status;
            m.refused_at = refused_at;
            m.route = None;
            m.timer_for = 0;
            let c = m.channel.slot();
            if m.is_queued() {
                self.queue.push_back(m.id);
                self.queued[c] += 1;
            }
            if status == MessageStatus::Pending {
                self.fresh += 1;
            }
            if let MessageStatus::InFlight { member } = status {
                self.pending[c][member.index()] += 1;
            }
            if status == MessageStatus::DeadLettered {
                self.dead_lettered += 1;
            }
            if m.is_outstanding() {
                self.outstanding += 1;
                if refused_at == Some(replica_change) {
                    self.stuck += 1;
                }
            }
        }
    }

    /// Permutes how the queue interleaves the two channels; within a channel
    /// the sequence order stays (the server only ever sends a channel's
    /// `lastSent + 1`). Fisher-Yates on u64 draws from `below(n)` in 0..n.
    pub(crate) fn shuffle(&mut self, mut below: impl FnMut(u64) -> u64) {
        let n = self.queue.len();
        for i in (1..n).rev() {
            let j = below(i as u64 + 1) as usize;
            self.queue.swap(i, j);
        }
        for c in Channel::ALL {
            let of_c = |id: &crate::engine::ids::MessageId| self.messages[id.index()].channel == c;
            let mine: Vec<_> = self.queue.iter().copied().filter(of_c).collect();
            let by_seq = stable_order(mine.iter().map(|id| self.messages[id.index()].seq));
            let mine = by_seq.into_iter().map(|i| mine[i]);
            let slots: Vec<usize> = (0..n).filter(|&i| of_c(&self.queue[i])).collect();
            for (slot, id) in slots.into_iter().zip(mine) {
                self.queue[slot] = id;
            }
        }
    }

    /// Recounts what the broker keeps as running counts and checks the queue
    /// holds each queued message exactly once; the first mismatch in words.
    pub(crate) fn check_counts(&self) -> Result<(), String> {
        let count = |f: &dyn Fn(&Message) -> bool| self.messages.iter().filter(|m| f(m)).count();
        let mut expect = vec![
            (
                "outstanding".to_owned(),
                self.outstanding,
                count(&|m| m.is_outstanding()),
            ),
            (
                "dead-lettered".to_owned(),
                self.dead_lettered,
                count(&|m| m.status == MessageStatus::DeadLettered),
            ),
            (
                "routed".to_owned(),
                self.routed,
                count(&|m| m.route.is_some()),
            ),
            (
                "refused since the last change".to_owned(),
                self.stuck,
                count(&|m| m.is_outstanding() && m.refused_at == Some(self.stuck_change)),
            ),
            (
                "never sent".to_owned(),
                self.fresh,
                count(&|m| m.status == MessageStatus::Pending),
            ),
            (
                "queued".to_owned(),
                self.queue.len() as u32,
                count(&|m| m.is_queued()),
            ),
        ];
        for c in Channel::ALL {
            expect.push((
                format!("queued on {c}"),
                self.queued[c.slot()],
                count(&|m| m.channel == c && m.is_queued()),
            ));
            for (i, &kept) in self.pending[c.slot()].iter().enumerate() {
                let member = MemberId(i as u8);
                expect.push((
                    format!("unacked on {c} for {member}"),
                    kept,
                    count(&|m| m.channel == c && m.status == MessageStatus::InFlight { member }),
                ));
            }
        }
        for (what, kept, real) in expect {
            if kept as usize != real {
                return Err(format!("the broker counts {kept} {what} but {real} are"));
            }
        }
        for (i, &id) in self.queue.iter().enumerate() {
            let m = self
                .messages
                .get(id.index())
                .ok_or("the queue holds an unknown message")?;
            if !m.is_queued() || self.queue.iter().skip(i + 1).any(|&q| q == id) {
                return Err(format!(
                    "{} #{} is in the queue but not queued once",
                    m.channel, m.seq
                ));
            }
        }
        Ok(())
    }
}
