//! The first-visit page: the live view and nothing else, in a module of its
//! own so that a first visit downloads about half of what the full page
//! needs. The page's loader (`static/loader.js`) runs it when the address has
//! no fragment and no `?embed` (`?lesson=` and `?step=` are read here) and
//! nothing is saved. The first use of a tab, the share bar, the JS API or a
//! broker other than NATS Streaming hands
//! the run over to the full page (`effects::handover`). The view is the full
//! page's own (`layout`), driven by the same reducer.

use super::effects::handover::{self, Then};
use super::effects::keyboard::use_keyboard;
use super::effects::share::ShareCmd;
use super::effects::timer::use_play_timer;
use super::effects::{address, opening, storage};
use super::layout::{layout, Chrome};
use crate::playground::{lessons, Msg, Playground, Tab};
use crate::saved::WrittenHere;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use yew::prelude::*;

thread_local! {
    static APP: RefCell<Option<yew::AppHandle<LiveApp>>> = const { RefCell::new(None) };
    /// The run as last drawn, for a JS API call's handover.
    static CURRENT: RefCell<Option<UseReducerHandle<Playground>>> = const { RefCell::new(None) };
    /// The element the live view draws into, out of sight until it has drawn.
    static ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

#[component]
pub fn LiveApp() -> Html {
    let state = use_reducer(opening::initial_first_visit);
    // The loader picks this page only without `?embed` (see `static/loader.js`).
    let opts = use_memo((), |_| address::options());
    // What this page wrote to storage, as it cannot read a saved run back.
    let written = use_mut_ref(WrittenHere::default);
    CURRENT.with(|c| *c.borrow_mut() = Some(state.clone()));
    use_effect_with((), |_| first_drawn(ROOT.with(|r| r.borrow_mut().take())));
    // Every message goes through here: the other tabs are the full page's.
    let on_msg = {
        let state = state.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Msg| match m {
            Msg::ShowTab(tab) if tab != Tab::Live => {
                let on_msg = dispatcher_callback(&dispatcher);
                handover::offer(&state, Then::Tab(tab), &on_msg)
            }
            // A broker this module does not carry: the full page opens the
            // run and switches it there (never a run this one refuses).
            Msg::SetBroker(b) if !b.built_in() => {
                let on_msg = dispatcher_callback(&dispatcher);
                handover::offer(&state, Then::Broker(b), &on_msg)
            }
            // Likewise a lesson on such a broker (its words are the full
            // module's: `playground::lessons`).
            Msg::Lesson(i) if !lessons::built_in(i) => {
                let on_msg = dispatcher_callback(&dispatcher);
                handover::offer(&state, Then::Lesson(i), &on_msg)
            }
            m => dispatcher.dispatch(m),
        })
    };
    use_play_timer(state.playing, on_msg.clone());
    use_keyboard(on_msg.clone());
    // A link opened in this tab: this page has no link reader, and the
    // loader runs the full page for an address with a link.
    address::use_new_link(Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    }));
    use_effect_with(state.to_keep(), {
        let (state, on_msg, written) = (state.clone(), on_msg.clone(), written.clone());
        move |keep| {
            if let Some(keep) = keep {
                // Another tab saved since: the full page keeps both runs.
                if !storage::keep_first_visit(&mut written.borrow_mut(), keep) {
                    handover::offer(&state, Then::Nothing, &on_msg);
                }
            }
        }
    });
    let on_share = {
        let (state, on_msg) = (state.clone(), on_msg.clone());
        Callback::from(move |cmd: ShareCmd| match cmd {
            ShareCmd::Import(file) => handover::offer(&state, Then::Import(file), &on_msg),
            cmd => handover::offer(&state, Then::Share(cmd), &on_msg),
        })
    };
    let chrome = Chrome {
        on_tab: on_msg.clone(),
        on_share,
        read_recent: Callback::from(move |_| written.borrow().recent()),
        panel: Html::default(),
        full_link: None,
        lower: true,
    };
    layout(&state, &opts, &on_msg, chrome)
}

fn dispatcher_callback(d: &UseReducerDispatcher<Playground>) -> Callback<Msg> {
    let d = d.clone();
    Callback::from(move |m| d.dispatch(m))
}

/// Mounts the first-visit page. It draws into a fresh element kept out of
/// sight (`.offstage`), then takes the place of the first screen, if one is
/// shown (index.html's `#first-screen`, rendered at build time from these
/// same components, `first_screen`), in one go (`first_drawn`): the same
/// markup, so nothing moves; the page's lower part comes in below the fold.
/// Chosen over Yew's hydration, which would do it in place but costs 15.9 KB
/// gzip of this module (README, "A first visit on a slow network").
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| Some((d.create_element("div").ok()?, d.body()?)));
    let handle = match root {
        Some((root, body)) if body.append_child(&root).is_ok() => {
            root.set_class_name("live-root offstage");
            ROOT.with(|r| *r.borrow_mut() = Some(root.clone()));
            yew::Renderer::<LiveApp>::with_root(root).render()
        }
        _ => yew::Renderer::<LiveApp>::new().render(),
    };
    APP.with(|a| *a.borrow_mut() = Some(handle));
}

/// The live view has drawn (its root's first effects run after every
/// child's first render): it takes the first screen's place, if one is shown.
fn first_drawn(root: Option<web_sys::Element>) {
    let Some(root) = root else { return };
    let first = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-screen"));
    if let Some(first) = first {
        let _ = first.replace_with_with_node_1(&root);
    }
    root.set_class_name("live-root");
}

/// Stops the page (the loader calls it right before the full module starts).
pub fn leave() {
    CURRENT.with(|c| c.borrow_mut().take());
    if let Some(handle) = APP.with(|a| a.borrow_mut().take()) {
        handle.destroy();
    }
}

/// The handover for a JS API call: the run as it is now.
pub fn handover_for_api() -> JsValue {
    CURRENT.with(|c| match &*c.borrow() {
        Some(state) => handover::object(state, &Then::Nothing),
        None => JsValue::UNDEFINED,
    })
}
