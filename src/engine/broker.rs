//! NATS Streaming as the course uses it: two channels with their own sequence
//! numbers, one durable queue group (`orders-service`), manual acks, the ack
//! wait and an optional max-deliver.

pub use super::message::{Channel, Message, MessageStatus};

use super::ids::{MemberId, MessageId};
use super::tickets::Event;
use std::collections::VecDeque;

pub const QUEUE_GROUP: &str = "orders-service";

/// What became of an expired ack wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// Acked meanwhile, or already redelivered: nothing to do.
    Stale,
    Requeued,
    DeadLettered,
}

#[derive(Clone, Debug, Default)]
pub struct Broker {
    messages: Vec<Message>,
    seqs: [u64; 2],
    queue: VecDeque<MessageId>,
    outstanding: u32,
    dead_lettered: u32,
    /// Messages counted in `stuck` were refused at replica change
    /// `stuck_change`; see `World::livelocked`.
    stuck: u32,
    stuck_change: u64,
    /// Queued messages with a route, so dispatch skips the scan when 0.
    routed: u32,
    pub(crate) round_robin: u8,
}

impl Broker {
    pub fn clear(&mut self) {
        let (mut messages, mut queue) = (
            std::mem::take(&mut self.messages),
            std::mem::take(&mut self.queue),
        );
        messages.clear();
        queue.clear();
        *self = Broker {
            messages,
            queue,
            ..Broker::default()
        };
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn message(&self, id: MessageId) -> &Message {
        &self.messages[id.index()]
    }

    pub(crate) fn message_mut(&mut self, id: MessageId) -> &mut Message {
        &mut self.messages[id.index()]
    }

    pub fn find(&self, channel: Channel, seq: u64) -> Option<&Message> {
        self.messages
            .iter()
            .find(|m| m.channel == channel && m.seq == seq)
    }

    /// Messages waiting for a member, in the order the broker offers them.
    pub fn queue(&self) -> &VecDeque<MessageId> {
        &self.queue
    }

    pub(crate) fn queue_mut(&mut self) -> &mut VecDeque<MessageId> {
        &mut self.queue
    }

    pub fn outstanding(&self) -> u32 {
        self.outstanding
    }

    pub fn dead_lettered(&self) -> u32 {
        self.dead_lettered
    }

    pub fn publish(&mut self, event: Event) -> MessageId {
        let channel = Channel::of(event.kind);
        self.seqs[channel.slot()] += 1;
        let id = MessageId(self.messages.len() as u32);
        self.messages.push(Message {
            id,
            channel,
            seq: self.seqs[channel.slot()],
            event,
            status: MessageStatus::Pending,
            deliveries: 0,
            delivered_at: 0,
            refused_at: None,
            timer_for: 0,
            route: None,
        });
        self.queue.push_back(id);
        self.outstanding += 1;
        id
    }

    /// Takes a queued message out of the queue and hands it to `member`;
    /// returns the delivery number.
    pub(crate) fn hand_over(&mut self, id: MessageId, member: MemberId, now_ms: u64) -> u32 {
        if self.queue.front() == Some(&id) {
            self.queue.pop_front();
        } else if let Some(pos) = self.queue.iter().position(|&q| q == id) {
            self.queue.remove(pos);
        }
        let m = &mut self.messages[id.index()];
        m.status = MessageStatus::InFlight { member };
        m.deliveries += 1;
        m.delivered_at = now_ms;
        if m.route.take().is_some() {
            self.routed -= 1;
        }
        m.deliveries
    }

    fn settle(&mut self, id: MessageId, status: MessageStatus) {
        let m = &mut self.messages[id.index()];
        if !m.is_outstanding() {
            return;
        }
        if m.refused_at == Some(self.stuck_change) {
            self.stuck -= 1;
        }
        if m.is_queued() {
            // Only the explorer settles a queued message (never in practice).
            if let Some(pos) = self.queue.iter().position(|&q| q == id) {
                self.queue.remove(pos);
            }
        }
        m.status = status;
        self.outstanding -= 1;
    }

    /// An ack; a late ack for a message acked meanwhile is ignored, as in NATS.
    pub(crate) fn ack(&mut self, id: MessageId) {
        self.settle(id, MessageStatus::Acked);
    }

    /// A listener threw: remember at which replica change, for the livelock
    /// check (the broker itself just keeps waiting for the ack wait).
    pub(crate) fn refused(&mut self, id: MessageId, replica_change: u64) {
        if self.stuck_change != replica_change {
            self.stuck_change = replica_change;
            self.stuck = 0;
        }
        let m = &mut self.messages[id.index()];
        if m.is_outstanding() && m.refused_at != Some(replica_change) {
            m.refused_at = Some(replica_change);
            self.stuck += 1;
        }
    }

    /// Whether every outstanding message was refused since replica change
    /// `replica_change` (the last one).
    pub(crate) fn all_refused_since(&self, replica_change: u64) -> bool {
        self.outstanding > 0
            && self.stuck_change == replica_change
            && self.stuck == self.outstanding
    }

    pub fn routed(&self) -> u32 {
        self.routed
    }

    /// Pins a queued message to a member; `false` if it is not queued.
    pub(crate) fn set_route(&mut self, id: MessageId, member: MemberId) -> bool {
        let m = &mut self.messages[id.index()];
        if !m.is_queued() {
            return false;
        }
        if m.route.replace(member).is_none() {
            self.routed += 1;
        }
        true
    }

    /// Sets every message's status at once (the explorer restores states
    /// this way); `refused_at` as for `refused`, counted against
    /// `replica_change`. Queued messages queue in id order.
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
        for (m, (status, refused_at)) in self.messages.iter_mut().zip(states) {
            m.status = status;
            m.refused_at = refused_at;
            m.route = None;
            m.timer_for = 0;
            if m.is_queued() {
                self.queue.push_back(m.id);
            }
            if m.is_outstanding() {
                self.outstanding += 1;
                if refused_at == Some(replica_change) {
                    self.stuck += 1;
                }
            }
        }
    }

