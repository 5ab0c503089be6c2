//! The first-visit page: the live view and nothing else, in a module of its
//! own so that a first visit downloads about half of what the full page
//! needs. The page's loader (`static/loader.js`) runs it when the address has
//! no fragment and no `?embed` (`?lesson=` and `?step=` are read here) and
//! nothing is saved. The first use of a tab, the share bar or the JS API hands
//! the run over to the full page (`effects::handover`). The view is the full
//! page's own (`layout`), driven by the same reducer.

use super::effects::handover::{self, Then};
use super::effects::keyboard::use_keyboard;
use super::effects::share::ShareCmd;
use super::effects::storage;
use super::effects::timer::use_play_timer;
use super::layout::{layout, Chrome};
use crate::playground::{Msg, Playground, Tab};
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use yew::prelude::*;

thread_local! {
    static APP: RefCell<Option<yew::AppHandle<LiveApp>>> = const { RefCell::new(None) };
    /// The run as last drawn, for a JS API call's handover.
    static CURRENT: RefCell<Option<UseReducerHandle<Playground>>> = const { RefCell::new(None) };
}

#[component]
pub fn LiveApp() -> Html {
    let state = use_reducer(storage::initial_first_visit);
    // The loader picks this page only without `?embed` (see `static/loader.js`).
    let opts = use_memo((), |_| storage::options());
    CURRENT.with(|c| *c.borrow_mut() = Some(state.clone()));
    // Every message goes through here: the other tabs are the full page's.
    let on_msg = {
        let state = state.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Msg| match m {
            Msg::ShowTab(tab) if tab != Tab::Live => {
                let on_msg = dispatcher_callback(&dispatcher);
                handover::offer(&state.shared(), Then::Tab(tab), &on_msg)
            }
            m => dispatcher.dispatch(m),
        })
    };
    use_play_timer(state.playing, on_msg.clone());
    use_keyboard(on_msg.clone());
    use_effect_with((state.rev(), state.playing), {
        let (state, on_msg) = (state.clone(), on_msg.clone());
        move |_| {
            if let Some(shared) = state.to_save() {
                // Another tab saved since: the full page keeps both runs.
                if !storage::save_first_visit(&shared) {
                    handover::offer(&shared, Then::Nothing, &on_msg);
                }
            }
        }
    });
    let on_share = {
        let (state, on_msg) = (state.clone(), on_msg.clone());
        Callback::from(move |cmd: ShareCmd| {
            let shared = state.shared();
            match cmd {
                ShareCmd::Import(file) => handover::offer(&shared, Then::Import(file), &on_msg),
                cmd => handover::offer(&shared, Then::Share(cmd), &on_msg),
            }
        })
    };
    let chrome = Chrome {
        on_tab: on_msg.clone(),
        on_share,
        read_recent: Callback::from(|_| storage::recent_first_visit()),
        panel: Html::default(),
        full_link: None,
    };
    layout(&state, &opts, &on_msg, chrome)
}

fn dispatcher_callback(d: &UseReducerDispatcher<Playground>) -> Callback<Msg> {
    let d = d.clone();
    Callback::from(move |m| d.dispatch(m))
}

/// Mounts the first-visit page on `<body>`.
pub fn start() {
    let handle = yew::Renderer::<LiveApp>::new().render();
    APP.with(|a| *a.borrow_mut() = Some(handle));
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
        Some(state) => handover::object(&state.shared(), &Then::Nothing),
        None => JsValue::UNDEFINED,
    })
}
