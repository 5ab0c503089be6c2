//! "You are the network" (`Config::manual_network`, the live view): a
//! delivery the broker sends stays on the wire, held, until the student lets
//! it arrive. The broker still picks the member (`findBestQueueSub`) and its
//! ack wait runs from the send; the student picks only which delivery on the
//! wire arrives next. The server writes all of a client's messages over its
//! one connection, in the order sent, so of each member's held deliveries
//! only the earliest, whatever its channel, may arrive. The timed driver
//! holds and releases; the explorer never holds.

use super::World;
use crate::engine::action::ActionError;
use crate::engine::broker::{Channel, MessageStatus};
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::listener::{Delivery, HELD};
use crate::engine::note::Note;
use crate::engine::trace::StepKind;

impl World {
    /// Holds delivery `id`, just sent to `member`, on the wire; once it
    /// arrives, its processing takes `processing_ms`.
    pub(crate) fn hold(&mut self, member: MemberId, id: u32, processing_ms: u64) {
        if let Some(d) = self.listeners[member.index()].delivery_mut(id) {
            d.due_at = HELD;
            d.processing_ms = processing_ms;
        }
    }

    /// Whether any delivery is held on the wire.
    pub fn holds_any(&self) -> bool {
        self.listeners
            .iter()
            .flat_map(|l| &l.hand)
            .any(|d| d.held())
    }

    /// The held delivery that `member` receives next: the earliest one sent,
    /// on either channel (one connection per client, in the order sent).
    pub fn next_held(&self, member: MemberId) -> Option<&Delivery> {
        self.listeners
            .get(member.index())?
            .hand
            .iter()
            .find(|d| d.held())
    }

    /// The delivery `Action::Arrive { channel, seq, member }` lets arrive
    /// (its id in `member`'s hand), or why it cannot.
    pub fn arrival(
        &self,
        channel: Channel,
        seq: u64,
        member: MemberId,
    ) -> Result<u32, ActionError> {
        let m = self
            .broker
            .find(channel, seq)
            .ok_or(ActionError::UnknownMessage { channel, seq })?;
        let not_on_wire = ActionError::NotOnTheWire {
            channel,
            seq,
            member,
            status: m.status,
        };
        let Some(next) = self.next_held(member) else {
            return Err(not_on_wire);
        };
        if next.msg == m.id {
            return Ok(next.id);
        }
        let held = self.listeners[member.index()]
            .hand
            .iter()
            .any(|d| d.held() && d.msg == m.id);
        if !held {
            return Err(not_on_wire);
        }
        let first = self.broker.message(next.msg);
        Err(ActionError::BehindOnTheWire {
            channel,
            seq,
            member,
            first_channel: first.channel,
            first: first.seq,
        })
    }

    /// Held delivery `id` reaches `member` now (the driver puts its read on
    /// the agenda). The message, or `None` if no such delivery is held.
    pub(crate) fn arrive(&mut self, member: MemberId, id: u32) -> Option<MessageId> {
        let now = self.now;
        let d = self.listeners[member.index()].delivery_mut(id)?;
        if !d.held() {
            return None;
        }
        d.due_at = now;
        let (msg, number) = (d.msg, d.number);
        if self.tracing() {
            let mut s = self.step_about(StepKind::Route, Some(msg), Some(member));
            s.delivery = Some(number);
            s.redelivered = number > 1;
            s.note = Note::Arrived { member, number };
            self.record(s);
        }
        self.debug_check();
        Some(msg)
    }

    /// Nothing can happen until the student lets a held delivery arrive:
    /// something is held, every member is up (no restart to come), nothing
    /// is being read or written, and every message in flight has its latest
    /// delivery held (no ack wait of a refused, lost or moved delivery is
    /// running). Queued messages then wait for room only an arrival can
    /// make. The timed driver lets no time pass in this state (see
    /// `Engine::waiting_for_network`): the student is the network.
    pub fn waits_for_network(&self) -> bool {
        let mut held = 0u32;
        let mut latest_held = 0u32;
        for l in &self.listeners {
            if !l.up {
                return false;
            }
            for d in &l.hand {
                if !d.held() {
                    return false;
                }
                held += 1;
                let m = self.broker.message(d.msg);
                if matches!(m.status, MessageStatus::InFlight { .. }) && m.deliveries == d.number {
                    latest_held += 1;
                }
            }
        }
        let b = &self.broker;
        let queued: u32 = Channel::ALL.into_iter().map(|c| b.queued(c)).sum();
        let in_flight = b.outstanding().saturating_sub(queued);
        held > 0 && latest_held == in_flight
    }
}
