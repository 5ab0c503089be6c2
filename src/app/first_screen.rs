//! The first screen, rendered at build time (`occ-prerender`, Yew's
//! server-side renderer, `.ci/prerender.sh` writes it into index.html): what
//! the first-visit page (`live::LiveApp`) draws for the plain address, lesson 1
//! at its start with the stage still, through the same `layout` and
//! components. Only what needs a screen differs: the stage is drawn both
//! ways (`stage::media::use_media` is unknown here) and CSS shows one; and the page's lower part (`Chrome::lower`: timeline, glossary,
//! share bar, recent runs), below the fold everywhere, comes with the live view. static/loader.js shows this markup for that visit only, and
//! `live::start` swaps the live view in once it has drawn the same markup.

use super::layout::{layout, Chrome};
use crate::embed_options;
use crate::playground::persist;
use yew::prelude::*;

/// The first-visit page's root for the plain address, without its effects
/// (no timer, keyboard, storage or address: nothing runs at build time).
#[component]
pub fn FirstScreen() -> Html {
    // The plain address's options and opening, as `live::LiveApp` reads them
    // (`address::options` of an empty query, `opening::initial_first_visit`).
    let opts = embed_options::parse("");
    let state = use_reducer(|| persist::opening_without_link(None, &opts));
    let chrome = Chrome {
        on_tab: Callback::noop(),
        on_share: Callback::noop(),
        read_recent: Callback::from(|_| Vec::new()),
        panel: Html::default(),
        full_link: None,
        lower: false,
    };
    layout(&state, &opts, &Callback::noop(), chrome)
}

/// The first screen's HTML (no hydration markers: the live view replaces it).
pub async fn render() -> String {
    yew::LocalServerRenderer::<FirstScreen>::new()
        .hydratable(false)
        .render()
        .await
}
