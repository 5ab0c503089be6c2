//! The Yew view over the engine. Components render engine state; they hold no
//! simulation logic.

mod shell;

pub use shell::App;

/// Mounts the playground on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
