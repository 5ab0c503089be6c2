//! Where a view survives: the URL fragment (share links), localStorage (the last
//! scenario), files (export/import) and the clipboard. Every failure here is a
//! notice for the user, never a panic.

use super::state::{default_scenario, Playground};
use crate::share::{self, SharedState};
use wasm_bindgen::{JsCast, JsValue};

const STORAGE_KEY: &str = "occ-playground/last";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The state to open with: the link's if there is one (or a notice saying why it
/// could not be read), else the last one stored, else the default scenario.
pub fn initial() -> Playground {
    let hash = window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.len() > 1 {
        return match share::decode(&hash) {
            Ok(state) => Playground::open(state, None),
            Err(e) => {
                let mut p = Playground::new(default_scenario());
                p.notice = Some(format!(
                    "This link could not be opened: {e}. The default scenario is loaded."
                ));
                p
            }
        };
    }
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match stored.map(|json| serde_json::from_str::<SharedState>(&json)) {
        Some(Ok(state)) if state.scenario.validate().is_ok() => Playground::open(state, None),
        _ => Playground::new(default_scenario()),
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Puts the state in the address bar (without a history entry) and in storage.
pub fn save(state: &SharedState) {
    let link = share::encode(state);
    if let Some(w) = window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{link}")));
        }
    }
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(state)) {
        let _ = s.set_item(STORAGE_KEY, &json);
    }
}

/// The page's address without query or fragment: where the full playground lives.
pub fn base_url() -> String {
    let Some(loc) = window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

pub fn share_link(state: &SharedState) -> String {
    format!("{}#{}", base_url(), share::encode(state))
}

pub fn embed_code(state: &SharedState) -> String {
    format!(
        "<iframe src=\"{}?embed#{}\" title=\"OCC Playground\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
        base_url(),
        share::encode(state)
    )
}

/// `?embed` in the address: the compact layout for an iframe.
pub fn is_embedded() -> bool {
    window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|p| p == "embed" || p.starts_with("embed="))
        })
}

/// Copies text with the async clipboard API; false if the browser refuses.
pub fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let clipboard = js_sys::Reflect::get(&w.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined());
    let write = clipboard
        .as_ref()
        .and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (clipboard, write) {
        (Some(c), Some(f)) => f.call1(&c, &text.into()).is_ok(),
        _ => false,
    }
}

/// Offers `text` as a file download.
pub fn download(filename: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused the download".to_string();
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
