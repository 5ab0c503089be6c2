//! The JavaScript API's meaning, natively: requests in as JSON text (the
//! browser half is `JSON.stringify` and `JSON.parse` around these), reports
//! out as JSON values that JavaScript can hold exactly.
//!
//! Numbers: a JS number is exact only up to 2^53 - 1. Counts that can go
//! beyond it always cross as decimal strings, whatever their value, so a
//! caller sees one type: the explorer's top-level `schedules`, `consistent`,
//! `diverged`, `stalled` and `cut_off` (schedules grow factorially), and every
//! `seed` (any u64).
//! Any other integer above 2^53 - 1 (none is expected: experiment counts stay
//! below 10^6 trials x 10^8 transitions) becomes a string too rather than
//! failing. A request's `seed` may be a number or a decimal string.

use crate::engine::experiment::{run_experiment as run_all, ExperimentSpec};
use crate::engine::explorer::{explore as explore_all, ExploreSpec};
use crate::engine::{Scenario, Simulation, TraceMode};
use crate::import::{self, ImportError, Problem, Source};
pub mod limits;
use serde::Serialize;
use serde_json::Value;

/// Largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The explorer's counts that can exceed 2^53 (always strings).
pub const EXPLORE_BIG: &[&str] = &["schedules", "consistent", "diverged", "stalled", "cut_off"];

/// `runExperiment(spec)`'s request, read and checked: what the worker runs.
pub fn experiment_request(request: &str) -> Result<ExperimentSpec, String> {
    let source = Source::JsApi("runExperiment");
    let spec: ExperimentSpec = parse(source, "experiment", request)?;
    spec.validate().map_err(|e| {
        // The spec's own counts are top-level fields; the rest are config's.
        let top = ["updates", "trials", "update_gap_ms"].contains(&e.field.as_str());
        format!("{source}, field {}{e}", if top { "" } else { "config." })
    })?;
    Ok(spec)
}

/// `explore(spec)`'s request, read and checked.
pub fn explore_request(request: &str) -> Result<ExploreSpec, String> {
    let source = Source::JsApi("explore");
    let spec: ExploreSpec = parse(source, "exploration", request)?;
    spec.validate()
        .map_err(|e| format!("{source}, field {e}"))?;
    Ok(spec)
}

/// `runScenario(doc)`'s request: any exported format (or a share link), read
/// as a link or file is, its config checked.
pub fn scenario_request(request: &str) -> Result<Scenario, String> {
    let source = Source::JsApi("runScenario");
    let state = import::from_text(source, request).map_err(|e| e.to_string())?;
    state
        .scenario
        .config
        .validate()
        .map_err(|e| format!("{source}, field config.{e}"))?;
    Ok(state.scenario)
}

/// `runExperiment(spec)`: T trials of one create plus N updates, natively.
pub fn run_experiment(request: &str) -> Result<Value, String> {
    let spec = experiment_request(request)?;
    // Bounded like the page's old sync call (the browser's runs in workers).
    limits::sync_experiment(&spec)?;
    let report = run_all(&spec).map_err(|e| e.to_string())?;
    present(&report, &[])
}

/// `explore(spec)`: every schedule of a small scenario, natively.
pub fn explore(request: &str) -> Result<Value, String> {
    let spec = explore_request(request)?;
    limits::sync_explore(&spec)?;
    let report = explore_all(&spec).map_err(|e| format!("explore(): {e}"))?;
    present(&report, EXPLORE_BIG)
}

/// A scenario run to its end: what `runScenario` returns, here and from
/// the worker (`offload::task`).
#[derive(Serialize)]
pub struct ScenarioRun<'a> {
    pub outcome: crate::engine::Outcome,
    pub verdict: crate::engine::Verdict,
    pub steps: u64,
    pub trace: &'a crate::engine::Trace,
    /// Trace steps past the trace's limit, counted but not sent.
    pub trace_not_kept: u64,
}

/// `runScenario(doc)`: any exported format, run to quiescence, with its trace.
pub fn run_scenario(request: &str) -> Result<Value, String> {
    let source = Source::JsApi("runScenario");
    let scenario = scenario_request(request)?;
    let mut sim =
        Simulation::with_trace(scenario, TraceMode::Full).map_err(|e| format!("{source}: {e}"))?;
    let mut steps = 0;
    while sim.step() {
        steps += 1;
        if steps >= limits::SYNC_SCENARIO_STEPS {
            return Err(limits::sync_scenario_too_long());
        }
    }
    let outcome = sim.outcome();
    present(
        &ScenarioRun {
            outcome,
            verdict: sim.verdict(),
            steps: sim.steps_taken(),
            trace: sim.trace(),
            trace_not_kept: sim.trace().not_kept(),
        },
        &[],
    )
}

/// A request object: size, depth and shape checked, `seed` strings read as numbers.
fn parse<T: serde::de::DeserializeOwned>(
    source: Source,
    what: &str,
    request: &str,
) -> Result<T, String> {
    let fail = |problem| ImportError::new(source, problem).to_string();
    if request.trim().is_empty() {
        return Err(format!("{source} needs the {what} as an object"));
    }
    if request.len() > import::MAX_TEXT_BYTES {
        return Err(fail(Problem::TooLarge {
            bytes: request.len(),
            limit: import::MAX_TEXT_BYTES,
        }));
    }
    import::check_depth(request).map_err(fail)?;
    let mut value: Value =
        serde_json::from_str(request).map_err(|e| fail(Problem::Syntax(e.to_string())))?;
    let Some(fields) = value.as_object_mut() else {
        return Err(format!(
            "{source}: the {what} must be an object, not {}",
            kind(&value)
        ));
    };
    if let Some(seed) = fields.get_mut("seed") {
        if let Some(n) = seed.as_str().and_then(|s| s.trim().parse::<u64>().ok()) {
            *seed = Value::from(n);
        }
    }
    import::parse_value(source, value).map_err(|e| e.to_string())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A report as JSON that JS holds exactly: the top-level `big` fields and every
/// `seed` always as strings, any other integer beyond 2^53 - 1 as a string too.
pub fn present<T: Serialize>(report: &T, big: &[&str]) -> Result<Value, String> {
    let value = serde_json::to_value(report).map_err(|e| e.to_string())?;
    Ok(match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let always = big.contains(&k.as_str()) || k == "seed";
                    (k, js_safe(v, always))
                })
                .collect(),
        ),
        other => js_safe(other, false),
    })
}

fn js_safe(value: Value, always: bool) -> Value {
    match value {
        Value::Number(n) if n.is_u64() || n.is_i64() => {
            let fits = n.as_u64().map_or_else(
                || {
                    n.as_i64()
                        .is_some_and(|i| i.unsigned_abs() <= MAX_SAFE_INTEGER)
                },
                |u| u <= MAX_SAFE_INTEGER,
            );
            if always || !fits {
                Value::String(n.to_string())
            } else {
                Value::Number(n)
            }
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| js_safe(v, always)).collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let always = k == "seed";
                    (k, js_safe(v, always))
                })
                .collect(),
        ),
        other => other,
    }
}
