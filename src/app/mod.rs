//! The Yew view over the playground (wasm32; natively with the `prerender`
//! feature, where Yew's server-side renderer draws the first screen from these
//! same components: `first_screen`). Components draw the view data
//! `playground` projects and send its `Msg`; `effects/` does what only a
//! browser can. No simulation logic and no decisions live here. What a
//! component's render reads from the browser (a media query) sits behind an
//! effect or `cfg(target_arch = "wasm32")`, so it renders natively too.

#[cfg(feature = "jobs")]
mod broker_knobs;
pub mod broker_panel;
#[cfg(feature = "jobs")]
pub mod charts;
pub mod controls;
pub mod effects;
#[cfg(feature = "jobs")]
pub mod experiment_results;
#[cfg(feature = "jobs")]
pub mod experiments_panel;
pub mod explain;
#[cfg(feature = "jobs")]
pub mod explorer_panel;
#[cfg(feature = "jobs")]
pub mod explorer_results;
#[cfg(feature = "prerender")]
pub mod first_screen;
#[cfg(target_arch = "wasm32")]
pub mod js_api;
mod layout;
pub mod lessons;
#[cfg(target_arch = "wasm32")]
pub mod live;
pub mod number_field;
pub mod orders_panel;
#[cfg(feature = "jobs")]
mod page;
pub mod recent_runs;
#[cfg(feature = "jobs")]
mod resize;
#[cfg(feature = "jobs")]
mod run_choices;
pub mod run_form;
pub mod select_field;
pub mod share_bar;
pub mod stage;
mod tab_bar;
pub mod tickets_panel;
pub mod timeline;
pub mod verdict;

use crate::playground::{Msg, Playground};
use std::rc::Rc;

#[cfg(feature = "jobs")]
pub use page::App;
pub use timeline::{Timeline, TimelineProps, ROW_HEIGHT};

/// Yew's reducer is the playground's own.
impl yew::Reducible for Playground {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        Playground::reduce(self, msg)
    }
}

/// Mounts the playground on `<body>`.
#[cfg(all(feature = "jobs", target_arch = "wasm32"))]
pub fn start() {
    yew::Renderer::<App>::new().render();
}
