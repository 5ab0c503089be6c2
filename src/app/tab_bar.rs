//! Live view, experiments, explorer: buttons with aria-pressed (each view is a
//! page section).

use crate::playground::{Msg, Tab};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub current: Tab,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn TabBar(p: &TabBarProps) -> Html {
    let tabs = [
        (Tab::Live, "Live view"),
        (Tab::Experiments, "Experiments"),
        (Tab::Explorer, "Explorer"),
    ];
    html! {
        <nav class="tabs" aria-label="Views">
            for (tab, name) in tabs {
                <button class={classes!("tab", (p.current == tab).then_some("active"))}
                    aria-pressed={(p.current == tab).to_string()}
                    onclick={p.on_msg.reform(move |_| Msg::ShowTab(tab))}>{ name }</button>
            }
        </nav>
    }
}
