//! Entry point of the full page module (Trunk builds this binary to WASM;
//! `static/loader.js` starts it). Its exports are the JavaScript API.

#[cfg(target_arch = "wasm32")]
mod exports {
    //! `window.wasmBindings`: the names of `app::js_api`, exported here so
    //! that only this module carries them. The `*Async` names of the first
    //! worker release are the same functions.
    use js_sys::Promise;
    use occ_playground::app::js_api;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(js_name = runExperiment)]
    pub fn run_experiment(spec: JsValue, options: JsValue) -> Promise {
        js_api::run_experiment(spec, options)
    }

    #[wasm_bindgen(js_name = explore)]
    pub fn explore(spec: JsValue, options: JsValue) -> Promise {
        js_api::explore(spec, options)
    }

    #[wasm_bindgen(js_name = runScenario)]
    pub fn run_scenario(scenario: JsValue, options: JsValue) -> Promise {
        js_api::run_scenario(scenario, options)
    }

    #[wasm_bindgen(js_name = runExperimentAsync)]
    pub fn run_experiment_async(spec: JsValue, options: JsValue) -> Promise {
        js_api::run_experiment(spec, options)
    }

    #[wasm_bindgen(js_name = exploreAsync)]
    pub fn explore_async(spec: JsValue, options: JsValue) -> Promise {
        js_api::explore(spec, options)
    }

    #[wasm_bindgen(js_name = runScenarioAsync)]
    pub fn run_scenario_async(scenario: JsValue, options: JsValue) -> Promise {
        js_api::run_scenario(scenario, options)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    occ_playground::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "occ-playground is the browser build; run `make serve`, or use the `occ-sim` CLI natively."
    );
    std::process::exit(2);
}
