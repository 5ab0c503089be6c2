//! Share, embed, export and import: the buttons. The page does the work (it has
//! the state); this only emits what was asked.

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum ShareCmd {
    CopyLink,
    CopyEmbed,
    ExportScenario,
    ExportTrace,
    /// The text of a file the user picked.
    Import(String),
    ImportFailed(String),
}

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub on_cmd: Callback<ShareCmd>,
    /// The last link or snippet produced, shown for manual copying.
    pub shown: Option<String>,
}

#[component]
pub fn ShareBar(p: &ShareBarProps) -> Html {
    let click = |cmd: ShareCmd| p.on_cmd.reform(move |_| cmd.clone());
    let onchange = {
        let on_cmd = p.on_cmd.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let on_cmd = on_cmd.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                on_cmd.emit(match text.ok().and_then(|t| t.as_string()) {
                    Some(t) => ShareCmd::Import(t),
                    None => ShareCmd::ImportFailed("the file could not be read as text".into()),
                });
            });
        })
    };
    html! {
        <section class="share" aria-label="Share and files">
            <button onclick={click(ShareCmd::CopyLink)}>{ "Copy link" }</button>
            <button onclick={click(ShareCmd::CopyEmbed)}>{ "Copy embed code" }</button>
            <button onclick={click(ShareCmd::ExportScenario)}>{ "Export scenario" }</button>
            <button onclick={click(ShareCmd::ExportTrace)}>{ "Export trace" }</button>
            <label class="file-button">
                { "Import scenario" }
                <input type="file" accept="application/json,.json,.txt" {onchange} />
            </label>
            if let Some(text) = &p.shown {
                <input class="shown-link" readonly=true aria-label="Link to copy" value={text.clone()} />
            }
        </section>
    }
}
