//! The seam: one broker interface under `World`, one model per broker.
//!
//! `Config::broker` (`config::BrokerKind`) picks the model; `World::model`
//! holds its own state (`Model`), and every rule that differs between
//! brokers asks the model through the few `World` methods below, never by
//! testing the kind anywhere else. What all models share stays where it
//! was: the message log (`Broker`: each message's status, delivery count
//! and latest delivery time, in publish order), the listeners' hands and
//! the read / write / ack transitions (`listen.rs`), the replica, the trace.
//!
//! The questions a model answers (each a `World` method here that matches
//! on `Model`):
//! - `next_send`: which message goes to which listener now, if any (the
//!   timed driver's dispatch; NATS Streaming: a channel's head to the best
//!   queue member, `network.rs`; JetStream: redeliveries first, then the
//!   next message under MaxAckPending, to the pull at the head of the
//!   waiting queue, `jetstream.rs`);
//! - `expire`: an ack wait ran out (redelivered at once to a member, or
//!   queued for redelivery);
//! - `ack_counts`: whether a listener's ack settles the message (the copy's
//!   member only, or any copy while the message is pending);
//! - `no_ack`: a listener refused (nothing, or a nak with a delay);
//! - `ack_deadline`: when the ack wait of the latest delivery runs out
//!   (one ack wait, or BackOff per delivery, or a nak's delay);
//! - crashes and restarts (`heartbeat.rs` for NATS Streaming's heartbeats;
//!   JetStream has none: a crashed listener's pull request goes away);
//! - `publish_check`: whether the broker stores a publish (JetStream's
//!   expected last subject sequence and `Nats-Msg-Id` dedupe).
//!
//! Kafka (`src/engine/kafka/` for its rules, `kafka.rs` here for the
//! wiring: partitions with committed offsets, no per-message ack, no ack
//! wait) plugs in the same way: `BrokerKind::Kafka`, `Model::Kafka` holding
//! its state, and one arm in each method here. Its timers (the producer's
//! requests, a commit as its own step, a retry's backoff, a session
//! expiry) are queued by the World and put on the agenda by the driver
//! (`agenda::KafkaWake`). The drivers, the checker and the trace only see
//! `World`.
//!
//! JetStream's state is behind the cargo feature `jetstream`, Kafka's behind
//! `kafka`: without them (the first-visit module `occ-live`) `JetStream` and
//! `KafkaModel` are empty enums, so their `Model` variants cannot exist and
//! every arm for them is dead code the compiler drops; `Config::validate`
//! refuses such a run there, and the page hands it over to the full module.

#[cfg(feature = "kafka")]
pub(crate) use super::kafka::KafkaModel;
use super::World;
use crate::engine::config::{BrokerKind, Config};
use crate::engine::ids::{MemberId, MessageId};
use crate::engine::jetstream::JetStream;

/// Without the `kafka` feature no Kafka state can exist.
#[cfg(not(feature = "kafka"))]
#[derive(Clone, Debug)]
pub(crate) enum KafkaModel {}

/// `$stan` under NATS Streaming, `$js` under JetStream, `$kafka` under
/// Kafka (an arm that does not exist without its cargo feature).
macro_rules! by_model {
    ($world:expr, stan => $stan:expr, jetstream => $js:expr, kafka => $kafka:expr $(,)?) => {
        match $world.model {
            $crate::engine::world::Model::Stan => $stan,
            #[cfg(feature = "jetstream")]
            $crate::engine::world::Model::JetStream(_) => $js,
            #[cfg(not(feature = "jetstream"))]
            $crate::engine::world::Model::JetStream(ref js) => match **js {},
            #[cfg(feature = "kafka")]
            $crate::engine::world::Model::Kafka(_) => $kafka,
            #[cfg(not(feature = "kafka"))]
            $crate::engine::world::Model::Kafka(ref k) => match **k {},
        }
    };
}
pub(crate) use by_model;

/// The chosen broker's own state.
#[derive(Clone, Debug)]
#[cfg_attr(
    any(not(feature = "jetstream"), not(feature = "kafka")),
    allow(dead_code)
)]
pub(crate) enum Model {
    Stan,
    JetStream(Box<JetStream>),
    Kafka(Box<KafkaModel>),
}

impl Model {
    pub(crate) fn new(config: &Config) -> Model {
        match config.broker {
            BrokerKind::Stan => Model::Stan,
            #[cfg(feature = "jetstream")]
            BrokerKind::JetStream => {
                Model::JetStream(Box::new(JetStream::new(config.jetstream.clone())))
            }
            // `Config::validate` refuses this where the model is not built.
            #[cfg(not(feature = "jetstream"))]
            BrokerKind::JetStream => Model::Stan,
            #[cfg(feature = "kafka")]
            BrokerKind::Kafka => Model::Kafka(Box::new(KafkaModel::new(config))),
            #[cfg(not(feature = "kafka"))]
            BrokerKind::Kafka => Model::Stan,
        }
    }

