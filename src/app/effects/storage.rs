//! Where a view survives: the address bar's fragment and localStorage. What to
//! keep and when is the playground's policy (`playground::persist`).

use crate::playground::persist::{self, STORAGE_KEY};
use crate::playground::Playground;
use crate::share::SharedState;
use wasm_bindgen::JsValue;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The state to open with, from the address and storage.
pub fn initial() -> Playground {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    persist::initial(&hash, stored.as_deref())
}

/// Puts the state in the address bar (without a history entry) and in storage.
pub fn save(state: &SharedState) {
    let fragment = persist::fragment(state);
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(state)) {
        let _ = s.set_item(STORAGE_KEY, &json);
    }
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

/// `?embed` in the address: the compact layout for an iframe.
pub fn is_embedded() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| persist::is_embed_query(&q))
}
