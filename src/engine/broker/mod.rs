//! NATS Streaming as the course uses it: two channels with their own sequence
//! numbers, one durable queue group (`orders-service`) with one subscription
//! per channel per member, manual acks, the ack wait and an optional
//! max-deliver. Each rule cites the server's function it follows
//! (ARCHITECTURE.md, "NATS Streaming rules the model follows").

mod audit;
// proptest is a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod best_member_props;

pub use super::message::{Channel, Message, MessageStatus};

use super::ids::{MemberId, MessageId};
use super::order::stable_order;
use super::tickets::Event;
use std::collections::VecDeque;

pub const QUEUE_GROUP: &str = "orders-service";
/// Members a queue group can have (`config::LISTENERS`).
pub const MAX_MEMBERS: usize = 8;
/// `ticket:created`, `ticket:updated`, `ticket:deleted`.
pub(crate) const CHANNELS: usize = Channel::ALL.len();

/// What became of an expired ack wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// Acked meanwhile, or already redelivered: nothing to do.
    Stale,
    /// Due for redelivery at once (the World picks the member).
    Due,
    DeadLettered,
}

#[derive(Clone, Debug, Default)]
pub struct Broker {
    messages: Vec<Message>,
    seqs: [u64; CHANNELS],
    /// Messages never sent yet (and, rarely, ones waiting for any member to
    /// redeliver to), in publish order; each channel's in sequence order.
    queue: VecDeque<MessageId>,
    outstanding: u32,
    dead_lettered: u32,
    /// Unacked messages per channel per member: NATS counts max in flight
    /// per subscription, and each channel is its own subscription.
    pending: [[u32; MAX_MEMBERS]; CHANNELS],
    /// Queued messages per channel.
    queued: [u32; CHANNELS],
    /// Members the server closed (missed heartbeats, or replaced by their
    /// own reconnect): no longer in the group's list.
    closed: [bool; MAX_MEMBERS],
    /// Members whose client missed its latest heartbeat: the server's
    /// `hasFailedHB`, which `findBestQueueSub` avoids.
    failed_hb: [bool; MAX_MEMBERS],
    /// Each channel's queue-group member list, in the order
    /// `findBestQueueSub` scans and rotates it.
    order: [Vec<MemberId>; CHANNELS],
    /// Messages counted in `stuck` were refused at replica change
    /// `stuck_change`; see `World::livelocked`.
    stuck: u32,
    stuck_change: u64,
    /// Queued messages with a route, so dispatch skips the scan when 0.
    routed: u32,
    /// Messages never sent yet (status `Pending`): the rest of the queued
    /// ones wait for redelivery.
    fresh: u32,
    /// One sequence across both subjects (a JetStream stream), not one per
    /// channel (NATS Streaming).
    one_stream: bool,
}

impl Broker {
    pub fn clear(&mut self) {
        let (mut messages, mut queue, members) = (
            std::mem::take(&mut self.messages),
            std::mem::take(&mut self.queue),
            self.order[0].len() as u8,
        );
        messages.clear();
        queue.clear();
        *self = Broker {
            messages,
            queue,
            one_stream: self.one_stream,
            ..Broker::default()
        };
        self.set_members(members);
    }

    /// The queue group's members, `A`.. (in subscription order).
    pub fn set_members(&mut self, n: u8) {
        for order in &mut self.order {
            *order = (0..n).map(MemberId).collect();
        }
    }

    /// One sequence across both subjects: a JetStream stream's.
    pub(crate) fn set_one_stream(&mut self, on: bool) {
        self.one_stream = on;
    }