    /// Back to the start of a run.
    pub(crate) fn clear(&mut self) {
        match self {
            Model::Stan => {}
            #[cfg(feature = "jetstream")]
            Model::JetStream(js) => js.clear(),
            #[cfg(not(feature = "jetstream"))]
            Model::JetStream(js) => match **js {},
            #[cfg(feature = "kafka")]
            Model::Kafka(k) => k.clear(),
            #[cfg(not(feature = "kafka"))]
            Model::Kafka(k) => match **k {},
        }
    }
}

// Without a feature its model's arms are gone, and with them some uses.
#[cfg_attr(
    any(not(feature = "jetstream"), not(feature = "kafka")),
    allow(unused_variables)
)]
impl World {
    pub fn broker_kind(&self) -> BrokerKind {
        match self.model {
            Model::Stan => BrokerKind::Stan,
            Model::JetStream(_) => BrokerKind::JetStream,
            Model::Kafka(_) => BrokerKind::Kafka,
        }
    }

    /// JetStream's state (its waiting pulls), for the stage.
    pub fn jetstream(&self) -> Option<&JetStream> {
        match &self.model {
            Model::JetStream(js) => Some(js),
            Model::Stan | Model::Kafka(_) => None,
        }
    }

    /// Moves the world's clock on to `t_ms` (never back): a driver's time,
    /// for a World driven by hand (tests; the drivers set it themselves).
    pub fn advance_to(&mut self, t_ms: u64) {
        self.now = self.now.max(t_ms);
    }

    /// The next hand-over the broker makes now, if any (the timed driver
    /// sends it with `deliver`).
    pub fn next_send(
        &mut self,
        assignment: crate::engine::config::Assignment,
        rng: &mut crate::engine::rng::SimRng,
    ) -> Option<(MessageId, MemberId)> {
        by_model!(self,
            stan => self.next_assignment(assignment, rng),
            jetstream => self.js_next_send(),
            kafka => self.kafka_next_send(),
        )
    }

    /// A run starts: JetStream's listeners send their first pull requests.
    pub(super) fn start(&mut self) {
        by_model!(self, stan => {}, jetstream => self.js_pull_all(), kafka => {})
    }

    /// The model's own livelock test, if it has one (`World::livelocked`).
    pub(super) fn model_livelocked(&self, changes: u64) -> Option<bool> {
        by_model!(self,
            stan => None,
            jetstream => Some(self.js_livelocked(changes)),
            kafka => Some(self.kafka().k.livelocked(changes)),
        )
    }

    /// A listener's hand changed (a read or write done): under JetStream
    /// a listener with room again pulls now, so the waiting queue is in
    /// the order the listeners freed up.
    pub(super) fn hand_changed(&mut self) {
        by_model!(self, stan => {}, jetstream => self.js_pull_all(), kafka => {})
    }

    /// `msg` was just sent to `member`.
    pub(super) fn sent_to(&mut self, member: MemberId) {
        by_model!(self, stan => {}, jetstream => self.js_delivered(member), kafka => {})
    }

    /// Whether `member`'s ack settles `msg` (see `listen.rs`).
    pub(super) fn ack_counts(&mut self, msg: MessageId, member: MemberId) -> bool {
        by_model!(self,
            stan => self.broker.ack(msg, member),
            jetstream => { let _ = member; self.js_ack(msg) },
            kafka => self.kafka_handled(msg, member),
        )
    }

    /// `member` refused `msg` (no ack; under JetStream maybe a nak).
    pub(super) fn no_ack(&mut self, msg: MessageId, member: MemberId) {
        by_model!(self,
            stan => {},
            jetstream => self.js_no_ack(msg, member),
            kafka => self.kafka_refused(msg, member),
        )
    }

    /// When the ack wait of `msg`'s latest delivery runs out.
    pub(crate) fn ack_deadline(&self, msg: MessageId) -> u64 {
        let m = self.broker.message(msg);
        match &self.model {
            Model::Stan => m.delivered_at.saturating_add(self.ack_wait_ms),
            #[cfg(feature = "jetstream")]
            Model::JetStream(js) => js.deadline(m, self.ack_wait_ms),
            #[cfg(not(feature = "jetstream"))]
            Model::JetStream(js) => match **js {},
            // No ack wait: the group keeps offsets, not per-message timers.
            Model::Kafka(_) => u64::MAX,
        }
    }

    /// The ack wait a delivery numbered `number` gets.
    pub(crate) fn ack_wait_of(&self, number: u32) -> u64 {
        match &self.model {
            Model::Stan => self.ack_wait_ms,
            #[cfg(feature = "jetstream")]
            Model::JetStream(js) => js.settings.ack_wait_of(number, self.ack_wait_ms),
            #[cfg(not(feature = "jetstream"))]
            Model::JetStream(js) => match **js {},
            Model::Kafka(_) => u64::MAX,
        }
    }
}
