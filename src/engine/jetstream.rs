//! NATS JetStream's vocabulary: the consumer's own state (its waiting pull
//! requests, nak delays, the latest publish for `Nats-Msg-Id` dedupe) and
//! what its trace steps say. The rules over it are `world/jetstream.rs`;
//! each cites the nats-server function it follows (ARCHITECTURE.md,
//! "JetStream rules the model follows").
//!
//! Without the cargo feature `jetstream` (the first-visit module) both types
//! are empty enums: no value can exist, so no code for them is kept.

#[cfg(feature = "jetstream")]
pub use model::{JetStream, JsNote, STREAM};

#[cfg(not(feature = "jetstream"))]
#[derive(Clone, Debug)]
pub enum JetStream {}

#[cfg(not(feature = "jetstream"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsNote {}

#[cfg(not(feature = "jetstream"))]
impl std::fmt::Display for JsNote {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

#[cfg(feature = "jetstream")]
mod model {
    use crate::engine::config::JetStreamSettings;
    use crate::engine::ids::{MemberId, MessageId, TicketId};
    use crate::engine::message::Message;
    use std::fmt;

    /// The stream over `ticket.created.<id>` and `ticket.updated.<id>`.
    pub const STREAM: &str = "TICKETS";

    #[derive(Clone, Debug)]
    pub struct JetStream {
        pub settings: JetStreamSettings,
        /// The consumer's waiting pull requests, oldest first (`o.waiting`,
        /// a FIFO: `waitQueue.add` appends, `peek` is the head); each
        /// listener keeps at most one (batch 1).
        pub waiting: Vec<MemberId>,
        /// Naked messages and when each is due again (`processNak` with a
        /// delay moves its pending timestamp), for delivery `number`.
        pub nak_due: Vec<(MessageId, u32, u64)>,
        /// The latest stored publish and when: a retried publish with its
        /// `Nats-Msg-Id` within the duplicate window is a duplicate.
        pub last_publish: Option<(MessageId, u64)>,
    }

    impl JetStream {
        pub fn new(settings: JetStreamSettings) -> JetStream {
            JetStream {
                settings,
                waiting: Vec::new(),
                nak_due: Vec::new(),
                last_publish: None,
            }
        }

        pub fn clear(&mut self) {
            self.waiting.clear();
            self.nak_due.clear();
            self.last_publish = None;
        }

        /// When the ack wait of `m`'s latest delivery runs out: a nak's
        /// delay if it was naked with one, else its delivery's ack wait
        /// (BackOff's step, or the ack wait), counted from the delivery.
        pub fn deadline(&self, m: &Message, ack_wait_ms: u64) -> u64 {
            if let Some(&(_, _, due)) = self
                .nak_due
                .iter()
                .find(|&&(id, n, _)| id == m.id && n == m.deliveries)
            {
                return due;
            }
            let wait = self.settings.ack_wait_of(m.deliveries, ack_wait_ms);
            m.delivered_at.saturating_add(wait)
        }
    }

    /// What a JetStream step says.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum JsNote {
        /// `member` sends a pull request (batch 1); the waiting queue after.
        Pulled {
            member: MemberId,
            waiting: Box<[MemberId]>,
        },
        /// An ack wait ran out: on the redelivery queue, before new messages.
        Requeued { number: u32 },
        /// A listener naked delivery `number`, due again after `delay_ms`.
        Naked { number: u32, delay_ms: u64 },
        /// MaxDeliver reached as a naked message came up for redelivery.
        MaxDeliver { number: u32 },
        /// Publish refused: error 10071, wrong last sequence.
        WrongLastSequence {
            ticket: TicketId,
            last: u64,
            expected: u64,
        },
        /// A retried publish with the same `Nats-Msg-Id` within the window.
        Duplicate { seq: u64 },
        /// A retried publish without a `Nats-Msg-Id`: stored again.
        StoredAgain { seq: u64, first: u64 },
        /// A listener crashed: its pull request goes away.
        Crashed { member: MemberId, lost: u32 },
    }

    fn members(f: &mut fmt::Formatter<'_>, waiting: &[MemberId]) -> fmt::Result {
        if waiting.is_empty() {
            return f.write_str("none");
        }
        for (i, m) in waiting.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{m}")?;
        }
        Ok(())
    }

    impl fmt::Display for JsNote {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                JsNote::Pulled { member, waiting } => {
                    write!(f, "{member} pulls (waiting: ")?;
                    members(f, waiting)?;
                    f.write_str(")")
                }
                JsNote::Requeued { number } => write!(
                    f,
                    "the ack wait of delivery {number} runs out: queued for redelivery before newer messages, to the pull at the head of the waiting queue"
                ),
                JsNote::Naked { number, delay_ms: 0 } => write!(
                    f,
                    "nak of delivery {number}: queued for redelivery at once"
                ),
                JsNote::Naked { number, delay_ms } => write!(
                    f,
                    "nak of delivery {number} with a delay: due again in {delay_ms} ms"
                ),
                JsNote::MaxDeliver { number } => write!(
                    f,
                    "MaxDeliver reached after {number} deliveries: not sent again"
                ),
                JsNote::WrongLastSequence {
                    ticket,
                    last,
                    expected,
                } => write!(
                    f,
                    "publish refused: wrong last sequence (10071), the stream's last for ticket.updated.{ticket} is {last}, Tickets expected {expected}; nothing saved"
                ),
                JsNote::Duplicate { seq } => write!(
                    f,
                    "publish retried with the same Nats-Msg-Id within the duplicate window: the publish ack says duplicate (stream seq {seq}), nothing stored"
                ),
                JsNote::StoredAgain { seq, first } => write!(
                    f,
                    "publish retried without a Nats-Msg-Id: stored again as stream seq {seq}, a second copy of {first}"
                ),
                JsNote::Crashed { member, lost } => write!(
                    f,
                    "listener {member} crashed; its pull request goes away and its {lost} delivery(ies) in hand are lost: they come back when their ack waits run out (JetStream has no heartbeats to notice)"
                ),
            }
        }
    }
}
