//! How a `Config` is read: every field optional, unknown ones refused, and
//! the old `heartbeat_fail_ms` (one close time, before the heartbeats were
//! three settings) still taken, so older files and share links open and mean
//! the same server. Only the new fields are ever written.

use super::{
    check_range, Assignment, BrokerKind, Config, Deletes, Faults, Heartbeats, JetStreamSettings,
    KafkaSettings, MsRange,
};
use crate::engine::strategy::Strategy;
use crate::engine::version::VersionScheme;
use serde::Deserialize;

/// The range `heartbeat_fail_ms` had.
const HEARTBEAT_FAIL: (u64, u64) = (0, 3_600_000);

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigFile {
    strategy: Strategy,
    scheme: VersionScheme,
    listeners: u8,
    assignment: Assignment,
    ack_wait_ms: u64,
    max_in_flight: u32,
    max_deliver: Option<u32>,
    delivery_ms: MsRange,
    processing_ms: MsRange,
    restart_ms: u64,
    hb_interval_ms: Option<u64>,
    hb_timeout_ms: Option<u64>,
    hb_fail_count: Option<u32>,
    /// Before the three heartbeat settings: how long after a crash the
    /// server closed the member.
    heartbeat_fail_ms: Option<u64>,
    faults: Faults,
    max_transitions: u64,
    manual_network: bool,
    broker: BrokerKind,
    jetstream: JetStreamSettings,
    kafka: KafkaSettings,
    on_delete: Deletes,
}

impl Default for ConfigFile {
    fn default() -> Self {
        let c = Config::default();
        ConfigFile {
            strategy: c.strategy,
            scheme: c.scheme,
            listeners: c.listeners,
            assignment: c.assignment,
            ack_wait_ms: c.ack_wait_ms,
            max_in_flight: c.max_in_flight,
            max_deliver: c.max_deliver,
            delivery_ms: c.delivery_ms,
            processing_ms: c.processing_ms,
            restart_ms: c.restart_ms,
            hb_interval_ms: None,
            hb_timeout_ms: None,
            hb_fail_count: None,
            heartbeat_fail_ms: None,
            faults: c.faults,
            max_transitions: c.max_transitions,
            manual_network: c.manual_network,
            broker: c.broker,
            jetstream: c.jetstream,
            kafka: c.kafka,
            on_delete: c.on_delete,
        }
    }
}

impl TryFrom<ConfigFile> for Config {
    type Error = String;

    fn try_from(f: ConfigFile) -> Result<Config, String> {
        let d = Config::default();
        let new =
            f.hb_interval_ms.is_some() || f.hb_timeout_ms.is_some() || f.hb_fail_count.is_some();
        let hb = match f.heartbeat_fail_ms {
            Some(_) if new => {
                return Err("heartbeat_fail_ms is the old form of hb_interval_ms, hb_timeout_ms and hb_fail_count: give one or the other".into())
            }
            Some(close_ms) => {
                check_range("heartbeat_fail_ms", close_ms, HEARTBEAT_FAIL).map_err(|e| e.to_string())?;
                Heartbeats::from_close_ms(close_ms)
            }
            None => Heartbeats {
                interval_ms: f.hb_interval_ms.unwrap_or(d.hb_interval_ms),
                timeout_ms: f.hb_timeout_ms.unwrap_or(d.hb_timeout_ms),
                fail_count: f.hb_fail_count.unwrap_or(d.hb_fail_count),
            },
        };
        // Every field named, so a field added to `Config` must be read here.
        Ok(Config {
            strategy: f.strategy,
            scheme: f.scheme,
            listeners: f.listeners,
            assignment: f.assignment,
            ack_wait_ms: f.ack_wait_ms,
            max_in_flight: f.max_in_flight,
            max_deliver: f.max_deliver,
            delivery_ms: f.delivery_ms,
            processing_ms: f.processing_ms,
            restart_ms: f.restart_ms,
            hb_interval_ms: hb.interval_ms,
            hb_timeout_ms: hb.timeout_ms,
            hb_fail_count: hb.fail_count,
            faults: f.faults,
            max_transitions: f.max_transitions,
            manual_network: f.manual_network,
            broker: f.broker,
            jetstream: f.jetstream,
            kafka: f.kafka,
            on_delete: f.on_delete,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_close_time_reads_as_heartbeat_settings_and_is_not_written() {
        let c: Config = serde_json::from_str(r#"{"heartbeat_fail_ms":440000}"#).unwrap();
        assert_eq!(c, Config::default());
        let c: Config = serde_json::from_str(r#"{"heartbeat_fail_ms":20000}"#).unwrap();
        assert_eq!(
            (c.hb_interval_ms, c.hb_timeout_ms, c.hb_fail_count),
            (1_500, 500, 9)
        );
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("heartbeat_fail_ms"), "{json}");
        assert!(json.contains(r#""hb_interval_ms":1500"#), "{json}");
        assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), c);
    }

    #[test]
    fn old_and_new_forms_together_or_out_of_range_are_refused_by_name() {
        let err = serde_json::from_str::<Config>(r#"{"heartbeat_fail_ms":1,"hb_fail_count":2}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("give one or the other"), "{err}");
        let err = serde_json::from_str::<Config>(r#"{"heartbeat_fail_ms":3600001}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("heartbeat_fail_ms: 3600001 is out of range 0..3600000"),
            "{err}"
        );
        let err = serde_json::from_str::<Config>(r#"{"hb_intervl_ms":1}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("hb_intervl_ms"), "{err}");
    }
}
