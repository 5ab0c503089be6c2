//! The broker's side of the world: which member gets the next message (a
//! channel's messages in sequence order), ack waits running out (redelivered
//! at once to the member with the fewest unacked), and listeners coming
//! back (crashes and heartbeats are `heartbeat.rs`).

use super::World;
use crate::engine::broker::{Channel, Expiry};
use crate::engine::config::Assignment;
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::note::Note;
use crate::engine::rng::SimRng;
use crate::engine::trace::StepKind;

/// What became of an ack wait running out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expired {
    /// Acked meanwhile, or already redelivered: nothing happened.
    Stale,
    DeadLettered,
    /// Sent again at once; `delivery` is the new delivery's id in `member`'s
    /// hand, `None` if the member is down (that copy is lost too).
    Redelivered {
        member: MemberId,
        delivery: Option<u32>,
    },
    /// No member to send it to: it waits in the queue.
    Requeued,
}

impl World {
    /// Whether the server may send `member` another message of `channel`:
    /// not closed, and fewer unacked there than max in flight. (A crashed
    /// member the server has not noticed yet still has room.)
    pub fn has_room(&self, member: MemberId, channel: Channel) -> bool {
        !self.broker.closed(member) && self.broker.pending(channel, member) < self.max_in_flight
    }

    /// The broker's next hand-over, if any: the head of a channel (its lowest
    /// queued sequence), in queue order, to its routed member or to the
    /// member the assignment picks, if that member has room.
    pub fn next_assignment(
        &mut self,
        assignment: Assignment,
        rng: &mut SimRng,
    ) -> Option<(MessageId, MemberId)> {
        // Heads in queue order: the first is the queue's front (none when
        // nothing waits, as mostly after a transition).
        for head in self.broker.heads().into_iter().map_while(|h| h) {
            if let Some(member) = self.assignee(head, assignment, rng) {
                return Some((head, member));
            }
        }
        None
    }

    /// Who gets queued message `head` now, if anyone: its routed member, or
    /// the member the assignment picks, if that member has room.
    fn assignee(
        &mut self,
        head: MessageId,
        assignment: Assignment,
        rng: &mut SimRng,
    ) -> Option<MemberId> {
        let m = self.broker.message(head);
        let channel = m.channel;
        if let Some(member) = m.route {
            return self.has_room(member, channel).then_some(member);
        }
        let n = self.listeners.len() as u8;
        match assignment {
            // `sendAvailableMessagesToQueue` asks `findBestQueueSub` only
            // while some member is not stalled (so no rotation otherwise);
            // its pick may still be one at its limit (the `sl[0]` fallback),
            // which `sendMsgToSub` then refuses.
            Assignment::RoundRobin => {
                let max = self.max_in_flight;
                let b = &self.broker;
                if b.open_members(channel)
                    .all(|m| b.pending(channel, m) >= max)
                {
                    return None;
                }
                self.broker
                    .best_member(channel, max)
                    .filter(|&m| self.has_room(m, channel))
            }
            Assignment::Random => {
                let with_room = (0..n).filter(|&i| self.has_room(MemberId(i), channel));
                let count = with_room.clone().count() as u64;
                if count == 0 {
                    None
                } else {
                    let pick = rng.below(count) as usize;
                    with_room.map(MemberId).nth(pick)
                }
            }
        }
    }

    /// The ack wait of delivery `number` of `msg` ran out: the server sends
    /// it again at once to the member with the fewest unacked, even one at
    /// its limit (`performAckExpirationRedelivery`, forced).
    pub fn expire(&mut self, msg: MessageId, number: u32) -> Expired {
        super::brokers::by_model!(self,
            stan => {},
            jetstream => return self.js_expire(msg, number),
            // No ack wait is ever armed under Kafka.
            kafka => return Expired::Stale,
        );
        let channel = self.broker.message(msg).channel;
        let to = match self.broker.expire(msg, number, self.max_deliver) {
            Expiry::Stale => return Expired::Stale,
            Expiry::DeadLettered => {
                self.expiry_step(msg, number, None);
                return Expired::DeadLettered;
            }
            Expiry::Due => self.broker.best_member(channel, self.max_in_flight),
        };
        self.redeliver_to(msg, number, to)
    }

    /// Redelivers `msg` (whose delivery `number` expired) to `to`, or
    /// requeues it when there is nobody.
    pub(crate) fn redeliver_to(
        &mut self,
        msg: MessageId,
        number: u32,
        to: Option<MemberId>,
    ) -> Expired {
        self.expiry_step(msg, number, to);
        let Some(member) = to else {
            self.broker.requeue(msg);
            self.debug_check();
            return Expired::Requeued;
        };
        let delivery = self.deliver(msg, member);
        Expired::Redelivered { member, delivery }
    }

    fn expiry_step(&mut self, msg: MessageId, number: u32, to: Option<MemberId>) {
        if !self.tracing() {
            return;
        }
        let again = self.broker.message(msg).is_outstanding();
        let kind = if again {
            StepKind::Redeliver
        } else {
            StepKind::DeadLetter
        };
        let mut s = self.step_about(kind, Some(msg), None);
        s.note = if again {
            Note::Expired { number, to }
        } else {
            Note::DeadLettered { number }
        };
        self.record(s);
    }

    /// The listener is back and reconnects (`heartbeat.rs`: the server
    /// first closes its old connection if still open, then it joins the
    /// group as a new member, taking the shadow's messages if the group had
    /// none). Appends the messages moved to others to `moved` (their ack
    /// waits to keep armed) and returns those sent again to it at once.
    pub fn restart(
        &mut self,
        member: MemberId,
        moved: &mut Vec<(MessageId, u32)>,
    ) -> Vec<(MessageId, Option<u32>)> {
        super::brokers::by_model!(self, stan => {}, jetstream => {
            // No connection to replace, no shadow: it pulls again.
            self.js_restarted(member);
            return Vec::new();
        }, kafka => {
            self.kafka_restarted(member);
            return Vec::new();
        });
        self.replace_old_connection(member, moved);
        let l = &mut self.listeners[member.index()];
        l.up = true;
        l.arrival = self.now;
        self.rejoin(member)
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

    /// Permutes how the queue interleaves the channels (each channel keeps
    /// its sequence order).
    pub fn shuffle_queue(&mut self, rng: &mut SimRng) {
        // A stream has one order: nothing to permute under JetStream.
        super::brokers::by_model!(self, stan => {}, jetstream => return, kafka => return);
        self.broker.shuffle(|n| rng.below(n));
        self.debug_check();
    }
}
