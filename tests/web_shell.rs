//! In-browser component test: the app shell renders the three services.
#![cfg(target_arch = "wasm32")]

use occ_playground::app::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn shell_renders_the_three_services() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();

    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap_or_default();
    for service in ["Tickets service", "NATS Streaming", "Orders service"] {
        assert!(text.contains(service), "{service} missing from: {text}");
    }
}
