//! The playground's behaviour, native and tested with `cargo test`: the one
//! reducer (`Playground::reduce`) over typed messages, the projection of engine
//! state to view data, lessons as data, the panels' jobs, the share and persist
//! policy, and what host messages and keys mean. No web dependency: `app/`
//! (wasm32 only) draws the view data and carries out browser effects.

pub mod batch;
pub mod brokers;
pub mod claims;
pub mod experiments;
pub mod explorer;
pub mod fields;
pub mod glossary;
pub mod host;
#[cfg(feature = "jobs")]
mod importing;
pub mod keys;
pub mod lesson_check;
pub mod lessons;
pub mod msg;
pub mod options;
pub mod pace;
pub mod persist;
mod player;
pub mod project;
pub mod provenance;
mod reduce;
pub mod state;
pub mod timeline;
pub mod view;
mod warned;
pub mod work;

pub use msg::{ExperimentMsg, ExploreMsg, Field, ImportMsg, Msg, Tab};
pub use state::{default_scenario, Playground, BURST_UPDATES};
