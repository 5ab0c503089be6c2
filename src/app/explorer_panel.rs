//! The explorer panel (every schedule of a small scenario): filled in by the explorer work.

use super::msg::Msg;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplorerPanelProps {
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn ExplorerPanel(_p: &ExplorerPanelProps) -> Html {
    html! { <section class="panel" aria-labelledby="explorer-title"><h2 id="explorer-title">{ "Explorer" }</h2></section> }
}
