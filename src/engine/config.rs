//! The knobs of one simulated world, their defaults (the course's values) and
//! their allowed ranges.

use super::strategy::Strategy;
use super::version::VersionScheme;
use serde::{Deserialize, Serialize};
use std::fmt;

mod heartbeat;
mod jetstream;
mod kafka;
mod legacy;

pub use crate::engine::kafka::KafkaSettings;
pub use heartbeat::Heartbeats;
pub use jetstream::{BrokerKind, JetStreamSettings};
pub use jetstream::{
    BACKOFF_MS, BACKOFF_STEPS, DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_ACK_PENDING,
    DUPLICATE_WINDOW_MS, MAX_ACK_PENDING, NAK_DELAY_MS,
};
pub use kafka::parse_on_refuse;

/// How the broker picks a queue-group member for the next message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assignment {
    #[default]
    RoundRobin,
    Random,
}

impl Assignment {
    pub const ALL: [Assignment; 2] = [Assignment::RoundRobin, Assignment::Random];

    pub fn name(self) -> &'static str {
        match self {
            Assignment::RoundRobin => "round-robin",
            Assignment::Random => "random",
        }
    }

    pub fn parse(name: &str) -> Option<Assignment> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// An inclusive range of milliseconds a duration is sampled from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MsRange {
    pub min: u64,
    pub max: u64,
}

impl MsRange {
    pub const fn new(min: u64, max: u64) -> MsRange {
        MsRange { min, max }
    }
}

/// Random faults injected per delivery, in thousandths; all off by default.
/// (The same faults are also available as scripted actions.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Chance that a listener's ack never reaches the broker: a duplicate.
    pub lost_ack_permille: u16,
    /// Chance that a listener crashes just as a delivery reaches it (and,
    /// under Kafka, just before it commits what it handled).
    pub crash_permille: u16,
    /// Kafka only: chance that the producer's request fails before the log
    /// on its first attempt and is retried (never twice: a run settles).
    /// Without idempotence and with more than one request in flight this
    /// can reorder one ticket's records. Written only when set.
    #[serde(skip_serializing_if = "is_zero")]
    pub produce_retry_permille: u16,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

impl Faults {
    pub fn any(self) -> bool {
        self.lost_ack_permille > 0 || self.crash_permille > 0 || self.produce_retry_permille > 0
    }
}

/// What an Orders listener does with `ticket:deleted`: remove the row (a
/// hard delete, the default), or keep it marked deleted with its version (a
/// tombstone, a soft delete), so a late event for it is known to be stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deletes {
    #[default]
    Hard,
    Tombstone,
}

impl Deletes {
    pub const ALL: [Deletes; 2] = [Deletes::Hard, Deletes::Tombstone];

    pub fn name(self) -> &'static str {
        match self {
            Deletes::Hard => "hard",
            Deletes::Tombstone => "tombstone",
        }
    }

    pub fn parse(name: &str) -> Option<Deletes> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn is_hard(&self) -> bool {
        *self == Deletes::Hard
    }
}

