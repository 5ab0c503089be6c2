//! The JavaScript API, on `window.wasmBindings` (the full module's exports:
//! `src/main.rs` names them, so the first-visit and worker modules, which
//! link this library too, carry none of it).
//! Every call returns a Promise and runs in the engine workers
//! (`offload::js_async`), so the page never blocks whatever the size. The
//! request is read as links and files are (`crate::api` over
//! `crate::import`: the messages name the field's path); big counts come
//! back as decimal strings. Bad input rejects with an Error naming the field.
//!
//! ```js
//! const { runExperiment, explore, runScenario } = window.wasmBindings;
//! const report = await runExperiment(
//!   { config: { strategy: "occ" }, updates: 200, trials: 10000, seed: 1 },
//!   { workers: 4, onProgress: (done, total) => {}, signal: abort.signal });
//! ```
//! The `*Async` names of the first worker release are the same functions.

use crate::api;
use crate::api::limits::{API_SCENARIO_BYTES, API_SPEC_BYTES};
use crate::offload::js_async;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// `JSON.stringify(value)`, with BigInts as decimal strings (a seed beyond
/// 2^53 can be passed as `123n`); "" for `undefined`. Refused above `limit`
/// bytes: the page sends and parses on its own thread (`api::limits`).
fn request(name: &str, value: &JsValue, limit: usize) -> Result<String, String> {
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
            format!("{name}(): the argument cannot be read as JSON: {why}")
        })?;
    within(name, text.as_string().unwrap_or_default(), limit)
}

fn within(name: &str, text: String, limit: usize) -> Result<String, String> {
    if text.len() > limit {
        return Err(format!(
            "{name}(): the request is {} bytes as JSON, above the {limit} the page sends to its workers; open a bigger scenario in the playground as a file, or run it with the occ-sim CLI",
            text.len()
        ));
    }
    Ok(text)
}

/// A Promise already rejected with `message` as an Error.
fn rejected(message: &str) -> Promise {
    Promise::reject(&js_sys::Error::new(message))
}

fn settled(result: Result<Promise, String>) -> Promise {
    result.unwrap_or_else(|e| rejected(&e))
}

/// Runs T trials of one create plus N updates in the workers; resolves to
/// the counts and histograms.
pub fn run_experiment(spec: JsValue, options: JsValue) -> Promise {
    settled((|| {
        let spec = api::experiment_request(&request("runExperiment", &spec, API_SPEC_BYTES)?)?;
        js_async::run_experiment(spec, &options)
    })())
}

/// Explores every schedule of a small scenario in a worker; resolves to the
/// counts and a counterexample.
pub fn explore(spec: JsValue, options: JsValue) -> Promise {
    settled((|| {
        let spec = api::explore_request(&request("explore", &spec, API_SPEC_BYTES)?)?;
        Ok(js_async::explore(spec, &options))
    })())
}

/// Runs any exported scenario or trace (or a share link, as a string) to
/// quiescence in a worker, which reads the request; resolves to the outcome
/// and the first `options.traceLimit` steps of the trace (at most 5,000).
pub fn run_scenario(scenario: JsValue, options: JsValue) -> Promise {
    settled((|| {
        let text = match scenario.as_string() {
            Some(link) => within("runScenario", link, API_SCENARIO_BYTES)?,
            None => request("runScenario", &scenario, API_SCENARIO_BYTES)?,
        };
        js_async::run_scenario(text, &options)
    })())
}