    /// Messages never sent yet.
    pub fn fresh(&self) -> u32 {
        self.fresh
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

    pub fn outstanding(&self) -> u32 {
        self.outstanding
    }

    pub fn dead_lettered(&self) -> u32 {
        self.dead_lettered
    }

    /// Unacked messages of `channel` counted against `member`.
    pub fn pending(&self, channel: Channel, member: MemberId) -> u32 {
        self.pending[channel.slot()][member.index()]
    }

    pub fn queued(&self, channel: Channel) -> u32 {
        self.queued[channel.slot()]
    }

    /// Whether the server closed `member` after missed heartbeats.
    pub fn closed(&self, member: MemberId) -> bool {
        self.closed[member.index()]
    }

    /// Whether `member`'s client missed its latest heartbeat.
    pub fn failed_hb(&self, member: MemberId) -> bool {
        self.failed_hb[member.index()]
    }

    pub(crate) fn set_failed_hb(&mut self, member: MemberId, failed: bool) {
        self.failed_hb[member.index()] = failed;
    }

    /// Whether the group has no open member (a durable group then keeps the
    /// last one's unacked messages as its shadow subscription).
    pub fn group_empty(&self) -> bool {
        self.order[0].iter().all(|m| self.closed[m.index()])
    }

    /// The open members of `channel`'s list, in the server's order.
    pub(crate) fn open_members(&self, channel: Channel) -> impl Iterator<Item = MemberId> + '_ {
        self.order[channel.slot()]
            .iter()
            .copied()
            .filter(|m| !self.closed[m.index()])
    }

    /// `member` subscribes again as a new member: at the back of the list
    /// (`updateState` appends it), neither closed nor failed.
    pub(crate) fn rejoin(&mut self, member: MemberId) {
        for order in &mut self.order {
            order.retain(|&m| m != member);
            order.push(member);
        }
        self.closed[member.index()] = false;
        self.failed_hb[member.index()] = false;
    }

    /// The next message of `channel` the queue group may be sent: its lowest
    /// queued sequence (the server sends `lastSent + 1` next).
    pub fn head(&self, channel: Channel) -> Option<MessageId> {
        if self.queued[channel.slot()] == 0 {
            return None;
        }
        self.queue
            .iter()
            .copied()
            .find(|&id| self.messages[id.index()].channel == channel)
    }

    /// Each channel's head (see [`Broker::head`]), in queue order, without
    /// sorting or allocating (the timed driver asks after every transition).
    /// The queue holds each queued message once, each channel's in sequence
    /// order (`check_counts`), so the first message of each channel met in
    /// the queue is that channel's head.
    pub(crate) fn heads(&self) -> [Option<MessageId>; CHANNELS] {
        let mut heads = [None; CHANNELS];
        let wanted = self.queued.iter().filter(|&&n| n > 0).count();
        // The front is always a head, and most of the time the only one (one
        // channel has messages queued): no iterator over the deque, which the
        // driver would pay after every transition.
        if wanted <= 1 {
            heads[0] = self.queue.front().copied();
            return heads;
        }
        let mut found = 0;
        for &id in &self.queue {
            if found == wanted {
                break;
            }
            let c = self.messages[id.index()].channel;
            if !heads[..found]
                .iter()
                .flatten()
                .any(|&h: &MessageId| self.messages[h.index()].channel == c)
            {
                heads[found] = Some(id);
                found += 1;
            }
        }
        heads
    }