/// Read through `ConfigFile` (`config/legacy.rs`), which still takes the
/// old `heartbeat_fail_ms` of older files and links; written as is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "legacy::ConfigFile")]
pub struct Config {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    /// Members of the queue group `orders-service`: A, B, ...
    pub listeners: u8,
    pub assignment: Assignment,
    pub ack_wait_ms: u64,
    /// Unacked messages per member per channel (NATS counts it per
    /// subscription). Default: node-nats-streaming's `DEFAULT_MAX_IN_FLIGHT`
    /// (16384), what the course code gets; the lecture's 1 is a setting.
    pub max_in_flight: u32,
    /// `None` is NATS Streaming's behaviour: redeliver forever.
    pub max_deliver: Option<u32>,
    /// Wire time from the broker to a listener.
    pub delivery_ms: MsRange,
    /// Time between a listener's read and its write.
    pub processing_ms: MsRange,
    /// How long a crashed listener stays down.
    pub restart_ms: u64,
    /// How often the server pings each client (`ClientHBInterval`, the
    /// server's `-hbi`), counted from the client's connect.
    pub hb_interval_ms: u64,
    /// How long the server waits for a ping's reply (`ClientHBTimeout`, `-hbt`).
    pub hb_timeout_ms: u64,
    /// Missed pings in a row the server tolerates: at one more it closes the
    /// client (`ClientHBFailCount`, `-hbf`). From the first miss on, the
    /// server avoids the client's subscriptions (`hasFailedHB`).
    pub hb_fail_count: u32,
    pub faults: Faults,
    /// Safety net: a run stops after this many transitions, as cut off.
    pub max_transitions: u64,
    /// "You are the network" (the live view): every delivery the broker
    /// sends stays on the wire until the student lets it arrive
    /// (`Action::Arrive`); the broker still picks the member, ack waits
    /// still run. Left out of the JSON when off, so older files and links
    /// read and write as before.
    #[serde(skip_serializing_if = "is_false")]
    pub manual_network: bool,
    /// The broker whose rules the run follows; NATS Streaming (`stan`),
    /// the course's, is written as nothing.
    #[serde(skip_serializing_if = "BrokerKind::is_stan")]
    pub broker: BrokerKind,
    /// JetStream's own knobs (`broker: jetstream` only), written only when
    /// one differs from its default.
    #[serde(skip_serializing_if = "JetStreamSettings::is_default")]
    pub jetstream: JetStreamSettings,
    /// Kafka's own knobs (`broker: kafka` only), written only when one
    /// differs from its default.
    #[serde(skip_serializing_if = "kafka::is_default")]
    pub kafka: KafkaSettings,
    /// The listeners' deletes; hard (the default) is written as nothing,
    /// so older files and links read and write as before.
    #[serde(skip_serializing_if = "Deletes::is_hard")]
    pub on_delete: Deletes,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategy: Strategy::Occ,
            scheme: VersionScheme::Increment,
            listeners: 2,
            assignment: Assignment::RoundRobin,
            ack_wait_ms: 5_000,
            max_in_flight: STAN_MAX_IN_FLIGHT,
            max_deliver: None,
            delivery_ms: MsRange::new(1, 20),
            processing_ms: MsRange::new(1, 10),
            restart_ms: 1_000,
            hb_interval_ms: HB_INTERVAL_MS,
            hb_timeout_ms: HB_TIMEOUT_MS,
            hb_fail_count: HB_FAIL_COUNT,
            faults: Faults::default(),
            max_transitions: 2_000_000,
            manual_network: false,
            broker: BrokerKind::Stan,
            jetstream: JetStreamSettings::default(),
            kafka: KafkaSettings::default(),
            on_delete: Deletes::Hard,
        }
    }
}

pub const LISTENERS: (u8, u8) = (1, 8);
/// node-nats-streaming `lib/stan.js`: `DEFAULT_MAX_IN_FLIGHT = 16384`.
pub const STAN_MAX_IN_FLIGHT: u32 = 16_384;
/// The lecture's setting: one message at a time per listener.
pub const LECTURE_MAX_IN_FLIGHT: u32 = 1;
pub const MAX_IN_FLIGHT: (u32, u32) = (1, STAN_MAX_IN_FLIGHT);
/// nats-streaming-server `server/server.go`: `DefaultHeartBeatInterval`.
pub const HB_INTERVAL_MS: u64 = 30_000;
/// `DefaultClientHBTimeout`.
pub const HB_TIMEOUT_MS: u64 = 10_000;
/// `DefaultMaxFailedHeartBeats` (5 min / 30 s).
pub const HB_FAIL_COUNT: u32 = 10;
/// The course runs the server with `-hbi 5s -hbt 5s -hbf 2`.
pub const COURSE_HB: (u64, u64, u32) = (5_000, 5_000, 2);
/// A ping at least every hour (and at least a millisecond apart, so a
/// crashed member's pings are finitely many before its close).
pub const HB_INTERVAL: (u64, u64) = (1, 3_600_000);
pub const HB_TIMEOUT: (u64, u64) = (0, 3_600_000);
pub const HB_FAIL: (u32, u32) = (0, 100);
pub const ACK_WAIT_MS: (u64, u64) = (10, 600_000);
pub const MAX_DELIVER: (u32, u32) = (1, 1_000);
pub const DURATION_MS: (u64, u64) = (0, 60_000);
pub const RESTART_MS: (u64, u64) = (0, 600_000);
pub const PERMILLE: (u16, u16) = (0, 1_000);
pub const MAX_TRANSITIONS: (u64, u64) = (1_000, 100_000_000);
/// When a scripted action may happen: up to a year of virtual time. With
/// every duration bounded above, no computed time can come near `u64::MAX`
/// (a year plus 10^8 transitions of at most 20 min each is below 2^46 ms).
pub const AT_MS: (u64, u64) = (0, 31_536_000_000);
/// Trace steps a run may keep (`occ-sim run --trace-limit`; 0 keeps none).
pub const TRACE_LIMIT: (u64, u64) = (0, 100_000_000);

