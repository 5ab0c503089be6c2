//! Files: offering a download, opening a picked file.

use crate::offload::pool::{self, Event};
use crate::offload::protocol::JobId;
use crate::offload::task::{Done, FileSource, Job};
use crate::playground::persist::OpenedFile;
use crate::playground::Msg;
use std::cell::RefCell;
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

thread_local! {
    /// The import an engine worker is reading, and its file's `blob:` URL:
    /// a newer import replaces it.
    static OPENING: RefCell<Option<(JobId, String)>> = const { RefCell::new(None) };
}

/// Opens an imported file. An engine worker reads it (from a `blob:` URL, so
/// the page never holds its text), checks it and makes its link
/// (`Job::Open`); the page only replays and draws the run, and answers the
/// user meanwhile. A file that cannot be opened gets a notice and changes
/// nothing.
pub fn open(file: web_sys::File, on_msg: &Callback<Msg>) {
    done_with_earlier();
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
        on_msg.emit(Msg::Notice(
            "Import failed: the browser would not let the file be read.".into(),
        ));
        return;
    };
    on_msg.emit(Msg::Notice("Opening the imported file…".into()));
    let to = on_msg.clone();
    let job = Job::Open {
        file: FileSource::Blob(url.clone()),
    };
    let id = pool::run(job, move |event| {
        let Event::Finished(result) = event else {
            return;
        };
        done_with_earlier();
        match result {
            // Decoding the reply took this task; opening and drawing the run
            // get a task of their own, so neither holds the page for long.
            Ok(Done::Opened { file }) => next_task({
                let to = to.clone();
                move || {
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
            }),
            Ok(_) => to.emit(Msg::Notice(
                "Import failed: the engine worker sent back something other than the file.".into(),
            )),
            Err(why) if why == pool::NOT_STARTED => to.emit(Msg::Notice(format!(
                "Import failed: {why}. Nothing was changed."
            ))),
            Err(notice) => to.emit(Msg::Notice(notice)),
        }
    });
    OPENING.set(Some((id, url)));
}

/// Stops an import still being read and lets its file go.
fn done_with_earlier() {
    if let Some((id, url)) = OPENING.take() {
        pool::cancel(id);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// Runs `f` in a task of its own, after what is queued (`setTimeout(0)`).
fn next_task(f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, f).forget();
}
