//! Where a view survives: the URL fragment (share links), localStorage (the last
//! run and the recent runs, by the policy in `crate::saved`), files
//! (export/import) and the clipboard. Every failure here is a notice for the
//! user, never a panic.

use super::state::{default_scenario, Playground};
use crate::embed_options::{self, EmbedOptions};
use crate::import::{self, Source};
use crate::saved::{self, Origin, RecentRun, LAST_KEY, RECENT_KEY};
use crate::share::{self, SharedState};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Where the open run came from: a link's or a file's run is not saved
    /// until the user changes it (`crate::saved`).
    static ORIGIN: RefCell<Origin> = const { RefCell::new(Origin::Own) };
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Marks `state` as opened from outside (a link, a file, the host page).
pub fn opened(state: &SharedState) {
    ORIGIN.with(|o| *o.borrow_mut() = Origin::Opened(Box::new(state.scenario.clone())));
}

/// The state to open with: the link's if there is one (if it cannot be read,
/// the saved work, with a notice saying so), else the saved work, else the
/// default scenario.
pub fn initial() -> Playground {
    let hash = window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let stored = storage().and_then(|s| s.get_item(LAST_KEY).ok().flatten());
    let own = saved::read_last(stored.as_deref());
    let opts = options();
    let problems = (!opts.problems.is_empty())
        .then(|| format!("Ignored in the address: {}.", opts.problems.join("; ")));
    let at_step = |mut state: SharedState| {
        if let Some(step) = opts.step {
            state.step = step;
        }
        state
    };
    if hash.len() > 1 {
        return match import::from_text(Source::Link, &hash) {
            Ok(state) => {
                opened(&state);
                Playground::open(at_step(state), problems)
            }
            Err(e) => {
                let notice = saved::kept_notice(
                    &format!("This link could not be opened: {e}"),
                    own.is_some(),
                );
                let mut p = match own {
                    Some(state) => Playground::open(state, None),
                    None => Playground::new(default_scenario()),
                };
                p.notice = Some(notice);
                p
            }
        };
    }
    // `?lesson=` opens a lesson like a link would: shown, not saved until changed.
    let lesson = opts.lesson.as_deref().and_then(|l| {
        let by_number = l.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
        by_number.or_else(|| super::lessons::index_of(l))
    });
    if let Some(lesson) = lesson.and_then(|i| super::lessons::LESSONS.get(i)) {
        let state = at_step(SharedState {
            scenario: lesson.scenario(),
            step: 0,
            lesson: Some(lesson.id.to_string()),
        });
        opened(&state);
        return Playground::open(state, problems);
    }
    let mut p = match own {
        Some(state) if opts.step.is_some() => Playground::open(at_step(state), None),
        Some(state) => Playground::open(state, None),
        None => Playground::new(default_scenario()),
    };
    p.notice = match (&opts.lesson, lesson) {
        (Some(l), None) => Some(format!(
            "There is no lesson {l:?}; the saved or default run is open."
        )),
        _ => problems,
    };
    p
}

/// The options in the address's query (`crate::embed_options`).
pub fn options() -> EmbedOptions {
    let search = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    embed_options::parse(&search)
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Puts the state in the address bar (without a history entry) and, once it is
/// the user's own work, in storage; a replaced run moves to the recent runs.
pub fn save(state: &SharedState) {
    let link = share::encode(state);
    if let Some(w) = window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{link}")));
        }
    }
    let Some(s) = storage() else { return };
    let last = s.get_item(LAST_KEY).ok().flatten();
    let mut recent = recent_runs();
    let writes =
        ORIGIN.with(|o| saved::save(&mut o.borrow_mut(), state, last.as_deref(), &mut recent));
    if let Some(w) = writes {
        let _ = s.set_item(LAST_KEY, &w.last);
        if let Some(json) = w.recent {
            let _ = s.set_item(RECENT_KEY, &json);
        }
    }
}

/// The recent runs stored, newest first.
pub fn recent_runs() -> Vec<RecentRun> {
    let stored = storage().and_then(|s| s.get_item(RECENT_KEY).ok().flatten());
    saved::read_recent(stored.as_deref())
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

/// The iframe, and a line of script that lets it follow its content's height
/// (pages that strip scripts keep the fixed 600 px, which the compact embed fits).
pub fn embed_code(state: &SharedState) -> String {
    format!(
        "<iframe src=\"{}?embed#{}\" title=\"OCC Playground\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>\n{RESIZER}",
        base_url(),
        share::encode(state)
    )
}

const RESIZER: &str = "<script>addEventListener('message',function(e){var f=document.querySelectorAll('iframe[title=\"OCC Playground\"]');for(var i=0;i<f.length;i++)if(e.source===f[i].contentWindow&&e.data&&e.data.type==='occ-playground:resize')f[i].style.height=e.data.height+'px'})</script>";

/// `?embed` in the address: the compact layout for an iframe.
pub fn is_embedded() -> bool {
    options().embed
}

/// Copies text with the async clipboard API: the browser's promise, or `None`
/// if there is no clipboard here.
pub fn copy(text: &str) -> Option<js_sys::Promise> {
    let w = window()?;
    let clipboard = js_sys::Reflect::get(&w.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined())?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())?;
    write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
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
