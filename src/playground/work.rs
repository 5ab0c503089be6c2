//! What a panel asks the engine workers to do, and what it hears back. The
//! panel's state (through the reducer) decides the jobs; `app::effects::work`
//! hands them to `offload::pool` and turns the workers' replies into `Heard`
//! messages, so the page itself never runs an experiment or an exploration.

use crate::offload::task::Job;
pub use crate::offload::task::JobEvent;

/// The jobs of one step of a panel's run, all started together. A new `run`
/// number means new jobs; when the order goes away the jobs are cancelled.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkOrder {
    pub run: u64,
    pub jobs: Vec<Job>,
}

/// A worker's word about job `job` (its index in the order) of run `run`.
/// Words of a run that is no longer current (cancelled, replaced) are dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct Heard {
    pub run: u64,
    pub job: usize,
    pub event: JobEvent,
}
