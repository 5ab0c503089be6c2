//! The Yew view over the engine. Components render engine state; they hold no
//! simulation logic. `state` is the one reducer; `project` turns engine state into
//! the plain `view` data the components take.

pub mod broker_panel;
pub mod charts;
pub mod controls;
pub mod experiment_batch;
pub mod experiment_results;
pub mod experiments_panel;
pub mod explorer_panel;
pub mod explorer_results;
pub mod host;
pub mod js_api;
pub mod lessons;
pub mod msg;
pub mod number_field;
pub mod orders_panel;
mod page;
pub mod persist;
pub mod project;
pub mod recent_runs;
mod resize;
pub mod run_form;
pub mod select_field;
pub mod share_bar;
pub mod slices;
pub mod state;
pub mod tickets_panel;
mod timeline;
pub mod verdict;
pub mod view;

pub use page::App;
pub use timeline::{visible_range, Timeline, TimelineProps, ROW_HEIGHT};

/// Mounts the playground on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
