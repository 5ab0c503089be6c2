//! JetStream's rules over the World: one stream `TICKETS` over
//! `ticket.created.<id>` / `ticket.updated.<id>` (one sequence across both
//! subjects), one durable pull consumer `orders-service` with explicit acks,
//! each listener keeping one pull request (batch 1) in the consumer's
//! waiting queue while it has room. Read in nats-io/nats-server
//! `server/consumer.go` and `server/stream.go` (ARCHITECTURE.md, "JetStream
//! rules the model follows"):
//! - `getNextMsg`: redeliveries first, in the order queued; then, unless
//!   `len(o.pending) >= o.maxp` (MaxAckPending: every unacked message of the
//!   consumer, whichever listener has it), the next message of the stream;
//! - `processNextMsgRequest` / `processWaiting` / `waitQueue`: a pull
//!   request joins the back of the waiting queue; the head gets the message;
//! - `checkPending`: an ack wait (or the BackOff step for the delivery,
//!   `o.cfg.BackOff[dc]`) run out puts the message on the redelivery queue
//!   (`addToRedeliverQueue`, each batch sorted), or, at MaxDeliver
//!   (`hasMaxDeliveries`), drops it from pending (`notifyDeliveryExceeded`);
//! - `processAckMsg`: an ack counts while the sequence is pending, from
//!   whichever delivery (it also takes it off the redelivery queue);
//! - `processNak`: at once onto the redelivery queue, or with a delay its
//!   pending timestamp moves so `checkPending` finds it due then;
//! - `stream.go` `processJetStreamMsg`: `Nats-Expected-Last-Subject-Sequence`
//!   not the subject's last -> `JSStreamWrongLastSequenceErrF` (10071); a
//!   `Nats-Msg-Id` seen within the duplicate window -> a duplicate ack,
//!   nothing stored (`checkMsgId`).

use super::brokers::Model;
use super::{Expired, World};
use crate::engine::action::ActionError;
use crate::engine::broker::{Expiry, MessageStatus};
use crate::engine::ids::{MemberId, MessageId, TicketId};
use crate::engine::jetstream::{JetStream, JsNote};
use crate::engine::note::Note;
use crate::engine::tickets::EventKind;
use crate::engine::trace::StepKind;

impl World {
    pub(super) fn js(&self) -> &JetStream {
        match &self.model {
            Model::JetStream(js) => js,
            _ => unreachable!("a JetStream rule on another broker's world"),
        }
    }

    fn js_mut(&mut self) -> &mut JetStream {
        match &mut self.model {
            Model::JetStream(js) => js,
            _ => unreachable!("a JetStream rule on another broker's world"),
        }
    }

    /// Each listener that is up, has room (fewer deliveries in hand than its
    /// max in flight) and no pull waiting sends one, in member order.
    pub(super) fn js_pull_all(&mut self) {
        for i in 0..self.listeners.len() {
            let l = &self.listeners[i];
            let member = l.member;
            let room = (l.hand.len() as u64) < u64::from(self.max_in_flight);
            if !l.up || !room || self.js().waiting.contains(&member) {
                continue;
            }
            self.js_mut().waiting.push(member);
            if self.tracing() {
                let waiting = self.js().waiting.clone().into_boxed_slice();
                let note = Note::Js(JsNote::Pulled { member, waiting });
                self.note(StepKind::Pull, Some(member), note);
            }
        }
    }

    /// The next hand-over (`getNextMsg` for the pull at the head of the
    /// waiting queue): the oldest message on the redelivery queue, else,
    /// below MaxAckPending, the stream's next new message.
    pub(super) fn js_next_send(&mut self) -> Option<(MessageId, MemberId)> {
        self.js_pull_all();
        let &head = self.js().waiting.first()?;
        while let Some(id) = self.js_next_redelivery() {
            let m = self.broker.message(id);
            // A naked message may come up past MaxDeliver (`getNextMsg`:
            // `dc > o.maxdc`): dropped from pending, not sent.
            if self.max_deliver.is_some_and(|max| m.deliveries >= max) {
                let number = m.deliveries;
                self.broker.dead_letter(id);
                if self.tracing() {
                    let mut s = self.step_about(StepKind::DeadLetter, Some(id), None);
                    s.note = Note::Js(JsNote::MaxDeliver { number });
                    self.record(s);
                }
                continue;
            }
            return Some((id, head));
        }
        let unacked = self.broker.outstanding() - self.broker.fresh();
        if u64::from(unacked) >= u64::from(self.js().settings.max_ack_pending) {
            return None;
        }
        // No redelivery queued: the queue's front is the next new message.
        let &next = self.broker.queue().front()?;
        Some((next, head))
    }

