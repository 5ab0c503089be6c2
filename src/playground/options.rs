//! The choices the page offers, with the words it shows for each.

use crate::engine::config::BrokerKind;
use crate::engine::{Strategy, VersionScheme};

/// A broker as the Broker choice reads (`BrokerKind::ALL` in order).
pub fn broker_text(b: BrokerKind) -> &'static str {
    match b {
        BrokerKind::Stan => "NATS Streaming (the course's)",
        BrokerKind::JetStream => "JetStream (its successor)",
        BrokerKind::Kafka => "Kafka",
    }
}

/// A broker's name in a sentence or a caption.
pub fn broker_title(b: BrokerKind) -> &'static str {
    match b {
        BrokerKind::Stan => "NATS Streaming",
        BrokerKind::JetStream => "JetStream",
        BrokerKind::Kafka => "Kafka",
    }
}

pub const STRATEGIES: [(Strategy, &str); 5] = [
    (Strategy::Naive, "naive: apply every update"),
    (Strategy::Occ, "occ: the lecture's version - 1 rule"),
    (Strategy::PluginIncrement, "plugin-increment: Option #1"),
    (Strategy::NewestWins, "newest-wins"),
    (Strategy::PrevVersion, "prev-version"),
];

pub const SCHEMES: [(VersionScheme, &str); 3] = [
    (VersionScheme::Increment, "increment (+1)"),
    (VersionScheme::Step100, "step100 (+100, mystery source)"),
    (VersionScheme::Timestamp, "timestamp (mystery source)"),
];

/// Play speeds in virtual milliseconds per real second (see `pace`): normal
/// plays lesson 1 in several seconds, slow is slow enough to narrate.
pub const SPEEDS: [(u32, &str); 4] = [
    (5, "slow"),
    (30, "normal"),
    (300, "fast"),
    (super::pace::FULL_SPEED, "full speed"),
];
pub const DEFAULT_SPEED: u32 = 30;

/// Seeds stay exact in JavaScript numbers (links, the JS API, trials opened from experiments).
pub const MAX_SEED: u64 = crate::engine::rng::JS_SAFE_MAX;
/// The engine's own ranges (`config.rs`), so the page and the engine agree.
pub const LISTENERS: (u8, u8) = crate::engine::config::LISTENERS;
pub const ACK_WAIT_MS: (u64, u64) = crate::engine::config::ACK_WAIT_MS;
/// The page's bound on delivery and processing times.
pub const LATENCY_MAX_MS: u64 = 10_000;
