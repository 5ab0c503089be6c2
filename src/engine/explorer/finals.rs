//! Every final state an exploration reaches, each with a shortest schedule
//! to it: what a timed run of the same scenario may end in (the property
//! tests check every timed run lands on one, `tests/engine_explorer_brokers.rs`).

use super::graph::Builder;
use super::{ExploreError, ExploreSpec};
use crate::engine::checker::Outcome;
use crate::engine::trace::TraceMode;
use crate::engine::world::Choice;

/// One distinct final state: its outcome and a shortest schedule to it
/// (replay it with `replay_world` for its rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinalState {
    pub outcome: Outcome,
    pub schedule: Vec<Choice>,
}

/// The distinct final states of `spec`'s exploration, in the order found.
pub fn final_states(spec: &ExploreSpec) -> Result<Vec<FinalState>, ExploreError> {
    spec.validate().map_err(ExploreError::Invalid)?;
    let mut builder = Builder::new(spec.world(TraceMode::Off), spec.state_limit, 0)?;
    while !builder.run(u32::MAX)? {}
    let (graph, _) = builder.into_parts();
    Ok(graph
        .terminals()
        .map(|(s, outcome)| FinalState {
            outcome,
            schedule: graph.path_to(s),
        })
        .collect())
}
