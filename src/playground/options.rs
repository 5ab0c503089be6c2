//! The choices the page offers, with the words it shows for each.

use crate::engine::{Strategy, VersionScheme};

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

pub const SPEEDS: [(u32, &str); 4] = [
    (1, "slow"),
    (4, "normal"),
    (16, "fast"),
    (256, "full speed"),
];
pub const DEFAULT_SPEED: u32 = 4;

/// Seeds stay exact in JavaScript numbers (links, the JS API, trials opened from experiments).
pub const MAX_SEED: u64 = crate::engine::rng::JS_SAFE_MAX;
/// The engine's own ranges (`config.rs`), so the page and the engine agree.
pub const LISTENERS: (u8, u8) = crate::engine::config::LISTENERS;
pub const ACK_WAIT_MS: (u64, u64) = crate::engine::config::ACK_WAIT_MS;
/// The page's bound on delivery and processing times.
pub const LATENCY_MAX_MS: u64 = 10_000;
