//! The hand-over from the first-visit page (`live::LiveApp`) to the full page.
//! The first visit to the plain address runs a small module with the live view
//! only; the first use of anything else (a tab, the share bar, the JS API)
//! asks the page's loader (`static/loader.js`) for the full module with
//! `occUpgrade(handover)`. The loader fetches and compiles it, stops the small
//! one, leaves the handover on `window` and starts the full one, which opens
//! the same run and carries out what was asked. Both modules share the page's
//! `window`, so the handover is a plain object there, not storage.

use super::share::ShareCmd;
use crate::engine::config::BrokerKind;
use crate::playground::lessons::{self, LESSONS};
use crate::playground::provenance::From;
use crate::playground::{Msg, Playground, Tab};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// Where the loader leaves the handover for the full module.
const SLOT: &str = "occPlaygroundHandover";

/// What the user asked for when the first-visit page handed over.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    Tab(Tab),
    Share(ShareCmd),
    /// An imported file, as the picker gave it (a `File` outlives the input
    /// element the change of module removes). The first-visit page only
    /// passes it on: the full page's engine worker reads it.
    Import(web_sys::File),
    /// A broker the first-visit module does not carry (its Settings offer
    /// every broker): the full page opens the run, then switches to it.
    Broker(BrokerKind),
    /// A lesson on a broker the first-visit module does not carry (its
    /// lesson menu lists every lesson but carries only these lessons' titles,
    /// `playground::lessons`): the full page opens the run, then the lesson.
    Lesson(usize),
    /// Nothing more: a JS API call (the loader makes it once the full module
    /// runs), or a save only the full page can make (another tab saved).
    Nothing,
}

fn share_name(cmd: &ShareCmd) -> Option<&'static str> {
    Some(match cmd {
        ShareCmd::CopyLink => "copy-link",
        ShareCmd::CopyEmbed => "copy-embed",
        ShareCmd::ExportScenario => "export-scenario",
        ShareCmd::ExportTrace => "export-trace",
        ShareCmd::Import(_) => return None,
    })
}

fn share_cmd(name: &str) -> Option<ShareCmd> {
    [
        ShareCmd::CopyLink,
        ShareCmd::CopyEmbed,
        ShareCmd::ExportScenario,
        ShareCmd::ExportTrace,
    ]
    .into_iter()
    .find(|c| share_name(c) == Some(name))
}

fn tab_name(tab: Tab) -> &'static str {
    match tab {
        Tab::Live => "live",
        Tab::Experiments => "experiments",
        Tab::Explorer => "explorer",
    }
}

/// The handover object: the run as JSON (the format of a saved run), where
/// it came from while unchanged (not saved until changed), and what to do.
pub fn object(playground: &Playground, then: &Then) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    set(
        "state",
        serde_json::to_string(&playground.shared())
            .unwrap_or_default()
            .into(),
    );
    set("from", playground.came_from().name().into());
    match then {
        Then::Tab(tab) => set("tab", tab_name(*tab).into()),
        Then::Share(cmd) => {
            if let Some(name) = share_name(cmd) {
                set("share", name.into());
            }
        }
        Then::Import(file) => set("import", file.into()),
        Then::Broker(b) => set("broker", b.name().into()),
        Then::Lesson(i) => {
            if let Some(l) = LESSONS.get(*i) {
                set("lesson", l.id.into());
            }
        }
        Then::Nothing => {}
    }
    o.into()
}

/// Asks the loader for the full module with `state` and `then`. If it cannot
/// come (offline, a failed fetch), the first-visit page stays and says so.
pub fn offer(playground: &Playground, then: Then, on_msg: &Callback<Msg>) {
    let handover = object(playground, &then);
    let upgrade = Reflect::get(&js_sys::global(), &"occUpgrade".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(upgrade) = upgrade else {
        on_msg.emit(Msg::Notice(
            "This page was opened without its loader, so only the live view works here.".into(),
        ));
        return;
    };
    on_msg.emit(Msg::Notice("Loading the rest of the playground…".into()));
    let promise = upgrade
        .call1(&JsValue::NULL, &handover)
        .map(js_sys::Promise::from);
    let on_msg = on_msg.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = match promise {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()),
            Err(e) => Err(e),
        };
        // On success this module has been stopped and nothing is left to tell.
        if let Err(e) = result {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the download failed".into());
            on_msg.emit(Msg::Notice(format!(
                "The rest of the playground could not be loaded ({why}); the live view keeps working. Try again, or reload the page."
            )));
        }
    });
}

/// The handover read on the full module's side.
pub struct Received {
    /// The run, as the first-visit page saved it.
    pub state: String,
    pub from: From,
    pub tab: Option<Tab>,
    /// What to do once the full page has drawn the run.
    pub then: Option<Then>,
}

/// Takes the handover the loader left, if any.
pub fn take() -> Option<Received> {
    let global = js_sys::global();
    let o = Reflect::get(&global, &SLOT.into())
        .ok()
        .filter(|v| v.is_object())?;
    let _ = Reflect::delete_property(global.unchecked_ref::<Object>(), &SLOT.into());
    let text = |k: &str| Reflect::get(&o, &k.into()).ok().and_then(|v| v.as_string());
    let tab = text("tab").and_then(|t| {
        [Tab::Live, Tab::Experiments, Tab::Explorer]
            .into_iter()
            .find(|&tab| tab_name(tab) == t)
    });
    let import = Reflect::get(&o, &"import".into())
        .ok()
        .and_then(|v| v.dyn_into::<web_sys::File>().ok());
    let broker = text("broker").and_then(|b| BrokerKind::parse(&b));
    let lesson = text("lesson").and_then(|id| lessons::index_of(&id));
    let then = match (text("share").and_then(|s| share_cmd(&s)), import, broker) {
        (Some(cmd), _, _) => Some(Then::Share(cmd)),
        (None, Some(file), _) => Some(Then::Import(file)),
        (None, None, Some(b)) => Some(Then::Broker(b)),
        (None, None, None) => lesson.map(Then::Lesson),
    };
    Some(Received {
        state: text("state")?,
        from: text("from")
            .and_then(|f| From::named(&f))
            .unwrap_or(From::Own),
        tab,
        then,
    })
}

/// Carries out the share command, the import, the broker or the lesson the
/// first-visit page was asked for.
pub fn carry_out(then: Option<Then>, on_share: &Callback<ShareCmd>, on_msg: &Callback<Msg>) {
    match then {
        Some(Then::Share(cmd)) => on_share.emit(cmd),
        Some(Then::Import(file)) => super::file::open(file, on_msg),
        Some(Then::Broker(b)) => on_msg.emit(Msg::SetBroker(b)),
        Some(Then::Lesson(i)) => on_msg.emit(Msg::Lesson(i)),
        _ => {}
    }
}
