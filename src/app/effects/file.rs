//! Files: offering a download, reading a picked file as text.

use crate::offload::pool::{self, Event};
use crate::offload::protocol::JobId;
use crate::offload::task::{Done, Job};
use crate::playground::persist::OpenedFile;
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
    read_text(file, on_msg, move |text| open_text(text, &to));
}

thread_local! {
    /// The import an engine worker is reading: a newer one replaces it.
    static OPENING: std::cell::Cell<Option<JobId>> = const { std::cell::Cell::new(None) };
}

/// Opens an imported file's text. An engine worker reads and checks it and
/// makes its link (`Job::Open`), so the page only replays and draws it and
/// answers the user meanwhile; a file that cannot be opened gets a notice
/// and changes nothing.
pub fn open_text(text: js_sys::JsString, on_msg: &Callback<Msg>) {
    if let Some(earlier) = OPENING.take() {
        pool::cancel(earlier);
    }
    on_msg.emit(Msg::Notice("Opening the imported file…".into()));
    let to = on_msg.clone();
    let job = Job::Open {
        text: String::from(text),
    };
    let id = pool::run(job, move |event| {
        let Event::Finished(result) = event else {
            return;
        };
        OPENING.take();
        match result {
            Ok(Done::Opened { file }) => {
                let OpenedFile {
                    state,
                    notice,
                    fragment,
                } = *file;
                // Opened from a file: shown, not saved until changed (`crate::saved`).
                super::storage::opened_at(&state, &fragment);
                to.emit(Msg::Load(Box::new(state)));
                if let Some(notice) = notice {
                    to.emit(Msg::Notice(notice));
                }
            }
            Ok(_) => to.emit(Msg::Notice(
                "Import failed: the engine worker sent back something other than the file.".into(),
            )),
            Err(notice) => to.emit(Msg::Notice(notice)),
        }
    });
    OPENING.set(Some(id));
}
