//! The always-visible status: is the replica consistent with its source?

use crate::playground::view::VerdictView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub verdict: VerdictView,
}

#[component]
pub fn Verdict(p: &VerdictProps) -> Html {
    let k = p.verdict.kind;
    html! {
        <div class={classes!("verdict", k.class())} role="status" aria-live="polite">
            <strong class="verdict-word">{ k.word() }</strong>
            <span class="verdict-reason">{ &p.verdict.reason }</span>
        </div>
    }
}
