//! The broker's side of the world: which member gets the next message, ack
//! waits running out, listeners crashing and coming back.

use super::World;
use crate::engine::broker::{Channel, Expiry};
use crate::engine::config::Assignment;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::note::Note;
use crate::engine::rng::SimRng;
use crate::engine::trace::StepKind;

impl World {
    fn room(&self, member: MemberId) -> bool {
        self.listeners[member.index()].has_room(self.max_in_flight)
    }

    /// The broker's next hand-over, if any member has room: routed messages
    /// first (to their member), then the head of the queue to a member picked
    /// round-robin or at random.
    pub fn next_assignment(
        &mut self,
        assignment: Assignment,
        rng: &mut SimRng,
    ) -> Option<(MessageId, MemberId)> {
        if self.broker.queue().is_empty() {
            return None;
        }
        if self.broker.routed() > 0 {
            let routed = self.broker.queue().iter().find_map(|&id| {
                let member = self.broker.message(id).route?;
                self.room(member).then_some((id, member))
            });
            if routed.is_some() {
                return routed;
            }
        }
        let head = self
            .broker
            .queue()
            .iter()
            .copied()
            .find(|&id| self.broker.message(id).route.is_none())?;
        let n = self.listeners.len() as u8;
        let member = match assignment {
            Assignment::RoundRobin => {
                let start = self.broker.round_robin;
                let m = (0..n)
                    .map(|k| MemberId((start + k) % n))
                    .find(|&m| self.room(m))?;
                self.broker.round_robin = (m.0 + 1) % n;
                m
            }
            Assignment::Random => {
                let with_room = (0..n).filter(|&i| self.room(MemberId(i))).count() as u64;
                if with_room == 0 {
                    return None;
                }
                let pick = rng.below(with_room) as usize;
                (0..n).map(MemberId).filter(|&m| self.room(m)).nth(pick)?
            }
        };
        Some((head, member))
    }

    /// The ack wait of delivery `number` of `msg` ran out.
    pub fn expire(&mut self, msg: MessageId, number: u32) -> Expiry {
        let expiry = self.broker.expire(msg, number, self.max_deliver);
        if self.tracing() {
            let kind = match expiry {
                Expiry::Stale => return expiry,
                Expiry::Requeued => StepKind::Redeliver,
                Expiry::DeadLettered => StepKind::DeadLetter,
            };
            let mut s = self.step_about(kind, Some(msg), None);
            s.note = match expiry {
                Expiry::DeadLettered => Note::DeadLettered { number },
                _ => Note::Expired { number },
            };
            self.record(s);
        }
        self.debug_check();
        expiry
    }

    /// The listener dies: everything in its hand is lost (never acked).
    /// Appends the lost (message, delivery number) pairs to `lost`.
    pub fn crash(&mut self, member: MemberId, lost: &mut Vec<(MessageId, u32)>) -> bool {
        let l = &mut self.listeners[member.index()];
        if !l.up {
            return false;
        }
        l.up = false;
        let start = lost.len();
        lost.extend(l.hand.drain(..).map(|d| (d.msg, d.number)));
        let n = (lost.len() - start) as u32;
        self.note(
            StepKind::Crash,
            Some(member),
            Note::Crashed { member, lost: n },
        );
        self.debug_check();
        true
    }

    pub fn restart(&mut self, member: MemberId) {
        self.listeners[member.index()].up = true;
        self.note(StepKind::Restart, Some(member), Note::Restarted { member });
    }

    pub fn find_message(&self, channel: Channel, seq: u64) -> Option<MessageId> {
        self.broker.find(channel, seq).map(|m| m.id)
    }

    /// Pins a queued message to `member`; false if it is not queued.
    pub fn route(&mut self, msg: MessageId, member: MemberId) -> bool {
        let ok = self.broker.set_route(msg, member);
        if ok && self.tracing() {
            let mut s = self.step_about(StepKind::Route, Some(msg), Some(member));
            s.note = Note::Routed { member };
            self.record(s);
        }
        self.debug_check();
        ok
    }

    /// Permutes the broker's queue (Fisher-Yates on u64 draws).
    pub fn shuffle_queue(&mut self, rng: &mut SimRng) {
        let q = self.broker.queue_mut();
        for i in (1..q.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            q.swap(i, j);
        }
        self.debug_check();
    }
}
