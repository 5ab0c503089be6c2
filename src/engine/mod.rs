//! The versioned event engine: a deterministic simulation of the Tickets
//! service, NATS Streaming's queue group and the Orders replica.
//!
//! Pure Rust with no web dependency, no OS randomness and no wall clock: the
//! same scenario gives the same trace on every platform. A time-free `World`
//! holds the state and its transitions; `Simulation` drives it in virtual
//! time with a seeded PRNG, `explorer` enumerates every schedule of it, and
//! `experiment` repeats timed runs many times.

pub mod action;
mod action_fields;
pub mod agenda;
pub mod broker;
pub mod checker;
pub mod config;
mod driver;
pub mod experiment;
pub mod explorer;
pub mod ids;
pub mod invariants;
pub mod jetstream;
pub mod kafka;
pub mod knobs;
pub mod listener;
pub mod message;
pub mod note;
pub mod order;
pub mod outcome;
pub mod replica;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod strategy;
pub mod tickets;
pub mod trace;
pub mod trace_json;
pub mod version;
pub mod warning;
pub mod workload;
pub mod world;

pub use action::{Action, ActionError, ScriptedAction};
pub use broker::{Channel, Message, MessageStatus};
pub use checker::{ByOutcome, Outcome, Verdict};
pub use config::{Assignment, Config, ConfigError, Faults, MsRange};
pub use ids::{MemberId, MessageId, TicketId, TitleId};
pub use listener::{Delivery, LastDecision, Listener, Stage};
pub use note::Note;
pub use replica::{Replica, Row};
pub use scenario::{Scenario, ScenarioError};
pub use sim::Simulation;
pub use strategy::Strategy;
pub use tickets::{Event, EventKind, Ticket};
pub use trace::{RowSnapshot, StepKind, Trace, TraceMode, TraceStep};
pub use version::{Version, VersionScheme};
pub use warning::Warning;
pub use workload::Burst;
pub use world::{Choice, Stats, World};
