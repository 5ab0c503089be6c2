//! How big a synchronous call of `crate::api` may be (the native half the
//! tests drive; the page's JS API sends every call to the workers instead).
//! The bounds are those of the page's old sync API, kept under ~50 ms of
//! work: bigger calls are refused with a message naming the fields and the
//! limit, and pointing to the worker-backed call.

use crate::engine::experiment::ExperimentSpec;
use crate::engine::explorer::{estimate_states, ExploreSpec};

/// `trials * (updates + 1)^2`, a bound on an experiment's deliveries (occ's
/// redeliveries grow with the square of the updates), set so that a sync
/// call stays under ~50 ms at the page build's speed and the in-page
/// benchmark's 20 trials still pass.
pub const SYNC_EXPERIMENT_WORK: u64 = 850_000;
/// Explorer states (estimated) the sync `explore` visits: enough for 6
/// updates with 2 listeners.
pub const SYNC_EXPLORE_STATES: u64 = 10_000;
/// The page's JS API hands every call to the workers, but it still turns
/// the caller's object into text, sends it, and parses the reply on its own
/// thread. These bounds keep each of those tasks under 50 ms, with room to
/// spare (README, "Figures": the JS API's biggest call). Bigger requests are
/// refused with a message naming the limit.
///
/// Trace steps `runScenario` sends back (`options.traceLimit`, 0 up to this,
/// the default). The run itself always goes to its end; `trace_not_kept`
/// counts the steps not sent.
pub const API_TRACE_STEPS: u64 = 5_000;
/// Bytes of `runScenario`'s request as JSON (about 7,000 actions).
pub const API_SCENARIO_BYTES: usize = 512 << 10;
/// Bytes of an experiment's or an exploration's request as JSON: a spec is a
/// few hundred bytes.
pub const API_SPEC_BYTES: usize = 64 << 10;
/// Transitions the sync `runScenario` takes before giving up on the page.
pub const SYNC_SCENARIO_STEPS: u64 = 50_000;

pub fn sync_experiment(spec: &ExperimentSpec) -> Result<(), String> {
    let side = u64::from(spec.updates) + 1;
    let work = u64::from(spec.trials) * side * side;
    if work > SYNC_EXPERIMENT_WORK {
        return Err(format!(
            "experiment: trials * (updates + 1)^2 is {work}, above the {SYNC_EXPERIMENT_WORK} the sync API runs on the page; use runExperimentAsync (same result, in workers)"
        ));
    }
    Ok(())
}

pub fn sync_explore(spec: &ExploreSpec) -> Result<(), String> {
    let states = estimate_states(spec);
    if states > SYNC_EXPLORE_STATES {
        return Err(format!(
            "explore: updates {} with listeners {} is about {states} states, above the {SYNC_EXPLORE_STATES} the sync API explores on the page; use exploreAsync (same result, in a worker)",
            spec.updates, spec.listeners
        ));
    }
    Ok(())
}

/// For a sync scenario run that did not finish within `SYNC_SCENARIO_STEPS`.
pub fn sync_scenario_too_long() -> String {
    format!(
        "scenario: the run takes more than {SYNC_SCENARIO_STEPS} steps, the most the sync API runs on the page; use runScenarioAsync (same result, in a worker)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Config, Strategy, VersionScheme};

    #[test]
    fn the_lecture_s_small_calls_pass_and_big_ones_name_their_fields() {
        let small = ExperimentSpec::new(Config::default(), 2, 200, 1);
        assert_eq!(sync_experiment(&small), Ok(()));
        let big = ExperimentSpec::new(Config::default(), 200, 10_000, 1);
        let err = sync_experiment(&big).unwrap_err();
        assert!(
            err.starts_with("experiment: trials * (updates + 1)^2 is 404010000"),
            "{err}"
        );
        assert!(err.contains("runExperimentAsync"));

        let explore = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 3, 2);
        assert_eq!(sync_explore(&explore), Ok(()));
        let huge = ExploreSpec::new(Strategy::Occ, VersionScheme::Increment, 30, 3);
        assert!(sync_explore(&huge)
            .unwrap_err()
            .starts_with("explore: updates 30 with listeners 3 is about"));
    }
}
