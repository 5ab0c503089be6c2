//! The share bar's commands carried out: copy a link or snippet, download an
//! export, read an imported file. What each contains is the playground's.

#[cfg(target_arch = "wasm32")]
use {
    super::{address, clipboard, file},
    crate::playground::persist::{embed_code, share_link},
    crate::playground::{Msg, Playground},
    yew::Callback,
};

#[derive(Clone, Debug, PartialEq)]
pub enum ShareCmd {
    CopyLink,
    CopyEmbed,
    ExportScenario,
    ExportTrace,
    /// A file the user picked to import.
    Import(web_sys::File),
}

/// Carries out `cmd` on `state`; what happened comes back as a message.
#[cfg(target_arch = "wasm32")]
pub fn carry_out(cmd: ShareCmd, state: &Playground, on_msg: &Callback<Msg>) {
    let copy = |text: String, what: &'static str| {
        let copied = clipboard::copy(&text);
        on_msg.emit(Msg::Copied { text, what, copied });
    };
    let export = |name: &str, text: String| {
        if let Err(e) = file::download(name, &text) {
            on_msg.emit(Msg::Notice(format!("Export failed: {e}.")));
        }
    };
    match cmd {
        ShareCmd::CopyLink => copy(share_link(&address::base_url(), &state.shared()), "link"),
        ShareCmd::CopyEmbed => copy(
            embed_code(&address::base_url(), &state.shared()),
            "embed code",
        ),
        ShareCmd::ExportScenario => export("occ-scenario.json", state.export_scenario()),
        ShareCmd::ExportTrace => export("occ-trace.json", state.export_trace()),
        ShareCmd::Import(f) => file::open(f, on_msg),
    }
}
