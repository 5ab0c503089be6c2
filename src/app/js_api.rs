//! The JavaScript API (exported with wasm-bindgen): plain objects in, plain
//! objects out. Bad input throws an Error whose message names the field.
//!
//! ```js
//! const { runExperiment, explore, runScenario } = window.wasmBindings;
//! runExperiment({ config: { strategy: "naive" }, updates: 2, trials: 200, seed: 1 });
//! ```

use crate::engine::experiment::{run_experiment, ExperimentSpec};
use crate::engine::explorer::{explore as explore_all, ExploreSpec};
use crate::engine::{Scenario, Simulation, TraceMode};
use crate::offload::limits;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn input<T: serde::de::DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsError> {
    // Through serde_json so unknown (misspelt) fields are refused by name.
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))?;
    serde_json::from_value(json).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn output<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects (not Maps), and u64 as numbers: JS callers expect JSON-like data.
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&s)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Runs T trials of one create plus N updates; returns the counts and histograms.
#[wasm_bindgen(js_name = runExperiment)]
pub fn run_experiment_js(spec: JsValue) -> Result<JsValue, JsError> {
    let spec: ExperimentSpec = input("experiment", spec)?;
    limits::sync_experiment(&spec).map_err(|e| JsError::new(&e))?;
    let report = run_experiment(&spec).map_err(|e| JsError::new(&format!("experiment: {e}")))?;
    output(&report)
}

/// Explores every schedule of a small scenario; returns counts and a counterexample.
#[wasm_bindgen(js_name = explore)]
pub fn explore_js(spec: JsValue) -> Result<JsValue, JsError> {
    let spec: ExploreSpec = input("explore", spec)?;
    limits::sync_explore(&spec).map_err(|e| JsError::new(&e))?;
    let report = explore_all(&spec).map_err(|e| JsError::new(&format!("explore: {e}")))?;
    output(&report)
}

#[derive(Serialize)]
struct ScenarioRun<'a> {
    outcome: crate::engine::Outcome,
    verdict: crate::engine::Verdict,
    steps: u64,
    trace: &'a crate::engine::Trace,
}

/// Runs a scenario (the JSON of an exported scenario) to quiescence; returns its trace.
#[wasm_bindgen(js_name = runScenario)]
pub fn run_scenario_js(scenario: JsValue) -> Result<JsValue, JsError> {
    let scenario: Scenario = input("scenario", scenario)?;
    let mut sim = Simulation::with_trace(scenario, TraceMode::Full)
        .map_err(|e| JsError::new(&format!("scenario: {e}")))?;
    // Bounded: the page's thread must not block (runScenarioAsync has no cap).
    let mut steps = 0;
    while sim.step() {
        steps += 1;
        if steps >= limits::SYNC_SCENARIO_STEPS {
            return Err(JsError::new(&limits::sync_scenario_too_long()));
        }
    }
    let outcome = sim.outcome();
    output(&ScenarioRun {
        outcome,
        verdict: sim.verdict(),
        steps: sim.steps_taken(),
        trace: sim.trace(),
    })
}
