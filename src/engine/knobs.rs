//! The numeric knobs of a `Config` as one table: the JSON field, the CLI
//! flag, the allowed range (from `config.rs`) and a line of help. The CLI's
//! flags, help and messages and the page's number fields all read it, so a
//! range is written once.

use super::config::{self, check_range, Config, ConfigError, MsRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Knob {
    /// The path in the scenario's `config` (and in validation errors).
    pub field: &'static str,
    /// The CLI flag, without the leading `--`.
    pub flag: &'static str,
    /// Inclusive bounds, widened to u64.
    pub range: (u64, u64),
    pub help: &'static str,
}

macro_rules! knob {
    ($field:literal, $flag:literal, $range:expr, $help:literal) => {
        Knob {
            field: $field,
            flag: $flag,
            // Widening only (u8, u16, u32 and u64 bounds).
            range: ($range.0 as u64, $range.1 as u64),
            help: $help,
        }
    };
}

pub const KNOBS: [Knob; 23] = [
    knob!(
        "listeners",
        "listeners",
        config::LISTENERS,
        "members of the queue group orders-service"
    ),
    knob!(
        "ack_wait_ms",
        "ack-wait",
        config::ACK_WAIT_MS,
        "ack wait in ms (NATS Streaming: the course sets 5000; JetStream's default AckWait is 30000)"
    ),
    knob!(
        "max_in_flight",
        "in-flight",
        config::MAX_IN_FLIGHT,
        "max unacked per member per channel; default 16384 is node-nats-streaming's DEFAULT_MAX_IN_FLIGHT (what the course code gets), the lecture's setting is 1"
    ),
    knob!(
        "max_deliver",
        "max-deliver",
        config::MAX_DELIVER,
        "dead-letter after N deliveries (default: never; JetStream's MaxDeliver, default -1, unlimited)"
    ),
    knob!(
        "delivery_ms.min",
        "delivery-min",
        config::DURATION_MS,
        "shortest wire time in ms"
    ),
    knob!(
        "delivery_ms.max",
        "delivery-max",
        config::DURATION_MS,
        "longest wire time in ms"
    ),
    knob!(
        "processing_ms.min",
        "processing-min",
        config::DURATION_MS,
        "shortest time between read and write in ms"
    ),
    knob!(
        "processing_ms.max",
        "processing-max",
        config::DURATION_MS,
        "longest time between read and write in ms"
    ),
    knob!(
        "restart_ms",
        "restart",
        config::RESTART_MS,
        "how long a crashed listener stays down in ms"
    ),
    knob!(
        "faults.lost_ack_permille",
        "lost-ack",
        config::PERMILLE,
        "chance per applied write that its ack is lost, in 1/1000"
    ),
    knob!(
        "faults.crash_permille",
        "crash",
        config::PERMILLE,
        "chance per delivery that its listener crashes, in 1/1000"
    ),
    knob!(
        "max_transitions",
        "max-transitions",
        config::MAX_TRANSITIONS,
        "a run not settled after this many transitions is cut off"
    ),
    knob!(
        "hb_interval_ms",
        "hb-interval",
        config::HB_INTERVAL,
        "how often the server pings each listener, in ms (nats-streaming-server -hbi; default 30000, the course runs 5000)"
    ),
    knob!(
        "hb_timeout_ms",
        "hb-timeout",
        config::HB_TIMEOUT,
        "how long the server waits for a ping's reply, in ms (-hbt; default 10000, the course runs 5000)"
    ),
    knob!(
        "hb_fail_count",
        "hb-fail-count",
        config::HB_FAIL,
        "missed pings in a row the server tolerates before it closes a listener; from the first miss it sends it nothing while another member can take it (-hbf; default 10, the course runs 2)"
    ),
    knob!(
        "jetstream.max_ack_pending",
        "max-ack-pending",
        config::MAX_ACK_PENDING,
        "--broker jetstream: the consumer's MaxAckPending, unacked messages across all listeners; at it no new message goes out (default 1000; 1 serializes delivery)"
    ),
    knob!(
        "jetstream.nak_delay_ms",
        "nak-delay",
        config::NAK_DELAY_MS,
        "--broker jetstream: a listener naks what it refuses, due again after this many ms (0: at once) instead of waiting out the ack wait (default: no nak, the course's listener)"
    ),
    knob!(
        "jetstream.duplicate_window_ms",
        "duplicate-window",
        config::DUPLICATE_WINDOW_MS,
        "--broker jetstream: the stream's Nats-Msg-Id duplicate window in ms (default 120000)"
    ),
    knob!(
        "kafka.partitions",
        "partitions",
        (*KAFKA_PARTITIONS.start(), *KAFKA_PARTITIONS.end()),
        "--broker kafka: partitions of topic tickets; a ticket's partition is murmur2 of its id modulo this (default 3)"
    ),
    knob!(
        "kafka.session_timeout_ms",
        "session-timeout-ms",
        (*KAFKA_SESSION.start(), *KAFKA_SESSION.end()),
        "--broker kafka: session.timeout.ms, how long after a crashed listener's last heartbeat the group rebalances (default 45000)"
    ),
    knob!(
        "kafka.on_refuse.backoff_ms",
        "retry-backoff-ms",
        (*KAFKA_BACKOFF.start(), *KAFKA_BACKOFF.end()),
        "--broker kafka --on-refuse retry-in-place: how long a listener pauses the partition of a record it refused before polling it again (default 1000)"
    ),
    knob!(
        "kafka.max_in_flight",
        "producer-max-in-flight",
        (*KAFKA_IN_FLIGHT.start(), *KAFKA_IN_FLIGHT.end()),
        "--broker kafka: the producer's max.in.flight.requests.per.connection; at most 5 with idempotence (default 5)"
    ),
    knob!(
        "faults.produce_retry_permille",
        "produce-retry",
        config::PERMILLE,
        "--broker kafka: chance per produce request that it fails on its first attempt and is retried, in 1/1000"
    ),
];

use crate::engine::kafka::{
    BACKOFF_MS as KAFKA_BACKOFF, MAX_IN_FLIGHT as KAFKA_IN_FLIGHT, PARTITIONS as KAFKA_PARTITIONS,
    SESSION_TIMEOUT_MS as KAFKA_SESSION,
};

/// The knob of a config field (`delivery_ms` alone names its `.min`).
pub fn knob(field: &str) -> Option<&'static Knob> {
    let field = match field {
        "delivery_ms" => "delivery_ms.min",
        "processing_ms" => "processing_ms.min",
        f => f,
    };
    KNOBS.iter().find(|k| k.field == field)
}