    /// The server's `findBestQueueSub` over the group's list (the open
    /// members): the first with the fewest unacked among those neither at
    /// their limit (stalled) nor with a missed heartbeat (`hasFailedHB`),
    /// else the list's first (`sl[0]`, whatever its state); a pick at the
    /// front rotates to the back. `None` when no member is open.
    /// One pass over the list (every ack wait that runs out asks).
    pub(crate) fn best_member(&mut self, channel: Channel, max_in_flight: u32) -> Option<MemberId> {
        let c = channel.slot();
        let (pending, closed, failed) = (&self.pending[c], &self.closed, &self.failed_hb);
        let order = &mut self.order[c];
        // Positions in the list: the first open member, and the first with
        // the fewest unacked among those that may be picked.
        let (mut first, mut best, mut fewest, mut open) = (None, None, u32::MAX, 0);
        for (i, m) in order.iter().enumerate() {
            let k = m.index();
            if closed[k] {
                continue;
            }
            open += 1;
            first = first.or(Some(i));
            let p = pending[k];
            if !failed[k] && p < max_in_flight && p < fewest {
                (best, fewest) = (Some(i), p);
            }
        }
        let first = first?;
        let at = best.unwrap_or(first);
        let pick = order[at];
        // Closed members are not in the server's list: rotating the first
        // open one to the very back keeps the open members' order as the
        // server's (a closed one comes back at the back anyway).
        if open > 1 && at == first {
            // `retain` without it, then `push` it, in place (swaps: a
            // shifting loop became a `memmove` call for one or two ids).
            for i in at + 1..order.len() {
                order.swap(i - 1, i);
            }
        }
        Some(pick)
    }

    /// Moves `id` to a new status, keeping every running count right.
    fn set_status(&mut self, id: MessageId, status: MessageStatus) {
        let m = &mut self.messages[id.index()];
        let c = m.channel.slot();
        let (was_queued, was_out) = (m.is_queued(), m.is_outstanding());
        if m.status == MessageStatus::Pending {
            self.fresh -= 1;
        }
        if let MessageStatus::InFlight { member } = m.status {
            self.pending[c][member.index()] -= 1;
        }
        m.status = status;
        if let MessageStatus::InFlight { member } = status {
            self.pending[c][member.index()] += 1;
        }
        let (is_queued, is_out) = (m.is_queued(), m.is_outstanding());
        if was_out && !is_out {
            self.outstanding -= 1;
            if m.refused_at == Some(self.stuck_change) {
                self.stuck -= 1;
            }
        }
        if was_queued && !is_queued {
            self.queued[c] -= 1;
            if m.route.take().is_some() {
                self.routed -= 1;
            }
            if self.queue.front() == Some(&id) {
                self.queue.pop_front();
            } else if let Some(pos) = self.queue.iter().position(|&q| q == id) {
                self.queue.remove(pos);
            }
        } else if !was_queued && is_queued {
            self.queued[c] += 1;
            self.queue.push_back(id);
        }
    }

    pub fn publish(&mut self, event: Event) -> MessageId {
        let channel = Channel::of(event.kind);
        self.seqs[channel.slot()] += 1;
        let id = MessageId(self.messages.len() as u32);
        // A stream's sequence is its messages' count so far, the ids' + 1.
        let seq = if self.one_stream {
            u64::from(id.0) + 1
        } else {
            self.seqs[channel.slot()]
        };
        self.messages.push(Message {
            id,
            channel,
            seq,
            event,
            status: MessageStatus::Pending,
            deliveries: 0,
            delivered_at: 0,
            refused_at: None,
            timer_for: 0,
            route: None,
            unacked_write: None,
        });
        self.queue.push_back(id);
        self.queued[channel.slot()] += 1;
        self.outstanding += 1;
        self.fresh += 1;
        id
    }

    /// Sends `id` to `member`: a first delivery out of the queue, or a
    /// redelivery straight from another member's unacked list (for which it
    /// then counts as acked, as the server does); returns the delivery number.
    pub(crate) fn hand_over(&mut self, id: MessageId, member: MemberId, now_ms: u64) -> u32 {
        self.set_status(id, MessageStatus::InFlight { member });
        let m = &mut self.messages[id.index()];
        m.deliveries += 1;
        m.delivered_at = now_ms;
        m.deliveries
    }

    /// Counts `id` against `member` without sending it (the server moves a
    /// closed member's unacked messages to the others this way). Its
    /// `delivered_at` stays: the server keeps each moved message's expiry,
    /// so its ack wait runs on from the latest delivery, not from the move.
    pub(crate) fn move_pending(&mut self, id: MessageId, member: MemberId) {
        self.set_status(id, MessageStatus::InFlight { member });
    }

