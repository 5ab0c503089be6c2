//! Files: offering a download, reading a picked file as text.

use crate::playground::Msg;
use wasm_bindgen::JsCast;
use yew::Callback;

/// Offers `text` as a file download.
pub fn download(filename: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused the download".to_string();
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
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

/// Reads `file` as text for `then`; a file that cannot be read gets a notice.
/// The text stays a JS string: the first-visit page only passes it on.
pub fn read_text(
    file: web_sys::File,
    on_msg: Callback<Msg>,
    then: impl FnOnce(js_sys::JsString) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
        {
            Some(text) => then(text),
            None => on_msg.emit(Msg::Notice(
                "Import failed: the file could not be read as text.".into(),
            )),
        }
    });
}

/// Reads `file` and opens its text (`open_text`).
pub fn read(file: web_sys::File, on_msg: Callback<Msg>) {
    let to = on_msg.clone();
    read_text(file, on_msg, move |text| {
        open_text(&String::from(text), &to)
    });
}

/// Opens an imported file's text: its state, or a notice that nothing changed.
pub fn open_text(text: &str, on_msg: &Callback<Msg>) {
    on_msg.emit(match crate::playground::persist::imported(text) {
        Ok(state) => {
            // Opened from a file: shown, not saved until changed (`crate::saved`).
            super::storage::opened(&state);
            Msg::Load(Box::new(state))
        }
        Err(notice) => Msg::Notice(notice),
    });
}
