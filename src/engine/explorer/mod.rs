//! Every schedule of a small scenario: one create and N updates, all
//! published up front; then every order in which the broker hands messages
//! to members, listeners read and write, and refused messages come back,
//! under the chosen broker's own rules (NATS Streaming, JetStream or Kafka:
//! the choices each leaves open are in `world/choice.rs`, `explore_js.rs`
//! and `explore_kafka.rs`; what a state holds under each, `state.rs`).
//! Visited states are deduplicated, so this scales well past brute force.

mod estimate;
mod finals;
mod graph;
mod replay;
mod run;
mod state;

pub use crate::engine::world::Choice;
pub use estimate::estimate_states;
pub use finals::{final_states, FinalState};
pub use replay::{
    choice_words, counterexample_scenario, describe_schedule, final_outcome, replay_schedule,
    replay_world, schedule_start,
};
pub use run::{Exploration, ExploreProgress, ExploreStage};

use super::checker::{ByOutcome, Outcome};
use super::config::{check_range, BrokerKind, Config, ConfigError, Deletes, MAX_ACK_PENDING};
use super::strategy::Strategy;
use super::trace::TraceMode;
use super::version::VersionScheme;
use super::workload::Burst;
use super::world::World;
use graph::Graph;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const UPDATES: (u32, u32) = (1, 10);
pub const LISTENERS: (u8, u8) = (1, 4);
pub const MAX_IN_FLIGHT: (u8, u8) = (1, 2);
pub const STATE_LIMIT: (u64, u64) = (1, 50_000_000);
/// Virtual time between the owner's saves, so `timestamp` versions differ
/// from +1 versions as they would for saves a second apart.
pub const SAVE_GAP_MS: u64 = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExploreSpec {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    pub updates: u32,
    #[serde(default = "two")]
    pub listeners: u8,
    #[serde(default = "one")]
    pub max_in_flight: u8,
    /// Give up (with an error) beyond this many distinct states.
    #[serde(default = "default_limit")]
    pub state_limit: u64,
    /// The broker whose rules to explore: NATS Streaming, JetStream or
    /// Kafka (`state.rs` says what a state holds under each).
    #[serde(default, skip_serializing_if = "BrokerKind::is_stan")]
    pub broker: BrokerKind,
    /// JetStream's MaxAckPending (its default, 1000, when absent); refused
    /// under another broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ack_pending: Option<u32>,
    /// The burst ends in this many deletes (`workload::DELETES`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deletes: u32,
    /// What the listeners do with a delete: remove the row, or keep its
    /// tombstone (`Config::on_delete`).
    #[serde(default, skip_serializing_if = "Deletes::is_hard")]
    pub on_delete: Deletes,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn two() -> u8 {
    2
}
fn one() -> u8 {
    1
}
fn default_limit() -> u64 {
    5_000_000
}

impl ExploreSpec {
    pub fn new(strategy: Strategy, scheme: VersionScheme, updates: u32, listeners: u8) -> Self {
        ExploreSpec {
            strategy,
            scheme,
            updates,
            listeners,
            max_in_flight: 1,
            state_limit: default_limit(),
            broker: BrokerKind::Stan,
            max_ack_pending: None,
            deletes: 0,
            on_delete: Deletes::Hard,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("updates", self.updates, UPDATES)?;
        check_range("listeners", self.listeners, LISTENERS)?;
        check_range("max_in_flight", self.max_in_flight, MAX_IN_FLIGHT)?;
        check_range("state_limit", self.state_limit, STATE_LIMIT)?;
        check_range("deletes", self.deletes, crate::engine::workload::DELETES)?;
        if let Some(n) = self.max_ack_pending {
            if self.broker != BrokerKind::JetStream {
                return Err(ConfigError::new(
                    "max_ack_pending",
                    format!(
                        "is JetStream's; set broker to jetstream, or leave it out under {}",
                        self.broker
                    ),
                ));
            }
            check_range("max_ack_pending", n, MAX_ACK_PENDING)?;
        }
        // A broker this build has no model of (the first-visit module) is
        // refused by name there, never explored under stan's rules.
        self.config().validate()
    }

    /// The run's configuration: the spec's choices, defaults elsewhere.
    pub fn config(&self) -> Config {
        let mut c = Config {
            strategy: self.strategy,
            scheme: self.scheme,
            listeners: self.listeners,
            max_in_flight: u32::from(self.max_in_flight),
            broker: self.broker,
            on_delete: self.on_delete,
            ..Config::default()
        };
        if let Some(n) = self.max_ack_pending {
            c.jetstream.max_ack_pending = n;
        }
        c
    }

    /// The owner's burst: saves `SAVE_GAP_MS` apart.
    pub fn burst(&self) -> Burst {
        Burst::new(self.updates, SAVE_GAP_MS).deleting(self.deletes)
    }

    /// The world after the owner's create (price 5) and updates (10, 15,
    /// ...), all published, nothing delivered yet.
    fn world(&self, mode: TraceMode) -> World {
        let mut w = World::new(&self.config(), mode);
        self.burst().apply(&mut w);
        // Kafka's saves reach the log when the broker answers the producer.
        #[cfg(feature = "kafka")]
        if self.broker == BrokerKind::Kafka {
            w.kafka_settle();
        }
        w
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    Invalid(ConfigError),
    TooManyStates { limit: u64 },
    TooManyRows,
    Cycle,
    InvalidChoice { index: usize, choice: Choice },
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExploreError::Invalid(e) => write!(f, "{e}"),
            ExploreError::TooManyStates { limit } => write!(
                f,
                "state_limit: more than {limit} distinct states; use fewer updates or listeners, or raise the limit (allowed up to {})",
                STATE_LIMIT.1
            ),
            ExploreError::TooManyRows => write!(f, "too many distinct replica rows to encode"),
            ExploreError::Cycle => write!(f, "the state graph has a cycle (a bug in the model)"),
            ExploreError::InvalidChoice { index, choice } => {
                write!(f, "choices[{index}]: {} is not enabled at that point", choice.words())
            }
        }
    }
}

impl std::error::Error for ExploreError {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExploreReport {
    pub strategy: Strategy,
    pub scheme: VersionScheme,
    pub updates: u32,
    pub listeners: u8,
    /// Whose rules were explored (left out for NATS Streaming, as before).
    #[serde(default, skip_serializing_if = "BrokerKind::is_stan")]
    pub broker: BrokerKind,
    /// The deletes ending the burst, and what the listeners do with them
    /// (both left out when there are none, as before).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deletes: u32,
    #[serde(default, skip_serializing_if = "Deletes::is_hard")]
    pub on_delete: Deletes,
    /// Maximal schedules (paths from the start to a final state), saturating
    /// at u64::MAX (see `saturated`).
    pub schedules: u64,
    /// The exact count in decimal (u128; prefixed with ">" if even that
    /// overflowed), since schedules grow factorially.
    pub schedules_exact: String,
    /// The count as a float, exact to 15 digits however large it grows.
    pub schedules_approx: f64,
    pub saturated: bool,
    /// Distinct states visited.
    pub states: u64,
    /// Schedules by the outcome they end in.
    #[serde(flatten)]
    pub outcomes: ByOutcome<u64>,
    /// Distinct final states by outcome.
    pub final_states: ByOutcome<u64>,
    /// A shortest schedule ending diverged or stalled, if any.
    pub counterexample: Option<Vec<Choice>>,
    pub counterexample_outcome: Option<Outcome>,
}

fn narrow(v: u128, saturated: &mut bool) -> u64 {
    u64::try_from(v).unwrap_or_else(|_| {
        *saturated = true;
        u64::MAX
    })
}

/// Explores every schedule at once (see `Exploration` to run in slices).
pub fn explore(spec: &ExploreSpec) -> Result<ExploreReport, ExploreError> {
    let mut run = Exploration::new(spec)?;
    while !run.is_done() {
        run.run(u32::MAX)?;
    }
    run.report().cloned().ok_or(ExploreError::Cycle)
}

impl ExploreSpec {
    /// The report over a built graph and its schedule counts.
    fn report(&self, graph: &Graph, counted: (ByOutcome<u128>, bool, f64)) -> ExploreReport {
        let (counts, u128_overflow, approx) = counted;
        let mut saturated = u128_overflow;
        let total = counts.iter().fold(0u128, |a, (_, c)| a.saturating_add(*c));
        let u128_overflow = u128_overflow || total == u128::MAX;
        let counterexample = graph.shortest_counterexample();
        ExploreReport {
            broker: self.broker,
            deletes: self.deletes,
            on_delete: self.on_delete,
            strategy: self.strategy,
            scheme: self.scheme,
            updates: self.updates,
            listeners: self.listeners,
            schedules_exact: if u128_overflow {
                format!(">{}", u128::MAX)
            } else {
                total.to_string()
            },
            schedules: narrow(total, &mut saturated),
            schedules_approx: approx,
            outcomes: counts.map(|&c| narrow(c, &mut saturated)),
            saturated,
            states: graph.states(),
            final_states: graph.terminal_counts(),
            counterexample_outcome: counterexample.as_ref().map(|c| c.1),
            counterexample: counterexample.map(|c| c.0),
        }
    }
}
