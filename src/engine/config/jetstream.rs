//! The broker as a choice of the run (`Config::broker`) and JetStream's own
//! knobs. NATS Streaming (`stan`) is the default and is written as nothing,
//! so every older file, link and golden trace reads and writes as before.
//! The JetStream defaults are nats-server's (`server/consumer.go`,
//! `setConsumerConfigDefaults`; `server/stream.go`,
//! `StreamDefaultDuplicatesWindow`).

use super::{check_range, ConfigError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which broker's rules the run follows. Another model (Kafka) is added as
/// one more variant here and one more arm of `world::brokers::Model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum BrokerKind {
    /// NATS Streaming, the course's broker (deprecated upstream).
    #[default]
    #[serde(rename = "stan")]
    Stan,
    /// NATS JetStream: one stream, one durable pull consumer.
    #[serde(rename = "jetstream")]
    JetStream,
    /// Apache Kafka: topic `tickets` keyed by ticket id, consumer group
    /// `orders-service` with committed offsets (`engine::kafka`).
    #[serde(rename = "kafka")]
    Kafka,
}

impl BrokerKind {
    pub const ALL: [BrokerKind; 3] = [BrokerKind::Stan, BrokerKind::JetStream, BrokerKind::Kafka];

    pub fn name(self) -> &'static str {
        match self {
            BrokerKind::Stan => "stan",
            BrokerKind::JetStream => "jetstream",
            BrokerKind::Kafka => "kafka",
        }
    }

    pub fn parse(name: &str) -> Option<BrokerKind> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    pub fn is_stan(&self) -> bool {
        *self == BrokerKind::Stan
    }

    /// Whether this build carries the model: the first-visit page's module
    /// (`occ-live`, built without default features) has no JetStream nor Kafka and
    /// hands such a run over to the full page.
    pub fn built_in(self) -> bool {
        match self {
            BrokerKind::Stan => true,
            BrokerKind::JetStream => cfg!(feature = "jetstream"),
            BrokerKind::Kafka => cfg!(feature = "kafka"),
        }
    }
}

impl fmt::Display for BrokerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// nats-server `server/consumer.go`: `JsDefaultMaxAckPending`.
pub const DEFAULT_MAX_ACK_PENDING: u32 = 1_000;
pub const MAX_ACK_PENDING: (u32, u32) = (1, 100_000);
/// nats-server `server/stream.go`: `StreamDefaultDuplicatesWindow` (2 min).
pub const DEFAULT_DUPLICATE_WINDOW_MS: u64 = 120_000;
pub const DUPLICATE_WINDOW_MS: (u64, u64) = (1, 86_400_000);
/// Each BackOff step, and how many steps.
pub const BACKOFF_MS: (u64, u64) = (10, 600_000);
pub const BACKOFF_STEPS: usize = 10;
pub const NAK_DELAY_MS: (u64, u64) = (0, 600_000);

/// JetStream's knobs (the consumer's, the stream's, the owner's and the
/// listener's); the shared ones (`ack_wait_ms`, `max_deliver`,
/// `max_in_flight`) stay on `Config`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JetStreamSettings {
    /// The consumer's `MaxAckPending`: unacked messages across all its
    /// listeners; at the limit no new message goes out (redeliveries do).
    #[serde(skip_serializing_if = "is_default_max_ack_pending")]
    pub max_ack_pending: u32,
    /// The consumer's `BackOff`: the ack wait of delivery n is
    /// `backoff_ms[n - 1]` (the last one from then on); empty: `ack_wait_ms`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backoff_ms: Vec<u64>,
    /// The listener naks a message it refuses, with this delay (0: at
    /// once), instead of leaving it to the ack wait; `None`: it does not
    /// nak (the course's listener).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nak_delay_ms: Option<u64>,
    /// Tickets publishes an update with `Nats-Expected-Last-Subject-Sequence`
    /// (the subject's last sequence when the editor loaded the ticket); a
    /// stale one is refused (10071) and nothing is saved.
    #[serde(skip_serializing_if = "is_false")]
    pub expect_last_subject_seq: bool,
    /// The stream's `Duplicates` window for `Nats-Msg-Id`.
    #[serde(skip_serializing_if = "is_default_window")]
    pub duplicate_window_ms: u64,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_max_ack_pending(n: &u32) -> bool {
    *n == DEFAULT_MAX_ACK_PENDING
}

