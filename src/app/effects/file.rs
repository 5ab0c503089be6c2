//! Files: offering a download, opening a picked file.

use crate::playground::{ImportMsg, Msg};
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

/// Opens an imported file. An engine worker reads it (from a `blob:` URL, so
/// the page never holds its text), checks it and makes its link; the
/// playground keeps the job (`ImportMsg`) and opens what comes back. A file
/// that cannot be opened gets a notice and changes nothing.
pub fn open(file: web_sys::File, on_msg: &Callback<Msg>) {
    match web_sys::Url::create_object_url_with_blob(&file) {
        Ok(url) => on_msg.emit(Msg::Import(ImportMsg::Read(url))),
        Err(_) => on_msg.emit(Msg::Notice(
            "Import failed: the browser would not let the file be read.".into(),
        )),
    }
}

/// Lets a picked file's `blob:` URL go once its job is over.
pub fn let_go(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}