pub fn by_flag(flag: &str) -> Option<&'static Knob> {
    KNOBS.iter().find(|k| k.flag == flag)
}

/// The allowed range of a numeric config field, for a page's number input.
pub fn allowed(field: &str) -> Option<(u64, u64)> {
    knob(field).map(|k| k.range)
}

impl Config {
    /// The current value of a knob (`None` for an unset `max_deliver`).
    pub fn knob_value(&self, field: &str) -> Option<u64> {
        Some(match field {
            "listeners" => u64::from(self.listeners),
            "ack_wait_ms" => self.ack_wait_ms,
            "max_in_flight" => u64::from(self.max_in_flight),
            "max_deliver" => u64::from(self.max_deliver?),
            "delivery_ms.min" => self.delivery_ms.min,
            "delivery_ms.max" => self.delivery_ms.max,
            "processing_ms.min" => self.processing_ms.min,
            "processing_ms.max" => self.processing_ms.max,
            "restart_ms" => self.restart_ms,
            "faults.lost_ack_permille" => u64::from(self.faults.lost_ack_permille),
            "faults.crash_permille" => u64::from(self.faults.crash_permille),
            "max_transitions" => self.max_transitions,
            "hb_interval_ms" => self.hb_interval_ms,
            "hb_timeout_ms" => self.hb_timeout_ms,
            "hb_fail_count" => u64::from(self.hb_fail_count),
            "jetstream.max_ack_pending" => u64::from(self.jetstream.max_ack_pending),
            "jetstream.nak_delay_ms" => self.jetstream.nak_delay_ms?,
            "jetstream.duplicate_window_ms" => self.jetstream.duplicate_window_ms,
            "kafka.partitions" => u64::from(self.kafka.partitions),
            "kafka.session_timeout_ms" => self.kafka.session_timeout_ms,
            "kafka.on_refuse.backoff_ms" => match self.kafka.on_refuse {
                crate::engine::kafka::OnRefuse::RetryInPlace { backoff_ms } => backoff_ms,
                crate::engine::kafka::OnRefuse::SkipAndCommit => return None,
            },
            "kafka.max_in_flight" => u64::from(self.kafka.max_in_flight),
            "faults.produce_retry_permille" => u64::from(self.faults.produce_retry_permille),
            _ => return None,
        })
    }

