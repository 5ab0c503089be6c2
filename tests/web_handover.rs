//! In-browser: the first-visit page's hand-over to the full page, both halves
//! (`app::effects::handover`). The loader is stood in for by a function on
//! `window` that records what it is given; the e2e journeys in
//! `tests/e2e/firstvisit.test.mjs` run the real one.
#![cfg(target_arch = "wasm32")]

mod web_support;

use js_sys::{Function, Reflect};
use occ_playground::app::live::LiveApp;
use occ_playground::app::App;
use occ_playground::share::SharedState;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::{button, click, root, until};

wasm_bindgen_test_configure!(run_in_browser);

fn global(key: &str) -> JsValue {
    Reflect::get(&js_sys::global(), &key.into()).unwrap()
}

fn set_global(key: &str, value: &JsValue) {
    Reflect::set(&js_sys::global(), &key.into(), value).unwrap();
}

fn field(o: &JsValue, key: &str) -> Option<String> {
    Reflect::get(o, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// A stand-in loader: records each handover in `window.seenHandovers` and
/// answers with `answer` (a JS expression giving a Promise).
fn stand_in_loader(answer: &str) {
    set_global("seenHandovers", &js_sys::Array::new());
    let f = Function::new_with_args(
        "h",
        &format!("window.seenHandovers.push(h); return {answer};"),
    );
    set_global("occUpgrade", &f);
}

/// The step the Time box shows ("step N · t = ...").
fn shown_step(r: &web_sys::Element) -> u64 {
    let text = r.text_content().unwrap_or_default();
    let at = text.find("step ").expect("a step shown") + 5;
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a step number")
}

fn handovers() -> Vec<JsValue> {
    js_sys::Array::from(&global("seenHandovers")).to_vec()
}

/// The first handover recorded whose `key` is `value`.
fn handover_with(key: &str, value: &str) -> Option<JsValue> {
    handovers()
        .into_iter()
        .find(|h| field(h, key).as_deref() == Some(value))
}

/// The loader runs the first-visit page only when nothing is saved (another
/// test's full page saves); with something saved it would hand over at once.
fn nothing_saved() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_first_visit_page_hands_its_run_to_the_loader_and_stays_if_it_fails() {
    nothing_saved();
    stand_in_loader("Promise.resolve()");
    let r = root();
    yew::Renderer::<LiveApp>::with_root(r.clone()).render();
    yew::scheduler::flush().await;
    click(&r, "Step").await;
    click(&r, "Experiments").await;
    until("a handover", || {
        handover_with("tab", "experiments").is_some()
    })
    .await;
    let h = handover_with("tab", "experiments").unwrap();
    let state: SharedState = serde_json::from_str(&field(&h, "state").unwrap()).unwrap();
    assert!(state.step > 0);
    assert_eq!(state.step, shown_step(&r), "the run as it is, at its step");
    // The live view stays until the loader stops it.
    assert_eq!(
        button(&r, "Live view")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    click(&r, "Copy link").await;
    until("a second handover", || {
        handover_with("share", "copy-link").is_some()
    })
    .await;

    // A failed download leaves the live view working, with a notice. One test
    // for both: the stand-in loader is a global, and the harness may run
    // async tests interleaved.
    nothing_saved();
    stand_in_loader("Promise.reject(new Error('offline'))");
    let r = root();
    yew::Renderer::<LiveApp>::with_root(r.clone()).render();
    yew::scheduler::flush().await;
    click(&r, "Explorer").await;
    until("the notice", || {
        r.text_content()
            .unwrap_or_default()
            .contains("could not be loaded (offline)")
    })
    .await;
    let before = shown_step(&r);
    click(&r, "Step").await;
    assert!(shown_step(&r) > before, "the live view still steps");
}

#[wasm_bindgen_test]
async fn the_full_page_opens_the_handed_over_run_on_the_asked_tab() {
    let mut state = SharedState {
        scenario: occ_playground::playground::default_scenario(),
        step: 2,
        lesson: None,
    };
    state.scenario.seed = 4242;
    let h = js_sys::Object::new();
    Reflect::set(
        &h,
        &"state".into(),
        &serde_json::to_string(&state).unwrap().into(),
    )
    .unwrap();
    Reflect::set(&h, &"tab".into(), &"explorer".into()).unwrap();
    set_global("occPlaygroundHandover", &h);
    let r = root();
    yew::Renderer::<App>::with_root(r.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(
        button(&r, "Explorer")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert!(global("occPlaygroundHandover").is_undefined(), "taken once");
    click(&r, "Live view").await;
    let seed: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(
        r.query_selector("#seed").unwrap().expect("the seed field"),
    );
    assert_eq!(seed.value(), "4242");
    assert!(r.text_content().unwrap_or_default().contains("step 2"));
}
