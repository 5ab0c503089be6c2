//! The address bar: the fragment that holds the run's link, the query's
//! options and the page's own address. Strings in and out; what they mean is
//! the playground's (`persist`, `crate::embed_options`).

use crate::embed_options::{self, EmbedOptions};
use wasm_bindgen::JsValue;

/// The fragment, with its `#` (empty when there is none).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Puts `fragment` (without `#`) in the address bar, without a history entry.
pub fn put_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Puts `query` (`?…`, or empty for none) in the address bar, without a
/// history entry and without a fragment.
pub fn put_query(query: &str) {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
    }
}

/// Calls `on_link` with the fragment whenever the user puts another one in
/// the address of this open page (a link pasted or followed; the page's own
/// writes use `replaceState`, which does not count).
#[yew::hook]
pub fn use_new_link(on_link: yew::Callback<String>) {
    super::listen::use_listener(
        super::listen::window,
        "hashchange",
        move |_: web_sys::Event| {
            let hash = hash();
            if hash.len() > 1 {
                on_link.emit(hash);
            }
        },
    );
}

/// The page's address without query or fragment: where the full playground lives.
pub fn base_url() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

/// The options in the query (`crate::embed_options`): `?embed`, `lesson=`,
/// `step=`, `panels=`.
pub fn options() -> EmbedOptions {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    embed_options::parse(&search)
}