fn is_default_window(n: &u64) -> bool {
    *n == DEFAULT_DUPLICATE_WINDOW_MS
}

impl Default for JetStreamSettings {
    fn default() -> Self {
        JetStreamSettings {
            max_ack_pending: DEFAULT_MAX_ACK_PENDING,
            backoff_ms: Vec::new(),
            nak_delay_ms: None,
            expect_last_subject_seq: false,
            duplicate_window_ms: DEFAULT_DUPLICATE_WINDOW_MS,
        }
    }
}

impl JetStreamSettings {
    pub fn is_default(&self) -> bool {
        *self == JetStreamSettings::default()
    }

    /// The fields set away from their defaults, as a person writes them.
    pub fn changed(&self) -> Vec<&'static str> {
        let d = JetStreamSettings::default();
        let mut out = Vec::new();
        if self.max_ack_pending != d.max_ack_pending {
            out.push("jetstream.max_ack_pending");
        }
        if !self.backoff_ms.is_empty() {
            out.push("jetstream.backoff_ms");
        }
        if self.nak_delay_ms.is_some() {
            out.push("jetstream.nak_delay_ms");
        }
        if self.expect_last_subject_seq {
            out.push("jetstream.expect_last_subject_seq");
        }
        if self.duplicate_window_ms != d.duplicate_window_ms {
            out.push("jetstream.duplicate_window_ms");
        }
        out
    }

    /// The ack wait of delivery `number` (1 = the first): the BackOff step
    /// for it (`checkPending`: `BackOff[dc]`, dc the redeliveries so far,
    /// the last step from then on), else `ack_wait_ms`.
    pub fn ack_wait_of(&self, number: u32, ack_wait_ms: u64) -> u64 {
        let Some(&last) = self.backoff_ms.last() else {
            return ack_wait_ms;
        };
        let i = number.saturating_sub(1) as usize;
        self.backoff_ms.get(i).copied().unwrap_or(last)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range(
            "jetstream.max_ack_pending",
            self.max_ack_pending,
            MAX_ACK_PENDING,
        )?;
        if self.backoff_ms.len() > BACKOFF_STEPS {
            return Err(ConfigError::new(
                "jetstream.backoff_ms",
                format!("{} steps; at most {BACKOFF_STEPS}", self.backoff_ms.len()),
            ));
        }
        for (i, &ms) in self.backoff_ms.iter().enumerate() {
            check_range(&format!("jetstream.backoff_ms[{i}]"), ms, BACKOFF_MS)?;
        }
        if let Some(ms) = self.nak_delay_ms {
            check_range("jetstream.nak_delay_ms", ms, NAK_DELAY_MS)?;
        }
        check_range(
            "jetstream.duplicate_window_ms",
            self.duplicate_window_ms,
            DUPLICATE_WINDOW_MS,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_gives_each_delivery_its_step_then_the_last() {
        let s = JetStreamSettings {
            backoff_ms: vec![100, 400],
            ..JetStreamSettings::default()
        };
        assert_eq!(
            [1, 2, 3, 9].map(|n| s.ack_wait_of(n, 30_000)),
            [100, 400, 400, 400]
        );
        assert_eq!(JetStreamSettings::default().ack_wait_of(3, 5_000), 5_000);
    }

    /// The first-visit module (no `jetstream` feature) refuses such a run by
    /// name, for its page to hand it over (`cargo test --no-default-features`).
    #[test]
    fn a_build_without_the_model_refuses_it_by_name() {
        let c = super::super::Config {
            broker: BrokerKind::JetStream,
            ..super::super::Config::default()
        };
        let refused = c.validate().err().map(|e| e.to_string());
        let expected = (!cfg!(feature = "jetstream")).then(|| {
            "broker: jetstream is not in this build (the first-visit page opens it on the full page)"
                .to_owned()
        });
        assert_eq!(refused, expected);
        assert_eq!(
            BrokerKind::JetStream.built_in(),
            cfg!(feature = "jetstream")
        );
    }

    #[test]
    fn defaults_are_written_as_nothing_and_errors_name_the_field() {
        let d = JetStreamSettings::default();
        assert_eq!(serde_json::to_string(&d).unwrap(), "{}");
        assert!(d.changed().is_empty());
        let s = JetStreamSettings {
            backoff_ms: vec![5],
            ..d
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "jetstream.backoff_ms[0]: 5 is out of range 10..600000"
        );
    }
}
