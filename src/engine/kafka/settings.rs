//! The Kafka model's knobs, their defaults (Kafka 3.x clients) and ranges.
//!
//! Sources: clients `consumer/ConsumerConfig.java` (`session.timeout.ms`
//! 45000, `heartbeat.interval.ms` 3000), `consumer/internals/Heartbeat.java`
//! ("Heartbeat must be set lower than the session timeout"), the group
//! coordinator's `group.min.session.timeout.ms` 6000 and
//! `group.max.session.timeout.ms` 1800000 (`GroupCoordinatorConfig.java`),
//! and `producer/ProducerConfig.java` (`enable.idempotence` true since 3.0,
//! `max.in.flight.requests.per.connection` 5, at most 5 with idempotence).

use serde::{Deserialize, Serialize};

/// The topic the Tickets service produces to.
pub const TOPIC: &str = "tickets";
/// The Orders listeners' consumer group.
pub const GROUP: &str = "orders-service";
pub const PARTITIONS: std::ops::RangeInclusive<u32> = 1..=16;
pub const SESSION_TIMEOUT_MS: std::ops::RangeInclusive<u64> = 6_000..=1_800_000;
/// `MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE` in ProducerConfig.
pub const MAX_IN_FLIGHT_IDEMPOTENT: u32 = 5;
/// Any count at least 1 is valid in Kafka; past 10 the model shows nothing new.
pub const MAX_IN_FLIGHT: std::ops::RangeInclusive<u32> = 1..=10;
pub const BACKOFF_MS: std::ops::RangeInclusive<u64> = 0..=60_000;

/// What a listener does with a record its strategy refuses (the course's
/// OCC: the version does not follow). A Kafka consumer has no per-message
/// nack: its only state is one committed offset per partition (design.html,
/// "Consumer Position"), so it either stays on the record or moves past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum OnRefuse {
    /// The course's listener turned Kafka consumer: it does not commit,
    /// `seek`s back to the record and `pause`s the partition for the backoff,
    /// then polls it again. Nothing behind the record in that partition is
    /// processed meanwhile: the partition is blocked.
    RetryInPlace { backoff_ms: u64 },
    /// Commits past the record as if handled: the partition moves on and the
    /// refused update is lost.
    SkipAndCommit,
}

impl Default for OnRefuse {
    fn default() -> Self {
        OnRefuse::RetryInPlace { backoff_ms: 1_000 }
    }
}

impl OnRefuse {
    pub fn name(self) -> &'static str {
        match self {
            OnRefuse::RetryInPlace { .. } => "retry-in-place",
            OnRefuse::SkipAndCommit => "skip-and-commit",
        }
    }
}

/// `auto.offset.reset`: where a new owner starts on a partition with no
/// committed offset. Kafka's default is `latest` (ConsumerConfig); the
/// course's listener subscribes with `setDeliverAllAvailable()`, whose Kafka
/// twin is `earliest`, so that is the model's default. With `latest`, a
/// partition whose owner crashed before its first commit is taken over at
/// the log's end: the records before are never processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OffsetReset {
    #[default]
    Earliest,
    Latest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaSettings {
    /// Partitions of topic `tickets`.
    pub partitions: u32,
    /// `session.timeout.ms`: how long the coordinator waits after a
    /// member's last heartbeat before removing it and rebalancing.
    pub session_timeout_ms: u64,
    /// `heartbeat.interval.ms`: how often a live consumer heartbeats.
    pub heartbeat_interval_ms: u64,
    pub on_refuse: OnRefuse,
    pub offset_reset: OffsetReset,
    /// `enable.idempotence` of the Tickets service's producer.
    pub idempotence: bool,
    /// `max.in.flight.requests.per.connection` of that producer.
    pub max_in_flight: u32,
}

impl Default for KafkaSettings {
    fn default() -> Self {
        KafkaSettings {
            partitions: 3,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            on_refuse: OnRefuse::default(),
            offset_reset: OffsetReset::Earliest,
            idempotence: true,
            max_in_flight: 5,
        }
    }
}