    /// An ack from `member`. It settles the message only while the message
    /// is unacked on that member (NATS acks per subscription), so a late ack
    /// for a delivery since moved to another member, or for a message acked
    /// meanwhile, changes nothing. True if it settled the message.
    pub(crate) fn ack(&mut self, id: MessageId, member: MemberId) -> bool {
        if self.messages[id.index()].status != (MessageStatus::InFlight { member }) {
            return false;
        }
        self.set_status(id, MessageStatus::Acked);
        true
    }

    /// JetStream's ack (`processAckMsg`): it settles the message while it
    /// is pending, sent and not acked, from whichever copy, and takes it
    /// off the redelivery queue. True if it settled the message.
    #[cfg_attr(not(feature = "jetstream"), allow(dead_code))]
    pub(crate) fn ack_pending(&mut self, id: MessageId) -> bool {
        let m = &self.messages[id.index()];
        if !m.is_outstanding() || m.status == MessageStatus::Pending {
            return false;
        }
        self.set_status(id, MessageStatus::Acked);
        true
    }

    /// Dropped past max-deliver without waiting for an ack wait (JetStream,
    /// a naked message coming up for redelivery).
    #[cfg_attr(not(feature = "jetstream"), allow(dead_code))]
    pub(crate) fn dead_letter(&mut self, id: MessageId) {
        self.set_status(id, MessageStatus::DeadLettered);
        self.dead_lettered += 1;
    }

