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
use crate::engine::{Simulation, TraceMode};
use crate::import::{self, ImportError, Problem, Source};
use crate::offload::limits;
use serde::Serialize;
use serde_json::Value;

/// Largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The explorer's counts that can exceed 2^53 (always strings).
const EXPLORE_BIG: &[&str] = &["schedules", "consistent", "diverged", "stalled", "cut_off"];

/// `runExperiment(spec)`: T trials of one create plus N updates.
pub fn run_experiment(request: &str) -> Result<Value, String> {
    let source = Source::JsApi("runExperiment");
    let spec: ExperimentSpec = parse(source, "experiment", request)?;
    // The page's thread must not block (runExperimentAsync has no cap).
    limits::sync_experiment(&spec)?;
    let report = run_all(&spec).map_err(|e| format!("{source}, field config.{e}"))?;
    present(&report, &[])
}

/// `explore(spec)`: every schedule of a small scenario.
pub fn explore(request: &str) -> Result<Value, String> {
    let source = Source::JsApi("explore");
    let spec: ExploreSpec = parse(source, "exploration", request)?;
    limits::sync_explore(&spec)?;
    let report = explore_all(&spec).map_err(|e| format!("{source}: {e}"))?;
    present(&report, EXPLORE_BIG)
}

#[derive(Serialize)]
struct ScenarioRun<'a> {
    outcome: crate::engine::Outcome,
    verdict: crate::engine::Verdict,
    steps: u64,
    trace: &'a crate::engine::Trace,
}

/// `runScenario(doc)`: any exported format, run to quiescence, with its trace.
pub fn run_scenario(request: &str) -> Result<Value, String> {
    let source = Source::JsApi("runScenario");
    let state = import::from_text(source, request).map_err(|e| e.to_string())?;
    let mut sim = Simulation::with_trace(state.scenario, TraceMode::Full)
        .map_err(|e| format!("{source}: {e}"))?;
    // Bounded: the page's thread must not block (runScenarioAsync has no cap).
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