impl KafkaSettings {
    /// The first setting out of range, in words (Kafka's own message where
    /// it has one).
    pub fn check(&self) -> Result<(), String> {
        if !PARTITIONS.contains(&self.partitions) {
            return Err(format!(
                "partitions is {}: topic \"{TOPIC}\" takes {} to {} partitions",
                self.partitions,
                PARTITIONS.start(),
                PARTITIONS.end()
            ));
        }
        if !SESSION_TIMEOUT_MS.contains(&self.session_timeout_ms) {
            return Err(format!(
                "session_timeout_ms is {}: the group coordinator accepts {} to {} \
                 (group.min/max.session.timeout.ms)",
                self.session_timeout_ms,
                SESSION_TIMEOUT_MS.start(),
                SESSION_TIMEOUT_MS.end()
            ));
        }
        if self.heartbeat_interval_ms == 0 || self.heartbeat_interval_ms >= self.session_timeout_ms
        {
            return Err(format!(
                "heartbeat_interval_ms is {}: Heartbeat must be set lower than the \
                 session timeout ({} ms), and above 0",
                self.heartbeat_interval_ms, self.session_timeout_ms
            ));
        }
        if let OnRefuse::RetryInPlace { backoff_ms } = self.on_refuse {
            if !BACKOFF_MS.contains(&backoff_ms) {
                return Err(format!(
                    "on_refuse.backoff_ms is {backoff_ms}: allowed {} to {}",
                    BACKOFF_MS.start(),
                    BACKOFF_MS.end()
                ));
            }
        }
        if !MAX_IN_FLIGHT.contains(&self.max_in_flight) {
            return Err(format!(
                "max_in_flight is {}: allowed {} to {}",
                self.max_in_flight,
                MAX_IN_FLIGHT.start(),
                MAX_IN_FLIGHT.end()
            ));
        }
        if self.idempotence && self.max_in_flight > MAX_IN_FLIGHT_IDEMPOTENT {
            return Err(format!(
                "max_in_flight is {}: enabling idempotence requires \
                 max.in.flight.requests.per.connection to be less than or equal to \
                 {MAX_IN_FLIGHT_IDEMPOTENT}",
                self.max_in_flight
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_kafka_3s_and_pass() {
        let s = KafkaSettings::default();
        assert_eq!(s.check(), Ok(()));
        assert_eq!(
            (s.partitions, s.session_timeout_ms, s.heartbeat_interval_ms),
            (3, 45_000, 3_000)
        );
        assert!(s.idempotence);
        assert_eq!(s.max_in_flight, 5);
    }

    #[test]
    fn bad_settings_say_what_is_wrong() {
        let bad = |f: fn(&mut KafkaSettings)| {
            let mut s = KafkaSettings::default();
            f(&mut s);
            s.check().unwrap_err()
        };
        assert!(bad(|s| s.partitions = 0).contains("1 to 16 partitions"));
        assert!(bad(|s| s.partitions = 17).contains("partitions is 17"));
        assert!(bad(|s| s.session_timeout_ms = 1_000).contains("6000 to 1800000"));
        assert!(bad(|s| s.heartbeat_interval_ms = 45_000).contains("lower than the session"));
        assert!(bad(|s| s.max_in_flight = 6).contains("less than or equal to 5"));
        assert!(
            bad(|s| s.on_refuse = OnRefuse::RetryInPlace { backoff_ms: 60_001 })
                .contains("backoff_ms is 60001")
        );
        let mut s = KafkaSettings {
            idempotence: false,
            max_in_flight: 6,
            ..KafkaSettings::default()
        };
        assert_eq!(s.check(), Ok(()));
        s.max_in_flight = 0;
        assert!(s.check().unwrap_err().contains("max_in_flight is 0"));
    }

    #[test]
    fn settings_read_from_json_with_defaults_and_refuse_unknown_fields() {
        let s: KafkaSettings =
            serde_json::from_str(r#"{"partitions":4,"on_refuse":{"kind":"skip-and-commit"}}"#)
                .unwrap();
        assert_eq!(s.partitions, 4);
        assert_eq!(s.on_refuse, OnRefuse::SkipAndCommit);
        assert!(s.idempotence);
        assert!(serde_json::from_str::<KafkaSettings>(r#"{"partition":4}"#).is_err());
    }
}