    /// The redelivery queue's head: the first queued message sent before.
    pub(super) fn js_next_redelivery(&self) -> Option<MessageId> {
        let waiting_again = self.broker.queue().len() as u32 - self.broker.fresh();
        if waiting_again == 0 {
            return None;
        }
        (self.broker.queue().iter().copied()).find(|&id| self.broker.message(id).deliveries > 0)
    }

    /// `member`'s pull request was answered: it leaves the waiting queue
    /// (the listener pulls again before the next hand-over if it still has
    /// room, `js_next_send`).
    pub(super) fn js_delivered(&mut self, member: MemberId) {
        let b = &self.broker;
        if let Model::JetStream(js) = &mut self.model {
            js.waiting.retain(|&m| m != member);
            // A nak's delay holds for the copy it naked only.
            js.nak_due.retain(|&(id, n, _)| {
                b.message(id).deliveries == n && b.message(id).is_outstanding()
            });
        }
    }

    /// An ack wait ran out (`checkPending`): stale if acked, redelivered or
    /// its deadline moved meanwhile (a nak with a delay); dropped at
    /// MaxDeliver; else onto the redelivery queue.
    pub(super) fn js_expire(&mut self, msg: MessageId, number: u32) -> Expired {
        if self.ack_deadline(msg) > self.now {
            return Expired::Stale;
        }
        match self.broker.expire(msg, number, self.max_deliver) {
            Expiry::Stale => Expired::Stale,
            Expiry::DeadLettered => {
                if self.tracing() {
                    let mut s = self.step_about(StepKind::DeadLetter, Some(msg), None);
                    s.note = Note::DeadLettered { number };
                    self.record(s);
                }
                self.debug_check();
                Expired::DeadLettered
            }
            Expiry::Due => {
                self.broker.requeue(msg);
                if self.tracing() {
                    let mut s = self.step_about(StepKind::Redeliver, Some(msg), None);
                    s.note = Note::Js(JsNote::Requeued { number });
                    self.record(s);
                }
                self.debug_check();
                Expired::Requeued
            }
        }
    }

    /// `processAckMsg`: the ack settles the message while it is pending
    /// (sent and not acked), whichever copy it acks.
    pub(super) fn js_ack(&mut self, msg: MessageId) -> bool {
        self.broker.ack_pending(msg)
    }

    /// The listener refused `msg`: with a nak delay set it naks
    /// (`processNak`), else it leaves the message to its ack wait. (Its
    /// hand has room again: it pulls before the next hand-over,
    /// `js_next_send`.)
    pub(super) fn js_no_ack(&mut self, msg: MessageId, member: MemberId) {
        if let Some(delay_ms) = self.js().settings.nak_delay_ms {
            self.js_nak(msg, member, delay_ms);
        }
    }

    fn js_nak(&mut self, msg: MessageId, member: MemberId, delay_ms: u64) {
        let m = self.broker.message(msg);
        // Only while still pending (`processNak`: not in `o.pending`, ignored).
        if !m.is_outstanding() || m.status == MessageStatus::Pending {
            return;
        }
        let number = m.deliveries;
        if delay_ms == 0 {
            if !m.is_queued() {
                self.broker.requeue(msg);
            }
        } else {
            // Off the redelivery queue, due again after the delay.
            if m.is_queued() {
                self.broker.move_pending(msg, member);
            }
            let due = self.now.saturating_add(delay_ms);
            let js = self.js_mut();
            js.nak_due.retain(|&(id, _, _)| id != msg);
            js.nak_due.push((msg, number, due));
            // The driver arms the new deadline.
            self.broker.message_mut(msg).timer_for = 0;
        }
        if self.tracing() {
            let mut s = self.step_about(StepKind::Nak, Some(msg), Some(member));
            s.note = Note::Js(JsNote::Naked { number, delay_ms });
            self.record(s);
        }
    }

    /// A crashed listener's pull request goes away (the server sees no
    /// interest left, `processWaiting`); nothing else notices the crash.
    pub(super) fn js_crashed(&mut self, member: MemberId, lost: u32) {
        self.js_mut().waiting.retain(|&m| m != member);
        let note = Note::Js(JsNote::Crashed { member, lost });
        self.note(StepKind::Crash, Some(member), note);
    }