    /// Recounts what the broker keeps as running counts (outstanding,
    /// dead-lettered, routed, refused-since) and checks the queue holds each
    /// queued message exactly once; the first mismatch in words.
    pub(crate) fn check_counts(&self) -> Result<(), String> {
        let count = |f: &dyn Fn(&Message) -> bool| self.messages.iter().filter(|m| f(m)).count();
        let expect = [
            (
                "outstanding",
                self.outstanding,
                count(&|m| m.is_outstanding()),
            ),
            (
                "dead-lettered",
                self.dead_lettered,
                count(&|m| m.status == MessageStatus::DeadLettered),
            ),
            ("routed", self.routed, count(&|m| m.route.is_some())),
            (
                "refused since the last change",
                self.stuck,
                count(&|m| m.is_outstanding() && m.refused_at == Some(self.stuck_change)),
            ),
            ("queued", self.queue.len() as u32, count(&|m| m.is_queued())),
        ];
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

    /// The ack wait of delivery `delivery` ran out.
    pub(crate) fn expire(
        &mut self,
        id: MessageId,
        delivery: u32,
        max_deliver: Option<u32>,
    ) -> Expiry {
        let m = &mut self.messages[id.index()];
        if !matches!(m.status, MessageStatus::InFlight { .. }) || m.deliveries != delivery {
            return Expiry::Stale;
        }
        if max_deliver.is_some_and(|max| m.deliveries >= max) {
            self.settle(id, MessageStatus::DeadLettered);
            self.dead_lettered += 1;
            return Expiry::DeadLettered;
        }
        m.status = MessageStatus::Redelivered {
            deliveries: m.deliveries,
        };
        self.queue.push_back(id);
        Expiry::Requeued
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::{TicketId, TitleId};
    use crate::engine::tickets::EventKind;
    use crate::engine::version::Version;

    fn event(kind: EventKind) -> Event {
        Event {
            kind,
            ticket: TicketId(0),
            title: TitleId(0),
            price: 5,
            version: Version(0),
            prev_version: None,
        }
    }

    #[test]
    fn sequences_are_per_channel() {
        let mut b = Broker::default();
        let c = b.publish(event(EventKind::Created));
        let u1 = b.publish(event(EventKind::Updated));
        let u2 = b.publish(event(EventKind::Updated));
        assert_eq!(b.message(c).seq, 1);
        assert_eq!((b.message(u1).seq, b.message(u2).seq), (1, 2));
        assert_eq!(b.find(Channel::TicketUpdated, 2).unwrap().id, u2);
        assert_eq!(b.outstanding(), 3);
    }

    #[test]
    fn expiry_redelivers_then_dead_letters_at_max_deliver() {
        let mut b = Broker::default();
        let id = b.publish(event(EventKind::Created));
        let d = b.hand_over(id, MemberId(0), 0);
        assert_eq!(b.expire(id, d, Some(2)), Expiry::Requeued);
        assert_eq!(
            b.message(id).status,
            MessageStatus::Redelivered { deliveries: 1 }
        );
        let d = b.hand_over(id, MemberId(1), 10);
        assert_eq!(b.expire(id, 1, Some(2)), Expiry::Stale);
        assert_eq!(b.expire(id, d, Some(2)), Expiry::DeadLettered);
        assert_eq!((b.outstanding(), b.dead_lettered()), (0, 1));
    }

    #[test]
    fn all_refused_resets_when_the_replica_changes() {
        let mut b = Broker::default();
        let a = b.publish(event(EventKind::Updated));
        let c = b.publish(event(EventKind::Updated));
        b.refused(a, 1);
        assert!(!b.all_refused_since(1));
        b.refused(c, 1);
        assert!(b.all_refused_since(1));
        assert!(!b.all_refused_since(2));
        b.ack(c);
        assert!(b.all_refused_since(1));
        b.ack(c);
        assert_eq!(b.outstanding(), 1);
    }
}
