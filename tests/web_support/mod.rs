//! What the in-browser tests share: a fresh mount point, a recorder of the
//! messages a component emits, the whole page mounted, and small DOM helpers.
#![allow(dead_code)] // each test binary uses its own subset

use occ_playground::app::App;
use occ_playground::playground::Msg;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::Callback;

/// A new `<div>` in the body to render a component into.
pub fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// A callback that keeps every message it receives, and the list it keeps them in.
pub fn recorder() -> (Callback<Msg>, Rc<RefCell<Vec<Msg>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    (Callback::from(move |m| s.borrow_mut().push(m)), seen)
}

/// The whole page, with its reducer and effects, in a new root.
pub async fn mount_app() -> Element {
    let r = root();
    yew::Renderer::<App>::with_root(r.clone()).render();
    yew::scheduler::flush().await;
    r
}

/// Waits `ms` (a real timeout: timers and slices run), then renders.
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    yew::scheduler::flush().await;
}

/// Waits (up to 20 s) until `cond` holds.
pub async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn buttons(root: &Element) -> Vec<HtmlElement> {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .collect()
}

pub fn button(root: &Element, text: &str) -> HtmlElement {
    buttons(root)
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

/// Clicks a button and lets the page render.
pub async fn click(root: &Element, text: &str) {
    button(root, text).click();
    yew::scheduler::flush().await;
}

pub fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

pub fn fire(el: &web_sys::EventTarget, event: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
}

/// Sets an input's value and fires `event` ("input" or "change") on it.
pub fn set_input(root: &Element, selector: &str, value: &str, event: &str) {
    let input: HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    input.set_value(value);
    fire(&input, event);
}

/// Sets the input `#id` and commits it (a change event), then renders.
pub async fn set_field(root: &Element, id: &str, value: &str) {
    set_input(root, &format!("#{id}"), value, "change");
    yew::scheduler::flush().await;
}

/// Picks `value` in the select `#id`, then renders.
pub async fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into();
    select.set_value(value);
    fire(&select, "change");
    yew::scheduler::flush().await;
}