    /// Back from a crash: it pulls again.
    pub(super) fn js_restarted(&mut self, member: MemberId) {
        let l = &mut self.listeners[member.index()];
        l.up = true;
        l.arrival = self.now;
        l.connected_at = self.now;
        self.note(StepKind::Restart, Some(member), Note::Restarted { member });
        self.js_pull_all();
    }

    /// The stream's last sequence on the subject of `kind`'s events for
    /// ticket `id`, `ticket.updated.<id>` say (0: none yet).
    pub(crate) fn js_last_subject_seq(&self, id: TicketId, kind: EventKind) -> u64 {
        (self.broker.messages().iter().rev())
            .find(|m| m.event.ticket == id && m.event.kind == kind)
            .map_or(0, |m| m.seq)
    }

    /// `Nats-Expected-Last-Subject-Sequence` on a publish of `kind` (an
    /// update, or a delete) from an editor who loaded the ticket when that
    /// subject's last was `expected`: false, with the 10071 step, if the
    /// stream's last is another. The server checks the subject the message
    /// goes to (`processJetStreamMsg`, `LoadLastMsg(subject)`), so a delete,
    /// published on `ticket.deleted.<id>`, is checked against that subject:
    /// the first delete expects 0 (nats-server 2.9 has no header naming
    /// another subject).
    pub(super) fn js_publish_allowed(
        &mut self,
        id: TicketId,
        kind: EventKind,
        expected: u64,
    ) -> bool {
        if !self.js().settings.expect_last_subject_seq {
            return true;
        }
        let last = self.js_last_subject_seq(id, kind);
        if last == expected {
            return true;
        }
        if self.tracing() {
            let mut s = self.step_about(StepKind::VersionError, None, None);
            s.ticket = Some(id);
            s.note = Note::Js(JsNote::WrongLastSequence {
                ticket: id,
                last,
                expected,
            });
            self.record(s);
        }
        false
    }

    pub(super) fn js_published(&mut self, msg: MessageId) {
        let now = self.now;
        self.js_mut().last_publish = Some((msg, now));
    }

    /// Tickets did not hear the ack of its latest publish and sends it
    /// again: with its `Nats-Msg-Id`, within the duplicate window, the
    /// stream answers duplicate (`checkMsgId`); otherwise stores a copy.
    pub(super) fn js_retry_publish(&mut self, msg_id: bool) -> Result<(), ActionError> {
        let (first, at) = self
            .js()
            .last_publish
            .ok_or(ActionError::NothingPublished)?;
        let window = self.js().settings.duplicate_window_ms;
        let first_seq = self.broker.message(first).seq;
        if msg_id && self.now.saturating_sub(at) <= window {
            let note = Note::Js(JsNote::Duplicate { seq: first_seq });
            self.note(StepKind::Publish, None, note);
            return Ok(());
        }
        let event = self.broker.message(first).event;
        let copy = self.broker.publish(event);
        self.js_published(copy);
        if self.tracing() {
            let mut s = self.step_about(StepKind::Publish, Some(copy), None);
            s.note = Note::Js(JsNote::StoredAgain {
                seq: self.broker.message(copy).seq,
                first: first_seq,
            });
            self.record(s);
        }
        self.debug_check();
        Ok(())
    }

    /// Nothing but refusals can happen: every unacked message was refused
    /// since the replica's last change, new ones wait behind MaxAckPending
    /// (else they would still go out), and no MaxDeliver will drop them.
    pub(super) fn js_livelocked(&self, changes: u64) -> bool {
        // At MaxDeliver every refused message is dropped in the end.
        if self.max_deliver.is_some() {
            return false;
        }
        let b = &self.broker;
        let unacked = b.outstanding() - b.fresh();
        let blocked = u64::from(unacked) >= u64::from(self.js().settings.max_ack_pending);
        let waiting = if blocked { b.fresh() } else { 0 };
        b.outstanding() > 0
            && b.all_refused_count(changes)
                .is_some_and(|stuck| stuck + waiting == b.outstanding())
            && self.listeners.iter().flat_map(|l| &l.hand).all(|d| {
                let m = b.message(d.msg);
                m.is_outstanding() && m.refused_at == Some(changes)
            })
    }
}
