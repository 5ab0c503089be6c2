//! Share, embed, export and import: the buttons. `effects::share` does the work.

use super::effects::share::ShareCmd;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub on_cmd: Callback<ShareCmd>,
    /// The last link or snippet produced, shown for manual copying.
    pub shown: Option<String>,
    /// What became of the last command ("Copied the link…").
    pub said: Option<String>,
}

#[component]
pub fn ShareBar(p: &ShareBarProps) -> Html {
    let click = |cmd: ShareCmd| p.on_cmd.reform(move |_| cmd.clone());
    let onchange = {
        let on_cmd = p.on_cmd.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                input.set_value("");
                on_cmd.emit(ShareCmd::Import(file));
            }
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
            if let Some(said) = &p.said {
                <span class="share-said" role="alert">{ said }</span>
            }
            if let Some(text) = &p.shown {
                <input class="shown-link" readonly=true aria-label="Link to copy" value={text.clone()} />
            }
        </section>
    }
}