    /// How many outstanding messages were refused since replica change
    /// `replica_change`, if that is the latest refusal's change.
    #[cfg_attr(not(feature = "jetstream"), allow(dead_code))]
    pub(crate) fn all_refused_count(&self, replica_change: u64) -> Option<u32> {
        (self.stuck_change == replica_change).then_some(self.stuck)
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

    /// Whether nothing but refusals can happen: every outstanding message was
    /// refused since replica change `replica_change` (the last one), except
    /// queued ones on a channel that cannot take more (each of the `members`
    /// live members at `max_in_flight` there; redelivery only moves those
    /// slots around).
    pub(crate) fn all_refused_since(
        &self,
        replica_change: u64,
        members: u32,
        max_in_flight: u32,
    ) -> bool {
        // Cheap answers first (the driver asks after every transition):
        // `waiting` below is at most every queued message.
        if self.outstanding == 0
            || self.stuck_change != replica_change
            || self.stuck + self.queued.iter().sum::<u32>() < self.outstanding
        {
            return false;
        }
        let blocked = |c: usize| {
            let held: u32 = self.pending[c].iter().sum();
            u64::from(held) >= u64::from(members) * u64::from(max_in_flight)
        };
        let waiting: u32 = (0..2).filter(|&c| blocked(c)).map(|c| self.queued[c]).sum();
        self.outstanding > 0
            && self.stuck_change == replica_change
            && self.stuck + waiting == self.outstanding
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

    /// The ack wait of delivery `delivery` ran out: stale, dead-lettered (at
    /// max-deliver), or due for redelivery.
    pub(crate) fn expire(
        &mut self,
        id: MessageId,
        delivery: u32,
        max_deliver: Option<u32>,
    ) -> Expiry {
        let m = &self.messages[id.index()];
        let MessageStatus::InFlight { member } = m.status else {
            return Expiry::Stale;
        };
        // A closed member's message is the durable group's shadow: its ack
        // timer was stopped (`subStore.Remove`, `clearAckTimer`).
        if m.deliveries != delivery || self.closed[member.index()] {
            return Expiry::Stale;
        }
        if max_deliver.is_some_and(|max| m.deliveries >= max) {
            self.set_status(id, MessageStatus::DeadLettered);
            self.dead_lettered += 1;
            return Expiry::DeadLettered;
        }
        Expiry::Due
    }

    /// `subStore.Remove` for a closed member's subscriptions: on each
    /// channel its unacked messages, by expiry then sequence
    /// (`makeSortedPendingMsgs`), go round the open members in list order
    /// from the first, each keeping its expiry (`delivered_at`). With no
    /// member open they stay where they are: the durable group keeps the last
    /// member as its shadow, ack timer stopped, until a member joins. Appends
    /// the moved (message, delivery number) pairs; returns how many stayed.
    pub(crate) fn remove_member(
        &mut self,
        member: MemberId,
        moved: &mut Vec<(MessageId, u32)>,
    ) -> u32 {
        self.closed[member.index()] = true;
        self.failed_hb[member.index()] = false;
        let mut kept = 0;
        for channel in Channel::ALL {
            let pending: Vec<MessageId> = (self.messages.iter())
                .filter(|m| {
                    m.channel == channel && m.status == (MessageStatus::InFlight { member })
                })
                .map(|m| m.id)
                .collect();
            let open: Vec<MemberId> = self.open_members(channel).collect();
            if open.is_empty() {
                kept += pending.len() as u32;
                continue;
            }
            // By expiry, then sequence (`messages` is in sequence order).
            let by_expiry = stable_order(
                pending
                    .iter()
                    .map(|id| self.messages[id.index()].delivered_at),
            );
            for (i, to) in by_expiry.into_iter().zip(open.into_iter().cycle()) {
                let id = pending[i];
                self.move_pending(id, to);
                moved.push((id, self.messages[id.index()].deliveries));
            }
        }
        kept
    }

    /// The durable group's shadow on `channel`: the messages still unacked
    /// on closed members, in sequence order (`makeSortedSequences`), which
    /// the first member to join takes over (`processSub`) and is sent again
    /// at once (`performDurableRedelivery`).
    pub(crate) fn shadow(&self, channel: Channel) -> Vec<MessageId> {
        // `messages` is in publish order, so each channel's in sequence order.
        (self.messages.iter())
            .filter(|m| {
                m.channel == channel
                    && matches!(m.status, MessageStatus::InFlight { member } if self.closed[member.index()])
            })
            .map(|m| m.id)
            .collect()
    }

    /// No member to redeliver to: the message waits in the queue.
    pub(crate) fn requeue(&mut self, id: MessageId) {
        let deliveries = self.messages[id.index()].deliveries;
        self.set_status(id, MessageStatus::Redelivered { deliveries });
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
        assert_eq!(b.expire(id, d, Some(2)), Expiry::Due);
        let d = b.hand_over(id, MemberId(1), 10);
        assert_eq!(
            b.pending(Channel::TicketCreated, MemberId(0)),
            0,
            "implicitly acked"
        );
        assert_eq!(b.expire(id, 1, Some(2)), Expiry::Stale);
        assert_eq!(b.expire(id, d, Some(2)), Expiry::DeadLettered);
        assert_eq!((b.outstanding(), b.dead_lettered()), (0, 1));
    }

    #[test]
    fn all_refused_resets_when_the_replica_changes() {
        let mut b = Broker::default();
        let a = b.publish(event(EventKind::Updated));
        let c = b.publish(event(EventKind::Updated));
        b.set_members(1);
        b.hand_over(a, MemberId(0), 0);
        b.refused(a, 1);
        // c is still queued and the member has room for it: not stuck.
        assert!(!b.all_refused_since(1, 1, 2));
        // ... but with max in flight 1 it waits behind a.
        assert!(b.all_refused_since(1, 1, 1));
        b.hand_over(c, MemberId(0), 0);
        b.refused(c, 1);
        assert!(b.all_refused_since(1, 1, 2));
        assert!(!b.all_refused_since(2, 1, 2));
        assert!(!b.ack(c, MemberId(1)), "not pending on B");
        assert!(b.ack(c, MemberId(0)));
        assert!(b.all_refused_since(1, 1, 2));
        assert!(!b.ack(c, MemberId(0)));
        assert_eq!(b.outstanding(), 1);
        b.check_counts().unwrap();
    }
}