    /// Sets a knob after checking its range (the pairwise `min <= max` check
    /// stays with `validate`).
    pub fn set_knob(&mut self, field: &str, value: u64) -> Result<(), ConfigError> {
        let k = knob(field).ok_or_else(|| ConfigError::new(field, "not a numeric setting"))?;
        check_range(k.field, value, k.range)?;
        // In range, so each narrowing below is lossless.
        let n8 = || value as u8;
        let n16 = || value as u16;
        match k.field {
            "listeners" => self.listeners = n8(),
            "ack_wait_ms" => self.ack_wait_ms = value,
            "max_in_flight" => self.max_in_flight = value as u32,
            "max_deliver" => self.max_deliver = Some(value as u32),
            "delivery_ms.min" => self.delivery_ms = MsRange::new(value, self.delivery_ms.max),
            "delivery_ms.max" => self.delivery_ms = MsRange::new(self.delivery_ms.min, value),
            "processing_ms.min" => self.processing_ms = MsRange::new(value, self.processing_ms.max),
            "processing_ms.max" => self.processing_ms = MsRange::new(self.processing_ms.min, value),
            "restart_ms" => self.restart_ms = value,
            "faults.lost_ack_permille" => self.faults.lost_ack_permille = n16(),
            "faults.crash_permille" => self.faults.crash_permille = n16(),
            "max_transitions" => self.max_transitions = value,
            "hb_interval_ms" => self.hb_interval_ms = value,
            "hb_timeout_ms" => self.hb_timeout_ms = value,
            "hb_fail_count" => self.hb_fail_count = value as u32,
            "jetstream.max_ack_pending" => self.jetstream.max_ack_pending = value as u32,
            "jetstream.nak_delay_ms" => self.jetstream.nak_delay_ms = Some(value),
            "jetstream.duplicate_window_ms" => self.jetstream.duplicate_window_ms = value,
            "kafka.partitions" => self.kafka.partitions = value as u32,
            "kafka.session_timeout_ms" => self.kafka.session_timeout_ms = value,
            "kafka.on_refuse.backoff_ms" => {
                self.kafka.on_refuse =
                    crate::engine::kafka::OnRefuse::RetryInPlace { backoff_ms: value }
            }
            "kafka.max_in_flight" => self.kafka.max_in_flight = value as u32,
            "faults.produce_retry_permille" => self.faults.produce_retry_permille = n16(),
            other => return Err(ConfigError::new(other, "not a numeric setting")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_knob_reads_and_writes_its_field_within_its_range() {
        for k in KNOBS {
            let mut c = Config::default();
            c.set_knob(k.field, k.range.1).unwrap();
            assert_eq!(c.knob_value(k.field), Some(k.range.1), "{}", k.field);
            let over = k.range.1 + 1;
            let err = c.set_knob(k.field, over).unwrap_err().to_string();
            assert!(
                err.ends_with(&format!("is out of range {}..{}", k.range.0, k.range.1)),
                "{err}"
            );
            assert_eq!(by_flag(k.flag), Some(&k));
        }
        assert_eq!(allowed("listeners"), Some((1, 8)));
        assert_eq!(allowed("delivery_ms"), allowed("delivery_ms.min"));
        assert_eq!(allowed("strategy"), None);
    }
}