/// How a range reads to a person: `1..8` means 1 to 8, both allowed.
pub fn range_text<T: fmt::Display>((lo, hi): (T, T)) -> String {
    format!("{lo}..{hi}")
}

/// A value outside its allowed range; `field` is the path a user would write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Checks `lo <= value <= hi`, naming the field and the range on failure.
pub fn check_range<T: PartialOrd + fmt::Display>(
    field: &str,
    value: T,
    (lo, hi): (T, T),
) -> Result<(), ConfigError> {
    if value < lo || value > hi {
        return Err(ConfigError::new(
            field,
            format!("{value} is out of range {}", range_text((lo, hi))),
        ));
    }
    Ok(())
}

fn check_ms_range(field: &str, r: MsRange) -> Result<(), ConfigError> {
    check_range(&format!("{field}.min"), r.min, DURATION_MS)?;
    check_range(&format!("{field}.max"), r.max, DURATION_MS)?;
    if r.min > r.max {
        return Err(ConfigError::new(
            field,
            format!("min {} is above max {}; need min <= max", r.min, r.max),
        ));
    }
    Ok(())
}

impl Config {
    /// The default config with listeners of this `strategy`:
    /// `Config { strategy, ..Config::default() }`.
    pub fn with_strategy(strategy: Strategy) -> Config {
        Config {
            strategy,
            ..Config::default()
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("listeners", self.listeners, LISTENERS)?;
        check_range("max_in_flight", self.max_in_flight, MAX_IN_FLIGHT)?;
        check_range("ack_wait_ms", self.ack_wait_ms, ACK_WAIT_MS)?;
        if let Some(n) = self.max_deliver {
            check_range("max_deliver", n, MAX_DELIVER)?;
        }
        check_ms_range("delivery_ms", self.delivery_ms)?;
        check_ms_range("processing_ms", self.processing_ms)?;
        check_range("restart_ms", self.restart_ms, RESTART_MS)?;
        check_range("hb_interval_ms", self.hb_interval_ms, HB_INTERVAL)?;
        check_range("hb_timeout_ms", self.hb_timeout_ms, HB_TIMEOUT)?;
        check_range("hb_fail_count", self.hb_fail_count, HB_FAIL)?;
        check_range(
            "faults.lost_ack_permille",
            self.faults.lost_ack_permille,
            PERMILLE,
        )?;
        check_range(
            "faults.crash_permille",
            self.faults.crash_permille,
            PERMILLE,
        )?;
        check_range(
            "faults.produce_retry_permille",
            self.faults.produce_retry_permille,
            PERMILLE,
        )?;
        check_range("max_transitions", self.max_transitions, MAX_TRANSITIONS)?;
        self.check_broker()
    }

    /// The broker's own checks. JetStream's knobs under `stan` are refused
    /// by name rather than ignored: a file or link that sets them means a
    /// JetStream run, and running NATS Streaming instead would mislead.
    fn check_broker(&self) -> Result<(), ConfigError> {
        if !self.broker.built_in() {
            return Err(ConfigError::new(
                "broker",
                format!(
                    "{} is not in this build (the first-visit page opens it on the full page)",
                    self.broker
                ),
            ));
        }
        match self.broker {
            BrokerKind::Stan | BrokerKind::JetStream if !self.kafka_changed().is_empty() => {
                Err(self.other_brokers_knobs(self.kafka_changed(), "Kafka's", "kafka"))
            }
            #[cfg(feature = "kafka")]
            BrokerKind::Kafka => self.check_kafka(),
            // Refused above: the model is not in this build.
            #[cfg(not(feature = "kafka"))]
            BrokerKind::Kafka => Ok(()),
            BrokerKind::Stan => {
                let changed = self.jetstream.changed();
                if !changed.is_empty() {
                    return Err(ConfigError::new(
                        "broker",
                        format!(
                            "{} {} JetStream's; set broker to jetstream, or leave {} out",
                            changed.join(", "),
                            if changed.len() == 1 { "is" } else { "are" },
                            if changed.len() == 1 { "it" } else { "them" },
                        ),
                    ));
                }
                Ok(())
            }
            BrokerKind::JetStream => {
                self.jetstream.validate()?;
                // NATS Streaming's own settings, which mean nothing to a
                // pull consumer.
                if self.assignment != Assignment::RoundRobin {
                    return Err(ConfigError::new(
                        "assignment",
                        "random is NATS Streaming's; under jetstream the pull at the head of the waiting queue gets the next message",
                    ));
                }
                if self.manual_network {
                    return Err(ConfigError::new(
                        "manual_network",
                        "\"You are the network\" runs NATS Streaming only for now; set broker to stan",
                    ));
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_courses_and_valid() {
        let c = Config::default();
        assert_eq!(c.ack_wait_ms, 5_000);
        assert_eq!(c.listeners, 2);
        assert_eq!(c.max_deliver, None);
        assert_eq!(c.max_in_flight, 16_384);
        assert_eq!(
            (c.hb_interval_ms, c.hb_timeout_ms, c.hb_fail_count),
            (30_000, 10_000, 10)
        );
        c.validate().unwrap();
    }

    #[test]
    fn with_strategy_changes_only_the_strategy() {
        let c = Config::with_strategy(Strategy::Naive);
        assert_eq!(c.strategy, Strategy::Naive);
        assert_eq!(
            Config {
                strategy: Strategy::Occ,
                ..c
            },
            Config::default()
        );
    }

    #[test]
    fn errors_name_the_field_and_the_range() {
        let c = Config {
            listeners: 9,
            ..Config::default()
        };
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "listeners: 9 is out of range 1..8"
        );
        let c = Config {
            delivery_ms: MsRange::new(30, 20),
            ..Config::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("delivery_ms"));
    }

    #[test]
    fn partial_json_fills_defaults_and_rejects_typos() {
        let c: Config = serde_json::from_str(r#"{"strategy":"naive"}"#).unwrap();
        assert_eq!(c.strategy, Strategy::Naive);
        assert_eq!(c.ack_wait_ms, 5_000);
        let err = serde_json::from_str::<Config>(r#"{"ack_wiat_ms":1}"#).unwrap_err();
        assert!(err.to_string().contains("ack_wiat_ms"));
    }

    #[test]
    fn manual_network_is_off_by_default_and_written_only_when_on() {
        let off = serde_json::to_string(&Config::default()).unwrap();
        assert!(!off.contains("manual_network"), "{off}");
        let on = Config {
            manual_network: true,
            ..Config::default()
        };
        let json = serde_json::to_string(&on).unwrap();
        assert!(json.contains(r#""manual_network":true"#), "{json}");
        assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), on);
        let c: Config = serde_json::from_str(r#"{"manual_network":true}"#).unwrap();
        assert!(c.manual_network);
    }
}
