//! The broker as a setting of the live run: what changing it does to the
//! rest of the scenario. Each model's knobs mean nothing under another one
//! and `Config::validate` refuses them by name (a link that sets them means
//! that broker), so choosing a broker puts the others' knobs back to their
//! defaults, its own stay as they were; and NATS Streaming's own settings
//! that a pull consumer or a consumer group has no use for (random
//! assignment, "You are the network") are switched off, and said so.

use crate::engine::config::{Assignment, BrokerKind};
use crate::engine::{Action, Scenario};

/// `scenario` under `broker`; the sentence for what NATS Streaming's
/// settings were switched off, if any.
pub fn choose(scenario: &mut Scenario, broker: BrokerKind) -> Option<String> {
    let config = &mut scenario.config;
    config.broker = broker;
    if broker != BrokerKind::JetStream {
        config.jetstream = Default::default();
    }
    if broker != BrokerKind::Kafka {
        config.kafka = Default::default();
        config.faults.produce_retry_permille = 0;
    }
    if broker == BrokerKind::Stan {
        return None;
    }
    let mut off = Vec::new();
    if config.assignment != Assignment::RoundRobin {
        config.assignment = Assignment::RoundRobin;
        off.push("random assignment");
    }
    if config.manual_network {
        config.manual_network = false;
        scenario
            .actions
            .retain(|a| !matches!(a.action, Action::Arrive { .. }));
        off.push("\"You are the network\"");
    }
    (!off.is_empty()).then(|| {
        format!(
            "{} {} NATS Streaming's: off under {broker}.",
            off.join(" and "),
            if off.len() == 1 { "is" } else { "are" }
        )
    })
}

/// JetStream's BackOff as the Settings field reads it: the ack wait of
/// each delivery in ms, comma-separated (nats-server `ConsumerConfig.BackOff`,
/// a list of durations); empty is no BackOff. The ranges are the engine's
/// (`Config::validate`), this only reads the list. Full page only.
#[cfg(feature = "jobs")]
pub fn backoff(text: &str) -> Result<Vec<u64>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|part| {
            let part = part.trim();
            let digits = part.strip_suffix("ms").unwrap_or(part).trim();
            digits.parse::<u64>().map_err(|_| {
                format!(
                    "BackOff: \"{part}\" is not a whole number of ms; write the ack wait of \
                     each delivery, comma-separated, e.g. 1000, 5000, 30000"
                )
            })
        })
        .collect()
}
