//! The explorer's choices under JetStream (`Choice`, `World::choices`):
//! the choices the server really leaves open, over the same transitions the
//! timed driver takes.
//!
//! - `Deliver`: the message `getNextMsg` picks (the redelivery queue's
//!   head, else below MaxAckPending the stream's next new message) to the
//!   pull at the head of the waiting queue (`processWaiting`). Neither is a
//!   choice: which listener gets it follows from the order the listeners
//!   freed up and pulled, which the `Advance` interleavings decide. When it
//!   goes out is a choice (the wire's delay), as under NATS Streaming.
//! - `Advance`: any listener's next read or write, as under NATS Streaming.
//! - `Redeliver` (no member): a refused message's ack wait runs out
//!   (`checkPending`): onto the redelivery queue. As under NATS Streaming,
//!   only once the replica changed since the refusal (before that the
//!   redelivery would only be refused again, a loop that changes nothing),
//!   and never for a delivery still in a listener's hand: a listener that
//!   reads and writes within its ack wait, the explorer's one timing
//!   assumption. BackOff and nak delays only move when that happens, so
//!   they need no state of their own here.

use super::{Choice, World};
use crate::engine::message::MessageStatus;

impl World {
    /// Every choice enabled now under JetStream, in a fixed order.
    pub(super) fn js_choices(&self, out: &mut Vec<Choice>) {
        if let (Some(message), Some(&member)) = (self.js_offer(), self.js().waiting.first()) {
            out.push(Choice::Deliver { message, member });
        }
        self.advance_choices(out);
        let changes = self.replica.changes();
        for m in self.broker.messages() {
            let refused = matches!(m.status, MessageStatus::InFlight { .. }) && !self.held(m.id);
            if refused && m.refused_at != Some(changes) {
                out.push(Choice::Redeliver {
                    message: m.id,
                    member: None,
                });
            }
        }
    }

    /// The message the head pull would get now (`js_next_send` without its
    /// side effects; the explorer sets no MaxDeliver, so none is dropped).
    fn js_offer(&self) -> Option<crate::engine::ids::MessageId> {
        if let Some(id) = self.js_next_redelivery() {
            return Some(id);
        }
        let unacked = self.broker.outstanding() - self.broker.fresh();
        if u64::from(unacked) >= u64::from(self.js().settings.max_ack_pending) {
            return None;
        }
        self.broker.queue().front().copied()
    }

    /// Applies an enabled choice; then every listener with room pulls, as
    /// the timed driver's next hand-over would make it (`js_next_send`).
    pub(super) fn js_choose(&mut self, choice: Choice) {
        match choice {
            Choice::Deliver { message, member } => {
                self.deliver(message, member);
            }
            Choice::Advance { member, message } => self.advance(member, message),
            Choice::Redeliver { message, .. } => {
                // The ack wait has run out: the world's clock moves to its end.
                self.now = self.now.max(self.ack_deadline(message));
                let number = self.broker.message(message).deliveries;
                self.js_expire(message, number);
            }
        }
        self.js_pull_all();
    }
}
