//! The JavaScript API's browser half (exported with wasm-bindgen): the request
//! becomes JSON text, `crate::api` does the work natively, the report comes
//! back through `JSON.parse`. Big counts arrive as decimal strings (see
//! `crate::api`); bad input throws an Error naming the field.
//!
//! ```js
//! const { runExperiment, explore, runScenario } = window.wasmBindings;
//! runExperiment({ config: { strategy: "naive" }, updates: 2, trials: 200, seed: 1 });
//! ```

use crate::api;
use wasm_bindgen::prelude::*;

/// `JSON.stringify(value)`, with BigInts as decimal strings (a seed beyond
/// 2^53 can be passed as `123n`); "" for `undefined`.
fn request(name: &str, value: &JsValue) -> Result<String, JsError> {
    let replacer =
        Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_key, v: JsValue| match v
            .dyn_ref::<js_sys::BigInt>()
        {
            Some(big) => big.to_string(10).map(JsValue::from).unwrap_or(v),
            None => v,
        });
    let text = js_sys::JSON::stringify_with_replacer(value, replacer.as_ref().unchecked_ref())
        .map_err(|e| {
            let why = js_sys::Error::from(e).message();
            JsError::new(&format!(
                "{name}(): the argument cannot be read as JSON: {why}"
            ))
        })?;
    Ok(text.as_string().unwrap_or_default())
}

fn answer(result: Result<serde_json::Value, String>) -> Result<JsValue, JsError> {
    let value = result.map_err(|e| JsError::new(&e))?;
    js_sys::JSON::parse(&value.to_string()).map_err(|_| JsError::new("the report is not JSON"))
}

/// Runs T trials of one create plus N updates; returns the counts and histograms.
#[wasm_bindgen(js_name = runExperiment)]
pub fn run_experiment_js(spec: JsValue) -> Result<JsValue, JsError> {
    answer(api::run_experiment(&request("runExperiment", &spec)?))
}

/// Explores every schedule of a small scenario; returns counts and a counterexample.
#[wasm_bindgen(js_name = explore)]
pub fn explore_js(spec: JsValue) -> Result<JsValue, JsError> {
    answer(api::explore(&request("explore", &spec)?))
}

/// Runs any exported scenario or trace (or a share link) to quiescence; returns its trace.
#[wasm_bindgen(js_name = runScenario)]
pub fn run_scenario_js(scenario: JsValue) -> Result<JsValue, JsError> {
    // A share link may be passed as a string; anything else as an object.
    let text = match scenario.as_string() {
        Some(link) => link,
        None => request("runScenario", &scenario)?,
    };
    answer(api::run_scenario(&text))
}
